"""The ingredients library, in layers that import only downwards:

    core < store < exchange | read < check < render < site

(`exchange` and `read` are independent of each other). The import contract in
pyproject.toml holds the order, and the library never imports `cli` or typer.

Submodules are imported where they are used, so that importing this package
costs nothing: the command line's start-up time depends on it.
"""

__version__ = "0.5.0"
