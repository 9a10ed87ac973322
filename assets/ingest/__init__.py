"""The ingest stage's assets and checks."""
