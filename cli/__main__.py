"""`python -m cli` runs the same program as the `ingredients` console script."""

from cli.entry import run

run()
