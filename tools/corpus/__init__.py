"""Synthetic cases for ``lexgate whatif`` and the benchmarks (``lexgate corpus generate``)."""

from .generate import CorpusSpec, generate, thresholds

__all__ = ["CorpusSpec", "generate", "thresholds"]
