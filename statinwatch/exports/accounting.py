"""Count an export's rows as its user would: by its records (docs/formats.md "Accounting").

Loading lists the file's records — a CSV record, a FHIR resource, a Workout element, an Open
mHealth data point — in `export_records` (statinwatch/exports/formats.py). Each mapping's rows
go through the stream's own write path; then what became of each row is noted under the
record or records it was made of (`taken_records`). A record goes to the first mapping that
takes it, and one that gave several rows counts once, so rows_read is the number of records.
Records no mapping took are skipped, counted by reason in `ingest.skipped_rows`.
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


def note_taken_records(conn: duckdb.DuckDBPyConnection, spec: StreamSpec, file_id: int) -> None:
    """After the stream's rows of `mapped_rows` were stored: the records they came from, with
    what became of each row."""
    text = render_sql("ingest/note_taken_records", raw_table=spec.raw_table)
    conn.execute(text, bind(text, {"stream": spec.name, "file_id": file_id}))


def export_counts(
    conn: duckdb.DuckDBPyConnection, family: str, file_id: int, rejected: int
) -> list[StreamCounts]:
    """Each stream's share of the export in records, and under the family the records no
    stream took: the `rejected` ones the reader quarantined and the skipped ones, whose
    reasons are recorded here."""
    shares = [
        StreamCounts(stream, rows_read, accepted, quarantined, duplicates)
        for stream, rows_read, accepted, quarantined, duplicates in run_sql(
            conn, "ingest/export_counts"
        ).fetchall()
    ]
    skipped = 0
    for reason, rows in run_sql(conn, "ingest/export_skipped").fetchall():
        run_sql(
            conn,
            "ingest/record_skipped_rows",
            {"file_id": file_id, "reason": reason, "skipped": rows},
        )
        skipped += rows
    untaken = StreamCounts(family, rejected + skipped, 0, rejected, 0, skipped)
    return [untaken, *shares]
