"""Search triggers any SQLite client can run: no function of this program's own.

The triggers that keep the SQLite search index current called
`ingredients_search_text`, a function only this program registers, so an insert
through the sqlite3 shell, sqlite-utils or Datasette failed with "no such function".
Each such trigger is made again with the function written out in plain SQL. Only
one of its steps needs writing out: small Greek letters become their names (5-alpha
for the letter), since the index's tokenizer (unicode61, remove_diacritics 2) already
folds case and accents and breaks words at punctuation. SQLite's parser takes about
thirty nested calls, so capital Greek letters, which the catalogue's texts do not use,
are left to the program's own indexing (a bulk import and a rebuild use the full
function). PostgreSQL defines the function in the database itself, so any client can
run its triggers already.
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"

_FUNCTION = "ingredients_search_text("

# Written out here as the migration's own copy: a migration must not change when the
# program's vocabulary does. The small letters, and the final sigma.
_GREEK_NAMES = (
    "alpha",
    "beta",
    "gamma",
    "delta",
    "epsilon",
    "zeta",
    "eta",
    "theta",
    "iota",
    "kappa",
    "lambda",
    "mu",
    "nu",
    "xi",
    "omicron",
    "pi",
    "rho",
    "sigma",
    "tau",
    "upsilon",
    "phi",
    "chi",
    "psi",
    "omega",
)
_SMALL = [chr(code) for code in range(0x3B1, 0x3CA) if code != 0x3C2]
_GREEK = [*zip(_SMALL, _GREEK_NAMES, strict=True), ("ς", "sigma")]


def greek_spelt_out(argument: str) -> str:
    """SQL that gives ``argument`` with every Greek letter replaced by ' ' and its name."""
    sql = argument
    for letter, name in _GREEK:
        sql = f"replace({sql}, '{letter}', ' {name}')"
    return sql


def _closing(text: str, start: int) -> int:
    """The index of the bracket that closes the one opened just before ``start``."""
    depth, quoted = 1, False
    for index in range(start, len(text)):
        char = text[index]
        if char == "'":
            quoted = not quoted
        elif not quoted and char == "(":
            depth += 1
        elif not quoted and char == ")":
            depth -= 1
            if depth == 0:
                return index
    raise ValueError("unbalanced brackets in a trigger")


def written_out(sql: str) -> str:
    """The trigger's SQL with every call of the program's function written out."""
    while _FUNCTION in sql:
        start = sql.index(_FUNCTION)
        end = _closing(sql, start + len(_FUNCTION))
        argument = sql[start + len(_FUNCTION) : end]
        sql = sql[:start] + greek_spelt_out(argument) + sql[end + 1 :]
    return sql


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        triggers = bind.execute(
            sa.text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND sql LIKE :call"),
            {"call": f"%{_FUNCTION}%"},
        ).all()
        for name, sql in triggers:
            op.execute(f"DROP TRIGGER {name}")
            op.execute(written_out(sql))
    op.execute("UPDATE meta SET value = '11' WHERE key = 'schema_version'")


def downgrade() -> None:
    raise NotImplementedError("catalogues are upgraded only; restore the backup to go back")
