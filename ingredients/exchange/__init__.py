"""Exchange: rows in and out of a catalogue, and a catalogue made ready for use.

Import files and their formats, validation of each row through the models, the
one write path that seed data and user files share, seeding, and opening a
catalogue that is created, upgraded and seeded on first use. May import core
and store; never read, check, render or site.
"""
