"""Every landing file of a stream not ingested before, each taken once and logged by counts."""

import logging
from datetime import date
from pathlib import Path

import duckdb

from statinwatch.exports.landed import is_export
from statinwatch.ingest.hash_cache import remembered_hashes
from statinwatch.ingest.landing import discover
from statinwatch.ingest.load import ingest_files, known_hashes, log_outcome
from statinwatch.ingest.streams import StreamSpec


def ingest_new_files(
    conn: duckdb.DuckDBPyConnection,
    landing: Path,
    spec: StreamSpec,
    run_id: str,
    as_of: date,
    log: logging.Logger,
    leave_exports: bool = True,
) -> list[dict]:
    """Every file of the stream's folder not ingested before, each counted on its own.

    `leave_exports`: an export dropped in a native stream folder is raw_external's to read.
    """
    seen = known_hashes(conn)
    with remembered_hashes(conn) as hasher:
        landed = discover(landing, spec.name, hasher)
    new_files = []
    for file in landed:
        if file.sha256 in seen or (leave_exports and is_export(file.path)):
            continue
        seen.add(file.sha256)
        new_files.append(file)
    outcomes = []
    for outcome in ingest_files(conn, new_files, spec, run_id, as_of):
        outcomes.append(outcome.as_dict())
        log_outcome(log, outcome)
    return outcomes
