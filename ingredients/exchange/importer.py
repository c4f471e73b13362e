"""The machinery every table's import shares: parsing rows through the models, looking
rows up, recording problems and writing.

This is the one write path: import rows, from a user's file or from the seed package.

All rows are checked, then all written or nothing.

Rows are processed in batches inside one transaction, so memory stays flat
however large the file. Once any row has a problem, nothing more is written;
the remaining rows are still checked so that every problem can be listed, and
the transaction is rolled back. Rows identical to what the catalogue holds are
left alone, so an export imported back changes nothing.

Rows carry the origin of what is being imported: `user` for a user's files,
`seed` for the seed package. A user row may not silently replace a seed row:
that needs `replace_seed`. The other way round, the seed never overwrites what a
user made: a seed row whose slug, name, alias or CAS number a user row already
holds is left out, with the rows that hang on it.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from sqlalchemy import bindparam, insert, text, update
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from ingredients.core.errors import DataFileError, IngredientsError
from ingredients.core.identifiers import source_key_fold
from ingredients.core.vocabulary import TABLES
from ingredients.exchange.import_files import Row
from ingredients.exchange.records import validate
from ingredients.store.search_index import defer_indexing, index_new_rows
from ingredients.store.table_shapes import FIELD_OF_FILE_COLUMN, TABLE_SHAPES

# Problems name a field as the file does.
_COLUMN_OF_FIELD = {
    **{field: column for column, field in FIELD_OF_FILE_COLUMN.items()},
    "level": "evidence_level",
}

BATCH_SIZE = 1000

_COLUMNS = {name: set(shape.columns) for name, shape in TABLE_SHAPES.items()}


class ImportRejected(IngredientsError):
    """The import was refused whole; `problems` names each bad row and field."""

    def __init__(self, problems: list[str], more: int = 0) -> None:
        self.problems = problems + ([f"... and {more} more"] if more else [])
        count = len(problems) + more
        super().__init__(f"nothing was imported: {count} problem{'s' if count != 1 else ''} found")


@dataclass
class TableCounts:
    added: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class ImportReport:
    counts: dict[str, TableCounts] = field(default_factory=lambda: {table: TableCounts() for table in TABLES})
    # What the import named (source keys folded), for a seed refresh to tell which seed rows are retired.
    seed_slugs: set[str] = field(default_factory=set)
    seed_source_keys: set[str] = field(default_factory=set)
    # The CosIng entries an earlier load of the Commission's export held, replaced by this one.
    cosing_replaced: int = 0

    @property
    def rows_read(self) -> int:
        """How many rows the files held: none means the files were empty."""
        return sum(c.added + c.updated + c.unchanged for c in self.counts.values())

    @property
    def rows_changed(self) -> int:
        return sum(c.added + c.updated for c in self.counts.values())


def record_fields(record: Any, exclude: Iterable[str] = ()) -> dict[str, Any]:
    """A validated record's field values: what model_dump gives for these flat models,
    at a fraction of its cost on a large import."""
    skipped = set(exclude)
    return {name: value for name, value in vars(record).items() if name not in skipped}


def stored_value(value: Any) -> Any:
    """A value as SQLAlchemy would store it in SQLite (dates as ISO text)."""
    return value.isoformat() if isinstance(value, dt.date) else value


def batches(rows: Iterator[Row]) -> Iterator[list[Row]]:
    while batch := list(islice(rows, BATCH_SIZE)):
        yield batch


class Importer:
    """Checks and writes import rows, batch by batch, inside the caller's transaction."""

    def __init__(
        self,
        session: Session,
        replace_seed: bool,
        origin: str = "user",
        seed_statement_ids: tuple[dict[str, int], int] | None = None,
    ) -> None:
        self.session = session
        self.replace_seed = replace_seed
        self.origin = origin
        # Seed ingredients left out because a user row holds their slug, a name or the CAS number.
        self.shadowed_slugs: set[str] = set()
        self.shadowed_formulations: set[str] = set()
        self.imported_formulations: set[str] = set()
        self.imported_excipients: set[str] = set()
        self.imported_cosing_refs: set[int] = set()
        self.imported_source_kinds: dict[str, str] = {}
        # Fingerprints of strength and component rows this import holds.
        self.imported_rows: set[tuple[Any, ...]] = set()
        self.claimed_cas: dict[str, str] = {}
        self.report = ImportReport()
        self.problems: list[str] = []
        # What the import itself has named so far; each key is small, so even a
        # 50,000-row import keeps these to a few megabytes.
        self.imported_sources: set[str] = set()
        self.imported_slugs: set[str] = set()
        self.claimed_names: dict[str, str] = {}
        self.imported_statements: set[bytes] = set()
        # A seed refresh: the id each seed key's statement had, the last id given (new
        # seed statements are numbered above every earlier id), and how many statements of
        # the seed so far share each base key (statement_imports._seed_key).
        self.seed_statement_ids, self.last_seed_statement_id = seed_statement_ids or ({}, 0)
        self.seed_key_counts: dict[str, int] = {}
        # Ids that new rows keep from their file (an export's), by table: see kept_id.
        self.kept_ids: dict[str, set[int]] = {"alias": set(), "statement": set()}
        # A new row's id as its file gives it, and whether a stored row holds it, by id(row).
        self.wanted_ids: dict[int, tuple[int, bool]] = {}
        self.last_ids = self._last_ids()
        defer_indexing(session)

    # -- bookkeeping -------------------------------------------------------------

    def problem(self, where: str, message: str) -> None:
        self._record(f"{where}: {message}")

    def unknown_reference(self, where: str, column: str, what: str, value: str | None) -> None:
        """A column naming a row that does not exist, or naming none at all."""
        if value is None or not str(value).strip():
            self.problem(where, f"{column}: missing; name the {what} this row belongs to")
        else:
            self.problem(where, f"{column}: unknown {what} {value!r}")

    def kept_id(self, table: str, wanted: int | None, taken: bool) -> int | None:
        """The id a new row keeps from its file, so that a row keeps its id through export
        and import: the file's, unless a stored row or an earlier row of this import holds it."""
        if wanted is None or taken or wanted in self.kept_ids[table]:
            return None
        self.kept_ids[table].add(wanted)
        return wanted

    def row_id(self, row: Row, value: Any) -> int | None:
        """The row's id column as a positive integer: None when absent, 0 when invalid
        (a problem is then recorded)."""
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, bool) or not str(value).strip().isdigit() or int(str(value).strip()) < 1:
            self.problem(row.where, f"id: {value!r} is not a row id (a whole number from export)")
            return 0
        return int(str(value).strip())

    def _record(self, message: str) -> None:
        self.problems.append(message)

    @property
    def writing(self) -> bool:
        """Rows are written only while no problem has been found."""
        return not self.problems

    def query(self, sql: str, **keys: Sequence[Any]) -> list[dict[str, Any]]:
        """Rows of `sql`, whose :names are lists expanded into IN (...)."""
        statement = text(sql).bindparams(*(bindparam(name, expanding=True) for name in keys))
        rows = self.session.exec(statement, params=keys)  # type: ignore[call-overload]
        return [dict(row._mapping) for row in rows]

    def _last_ids(self) -> dict[str, int]:
        """The highest row ids before this import: everything above them is new."""
        row = self.query(
            "SELECT (SELECT coalesce(max(id), 0) FROM ingredient) AS ingredient, "
            "(SELECT coalesce(max(id), 0) FROM alias) AS alias, "
            "(SELECT coalesce(max(id), 0) FROM statement) AS statement"
        )[0]
        return {table: int(value) for table, value in row.items()}

    def parse(
        self,
        batch: list[Row],
        table: str,
        model: Any,
        *,
        references: tuple[str, ...] = (),
        renamed: dict[str, str] | None = None,
    ) -> list[tuple[Row, dict[str, Any], Any]]:
        """The batch's rows that have only known columns and validate as `model`.

        `references` (columns naming other rows) are set aside for the caller to
        check against the catalogue; `renamed` maps file columns to model fields.
        """
        parsed = []
        # Once a batch, not once a row.
        columns = _COLUMNS[table]
        model_fields = {**FIELD_OF_FILE_COLUMN, **(renamed or {})}
        for row in batch:
            if not columns.issuperset(row.values):
                unknown = sorted(set(row.values) - columns)
                self.problem(row.where, f"unknown column {unknown[0]!r} for the {table} table")
                continue
            values = {key: value for key, value in row.values.items() if key != "origin"}
            referred = {name: values.pop(name, None) for name in references}
            for column, model_field in model_fields.items():
                if column in values:
                    values[model_field] = values.pop(column)
            values["origin"] = self.origin
            record = self.validated(model, values, row.where)
            if record is not None:
                parsed.append((row, referred, record))
        return parsed

    def validated(self, model: Any, values: dict[str, Any], where: str) -> Any:
        try:
            return validate(model, values, where, _COLUMN_OF_FIELD)
        except DataFileError as exc:
            self._record(str(exc))
            return None

    def existing_names(self, keys: Iterable[str]) -> dict[str, str]:
        keys = list(set(keys))
        if not keys:
            return {}
        rows = self.query(
            "SELECT name_key, slug FROM ingredient WHERE name_key IN :keys "
            "UNION ALL SELECT a.name_key, i.slug FROM alias a JOIN ingredient i ON i.id = a.ingredient_id "
            "WHERE a.name_key IN :keys",
            keys=keys,
        )
        return {row["name_key"]: row["slug"] for row in rows}

    def owner(self, key: str, stored: dict[str, str]) -> str | None:
        return self.claimed_names.get(key, stored.get(key))

    def existing_cas(self, keys: Iterable[str | None]) -> dict[str, str]:
        """The slug holding each of these CAS lookup keys in the catalogue."""
        wanted = list({key for key in keys if key})
        if not wanted:
            return {}
        rows = self.query("SELECT cas_key, slug FROM ingredient WHERE cas_key IN :keys", keys=wanted)
        return {row["cas_key"]: row["slug"] for row in rows}

    def is_user_slug(self, slug: str | None) -> bool:
        """Whether ``slug`` is an ingredient a user made (not one of this import's own rows)."""
        if slug is None or slug in self.claimed_names.values():
            return False
        rows = self.query("SELECT origin FROM ingredient WHERE slug IN :slugs", slugs=[slug])
        return bool(rows) and rows[0]["origin"] == "user"

    def known_sources(self, keys: Iterable[str]) -> set[str]:
        """Which of `keys` name a source, stored or imported, matched without case."""
        keys = set(keys)
        imported = {key for key in keys if source_key_fold(key) in self.imported_sources}
        return imported | set(self.source_ids(keys - imported))

    def source_ids(self, keys: Iterable[str]) -> dict[str, int]:
        """The stored id of the source each of `keys` names, matched without case: a source
        key is folded like every other key (identifiers.source_key_fold)."""
        keys = set(keys)
        by_fold = self._stored_sources(keys, "id")
        return {key: by_fold[source_key_fold(key)] for key in keys if source_key_fold(key) in by_fold}

    def source_kinds(self, keys: Iterable[str]) -> dict[str, str]:
        """The kind of each of these sources, imported or stored, matched without case."""
        keys = set(keys)
        wanted = {key for key in keys if source_key_fold(key) not in self.imported_source_kinds}
        kinds = {**self._stored_sources(wanted, "kind"), **self.imported_source_kinds}
        return {key: kinds[source_key_fold(key)] for key in keys if source_key_fold(key) in kinds}

    def _stored_sources(self, keys: Iterable[str], column: str) -> dict[str, Any]:
        """A column of the stored sources these keys name, by folded key."""
        folded = list({source_key_fold(key) for key in keys})
        if not folded:
            return {}
        rows = self.query(
            f"SELECT lower(key) AS k, {column} FROM source WHERE lower(key) IN :keys", keys=folded
        )
        return {row["k"]: row[column] for row in rows}

    def known_slugs(self, slugs: Iterable[str]) -> set[str]:
        """Which of `slugs` name an ingredient, stored or imported."""
        slugs = set(slugs)
        stored = self.ids("ingredient", "slug", slugs - self.imported_slugs)
        return (slugs & self.imported_slugs) | set(stored)

    def ids(self, table: str, column: str, keys: Iterable[str]) -> dict[str, int]:
        keys = list(set(keys))
        if not keys:
            return {}
        rows = self.query(f"SELECT {column} AS k, id FROM {table} WHERE {column} IN :keys", keys=keys)
        return {row["k"]: row["id"] for row in rows}

    def known_formulations(self, slugs: Iterable[str]) -> set[str]:
        """Which of `slugs` name a formulation, stored or imported."""
        slugs = set(slugs)
        stored = self.ids("formulation", "slug", slugs - self.imported_formulations)
        return (slugs & self.imported_formulations) | set(stored)

    # -- writing ---------------------------------------------------------------

    def write(self, model: Any, added: list[dict[str, Any]], changed: list[dict[str, Any]]) -> None:
        if added and "id" in added[0]:
            # Rows keeping their ids first, so that no id given to another row is in their way.
            kept = [row for row in added if row["id"] is not None]
            if kept:
                self._insert(model.__table__, kept)
                self._follow_kept_ids(model.__table__.name)
            added = [{k: v for k, v in row.items() if k != "id"} for row in added if row["id"] is None]
        if added:
            self._insert(model.__table__, added)
        if changed:
            self.session.execute(update(model), changed)

    def _insert(self, table: Any, rows: list[dict[str, Any]]) -> None:
        connection = self.session.connection()
        if connection.dialect.name == "postgresql":
            # COPY, in the same transaction: an INSERT per row would cost the
            # server a parse and a round trip each (three times as long).
            import psycopg

            columns = list(rows[0])
            sql = f"COPY {table.name} ({', '.join(columns)}) FROM STDIN"
            cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
            try:
                with cursor.copy(sql) as copy:
                    for row in rows:
                        copy.write_row(tuple(row[column] for column in columns))
            except psycopg.Error as exc:
                # Straight from the driver: wrapped as SQLAlchemy would, so that the
                # transaction reports it as one line like any other database failure.
                raise DBAPIError(sql, None, exc) from None
            return
        if connection.dialect.name != "sqlite":
            connection.execute(insert(table), rows)
            return
        # Straight to the driver: SQLAlchemy's per-row parameter handling would
        # cost as much again as SQLite's own work on a large import.
        columns = list(rows[0])
        sql = f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})"
        values = operator.itemgetter(*columns)
        parameters = (
            [values(row) for row in rows] if len(columns) > 1 else [(row[columns[0]],) for row in rows]
        )
        # Only dates need converting (to ISO text): the table's date columns say where they are.
        dated = [index for index, column in enumerate(columns) if table.c[column].type.python_type is dt.date]
        if dated:
            parameters = [
                tuple(stored_value(value) if index in dated else value for index, value in enumerate(row))
                for row in parameters
            ]
        connection.exec_driver_sql(sql, parameters)

    def _follow_kept_ids(self, table: str) -> None:
        """A PostgreSQL sequence does not see ids given by hand: move it past them."""
        if self.session.get_bind().dialect.name == "postgresql":
            self.session.connection().exec_driver_sql(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
            )

    def finish(self) -> None:
        """Index what was added, in one pass per table (see search_index.defer_indexing)."""
        index_new_rows(self.session, self.last_ids, self.kept_ids)
