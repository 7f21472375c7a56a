"""The only code that talks to Kubernetes (through lightkube): connections, Secrets, Flux objects, Leases."""
