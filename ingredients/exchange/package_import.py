"""Reading a data package written by `export --all`: `import DIR` or `import DIR/datapackage.json`.

Before any row is read, every file is held to the descriptor: its size and sha256 as
recorded, and its columns as the schema lists them, which must be the columns this
program writes for that table. The tables are then imported in key order (each
refers only to those before it), all in the one transaction every import is.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from ingredients.exchange.import_files import FileProblem, ImportFile, open_import_file
from ingredients.store.table_shapes import TABLE_SHAPES

DESCRIPTOR = "datapackage.json"


def is_data_package(path: Path) -> bool:
    return path.is_dir() or path.name == DESCRIPTOR


def _descriptor(path: Path) -> tuple[Path, dict[str, Any]]:
    descriptor = path / DESCRIPTOR if path.is_dir() else path
    try:
        loaded = json.loads(descriptor.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FileProblem(
            f"{path}: a folder to import must hold {DESCRIPTOR} (as export --all writes)"
        ) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FileProblem(f"{descriptor}: not a readable data package descriptor ({exc})") from None
    if not isinstance(loaded, dict) or not isinstance(loaded.get("resources"), list):
        raise FileProblem(f"{descriptor}: a data package descriptor lists its resources")
    return descriptor.parent, loaded


def _verified(folder: Path, resource: dict[str, Any]) -> Path:
    """The resource's file, once its size, checksum and columns are as the descriptor says."""
    name = resource.get("name")
    if name not in TABLE_SHAPES:
        raise FileProblem(f"{folder / DESCRIPTOR}: unknown table {name!r} in the resources")
    path = folder / str(resource.get("path", ""))
    if path.parent != folder:
        raise FileProblem(f"{folder / DESCRIPTOR}: {name}'s path must name a file in the package's folder")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise FileProblem(f"{path}: cannot read it ({exc.strerror})") from None
    digest = "sha256:" + hashlib.sha256(data).hexdigest()
    if resource.get("bytes") != len(data) or resource.get("hash") != digest:
        raise FileProblem(f"{path}: its size or checksum differs from the descriptor's; the file was changed")
    fields = [field.get("name") for field in resource.get("schema", {}).get("fields", [])]
    expected = TABLE_SHAPES[name].columns
    if fields != expected:
        raise FileProblem(f"{path}: the descriptor's columns are not those of {name} ({', '.join(expected)})")
    header = data.decode("utf-8", errors="replace").split("\n", 1)[0].rstrip("\r").split(",")
    if header != expected and data:
        raise FileProblem(f"{path}: its columns are not those the descriptor lists")
    return path


def open_data_package(path: Path) -> list[ImportFile]:
    """The package's tables as import files, in the order they must be imported."""
    folder, descriptor = _descriptor(path)
    # Every file is verified before any row is read.
    verified = {resource.get("name"): _verified(folder, resource) for resource in descriptor["resources"]}
    return [open_import_file(verified[table], "csv", table) for table in TABLE_SHAPES if table in verified]
