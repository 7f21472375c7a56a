"""Throwaway local Kubernetes API servers (etcd + kube-apiserver on loopback) and a stand-in for the Flux
and Kyverno controllers, for tests, benchmarks and demos of ``ghprov rotate``. Nothing here runs in
production; it exists because the rotation must be exercised against real API servers, not mocks.
"""
