"""Staged tables: append-only staging and the Great Expectations suites."""
