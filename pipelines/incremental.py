"""Incrementally maintained tables: what they were built with and how far they got.

A daily run should cost the day's new data, not the history, so the big tables take in only
the files added since their last build. Each remembers a fingerprint of the SQL and rule
thresholds it was built with; when that changes it is dropped and rebuilt from scratch, so old
and new rows never follow different rules.
"""

import hashlib
import json
from dataclasses import dataclass

import duckdb

from pipelines.sql import load_sql, parameter_names, render_sql, run_sql

NOTHING_TAKEN_IN = -1


@dataclass(frozen=True)
class BuildState:
    """Where an incremental table stands: rebuilt from scratch, or continuing after a file."""

    rebuilt: bool
    last_file_id: int


def fingerprint(sql_names: tuple[str, ...], params: dict | None = None) -> str:
    """The SQL texts and the values of the `params` they use (the rule thresholds), hashed."""
    texts = [load_sql(name) for name in sql_names]
    params = params or {}
    used = {name: params[name] for text in texts for name in parameter_names(text) & params.keys()}
    payload = json.dumps([texts, sorted(used.items())], default=str)
    return hashlib.md5(payload.encode("utf-8"), usedforsecurity=False).hexdigest()


def last_file_id(conn: duckdb.DuckDBPyConnection, table: str) -> int:
    return int(conn.execute(render_sql("incremental/last_file_id", table_name=table)).fetchone()[0])


def start_build(conn: duckdb.DuckDBPyConnection, table: str, current: str) -> BuildState:
    """Drop the table when its definition changed; say from which file on to take rows in."""
    stored = run_sql(conn, "incremental/build_state", {"table_name": table}).fetchone()
    if stored is not None and stored[0] == current:
        return BuildState(rebuilt=False, last_file_id=int(stored[1]))
    conn.execute(render_sql("incremental/drop_table", table_name=table))
    return BuildState(rebuilt=True, last_file_id=NOTHING_TAKEN_IN)


def record_build(
    conn: duckdb.DuckDBPyConnection, table: str, current: str, taken_in_up_to: int
) -> None:
    run_sql(
        conn,
        "incremental/record_build",
        {"table_name": table, "fingerprint": current, "last_file_id": taken_in_up_to},
    )
