"""The review stage's assets and checks."""
