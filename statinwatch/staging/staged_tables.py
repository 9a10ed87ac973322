"""Append-only staging: stage the rows of new files only, rebuild when the typing SQL changes.

Exercise, symptoms and labs are typed row by row, so a staged row never changes once its file
is in; staging them again every day would make a daily run cost the whole history. Patients
(latest record wins) and medications (small, and re-read against the vocabulary) are rebuilt.
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

APPEND_ONLY_STREAMS = frozenset({"exercise", "symptoms", "labs"})


def stage_new_files(conn: duckdb.DuckDBPyConnection, stream: str, staged_table: str) -> None:
    """Create the typing view, rebuild the table if its definition changed, append new files."""
    typing_name = f"staging/{stream}"
    typed_view = f"{staged_table}_typed"
    with_device = stream == "exercise"
    definition = (typing_name, *(device_load.DEFINITION if with_device else ()))
    params = rule_parameters() if with_device else {}
    conn.execute(load_sql(typing_name))
    start_build(conn, staged_table, fingerprint(definition, params))
    identifiers = {"staged_table": staged_table, "typed_view": typed_view}
    conn.execute(render_sql("staging/create_staged_table", **identifiers))
    # Read first and bound as a constant, so the append's filter reaches the raw scans' row
    # groups instead of typing the whole history.
    highest = last_file_id(conn, staged_table)
    conn.execute(
        render_sql("staging/append_new_files", **identifiers), {"highest_file_id": highest}
    )
    if with_device:
        device_load.stage_device_load(conn, params)


def stage(conn: duckdb.DuckDBPyConnection, spec: StreamSpec) -> None:
    """Bring a stream's staged table up to date with its raw table and the vocabulary."""
    load_vocabulary(conn)
    if spec.name in APPEND_ONLY_STREAMS:
        with transaction(conn):
            stage_new_files(conn, spec.name, spec.staged_table)
    else:
        run_sql(conn, f"staging/{spec.name}")
