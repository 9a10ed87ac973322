"""Tests of the review stage."""
