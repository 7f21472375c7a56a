"""Benchmarks (``nox -s bench``): figures to report, not pass/fail tests."""
