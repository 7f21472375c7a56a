"""ghprov.config"""
