"""The ingredients library: schema, storage, queries and rendering.

Submodules are imported where they are used, so that importing this package
costs nothing: the command line's start-up time depends on it.
"""

__version__ = "0.2.0"
