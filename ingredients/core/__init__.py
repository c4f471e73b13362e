"""Core: the catalogue's vocabularies, errors, identifiers, evidence rules and text folding.

Pure Python: no database, no files, no third-party imports. May import nothing
of the library but other core modules; every other layer may import it.
"""
