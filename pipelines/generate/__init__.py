"""Synthetic landing data with known expected outcomes (`statinwatch generate`)."""

from pipelines.generate.landing import GenerationSummary, generate_landing

__all__ = ["GenerationSummary", "generate_landing"]
