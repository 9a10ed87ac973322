"""Bad input never loses a row: a corpus of broken, odd and hostile landing files, ingested by
the real ingest assets. Each bad row is quarantined with its line and a precise reason, each
good row is kept, every file satisfies rows_read = accepted + quarantined + duplicates, and a
file that cannot be read is quarantined whole while the others go on."""

import json
import random
from pathlib import Path

import pytest

from tests.support.home import csv_text, query
from tests.support.ingesting import (
    assert_accounted,
    files_table,
    ingest_landing,
    quarantined,
    write_landing,
)

LABS = "patient_id,collected_at,test,value,unit"
EXERCISE = "patient_id,start_time,duration_min,activity,notes"
SYMPTOMS = "patient_id,reported_at,symptom,severity,notes"
HOSTILE = "'); drop table raw.exercise; --"
MEGABYTE_NOTE = "sore " * (1 << 18)
LABS_VALUES = csv_text(
    LABS,
    "L1,2026-04-01,CK,150,U/L",
    "L1,2026-04-02,CK,-40,U/L",
    "L1,2026-04-03,CK,150,mmol/L",
    "L1,2026-04-04,CK,Infinity,U/L",
    "L1,2026-04-05,CK,150,U/L,extra",
    "L1,2026-04-06,CK,0,U/L",
    "L1,2026-04-07,CK,180,U/L",
)


def _jsonl(*records: dict | str) -> str:
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records)


# path under landing/ → content; every good row names its own patient, so no file's rows are
# another's duplicates unless the case is about duplicates.
CORPUS: dict[str, str | bytes] = {
    "labs/values.csv": LABS_VALUES,
    "labs/values_again.csv": LABS_VALUES,  # the same bytes under another name
    "exercise/dates and durations.csv": csv_text(
        EXERCISE,
        "X1,2026-04-01T07:00:00,30,running,",
        "X1,2026-04-31T07:00,30,running,",
        "X1,yesterday,30,running,",
        "X1,infinity,30,running,",
        "X1,2026-04-02T07:00,-5,running,",
        "X1,2026-04-02T08:00,1441,running,",
        "X1,2026-04-02T09:00,nan,running,",
    ),
    "symptoms/values.jsonl": _jsonl(
        {"patient_id": "S1", "reported_at": "2026-04-01", "symptom": "cramp", "severity": 3},
        {"patient_id": "S1", "reported_at": "2026-04-02", "symptom": "cramp", "severity": -1},
        {"patient_id": "S1", "reported_at": "2026-04-03", "symptom": "cramp", "severity": 10.5},
        {"patient_id": "S1", "reported_at": "01/04/2026", "symptom": "cramp"},
    ),
    "symptoms/no symptom key.ndjson": _jsonl({"patient_id": "S9", "reported_at": "2026-04-01"}),
    "labs/bom.csv": "\ufeff" + csv_text(LABS, "L2,2026-04-01,CK,150,U/L"),
    "symptoms/windows-1252.csv": csv_text(
        SYMPTOMS, "S2,2026-04-01,myalgia,4,“sore” after 5 km – Müller"
    ).encode("cp1252"),
    "symptoms/latin-1.csv": csv_text(SYMPTOMS, "S3,2026-04-01,myalgia,4,Ærø façade").encode(
        "latin-1"
    ),
    "symptoms/multi-line.csv": csv_text(
        SYMPTOMS,
        'S4,2026-04-01,myalgia,4,"first line\nsecond line, with ""quotes"""',
        "S4,2026-04-02,cramp,2,",
    ),
    "symptoms/megabyte.csv": csv_text(
        SYMPTOMS, f"S5,2026-04-01,myalgia,4,{MEGABYTE_NOTE}", "S5,2026-04-02,cramp,11,"
    ),
    "exercise/hostile.csv": csv_text(
        EXERCISE + ',"x""); drop table raw.labs; --"',
        f'"{HOSTILE}",2026-04-01T07:00,30,running,"{HOSTILE}",x',
    ),
    "exercise/hostile.jsonl": _jsonl(
        {
            "patient_id": "X2",
            "start_time": "2026-04-01T07:00",
            "duration_min": 20,
            "activity": HOSTILE,
            "'); drop table raw.symptoms; --": 1,
        },
    ),
    "labs/Müller résultats 2026.csv": csv_text(LABS, "L3,2026-04-01,CK,150,U/L"),
    # DuckDB reads a path as a glob: "[copy]" would match "labs c.csv" beside it.
    "labs/labs [copy].csv": csv_text(LABS, "L4,2026-04-01,CK,150,U/L"),
    "labs/labs c.csv": csv_text(LABS, "L5,2026-04-01,CK,150,U/L"),
    "labs/what?.csv": csv_text(LABS, "L6,2026-04-01,CK,150,U/L"),
    "exercise/random.csv": random.Random(8).randbytes(4096),
    "symptoms/random.jsonl": random.Random(9).randbytes(4096),
    "exercise/empty.jsonl": b"",
    "patients/blank lines.csv": "\n\n\n",
    "medications/dupes.jsonl": _jsonl(
        *[{"patient_id": "M1", "drug": "simvastatin 20 mg", "start_date": "2026-04-01"}] * 3
    ),
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("bad-input") / "home"
    for relative, content in CORPUS.items():
        write_landing(home / "landing", relative, content)
    ingest_landing(home)
    return home


def test_every_file_is_accounted_and_only_the_copy_is_skipped(corpus):
    files = files_table(corpus)
    assert set(files) == set(CORPUS) - {"labs/values_again.csv"}  # same bytes: read once
    for entry in files.values():
        assert_accounted(entry)


@pytest.mark.parametrize(
    ("path", "accepted", "expected"),
    [
        ("labs/values.csv", 2, [
            (3, "CK value must be > 0, got '-40'"),
            (4, "unknown CK unit 'mmol/L' (expected U/L or ukat/L)"),
            (5, "value is not a number 'Infinity'"),
            (6, "malformed CSV record: Expected Number of Columns: 5 Found: 6"),
            # after a malformed record the lines still name the file's own lines
            (7, "CK value must be > 0, got '0'"),
        ]),
        ("exercise/dates and durations.csv", 1, [
            (3, "unparseable start_time '2026-04-31T07:00'"),
            (4, "unparseable start_time 'yesterday'"),
            (5, "unparseable start_time 'infinity'"),
            (6, "duration_min must be > 0 and at most a day (1440), got '-5'"),
            (7, "duration_min must be > 0 and at most a day (1440), got '1441'"),
            (8, "duration_min must be > 0 and at most a day (1440), got 'nan'"),
        ]),
        ("symptoms/values.jsonl", 1, [
            (2, "severity must be 0-10, got '-1'"),
            (3, "severity must be 0-10, got '10.5'"),
            (4, "unparseable reported_at '01/04/2026'"),
        ]),
        ("symptoms/no symptom key.ndjson", 0, [
            (1, "missing required column symptom; missing symptom"),
        ]),
        ("symptoms/megabyte.csv", 1, [(3, "severity must be 0-10, got '11'")]),
        ("symptoms/multi-line.csv", 2, []),
        ("labs/bom.csv", 1, []),
        ("symptoms/windows-1252.csv", 1, []),
        ("symptoms/latin-1.csv", 1, []),
        ("exercise/hostile.csv", 1, []),
        ("exercise/hostile.jsonl", 1, []),
        ("labs/Müller résultats 2026.csv", 1, []),
        ("labs/labs [copy].csv", 1, []),
        ("labs/labs c.csv", 1, []),
        ("labs/what?.csv", 1, []),
    ],
)  # fmt: skip
def test_bad_rows_are_quarantined_with_line_and_reason_and_good_rows_kept(
    corpus, path, accepted, expected
):
    entry = files_table(corpus)[path]
    assert (entry["status"], entry["accepted"], entry["quarantined"]) == (
        "ingested",
        accepted,
        len(expected),
    )
    assert quarantined(corpus, path) == expected


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("exercise/random.csv", "cannot read as CSV: "),
        (
            "symptoms/random.jsonl",
            "cannot read as JSON Lines: Invalid Input Error: CSV Error on Line: 1: Invalid unicode",
        ),
        ("exercise/empty.jsonl", "empty file"),
        ("patients/blank lines.csv", "no recognisable header"),
    ],
)
def test_unreadable_files_are_quarantined_whole_with_their_reason(corpus, path, reason):
    entry = files_table(corpus)[path]
    assert (entry["status"], entry["rows_read"]) == ("quarantined", 0)
    assert entry["reason"].startswith(reason)
    assert quarantined(corpus, path) == [(None, "whole file: " + entry["reason"])]


def test_text_survives_encodings_newlines_and_size_as_written(corpus):
    notes = dict(
        query(corpus, "select patient_id, notes from raw.symptoms where notes is not null")
    )
    assert notes["S2"] == "“sore” after 5 km – Müller"
    assert notes["S3"] == "Ærø façade"
    assert notes["S4"] == 'first line\nsecond line, with "quotes"'
    assert notes["S5"] == MEGABYTE_NOTE.strip()


def test_sql_in_values_and_names_is_stored_as_text(corpus):
    stored = query(
        corpus, "select patient_id, activity, notes from raw.exercise where file_id in "
        "(select file_id from ingest.files where path like 'exercise/hostile%') order by line",
    )  # fmt: skip
    assert sorted(stored) == [(HOSTILE, "running", HOSTILE), ("X2", HOSTILE.lower(), None)]
    assert query(corpus, "select count(*) from raw.labs") == [(7,)]  # intact: every good row


def test_each_file_brings_its_own_rows_whatever_its_name(corpus):
    by_file = query(
        corpus,
        "select f.path, l.patient_id from raw.labs l join ingest.files f using (file_id) "
        "where f.path not in ('labs/values.csv') order by f.path",
    )
    assert by_file == [
        ("labs/Müller résultats 2026.csv", "L3"),
        ("labs/bom.csv", "L2"),
        ("labs/labs [copy].csv", "L4"),
        ("labs/labs c.csv", "L5"),
        ("labs/what?.csv", "L6"),
    ]


def test_exact_duplicate_records_are_counted_not_stored_twice(corpus):
    entry = files_table(corpus)["medications/dupes.jsonl"]
    assert (entry["rows_read"], entry["accepted"], entry["duplicates"]) == (3, 1, 2)
    assert query(corpus, "select count(*) from raw.medications") == [(1,)]


def test_a_file_changed_after_ingest_is_a_new_file_whose_old_rows_are_duplicates(home):
    path = write_landing(home / "landing", "labs/l.csv", csv_text(LABS, "C1,2026-04-01,CK,90,U/L"))
    ingest_landing(home)
    with path.open("a", encoding="utf-8") as handle:
        handle.write("C1,2026-04-02,CK,-1,U/L\nC1,2026-04-03,CK,95,U/L\n")
    ingest_landing(home)
    first, second = query(
        home,
        "select rows_read, accepted, quarantined, duplicates from ingest.files order by file_id",
    )
    assert (first, second) == ((1, 1, 0, 0), (3, 1, 1, 1))
    assert quarantined(home, "labs/l.csv") == [(3, "CK value must be > 0, got '-1'")]


def _outside_file(tmp_path: Path) -> Path:
    """A valid labs file outside the home, which must never be read."""
    return write_landing(
        tmp_path / "outside", "labs/secret.csv", csv_text(LABS, "OUT,2026-04-01,CK,150,U/L")
    )


def test_links_out_of_the_home_are_quarantined_whole_unread(home, tmp_path):
    outside = _outside_file(tmp_path)
    landing = home / "landing"
    write_landing(landing, "labs/inside.csv", csv_text(LABS, "IN,2026-04-01,CK,150,U/L"))
    (landing / "labs" / "linked.csv").symlink_to(outside)
    (landing / "labs" / "linked folder").symlink_to(outside.parent, target_is_directory=True)
    (landing / "exports").mkdir()
    (landing / "exports" / "linked.csv").symlink_to(outside)
    (landing / "labs" / "in-home link.csv").symlink_to(landing / "labs" / "inside.csv")
    ingest_landing(home)
    files = files_table(home)
    refused = {path: e["reason"] for path, e in files.items() if e["status"] == "quarantined"}
    reason = "links outside the statinwatch home (to {}); not read"
    assert refused == {
        "labs/linked.csv": reason.format(outside.resolve()),
        "labs/linked folder": reason.format(outside.parent.resolve()),
        "exports/linked.csv": reason.format(outside.resolve()),
    }
    assert query(home, "select distinct patient_id from raw.labs") == [("IN",)]
    ingest_landing(home)  # refused once, not again on every run
    assert len(files_table(home)) == len(files)


@pytest.mark.parametrize("linked", ["landing", "landing/labs"])
def test_a_landing_or_stream_folder_linked_out_of_the_home_is_not_read(home, tmp_path, linked):
    outside = _outside_file(tmp_path).parent.parent
    target = outside if linked == "landing" else outside / "labs"
    (home / "landing").rmdir()
    if linked == "landing/labs":
        (home / "landing").mkdir()
    (home / linked).symlink_to(target, target_is_directory=True)
    ingest_landing(home)
    assert query(home, "select count(*) from raw.labs") == [(0,)]
    entries = files_table(home).values()
    assert entries and all(e["status"] == "quarantined" for e in entries)
    assert all(e["reason"].startswith("links outside the statinwatch home") for e in entries)
