"""Dagster definitions only, one folder per stage and one module per asset (or family of
alike assets) with its checks beside it; what they call lives in the `statinwatch` library."""
