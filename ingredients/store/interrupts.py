"""Ctrl-C that Python could not deliver where it struck.

Python raises KeyboardInterrupt wherever the program happens to be; when that is
inside a garbage-collection callback (SQLAlchemy registers some), the exception is
printed as "ignored" and the program carries on, and an interrupted import would
then commit. The command line's SIGINT handler also records the interrupt here, and
every write transaction checks it before committing.
"""

from __future__ import annotations

_requested = False
# Set when the interrupt stopped a write transaction, which was then rolled back.
_write_stopped = False


def request() -> None:
    global _requested
    _requested = True


def requested() -> bool:
    return _requested


def check() -> None:
    """Raise KeyboardInterrupt if Ctrl-C was pressed, even if its exception was lost."""
    if _requested:
        raise KeyboardInterrupt


def stopped_a_write() -> None:
    """Note that Ctrl-C stopped a write, and raise KeyboardInterrupt for it.

    A database error raised while the interrupt unwound (SQLite reports an exception
    inside one of our SQL functions as "user-defined function raised exception") is
    the interrupt, not a failure of its own."""
    global _write_stopped
    _write_stopped = True
    raise KeyboardInterrupt


def write_was_stopped() -> bool:
    return _write_stopped
