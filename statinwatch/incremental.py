"""Incrementally maintained tables: rebuilt from scratch when their definition changes.

A daily run should cost the day's new data, not the history, so the big tables take in only
the files added since their last build, found from the highest file_id they hold. Each
remembers a fingerprint of the SQL and rule thresholds it was built with; when that changes it
is dropped and rebuilt from scratch, so old and new rows never follow different rules.
"""

import hashlib
import json
import re

import duckdb

from statinwatch.paths import SQL_DIR, VOCABULARY_DIR
from statinwatch.sql import load_sql, parameter_names, render_sql, run_sql

# The macros every statement may call (sw_wall_ts, the symptom matcher, ...): a change to one
# changes what any incremental table would hold, so each fingerprint covers them all.
_VOCABULARY_TABLE = re.compile(r"\bvocab\.([a-z_]+)")
SCHEMA_SQL = tuple(f"schema/{path.stem}" for path in sorted((SQL_DIR / "schema").glob("*.sql")))


def vocabulary_read(texts: list[str]) -> list[str]:
    """The vocabulary files the statements read (`vocab.<table>`), as text: a changed code
    list changes what the rows mean as much as changed SQL does."""
    tables = sorted({table for text in texts for table in _VOCABULARY_TABLE.findall(text)})
    return [(VOCABULARY_DIR / f"{table}.csv").read_text(encoding="utf-8") for table in tables]


def fingerprint(sql_names: tuple[str, ...], params: dict | None = None) -> str:
    """The SQL texts (with the schema's macros), the vocabulary files they read and the values
    of the `params` they use (the rule thresholds), hashed."""
    texts = [load_sql(name) for name in (*SCHEMA_SQL, *sql_names)]
    params = params or {}
    used = {name: params[name] for text in texts for name in parameter_names(text) & params.keys()}
    payload = json.dumps([texts, vocabulary_read(texts), sorted(used.items())], default=str)
    return hashlib.md5(payload.encode("utf-8"), usedforsecurity=False).hexdigest()


def last_file_id(conn: duckdb.DuckDBPyConnection, table: str) -> int:
    """The newest landing file a table holds rows of (-1 when empty): file ids only rise."""
    return int(conn.execute(render_sql("incremental/last_file_id", table_name=table)).fetchone()[0])


def built_with(conn: duckdb.DuckDBPyConnection, name: str) -> str | None:
    """The fingerprint a table (or the schema) was last built with; None if never."""
    stored = run_sql(conn, "incremental/build_state", {"table_name": name}).fetchone()
    return None if stored is None else stored[0]


def record_build(conn: duckdb.DuckDBPyConnection, name: str, current: str) -> None:
    run_sql(conn, "incremental/record_build", {"table_name": name, "fingerprint": current})


def start_build(conn: duckdb.DuckDBPyConnection, table: str, current: str) -> bool:
    """Drop the table when its definition changed and record the new one; True if dropped."""
    rebuilt = built_with(conn, table) != current
    if rebuilt:
        conn.execute(render_sql("incremental/drop_table", table_name=table))
        run_sql(conn, "incremental/forget_progress", {"table_name": table})
        record_build(conn, table, current)
    return rebuilt


def progress(conn: duckdb.DuckDBPyConnection, table: str) -> int:
    """The newest file a table recorded taking in (-1 when none): for tables that take in files
    adding no row of their own (heart-rate files only change staged sessions)."""
    stored = run_sql(conn, "incremental/progress", {"table_name": table}).fetchone()
    return -1 if stored is None else int(stored[0])


def record_progress(conn: duckdb.DuckDBPyConnection, table: str, file_id: int) -> None:
    run_sql(conn, "incremental/record_progress", {"table_name": table, "last_file_id": file_id})


def newest_file(conn: duckdb.DuckDBPyConnection) -> int:
    """The newest landing file recorded (-1 when none)."""
    return int(run_sql(conn, "incremental/newest_file").fetchone()[0])
