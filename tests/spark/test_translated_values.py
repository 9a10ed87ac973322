"""Expressions whose meaning differs between DuckDB and Spark give the same values once
translated (statinwatch/spark/translate.py): each query runs on DuckDB as written and on Spark
as translated, over the same rows."""

import duckdb
import pytest

from statinwatch.spark.translate import to_spark, to_spark_tree

INDEXES = [-3, -1, 0, 1, 2, 3, 4]
QUERIES = {
    # DuckDB counts list positions from 1 and from the end when negative; 0 and out of range
    # give null. A computed index (the CK tier label's `[...][tier + 1]`) is the risky one.
    "a computed list index": "select k, [10, 20, 30][k] as v from t",
    "a computed index expression": "select k, [10, 20, 30][k + 1] as v from t",
    "a constant index": "select k, [10, 20, 30][2] as v from t",
    "a constant negative index": "select k, [10, 20, 30][-1] as v from t",
    # Null where absent in DuckDB, 0 in Spark's array_position.
    "a list position": "select k, list_position([1, 2, 3], k) as p from t",
    "any of a list": "select k, list_bool_or([k > 0, k > 2, null]) as b from t",
    # Linear interpolation between the nearest values on both.
    "a continuous quantile": "select k, quantile_cont(k, 0.3) over () as q from t",
    # DuckDB rounds a double half to even when casting it to an integer; Spark truncates.
    "an integer cast of a double": "select k, cast(k / 2 as bigint) as h from t",
    "a pattern written in pieces": (
        "select k, regexp_replace('ab' || cast(k as varchar), 'b' || '.*$', '') as r from t"
    ),
    "a materialised CTE": "with x as materialized (select k from t) select k from x",
}


def duckdb_rows(text: str) -> list[tuple]:
    with duckdb.connect() as conn:
        conn.execute("create table t as select unnest($k) as k", {"k": INDEXES})
        return sorted(conn.execute(text).fetchall())


def spark_rows(spark, text: str) -> list[tuple]:
    spark.createDataFrame([(k,) for k in INDEXES], "k int").createOrReplaceTempView("t")
    (tree,) = to_spark_tree(text, {})
    return sorted(tuple(row) for row in spark.sql(to_spark(tree)).collect())


@pytest.mark.parametrize("text", QUERIES.values(), ids=QUERIES.keys())
def test_the_translation_gives_duckdbs_values(spark, text):
    assert spark_rows(spark, text) == duckdb_rows(text)
