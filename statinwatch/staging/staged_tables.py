"""Append-only staging: stage the rows of new files only, rebuild when the typing SQL changes.

Exercise, symptoms, labs and medications are typed row by row, so a staged row never changes
once its file is in; staging them again every day would make a daily run cost the whole
history (a changed code list changes the definition, and so rebuilds the table). Patients
(latest record wins) are rebuilt.
Exercise sessions then take the device's load (statinwatch/staging/device_load.py), which
later heart-rate files may change; its SQL and thresholds are part of the table's definition.
"""

import duckdb

from statinwatch.incremental import fingerprint, last_file_id, start_build
from statinwatch.ingest.streams import StreamSpec
from statinwatch.rules import rule_parameters
from statinwatch.sql import load_sql, render_sql, run_sql, transaction
from statinwatch.staging import device_load
from statinwatch.vocabulary import load_vocabulary

APPEND_ONLY_STREAMS = frozenset({"exercise", "symptoms", "labs", "medications"})


def _definition(stream: str) -> tuple[tuple[str, ...], dict]:
    """The SQL files and rule values a staged table is built with."""
    if stream == "exercise":
        return (f"staging/{stream}", *device_load.DEFINITION), rule_parameters()
    return (f"staging/{stream}",), {}


def staged_identifiers(staged_table: str) -> dict[str, str]:
    """The names an append-only table's SQL is rendered with: the table and its typing view."""
    return {"staged_table": staged_table, "typed_view": f"{staged_table}_typed"}


def stage_new_files(conn: duckdb.DuckDBPyConnection, stream: str, staged_table: str) -> None:
    """Create the typing view and, if new or its definition changed, the table; then append
    the typed rows of new files and (exercise) bring the device load up to date.

    The table is made in a transaction of its own: in DuckDB 2.0.0 the updates and deletes that
    follow a large insert into a table created in the same transaction are lost (the device
    load's heart rate on a first build; tests/staging). An empty table left by a crash between
    the two is filled by the next run."""
    definition, params = _definition(stream)
    identifiers = staged_identifiers(staged_table)
    with transaction(conn):
        conn.execute(load_sql(definition[0]))
        start_build(conn, staged_table, fingerprint(definition, params))
        conn.execute(render_sql("staging/create_staged_table", **identifiers))
    with transaction(conn):
        # Read first and bound as a constant, so the append's filter reaches the raw scans' row
        # groups instead of typing the whole history.
        highest = last_file_id(conn, staged_table)
        conn.execute(
            render_sql("staging/append_new_files", **identifiers), {"highest_file_id": highest}
        )
        if stream == "exercise":
            device_load.stage_device_load(conn, params)


def stage(conn: duckdb.DuckDBPyConnection, spec: StreamSpec) -> None:
    """Bring a stream's staged table up to date with its raw table and the vocabulary."""
    load_vocabulary(conn)
    if spec.name in APPEND_ONLY_STREAMS:
        stage_new_files(conn, spec.name, spec.staged_table)
    else:
        run_sql(conn, f"staging/{spec.name}")
