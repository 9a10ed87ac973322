"""Count an export's rows as its user would: by its records (docs/formats.md "Accounting").

Loading lists the file's records — a CSV record, a FHIR resource, a Workout element, an Open
mHealth data point — in `export_records` (statinwatch/exports/formats.py). Each mapping's rows
go through the stream's own write path; then what became of each row is noted under the
record or records it was made of (`taken_records`). A record goes to the first mapping that
takes it, and one that gave several rows counts once, so rows_read is the number of records.
Records no mapping took are skipped, counted by reason in `ingest.skipped_rows`.

Files of one format may be loaded together: `record_files` then says whose each record is and
its line in that file, and every count and quarantine entry is made per file.
"""

import duckdb

from statinwatch.ingest.load import StreamCounts
from statinwatch.ingest.streams import StreamSpec
from statinwatch.sql import bind, render_sql, run_sql


def start_counting(conn: duckdb.DuckDBPyConnection) -> None:
    """No record of the loaded export taken yet."""
    run_sql(conn, "ingest/taken_records")


def drop_taken_records(conn: duckdb.DuckDBPyConnection) -> None:
    """Remove from `mapped_rows` the rows of records an earlier mapping took."""
    run_sql(conn, "ingest/mapped_source_lines")
    run_sql(conn, "ingest/drop_taken_records")


def quarantine_rejects(conn: duckdb.DuckDBPyConnection, stream: str, run_id: str) -> None:
    """The records in `landing_rejects` (a reader's or a mapping's) quarantined, each under its
    file and line, with the reason."""
    run_sql(conn, "ingest/quarantine_rejects", {"stream": stream, "run_id": run_id})


def quarantine_file_rejects(
    conn: duckdb.DuckDBPyConnection, family: str, run_id: str
) -> dict[int, int]:
    """Records the reader rejected before any stream was known (bad CSV or JSON lines, FHIR
    entries without a resource), quarantined; how many each file had."""
    rejected = dict(run_sql(conn, "ingest/file_rejects").fetchall())
    quarantine_rejects(conn, family, run_id)
    return rejected


def note_taken_records(conn: duckdb.DuckDBPyConnection, spec: StreamSpec) -> None:
    """After the stream's rows of `mapped_rows` were stored: the records they came from, with
    what became of each row."""
    text = render_sql("ingest/note_taken_records", raw_table=spec.raw_table)
    conn.execute(text, bind(text, {"stream": spec.name}))


def export_counts(
    conn: duckdb.DuckDBPyConnection, family: str, file_ids: list[int], rejected: dict[int, int]
) -> dict[int, list[StreamCounts]]:
    """Each file's share of each stream in records, and under the family the records no
    stream took: the `rejected` ones the reader quarantined and the skipped ones, whose
    reasons are recorded here."""
    shares: dict[int, list[StreamCounts]] = {file_id: [] for file_id in file_ids}
    for file_id, *counts in run_sql(conn, "ingest/export_counts").fetchall():
        shares[file_id].append(StreamCounts(*counts))
    skipped = dict.fromkeys(file_ids, 0)
    for file_id, reason, rows in run_sql(conn, "ingest/export_skipped").fetchall():
        run_sql(
            conn,
            "ingest/record_skipped_rows",
            {"file_id": file_id, "reason": reason, "skipped": rows},
        )
        skipped[file_id] += rows
    return {
        file_id: [_untaken(family, rejected.get(file_id, 0), skipped[file_id]), *shares[file_id]]
        for file_id in file_ids
    }


def _untaken(family: str, rejected: int, skipped: int) -> StreamCounts:
    """Under the family: the records the reader quarantined and those no stream took."""
    return StreamCounts(family, rejected + skipped, 0, rejected, 0, skipped)
