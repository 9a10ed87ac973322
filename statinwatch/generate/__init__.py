"""Synthetic landing data with known expected outcomes (`statinwatch generate`)."""

from statinwatch.generate.dataset import GenerationSummary, generate_landing

__all__ = ["GenerationSummary", "generate_landing"]
