"""ghprov.github"""
