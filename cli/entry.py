"""The console entry point: the smallest possible module, so that Ctrl-C while the
program is still loading ends quietly with status 130 like Ctrl-C at any other time."""

import sys

INTERRUPTED_EXIT = 130


def run() -> None:
    try:
        from cli.main import run as run_application
    except KeyboardInterrupt:
        sys.exit(INTERRUPTED_EXIT)
    run_application()
