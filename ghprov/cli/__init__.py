"""ghprov.cli"""
