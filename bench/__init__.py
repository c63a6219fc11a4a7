"""Benchmarks and accuracy reports (``python -m bench``); results in ``docs/benchmarks.md``."""
