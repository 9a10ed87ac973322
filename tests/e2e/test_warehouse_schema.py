"""The warehouse's schema DDL runs when sql/schema/ changed since it was applied, not on every
open (each step opens the warehouse)."""

import duckdb

from statinwatch import resources
from statinwatch.resources import duckdb_settings, open_warehouse


def _count_schema_runs(monkeypatch) -> list[str]:
    runs: list[str] = []
    real = resources.run_sql_folder

    def counted(conn: duckdb.DuckDBPyConnection, folder: str) -> None:
        runs.append(folder)
        real(conn, folder)

    monkeypatch.setattr(resources, "run_sql_folder", counted)
    return runs


def test_the_schema_is_applied_once_and_again_when_its_sql_changes(tmp_path, monkeypatch):
    database = tmp_path / "warehouse.duckdb"
    runs = _count_schema_runs(monkeypatch)
    for _ in range(3):
        with open_warehouse(database, duckdb_settings(database)) as conn:
            tables = conn.execute("select count(*) from duckdb_tables()").fetchone()[0]
    assert runs == ["schema"]
    assert tables > 0

    # A changed schema file changes the fingerprint: the next open applies the DDL again.
    monkeypatch.setattr(resources, "fingerprint", lambda names: "a changed sql/schema/")
    for _ in range(2):
        with open_warehouse(database, duckdb_settings(database)):
            pass
    assert runs == ["schema", "schema"]


def test_a_warehouse_whose_schema_was_made_elsewhere_is_brought_up_to_date(tmp_path, monkeypatch):
    database = tmp_path / "warehouse.duckdb"
    # Made by an older statinwatch: tables, but no record of which schema they follow.
    with duckdb.connect(str(database)) as conn:
        conn.execute("create schema ingest")
        conn.execute("create table ingest.incremental_builds (table_name varchar primary key, "
                     "fingerprint varchar not null, built_at timestamp not null)")  # fmt: skip
    runs = _count_schema_runs(monkeypatch)
    with open_warehouse(database, duckdb_settings(database)) as conn:
        schemas = {
            row[0] for row in conn.execute("select schema_name from duckdb_schemas()").fetchall()
        }
    assert runs == ["schema"]
    assert {"raw", "staging", "clinical", "review"} <= schemas
