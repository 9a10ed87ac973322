"""Files ingested as a batch are recorded exactly as if each had come alone: the same rows under
the same file, the same counts, the same quarantine lines and reasons, duplicates across the
batch's files included; files a batch read cannot take fall back to one at a time."""

import json
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from statinwatch.ingest import load as ingest_module
from statinwatch.ingest.landing import discover
from statinwatch.ingest.load import ingest_file, ingest_files
from statinwatch.ingest.streams import STREAM_SPECS
from tests.support.home import csv_text, write_landing
from tests.support.ingesting import AS_OF, scratch_warehouse

EXERCISE_HEADER = "patient_id,start_time,duration_min,activity,rpe"
# Per stream folder, in path order: a run of alike files with a duplicate across files, bad
# rows, a malformed record (the batch must fall back), a file with another header, and a
# JSON Lines file that names its keys differently.
LANDING = {
    "exercise/d1.csv": csv_text(
        EXERCISE_HEADER, "P1,2026-04-01T07:00,30,running,5", "P2,2026-04-01T08:00,-5,running,5"
    ),
    "exercise/d2.csv": csv_text(
        EXERCISE_HEADER, "P1,2026-04-01T07:00,30,running,5", "P3,2026-04-02T09:00,45,cycling,11"
    ),
    "exercise/d3.csv": csv_text(
        EXERCISE_HEADER, "P4,2026-04-03T07:00,20,walking,3", "P4,2026-04-03T07:00,20,walking,3"
    ),
    "exercise/d4.csv": csv_text(
        "patient_id,start_time,duration_min,activity",
        "P5,2026-04-04T07:00,25,swimming",
        "P6,not a time,25,swimming",
    ),
    "exercise/d5.csv": csv_text(
        EXERCISE_HEADER, "P7,2026-04-05T07:00,30,running,5", 'P8,"2026-04-05T07:00,30'
    ),
    "exercise/d6.csv": csv_text(EXERCISE_HEADER, "P9,2026-04-06T07:00,30,running,5"),
    "symptoms/s1.jsonl": "\n".join(
        json.dumps(row)
        for row in (
            {"patient_id": "P1", "reported_at": "2026-04-02T08:00", "symptom": "myalgia"},
            {"patient_id": "P2", "reported_at": "2026-04-02", "symptom": "cramps", "severity": 12},
        )
    )
    + "\n",
    "symptoms/s2.jsonl": json.dumps(
        {"patient_id": "P1", "reported_at": "2026-04-02T08:00", "symptom": "myalgia"}
    )
    + "\n\n"
    + json.dumps({"patient_id": "P3", "reported_at": "2026-04-03", "symptom": "weakness"})
    + "\n",
    "symptoms/s3.jsonl": json.dumps(
        {"Patient ID": "P4", "Reported At": "2026-04-04", "Symptom": "myalgia"}
    )
    + "\n",
}
PARQUET_DAYS = 3


def _land(landing: Path) -> None:
    for relative, content in LANDING.items():
        write_landing(landing, relative, content)
    for day in range(1, PARQUET_DAYS + 1):
        frame = pd.DataFrame(
            {
                "patient_id": ["P1", f"P{day + 10}"],
                "collected_at": [f"2026-04-0{day}T08:00", f"2026-04-0{day}T09:00"],
                "test": ["CK", "CK"],
                "value": [180.0 if day < 3 else -1.0, 250.0],
            }
        )
        path = landing / "labs" / f"labs_{day}.parquet"
        path.parent.mkdir(parents=True, exist_ok=True)
        frame.to_parquet(path)


def _recorded(conn: duckdb.DuckDBPyConnection) -> dict[str, list]:
    """Everything ingest wrote, keyed by landing path rather than file id."""
    files = conn.execute(
        "select path, status, rows_read, accepted, quarantined, duplicates, reason "
        "from ingest.files order by path"
    ).fetchall()
    quarantine = conn.execute(
        "select path, stream, line, reason, record from ingest.quarantine order by all"
    ).fetchall()
    rows = conn.execute(
        "select f.path, r.line, r.row_hash from ("
        " select file_id, line, row_hash from raw.exercise union all"
        " select file_id, line, row_hash from raw.symptoms union all"
        " select file_id, line, row_hash from raw.labs"
        ") r join ingest.files f using (file_id) order by all"
    ).fetchall()
    return {"files": files, "quarantine": quarantine, "rows": rows}


def _ingest(landing: Path, together: bool) -> dict[str, list]:
    with scratch_warehouse() as conn:
        for stream in ("exercise", "symptoms", "labs"):
            spec = STREAM_SPECS[stream]
            files = discover(landing, stream)
            if together:
                list(ingest_files(conn, files, spec, "run", AS_OF))
            else:
                for file in files:
                    ingest_file(conn, file, spec, "run", AS_OF)
        return _recorded(conn)


@pytest.fixture
def landing(tmp_path: Path) -> Path:
    root = tmp_path / "home" / "landing"
    _land(root)
    return root


def test_batched_ingest_records_what_one_file_at_a_time_records(landing, monkeypatch):
    reads: list[list[str]] = []
    read = ingest_module.read_landing_files

    def recording_read(conn, files, spec):
        reads.append([file.relative_path for file in files])
        return read(conn, files, spec)

    monkeypatch.setattr(ingest_module, "read_landing_files", recording_read)
    batched = _ingest(landing, together=True)
    one_by_one = _ingest(landing, together=False)

    assert batched == one_by_one
    # The batches were really read as one: d1-d3 share a header, d4 has its own, d5's
    # malformed record sends d5-d6 back to one file at a time, s3 names its keys differently.
    assert ["exercise/d1.csv", "exercise/d2.csv", "exercise/d3.csv"] in reads
    assert ["exercise/d5.csv", "exercise/d6.csv"] in reads
    assert ["exercise/d5.csv"] in reads and ["exercise/d6.csv"] in reads
    assert ["symptoms/s1.jsonl", "symptoms/s2.jsonl", "symptoms/s3.jsonl"] in reads
    assert ["symptoms/s3.jsonl"] in reads
    assert ["labs/labs_1.parquet", "labs/labs_2.parquet", "labs/labs_3.parquet"] in reads


def test_a_batch_counts_a_row_repeated_in_a_later_file_as_that_files_duplicate(landing):
    files = {row[0]: row[1:] for row in _ingest(landing, together=True)["files"]}
    # (status, read, accepted, quarantined, duplicates, reason)
    assert files["exercise/d1.csv"] == ("ingested", 2, 1, 1, 0, None)
    assert files["exercise/d2.csv"] == ("ingested", 2, 0, 1, 1, None)
    assert files["exercise/d3.csv"] == ("ingested", 2, 1, 0, 1, None)
    assert files["symptoms/s2.jsonl"] == ("ingested", 2, 1, 0, 1, None)


def test_a_batch_quarantines_each_bad_row_under_its_own_file_and_line(landing):
    quarantine = {
        (path, line): reason for path, _, line, reason, _ in _ingest(landing, True)["quarantine"]
    }
    assert quarantine[("exercise/d1.csv", 3)].startswith("duration_min must be > 0")
    assert quarantine[("exercise/d2.csv", 3)].startswith("rpe out of range")
    assert quarantine[("exercise/d4.csv", 3)].startswith("unparseable start_time")
    assert quarantine[("symptoms/s1.jsonl", 2)].startswith("severity")
    assert quarantine[("labs/labs_3.parquet", 1)].startswith("CK value must be > 0")
