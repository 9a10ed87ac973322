"""Tests of the staging stage."""
