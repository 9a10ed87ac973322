"""Whether a statement of sql/ can run on Spark: it translates (statinwatch/spark/translate.py
refuses what it cannot carry over), Spark's own parser reads the result, and every function it
calls is one Spark knows. tests/spark/test_portable_sql.py holds every Spark-bound file to it."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import sqlglot
from sqlglot import exp

from statinwatch.spark.statements import spark_texts
from statinwatch.spark.translate import NotPortable, to_spark_tree

if TYPE_CHECKING:  # pyspark is imported by the Spark step alone
    from pyspark.sql import SparkSession


# Functions Spark's parser reads as syntax, not as catalogue functions.
_SYNTAX = frozenset({"try_cast"})
_NAME = re.compile(r"[a-z_][a-z0-9_]*")


def unknown_functions(spark: SparkSession, text: str) -> list[str]:
    """Functions a Spark SQL text calls that Spark does not have (whether sqlglot knows them or
    not: it reads DuckDB's list_position as a function of its own and writes it back as is)."""
    called = set()
    for function in sqlglot.parse_one(text, read="spark").find_all(exp.Func):
        head = function.sql(dialect="spark").split("(", 1)[0].strip().lower()
        if _NAME.fullmatch(head) and head not in _SYNTAX:
            called.add(head)
    return sorted(name for name in called if not spark.catalog.functionExists(name))


def problems(spark: SparkSession, text: str, params: dict[str, object]) -> list[str]:
    """What keeps a DuckDB SQL text from running on Spark, in words; empty when nothing."""
    try:
        statements = [sql for tree in to_spark_tree(text, params) for sql in spark_texts(tree)]
    except NotPortable as refused:
        return [f"not translated: {refused}"]
    from pyspark.errors import ParseException

    found = []
    parser = spark._jsparkSession.sessionState().sqlParser()
    for statement in statements:
        try:
            parser.parsePlan(statement)
        except ParseException as error:
            found.append(f"Spark cannot parse it: {str(error).strip().splitlines()[0]}")
            continue
        found += [f"no Spark function {name}()" for name in unknown_functions(spark, statement)]
    return found
