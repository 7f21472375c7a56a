"""ghprov.contract"""
