"""Where the catalogue lives: a SQLite file by default, or any SQLAlchemy URL."""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ENVIRONMENT_VARIABLE = "INGREDIENTS_DB"
DEFAULT_FILENAME = "ingredients.db"


@dataclass(frozen=True)
class DatabaseLocation:
    url: str
    # Set when the database is a SQLite file, which the fast read path opens directly.
    sqlite_path: Path | None
    # The per-user default may have its folder created; a folder the user named must exist.
    is_default: bool = False

    def describe(self) -> str:
        """Where the catalogue is, for people: a path, or the URL with any password masked."""
        return str(self.sqlite_path) if self.sqlite_path else masked_url(self.url)

    @property
    def password(self) -> str | None:
        return _password(self.url)


# A bare postgresql:// would make SQLAlchemy look for psycopg2; the driver this
# program installs (the `postgres` extra) is psycopg 3.
_DRIVER_OF_SCHEME = {"postgresql": "postgresql+psycopg", "postgres": "postgresql+psycopg"}


def _password(url: str) -> str | None:
    try:
        return urlsplit(url).password
    except ValueError:
        return None


def masked_url(url: str) -> str:
    """``url`` with its password (if any) shown as ***."""
    try:
        parts = urlsplit(url)
        if parts.password is None:
            return url
        user = parts.username or ""
        host = parts.netloc.rpartition("@")[2]
        return urlunsplit(parts._replace(netloc=f"{user}:***@{host}"))
    except ValueError:
        return "<database URL>"


# 'scheme://user:password@host': everything between the first ':' after '//' and the '@'.
_PASSWORD = re.compile(r"(?P<head>[A-Za-z][A-Za-z0-9+.-]*://[^:/@\s]*):[^@\s]*@")


def hide_password(text: str) -> str:
    """A database URL (or a message quoting one) with any password replaced by ***."""
    return _PASSWORD.sub(r"\g<head>:***@", text)


def default_database_path() -> Path:
    from platformdirs import user_data_path

    return user_data_path("ingredients", appauthor=False) / DEFAULT_FILENAME


def resolve_location(option: str | None) -> DatabaseLocation:
    """--db wins over INGREDIENTS_DB, which wins over the per-user default file."""
    value = option if option else os.environ.get(ENVIRONMENT_VARIABLE) or None
    if value is None:
        path = default_database_path()
        return DatabaseLocation(f"sqlite:///{path}", path, is_default=True)
    if "://" not in value:
        path = Path(value).expanduser().absolute()
        return DatabaseLocation(f"sqlite:///{path}", path)
    prefix = "sqlite:///"
    if value.startswith(prefix) and len(value) > len(prefix) and "?" not in value:
        path = Path(value[len(prefix) :]).expanduser().absolute()
        return DatabaseLocation(f"sqlite:///{path}", path)
    scheme, separator, rest = value.partition("://")
    return DatabaseLocation(_DRIVER_OF_SCHEME.get(scheme.lower(), scheme) + separator + rest, None)


def is_read_only_file(path: Path) -> bool:
    """No write permission bit set: the owner marked it read-only (honoured even for root)."""
    return path.exists() and not path.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
