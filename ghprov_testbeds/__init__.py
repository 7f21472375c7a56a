"""Test beds beside the tool: a GitHub emulator (``sandbox``), real Kubernetes API servers with a Flux
stand-in (``k8s_lab``) and GitHub's own API contracts (``contract``).

ghprov's tests and benchmarks run against them. The tool itself reaches in at two doors only: the
embedded ``--sandbox`` and ``ghprov sandbox serve`` (tests/test_layers.py holds it to that).
"""
