"""Clinical tables that need more than one SQL statement per run."""
