"""Helpers for tests that start real servers: PostgreSQL, the Dagster services, a browser."""
