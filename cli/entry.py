"""The console entry point: the smallest possible module, so that Ctrl-C while the
program is still loading ends quietly with status 130 like Ctrl-C at any other time."""

import signal
import sys
from types import FrameType
from typing import Any

from ingredients.store import interrupts

INTERRUPTED_EXIT = 130


def _interrupted(signum: int, frame: FrameType | None) -> None:
    interrupts.request()
    raise KeyboardInterrupt


def _quiet_about_lost_interrupts(unraisable: Any) -> None:
    """An interrupt Python had to drop (it struck in a garbage-collection callback) is
    not reported: ingredients.store.interrupts still stops the work; anything else is."""
    if not isinstance(unraisable.exc_value, KeyboardInterrupt):
        sys.__unraisablehook__(unraisable)


def run() -> None:
    signal.signal(signal.SIGINT, _interrupted)
    sys.unraisablehook = _quiet_about_lost_interrupts
    try:
        from cli.main import run as run_application
    except KeyboardInterrupt:
        sys.exit(INTERRUPTED_EXIT)
    run_application()
