"""Render: tables, entries and reports turned into text, and where that text goes.

Output formats (tabulate for people, csv and json for machines), entries and
check reports laid out for reading, and output destinations. May import core,
store, read and check; never site, and never prints: it returns text or writes
to the destination it is given.
"""
