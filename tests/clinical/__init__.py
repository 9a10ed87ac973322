"""Tests of the clinical stage."""
