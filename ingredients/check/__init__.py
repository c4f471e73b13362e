"""Check: a written formulation read and checked against the catalogue.

Parsing a written list into items, matching each name (exact, then by
similarity), the findings and the flags. May import core, store and read.
"""
