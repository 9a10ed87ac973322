"""The staging stage's assets and checks."""
