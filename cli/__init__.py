"""The `ingredients` command line: presentation only, over the `ingredients` library."""
