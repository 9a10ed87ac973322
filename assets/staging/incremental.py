"""Append-only staging: stage the rows of new files only, rebuild when the typing SQL changes.

Exercise, symptoms and labs are typed row by row, so a staged row never changes once its file
is in; staging them again every day would make a daily run cost the whole history. Patients
(latest record wins) and medications (small, and re-read against the vocabulary) are rebuilt.
"""

import hashlib

import duckdb

from pipelines.sql import load_sql, render_sql, run_sql

APPEND_ONLY_STREAMS = frozenset({"exercise", "symptoms", "labs"})


def _fingerprint(typing_sql: str) -> str:
    return hashlib.md5(typing_sql.encode("utf-8"), usedforsecurity=False).hexdigest()


def stage_new_files(conn: duckdb.DuckDBPyConnection, stream: str, staged_table: str) -> None:
    """Create the typing view, rebuild the table if its definition changed, append new files."""
    typing_name = f"staging/stg_{stream}"
    typed_view = f"{staged_table}_typed"
    typing_sql = load_sql(typing_name)
    conn.execute(typing_sql)
    fingerprint = _fingerprint(typing_sql)
    stored = run_sql(conn, "staging/staged_fingerprint", {"staged_table": staged_table}).fetchone()
    if stored is None or stored[0] != fingerprint:
        conn.execute(render_sql("staging/drop_staged_table", staged_table=staged_table))
    conn.execute(
        render_sql("staging/create_staged_table", staged_table=staged_table, typed_view=typed_view)
    )
    conn.execute(
        render_sql("staging/append_new_files", staged_table=staged_table, typed_view=typed_view)
    )
    run_sql(
        conn,
        "staging/record_fingerprint",
        {"staged_table": staged_table, "sql_md5": fingerprint},
    )
