"""ghprov.plan"""
