"""Where --output writes, and how: never replacing what is not an ordinary file.

A regular file (or a new one) is written to a temporary file beside it and
renamed into place, so a failed or interrupted write never leaves half a file.
A symbolic link is followed: its target is replaced the same way, and the link
stays a link. A character device (/dev/null, a terminal) or a named pipe is
written into directly, because renaming over it would destroy it. Anything
else (a directory, a block device, a socket, a dangling link) is refused.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from ingredients.core.errors import IngredientsError, UsageError

# File name endings that choose the format (an explicit --format wins).
FORMAT_OF_EXTENSION = {
    "csv": "csv",
    "tsv": "tsv",
    "json": "json",
    "jsonl": "jsonl",
    "ndjson": "jsonl",
    "md": "github",
    "html": "html",
    "htm": "html",
    "tex": "latex",
}
# Plain text takes the command's own default format.
DEFAULT_FORMAT_EXTENSIONS = frozenset({"txt", "text"})
STANDARD_OUTPUT = "-"


def format_for_path(path: str | os.PathLike[str], fmt: str | None) -> str | None:
    """The format to write: --format if given, else the one the file name asks for.

    None means "the command's default" (standard output, or a .txt file).
    """
    if fmt is not None or os.fspath(path) == STANDARD_OUTPUT:
        return fmt
    if Path(path).is_dir():
        raise UsageError(f"{os.fspath(path)} is a folder; give the name of a file to write")
    name = Path(path).name
    extension = name.rpartition(".")[2].lower() if "." in name.lstrip(".") else ""
    if extension in FORMAT_OF_EXTENSION:
        return FORMAT_OF_EXTENSION[extension]
    if extension in DEFAULT_FORMAT_EXTENSIONS:
        return None
    known = ", ".join(f".{e}" for e in [*FORMAT_OF_EXTENSION, *sorted(DEFAULT_FORMAT_EXTENSIONS)])
    raise UsageError(
        f"cannot tell the format from the name {os.fspath(path)!r}; add --format or use one of: {known}"
    )


@dataclass(frozen=True)
class Destination:
    """A checked --output path: what to write, and whether to write it in place."""

    path: Path
    # Written into directly (a device or a pipe), never renamed over.
    in_place: bool
    # Permission bits for the new file: the replaced file's, or the umask's default.
    mode: int


def _umask_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def _status(status: Callable[[Path], os.stat_result], path: Path, named: Path) -> os.stat_result | None:
    """os.stat or os.lstat of ``path``; None when nothing is there; one line naming --output else."""
    try:
        return status(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise IngredientsError(f"--output {named}: {exc.strerror}") from exc


def check_destination(path: Path, *, force: bool) -> Destination:
    """Refuse a bad --output before any work is done; say how it will be written."""
    link = _status(os.lstat, path, path)
    target = path
    if link is not None and stat.S_ISLNK(link.st_mode):
        target = Path(os.path.realpath(path))
        if not target.exists():
            raise IngredientsError(f"--output {path} is a link to {target}, which does not exist")
    if target.is_dir():
        raise IngredientsError(f"--output {path} is a directory")
    info = _status(os.stat, target, path)
    if info is None:
        parent = target.absolute().parent
        if not parent.is_dir():
            raise IngredientsError(f"--output directory {parent} does not exist")
        return Destination(target.absolute(), in_place=False, mode=_umask_mode())
    if stat.S_ISCHR(info.st_mode) or stat.S_ISFIFO(info.st_mode):
        return Destination(target, in_place=True, mode=0)
    if not stat.S_ISREG(info.st_mode):
        raise IngredientsError(f"--output {path} is not a regular file, a character device or a pipe")
    if not force:
        raise IngredientsError(f"--output {path} already exists; add --force to overwrite it")
    return Destination(target.absolute(), in_place=False, mode=stat.S_IMODE(info.st_mode))


def write_destination(destination: Destination, chunks: Iterable[str]) -> None:
    """Write every chunk; a regular file appears only once complete."""
    try:
        if destination.in_place:
            with open(destination.path, "w", encoding="utf-8", newline="") as stream:
                for chunk in chunks:
                    stream.write(chunk)
            return
        _write_by_rename(destination, chunks)
    except OSError as exc:
        raise IngredientsError(f"cannot write {destination.path}: {exc.strerror or exc}") from exc


def _write_by_rename(destination: Destination, chunks: Iterable[str]) -> None:
    target = destination.path
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            for chunk in chunks:
                stream.write(chunk)
            stream.flush()
            os.fchmod(stream.fileno(), destination.mode)
        os.replace(temporary, target)
    except BaseException:
        os.unlink(temporary)
        raise
