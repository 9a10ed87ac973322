"""DuckDB's in-place changes (UPDATE … FROM, DELETE … USING, DELETE … WHERE) and INSERT BY
NAME leave the same rows on Spark as on DuckDB (statinwatch/spark/statements.py): each runs on
DuckDB as written and on Spark as planned, over the same table."""

import duckdb
import pytest

from statinwatch.spark.lake import create_schema, table_folder
from statinwatch.spark.statements import run_statement, save
from statinwatch.spark.translate import to_spark_tree

TABLE = "dml.sessions"
COLUMNS = "id int, kind varchar, minutes int, hr double"
ROWS = [
    (1, "log", 30, None),
    (2, "log", None, None),
    (3, "device", 20, 120.0),
    (4, "log", 45, 99.5),
    (5, None, 10, None),
]
CHANGES = {
    # The set columns come from the one source row each table row matches; a row without one
    # keeps its values, and minutes stay an int though count() gives a bigint.
    "update from a query": """
        update dml.sessions s
        set minutes = a.n, hr = a.hr
        from (select id, count(*) as n, avg(id * 10.0) as hr from dml.sessions group by id) a
        where s.id = a.id and s.kind = 'log'
    """,
    "delete using a table": """
        delete from dml.sessions e
        using dml.sessions d
        where d.kind = 'device' and e.minutes < d.minutes
    """,
    # A null condition deletes nothing.
    "delete where": "delete from dml.sessions where minutes > 25",
    "insert by name": """
        insert into dml.sessions by name
        select 6 as id, 'device' as kind, cast(50 as bigint) as minutes
    """,
}


def duckdb_rows(change: str) -> list[tuple]:
    with duckdb.connect() as conn:
        conn.execute("create schema dml")
        conn.execute(f"create table {TABLE} ({COLUMNS})")
        conn.executemany(f"insert into {TABLE} values (?, ?, ?, ?)", ROWS)
        conn.execute(change)
        return sorted(conn.table(TABLE).fetchall(), key=repr)


def spark_rows(spark, lake, change: str, fresh: bool = True) -> tuple[list[tuple], str]:
    """The table's rows and column types on Spark after `change`; a fresh table unless told."""
    if fresh:
        create_schema(spark, "dml")
        save(spark.createDataFrame(ROWS, COLUMNS.replace("varchar", "string")), lake, TABLE)
    for tree in to_spark_tree(change, {}):
        run_statement(spark, lake, tree)
    table = spark.table(TABLE)
    types = ", ".join(f"{f.name} {f.dataType.simpleString()}" for f in table.schema.fields)
    return sorted((tuple(row) for row in table.collect()), key=repr), types


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_spark_leaves_the_rows_duckdb_leaves(spark, tmp_path, change):
    rows, types = spark_rows(spark, tmp_path, change)
    assert rows == duckdb_rows(change)
    assert types == COLUMNS.replace("varchar", "string")


def test_the_rows_changed(spark, tmp_path):
    """Negative control: every change above changes the table."""
    for change in CHANGES.values():
        assert duckdb_rows(change) != sorted(ROWS, key=repr)


@pytest.mark.parametrize(
    "change",
    [
        "update dml.sessions s set hr = a.hr from (select 9 as id, 1.0 as hr) a where s.id = a.id",
        "delete from dml.sessions e using dml.sessions d where e.id = d.id + 100",
    ],
    ids=["an update matching no row", "a delete matching no row"],
)
def test_a_change_of_no_row_writes_nothing(spark, tmp_path, change):
    spark_rows(spark, tmp_path, "select 1")
    folder = table_folder(tmp_path, TABLE)
    written = sorted(p.name for p in folder.iterdir())
    rows, _ = spark_rows(spark, tmp_path, change, fresh=False)
    assert rows == duckdb_rows(change) == sorted(ROWS, key=repr)
    assert sorted(p.name for p in folder.iterdir()) == written


def test_an_update_matching_a_row_twice_is_refused(spark, tmp_path):
    """DuckDB takes either source row; Spark would write the row twice: the step fails."""
    twice = """
        update dml.sessions s set hr = a.hr
        from (select 1 as id, 1.0 as hr union all select 1, 2.0) a
        where s.id = a.id
    """
    with pytest.raises(RuntimeError, match="more than once"):
        spark_rows(spark, tmp_path, twice)
