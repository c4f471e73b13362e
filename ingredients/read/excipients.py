"""Excipients as stored: one by its slug, every field."""

from __future__ import annotations

from ingredients.core.table import Table
from ingredients.store.reader import Reader
from ingredients.store.table_shapes import EXCIPIENTS


def excipient_table(reader: Reader, slug: str) -> Table:
    """The excipient ``slug`` as one row of the table export writes."""
    rows = reader.execute(EXCIPIENTS.export_sql("e.slug = :slug"), {"slug": slug}).rows
    return Table(EXCIPIENTS.columns, list(rows))
