"""ghprov.sandbox"""
