"""Ingest: every native format, exactly-once files, duplicates, quarantine and accounting."""

import json

import duckdb
import pandas as pd
import pytest

from statinwatch.sql import run_sql_folder
from tests.support.home import csv_text, query, run_day
from tests.support.ingesting import assert_accounted, files_table

AS_OF = "2026-05-01"
MEDS_HEADER = "patient_id,drug,dose_mg,start_date,end_date,days_supply,record_type,status"
MED_ROW = "P1,Atorvastatin 40 mg oral tablet,40,2026-04-01,,90,dispense,active"


def test_same_rows_in_csv_parquet_and_jsonl_ingest_identically(home, land):
    rows = pd.DataFrame(
        {
            "patient_id": ["P1", "P2"],
            "reported_at": ["2026-04-20T08:00:00", "2026-04-21T09:30:00-05:00"],
            "symptom": ["myalgia", "cramp"],
            "severity": [5, 3],
            "side": ["both", "left"],
            "nocturnal": ["false", "true"],
        }
    )
    for suffix in ("a", "b", "c"):
        land("symptoms", f"{suffix}/.keep", "")  # hidden files are never ingested
    land("symptoms", "a/s.csv", rows.to_csv(index=False))
    path = land("symptoms", "b/s.parquet", b"")
    rows.to_parquet(path, index=False)
    land("symptoms", "c/s.jsonl", rows.to_json(orient="records", lines=True))
    assert run_day(home, AS_OF).success
    files = files_table(home)
    assert set(files) == {"symptoms/a/s.csv", "symptoms/b/s.parquet", "symptoms/c/s.jsonl"}
    # The first file brings the rows; the same rows in the other formats are duplicates.
    assert files["symptoms/a/s.csv"]["accepted"] == 2
    assert files["symptoms/b/s.parquet"]["duplicates"] == 2
    assert files["symptoms/c/s.jsonl"]["duplicates"] == 2
    # A native file's every row belongs to its stream: nothing is skipped, in any format.
    for entry in files.values():
        assert (entry["rows_read"], entry["skipped"]) == (2, 0)
        assert_accounted(entry)
    assert query(home, "select count(*) from ingest.skipped_rows") == [(0,)]
    stored = query(
        home,
        "select patient_id, reported_at, utc_offset_min, symptom, severity, nocturnal "
        "from raw.symptoms order by patient_id",
    )
    assert [(r[0], str(r[1]), r[2], r[3], r[4], r[5]) for r in stored] == [
        ("P1", "2026-04-20 08:00:00", None, "myalgia", 5.0, False),
        ("P2", "2026-04-21 09:30:00", -300, "cramp", 3.0, True),
    ]


def test_a_file_is_ingested_once_and_redropped_bytes_change_nothing(home, land):
    land("medications", "m.csv", csv_text(MEDS_HEADER, MED_ROW))
    assert run_day(home, AS_OF).success
    land("medications", "copy/renamed.csv", csv_text(MEDS_HEADER, MED_ROW))
    assert run_day(home, AS_OF).success
    assert list(files_table(home)) == ["medications/m.csv"]
    assert query(home, "select count(*) from raw.medications") == [(1,)]


def test_rows_seen_before_or_repeated_in_a_file_are_counted_as_duplicates(home, land):
    land("medications", "m1.csv", csv_text(MEDS_HEADER, MED_ROW))
    other = MED_ROW.replace("P1", "P2")
    land("medications", "m2.csv", csv_text(MEDS_HEADER, MED_ROW, other, other))
    assert run_day(home, AS_OF).success
    second = files_table(home)["medications/m2.csv"]
    assert (second["rows_read"], second["accepted"], second["duplicates"]) == (3, 1, 2)
    assert query(home, "select count(*) from raw.medications") == [(2,)]


def test_a_changed_file_adds_only_its_new_rows(home, land):
    path = land("medications", "m.csv", csv_text(MEDS_HEADER, MED_ROW))
    assert run_day(home, AS_OF).success
    path.write_text(csv_text(MEDS_HEADER, MED_ROW, MED_ROW.replace("P1", "P3")), encoding="utf-8")
    assert run_day(home, AS_OF).success
    assert query(home, "select count(*) from ingest.files") == [(2,)]
    assert sorted(query(home, "select patient_id from raw.medications")) == [("P1",), ("P3",)]


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("P1,,40,2026-04-01,,,,", "missing drug"),
        (",Atorvastatin,40,2026-04-01,,,,", "missing patient_id"),
        ("P1,Atorvastatin,40,2026-02-30,,,,", "unparseable start_date '2026-02-30'"),
        ("P1,Atorvastatin,40,2026-04-01,2026-03-01,,,", "end_date before start_date"),
        ("P1,Atorvastatin,-5,2026-04-01,,,,", "dose_mg must be a positive number"),
        ("P1,Atorvastatin,40,2026-04-01,,2.5,,", "days_supply must be a whole number"),
        ("P1,Atorvastatin,40,2026-04-01,,,refill,", "unknown record_type 'refill'"),
    ],
)
def test_invalid_medication_rows_are_quarantined_with_line_and_reason(home, land, row, reason):
    land("medications", "m.csv", csv_text(MEDS_HEADER, MED_ROW, row))
    assert run_day(home, AS_OF).success
    (entry,) = files_table(home).values()
    assert (entry["accepted"], entry["quarantined"]) == (1, 1)
    ((line, stored_reason),) = query(home, "select line, reason from ingest.quarantine")
    assert line == 3
    assert reason in stored_reason


@pytest.mark.parametrize(
    ("stream", "header", "row", "reason"),
    [
        ("exercise", "patient_id,start_time,duration_min,activity", "P1,2026-04-01T07:00,-10,running",
         "duration_min must be > 0"),
        ("exercise", "patient_id,start_time,duration_min,activity", "P1,2026-04-01T07:00,2000,running",
         "at most a day"),
        ("symptoms", "patient_id,reported_at,symptom,severity", "P1,2026-04-01,myalgia,12",
         "severity must be 0-10"),
        ("labs", "patient_id,collected_at,test,value,unit", "P1,2026-04-01,CK,0,U/L",
         "CK value must be > 0"),
        ("labs", "patient_id,collected_at,test,value,unit", "P1,2026-04-01,CK,300,mg/dL",
         "unknown CK unit 'mg/dL'"),
        ("patients", "patient_id,sex", "P1,female", "sex must be F, M or U"),
    ],
)  # fmt: skip
def test_out_of_range_values_are_quarantined(home, land, stream, header, row, reason):
    land(stream, "f.csv", csv_text(header, row))
    assert run_day(home, AS_OF).success
    ((stored_reason,),) = query(home, "select reason from ingest.quarantine")
    assert reason in stored_reason


def test_missing_required_column_quarantines_each_row_with_that_reason(home, land):
    land("labs", "l.csv", csv_text("patient_id,collected_at,value", "P1,2026-04-01,100"))
    assert run_day(home, AS_OF).success
    assert query(home, "select line, reason from ingest.quarantine") == [
        (2, "missing required column test; missing test")
    ]


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.csv", b"", "empty file"),
        ("binary.parquet", b"\x00\x01\x02 not parquet", "cannot read as Parquet"),
        ("notes.txt", b"patient_id\nP1\n", "unsupported file type '.txt'"),
        ("headerless.csv", b"P1,2026-04-01,CK,100\n", "no recognisable header"),
    ],
)
def test_unreadable_files_are_quarantined_whole_and_the_run_goes_on(
    home, land, name, content, reason
):
    land("labs", name, content)
    land("labs", "good.csv", csv_text("patient_id,collected_at,test,value", "P1,2026-04-01,CK,90"))
    assert run_day(home, AS_OF).success
    files = files_table(home)
    assert files[f"labs/{name}"]["status"] == "quarantined"
    assert reason in files[f"labs/{name}"]["reason"]
    assert files["labs/good.csv"]["accepted"] == 1
    ((whole_reason,),) = query(home, "select reason from ingest.quarantine where line is null")
    assert whole_reason.startswith("whole file: ")


def test_column_names_are_case_insensitive_and_extra_columns_are_ignored(home, land):
    land(
        "labs",
        "l.csv",
        csv_text("Patient_ID,COLLECTED_AT,Test,Value,Unit,Ref_High,lab_name", "P1,2026-04-01,CK,2,ukat/L,3.3,X"),
    )  # fmt: skip
    assert run_day(home, AS_OF).success
    assert query(home, "select value, unit, ref_high from staging.labs") == [(120.0, "U/L", 198.0)]


def test_jsonl_lines_that_are_not_objects_are_quarantined_by_line(home, land):
    good = json.dumps({"patient_id": "P1", "reported_at": "2026-04-01", "symptom": "cramp"})
    land("symptoms", "s.ndjson", "\n".join([good, "[1, 2]", "{broken", ""]) + "\n")
    assert run_day(home, AS_OF).success
    assert query(home, "select line from ingest.quarantine order by line") == [(2,), (3,)]
    (entry,) = files_table(home).values()
    assert (entry["rows_read"], entry["accepted"], entry["quarantined"]) == (3, 1, 2)
    assert_accounted(entry)


def test_malformed_csv_records_are_quarantined_not_fatal(home, land):
    land(
        "labs",
        "l.csv",
        csv_text("patient_id,collected_at,test,value", "P1,2026-04-01,CK,90", "P2,2026-04-01,CK,80,extra"),
    )  # fmt: skip
    assert run_day(home, AS_OF).success
    (entry,) = files_table(home).values()
    assert (entry["accepted"], entry["quarantined"]) == (1, 1)
    ((reason,),) = query(home, "select reason from ingest.quarantine")
    assert reason.startswith("malformed CSV record")


# ingest.files and ingest.file_streams as the first release created them, before skipped rows.
FIRST_RELEASE_INGEST = """
create schema ingest;
create table ingest.files (
    file_id bigint primary key, sha256 varchar not null unique, path varchar not null,
    stream varchar not null, format varchar, size_bytes bigint, status varchar not null,
    rows_read bigint not null, accepted bigint not null, quarantined bigint not null,
    duplicates bigint not null, reason varchar, run_id varchar, as_of date,
    ingested_at timestamp not null, validated_at timestamp
);
create table ingest.file_streams (
    file_id bigint not null, stream varchar not null, rows_read bigint not null,
    accepted bigint not null, quarantined bigint not null, duplicates bigint not null,
    validated_at timestamp, primary key (file_id, stream)
);
insert into ingest.files values
    (1, 'a', 'labs/l.csv', 'labs', 'csv', 10, 'ingested', 3, 2, 1, 0, null, 'r', null, now(), null);
"""


def test_a_home_made_before_skipped_rows_gains_them_with_nothing_skipped():
    with duckdb.connect() as conn:
        conn.execute(FIRST_RELEASE_INGEST)
        for _ in range(2):  # the schema files run on every connection
            run_sql_folder(conn, "schema")
        assert conn.execute(
            "select rows_read, accepted, quarantined, duplicates, skipped from ingest.files"
        ).fetchall() == [(3, 2, 1, 0, 0)]
        assert conn.execute(
            "select stream, rows_read, skipped from ingest.file_streams"
        ).fetchall() == [("labs", 3, 0)]
        assert conn.execute("select count(*) from ingest.skipped_rows").fetchall() == [(0,)]
        # Old and new homes end with the same columns in the same order.
        columns = conn.execute("select * from ingest.files limit 0").description
        assert [c[0] for c in columns][-2:] == ["validated_at", "skipped"]
