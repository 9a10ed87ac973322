"""The clinical stage's assets and checks."""
