"""The catalogue as a static website: `build_site` writes it into a folder."""

from __future__ import annotations

from .builder import MARKER, SiteReport, build_site

__all__ = ["MARKER", "SiteReport", "build_site"]
