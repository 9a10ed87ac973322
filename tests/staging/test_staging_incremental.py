"""Append-only staging (statinwatch/staging/staged_tables.py): a run stages only the files it
has not seen, and a change to the typing SQL rebuilds the table from every raw row."""

import duckdb

import statinwatch.incremental
from statinwatch.sql import load_sql
from statinwatch.staging import staged_tables

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
