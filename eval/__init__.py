"""Question sets and the quality harness: ``python -m eval`` (see eval/harness.py)."""
