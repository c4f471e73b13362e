"""Site: the catalogue as a static website; `build_site` writes it into a folder.

The top layer of the library: may import every other layer (it renders entries
as render does, from the queries of read).
"""

from __future__ import annotations

from .builder import MARKER, SiteReport, build_site

__all__ = ["MARKER", "SiteReport", "build_site"]
