"""ghprov.services"""
