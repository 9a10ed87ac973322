"""Append-only staging (statinwatch/staging/staged_tables.py): a run stages only the files it
has not seen, and a change to the typing SQL rebuilds the table from every raw row."""

import shutil

import duckdb

import statinwatch.incremental
import statinwatch.vocabulary
from statinwatch.paths import VOCABULARY_DIR
from statinwatch.sql import load_sql
from statinwatch.staging import staged_tables
from statinwatch.vocabulary import load_vocabulary

LAB_COLUMNS = "(file_id, line, row_hash, patient_id, collected_at, test, value, unit)"


def add_lab(conn: duckdb.DuckDBPyConnection, file_id: int, value: float, unit: str) -> None:
    conn.execute(
        f"insert into raw.labs {LAB_COLUMNS} values (?, 2, ?, 'P1', '2026-04-01 08:00', 'CK', ?, ?)",
        [file_id, f"h{file_id}", value, unit],
    )


def staged(conn: duckdb.DuckDBPyConnection) -> list[tuple]:
    return conn.execute("select file_id, value, unit from staging.labs order by file_id").fetchall()


def test_each_file_is_staged_once_and_later_files_are_appended(conn):
    add_lab(conn, 1, 100, "U/L")
    staged_tables.stage_new_files(conn, "labs", "staging.labs")
    staged_tables.stage_new_files(conn, "labs", "staging.labs")
    assert staged(conn) == [(1, 100.0, "U/L")]

    add_lab(conn, 2, 2, "µkat/L")
    staged_tables.stage_new_files(conn, "labs", "staging.labs")
    assert staged(conn) == [(1, 100.0, "U/L"), (2, 120.0, "U/L")]


def test_a_changed_typing_sql_rebuilds_the_staged_table_from_raw(conn, monkeypatch):
    add_lab(conn, 1, 100, "U/L")
    staged_tables.stage_new_files(conn, "labs", "staging.labs")
    conn.execute("update staging.labs set value = -1")  # stands for rows typed the old way

    original = load_sql("staging/labs")
    changed = original.replace("as collected_date,", "as collected_date, 1 as marker,")
    assert changed != original

    def changed_sql(name: str) -> str:
        return changed if name == "staging/labs" else load_sql(name)

    for module in (staged_tables, statinwatch.incremental):
        monkeypatch.setattr(module, "load_sql", changed_sql)
    staged_tables.stage_new_files(conn, "labs", "staging.labs")

    assert staged(conn) == [(1, 100.0, "U/L")]
    assert conn.execute("select marker from staging.labs").fetchall() == [(1,)]


def test_a_changed_macro_rebuilds_the_staged_table(conn, monkeypatch):
    add_lab(conn, 1, 100, "U/L")
    staged_tables.stage_new_files(conn, "labs", "staging.labs")
    conn.execute("update staging.labs set value = -1")  # stands for rows typed the old way

    macros = load_sql("schema/01_macros") + "\n-- sw_ck_factor changed\n"
    monkeypatch.setattr(
        statinwatch.incremental,
        "load_sql",
        lambda name: macros if name == "schema/01_macros" else load_sql(name),
    )
    staged_tables.stage_new_files(conn, "labs", "staging.labs")

    assert staged(conn) == [(1, 100.0, "U/L")]


def test_a_changed_code_list_rebuilds_the_staged_medications(conn, monkeypatch, tmp_path):
    """Medications are typed against the vocabulary once per file; a brand added to the code
    list must re-read the records staged before it, not only later ones."""
    conn.execute(
        "insert into raw.medications (file_id, line, row_hash, patient_id, drug, dose_mg, "
        "start_date, status) values (1, 2, 'h1', 'P1', 'Zocorix 20 mg tablet', 20, "
        "'2026-01-01', 'active')"
    )
    load_vocabulary(conn)
    staged_tables.stage_new_files(conn, "medications", "staging.medications")
    statins = "select statin from staging.medications"
    assert conn.execute(statins).fetchall() == [(None,)]

    vocabulary = tmp_path / "vocabulary"
    shutil.copytree(VOCABULARY_DIR, vocabulary)
    with (vocabulary / "statin_names.csv").open("a", encoding="utf-8") as names:
        names.write("zocorix,simvastatin,brand\n")
    for module in (statinwatch.incremental, statinwatch.vocabulary):
        monkeypatch.setattr(module, "VOCABULARY_DIR", vocabulary)
    load_vocabulary(conn)
    staged_tables.stage_new_files(conn, "medications", "staging.medications")
    assert conn.execute(statins).fetchall() == [("simvastatin",)]
