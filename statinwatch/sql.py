"""Load the statements kept in sql/ and run them with bound parameters."""

import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import duckdb

from statinwatch.paths import SQL_DIR


@cache
def load_sql(name: str) -> str:
    """Text of sql/<name>.sql; `name` may contain a sub-folder, e.g. 'staging/labs'."""
    path = SQL_DIR / f"{name}.sql"
    return path.read_text(encoding="utf-8")


_NAMED_PARAMETER = re.compile(r"\$([a-z_][a-z0-9_]*)")


def parameter_names(text: str) -> set[str]:
    """The $names a statement refers to."""
    return set(_NAMED_PARAMETER.findall(text))


def bind(text: str, params: dict) -> dict:
    """The subset of `params` a statement refers to as $name (DuckDB rejects unused ones)."""
    names = parameter_names(text)
    missing = names - params.keys()
    if missing:
        raise KeyError(f"SQL needs parameters {sorted(missing)}")
    return {name: params[name] for name in names}


def run_sql(
    conn: duckdb.DuckDBPyConnection, name: str, params: dict | None = None
) -> duckdb.DuckDBPyConnection:
    """Execute one statement file; values are always bound, never formatted into the text."""
    text = load_sql(name)
    return conn.execute(text, bind(text, params or {}))


def run_sql_folder(conn: duckdb.DuckDBPyConnection, folder: str) -> None:
    """Execute every file of a folder in name order (used for idempotent DDL)."""
    for path in sorted((SQL_DIR / folder).glob("*.sql")):
        conn.execute(load_sql(str(Path(folder) / path.stem)))


_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)?$")


def render_sql(name: str, **identifiers: str) -> str:
    """A statement whose table names vary; only our own lower-case identifiers go in."""
    for value in identifiers.values():
        if not _IDENTIFIER.match(value):
            raise ValueError(f"not a trusted identifier: {value!r}")
    return load_sql(name).format(**identifiers)


@contextmanager
def transaction(conn: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """Commit when the body succeeds, roll back on anything else (a crash leaves no half)."""
    conn.execute("begin transaction")
    try:
        yield conn
    except BaseException:
        conn.execute("rollback")
        raise
    conn.execute("commit")


def count_rows(conn: duckdb.DuckDBPyConnection, table: str) -> int:
    return int(conn.execute(render_sql("common/count_rows", table=table)).fetchone()[0])
