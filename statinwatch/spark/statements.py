"""How each translated statement of sql/ runs on Spark. Queries, views and inserts run as Spark
SQL; a table is made as a Parquet folder of the lake; a temp table is a checkpointed view.
DuckDB's in-place changes (UPDATE … FROM, DELETE … USING, DELETE … WHERE), which Spark's file
tables cannot do, become the query of the rows the table holds afterwards, written over it."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sqlglot import exp

from statinwatch.spark.lake import table_folder
from statinwatch.spark.translate import NotPortable, to_spark

if TYPE_CHECKING:  # pyspark is imported by the Spark steps alone
    from pyspark.sql import DataFrame, SparkSession

# Marks the rows of an UPDATE's source that matched a row of the table.
MATCHED = "matched_by_update"


@dataclass(frozen=True)
class Rewrite:
    """A table replaced by the rows a query gives: what an UPDATE or DELETE leaves."""

    table: str
    rows: exp.Select
    # Rows of the table the statement changes or deletes: none, and nothing is rewritten.
    changes: exp.Select
    # An UPDATE keeps the table's rows (a row matched twice would be written twice).
    keeps_rows: bool


ColumnTypes = Callable[[str], dict[str, str]]


def _deleted(delete: exp.Delete) -> exp.Expression:
    """Whether a row of the table goes: a row of USING matches it under WHERE (a null
    condition deletes nothing, as in DuckDB)."""
    condition = delete.args.get("where")
    condition = condition.this if condition else exp.true()
    using = delete.args.get("using") or []
    if not using:
        return exp.func("coalesce", exp.paren(condition.copy()), exp.false())
    matched = exp.select("1").from_(using[0].copy()).where(condition.copy())
    for more in using[1:]:
        matched = matched.join(more.copy())
    return exp.Exists(this=matched)


def _delete_rewrite(delete: exp.Delete) -> Rewrite:
    """The rows a DELETE leaves, and the ones it removes."""
    target = delete.this
    rows = exp.select(f"{target.alias_or_name}.*").from_(target.copy())
    return Rewrite(
        exp.table_name(target),
        rows=rows.where(exp.not_(_deleted(delete))),
        changes=rows.copy().where(_deleted(delete)),
        keeps_rows=False,
    )


def _source_of_update(update: exp.Update) -> exp.Subquery:
    """The UPDATE's FROM, aliased as written, with a column saying its row matched."""
    source = update.args["from_"].this
    alias = source.alias_or_name
    inner = source.this if isinstance(source, exp.Subquery) else source.copy()
    if isinstance(inner, exp.Table):
        inner.set("alias", None)
        inner = exp.select("*").from_(inner)
    marked = exp.select("*", exp.true().as_(MATCHED)).from_(exp.paren(inner.copy()).as_("u"))
    return marked.subquery(alias)


def _updated_rows(update: exp.Update, column_types: dict[str, str | None]) -> exp.Select:
    """The rows after an UPDATE … FROM: each row of the table joined to the source row its
    condition matches, the set columns taken from it (cast back to the column's type)."""
    target = update.this
    alias = target.alias_or_name
    assigned = {eq.this.name: eq.expression for eq in update.expressions}
    matched = exp.column(MATCHED, table=update.args["from_"].this.alias_or_name)
    columns = []
    for column, kind in column_types.items():
        kept = exp.column(column, table=alias)
        if column not in assigned:
            columns.append(kept)
            continue
        value = exp.If(this=matched.copy(), true=assigned[column].copy())
        changed = exp.Case(ifs=[value], default=kept)
        columns.append(exp.cast(changed, kind).as_(column) if kind else changed.as_(column))
    return _joined_to_source(update, exp.select(*columns), "left")


def _updated_by(update: exp.Update) -> exp.Select:
    """The rows of the table an UPDATE changes: those its source matches."""
    return _joined_to_source(update, exp.select("1"), "inner")


def _joined_to_source(update: exp.Update, select: exp.Select, join_type: str) -> exp.Select:
    """`select` over the UPDATE's table joined to its source under its WHERE."""
    condition = update.args["where"].this.copy()
    return select.from_(update.this.copy()).join(
        _source_of_update(update), on=condition, join_type=join_type
    )


def _set_columns(update: exp.Update) -> dict[str, str | None]:
    """An UPDATE's set columns, types unknown: enough to check its Spark form without a table."""
    return {eq.this.name: None for eq in update.expressions}


def plan(tree: exp.Expression, column_types: ColumnTypes | None = None) -> exp.Expression | Rewrite:
    """A translated statement as Spark runs it; `column_types` gives a table's columns and
    their Spark types, in order (an UPDATE writes every column back)."""
    if isinstance(tree, exp.Delete):
        return _delete_rewrite(tree)
    if isinstance(tree, exp.Update):
        if not tree.args.get("from_") or not tree.args.get("where"):
            raise NotPortable("an UPDATE without FROM and WHERE")
        table = exp.table_name(tree.this)
        columns = column_types(table) if column_types else _set_columns(tree)
        return Rewrite(
            table, _updated_rows(tree, columns), changes=_updated_by(tree), keeps_rows=True
        )
    return tree


def spark_texts(tree: exp.Expression) -> list[str]:
    """The Spark SQL a statement runs as (for the portability check)."""
    planned = plan(tree)
    if isinstance(planned, Rewrite):
        return [to_spark(planned.changes), to_spark(planned.rows)]
    return [to_spark(planned)]


def _is_temporary(create: exp.Create) -> bool:
    properties = create.args.get("properties")
    return bool(properties) and any(
        isinstance(p, exp.TemporaryProperty) for p in properties.expressions
    )


def _no_rows(schema: exp.Schema) -> exp.Select:
    """`create table t (c type, ...)` as a query: the typed columns, no rows."""
    columns = [
        exp.cast(exp.null(), column.args["kind"]).as_(column.name) for column in schema.expressions
    ]
    return exp.select(*columns).where(exp.false())


def save(rows: DataFrame, lake: Path, table: str) -> None:
    """A table as a Parquet folder of the lake, replacing what it held."""
    folder = str(table_folder(lake, table))
    rows.write.mode("overwrite").format("parquet").option("path", folder).saveAsTable(table)


def spark_column_types(spark: SparkSession) -> ColumnTypes:
    def column_types(table: str) -> dict[str, str]:
        return {f.name: f.dataType.simpleString() for f in spark.table(table).schema.fields}

    return column_types


def _rewrite_table(spark: SparkSession, lake: Path, rewrite: Rewrite) -> None:
    """Replace a table by the rows left: computed in full first (Spark refuses to overwrite a
    folder the query still reads). A statement that changes no row writes nothing: on a whole
    build the device step's delete and, without heart-rate data, its update change none."""
    if spark.sql(to_spark(rewrite.changes.limit(1))).isEmpty():
        return
    before = spark.table(rewrite.table).count() if rewrite.keeps_rows else None
    rows = spark.sql(to_spark(rewrite.rows)).localCheckpoint()
    save(rows, lake, rewrite.table)
    if before is not None and spark.table(rewrite.table).count() != before:
        raise RuntimeError(
            f"an UPDATE of {rewrite.table} matched a row more than once: its source must hold "
            "one row per row it changes"
        )


def _create_table(spark: SparkSession, lake: Path, tree: exp.Create) -> None:
    target = tree.this.this if isinstance(tree.this, exp.Schema) else tree.this
    name = exp.table_name(target)
    if tree.args.get("exists") and spark.catalog.tableExists(name):
        return
    rows = spark.sql(to_spark(tree.expression or _no_rows(tree.this)))
    if _is_temporary(tree):
        rows.localCheckpoint().createOrReplaceTempView(name)
    else:
        save(rows, lake, name)


def run_statement(spark: SparkSession, lake: Path, tree: exp.Expression) -> None:
    """One translated statement on Spark, its tables in the lake."""
    planned = plan(tree, spark_column_types(spark))
    if isinstance(planned, Rewrite):
        _rewrite_table(spark, lake, planned)
    elif isinstance(planned, exp.Create) and planned.kind == "TABLE":
        _create_table(spark, lake, planned)
    else:
        spark.sql(to_spark(planned))


def upstream_tables(statements: list[exp.Expression], schemas: tuple[str, ...]) -> list[str]:
    """The tables of the given schemas the statements read (to publish and register)."""
    read = {
        exp.table_name(table)
        for tree in statements
        for table in tree.find_all(exp.Table)
        if table.db in schemas
    }
    return sorted(read)


@dataclass
class StageOutcome:
    """What a Spark step built (rows per table, landing files added to the lake) and where its
    time went (seconds per part)."""

    rows: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    files_added: int = 0

    @contextmanager
    def timed(self, part: str) -> Iterator[None]:
        started = time.perf_counter()
        yield
        self.seconds[part] = round(time.perf_counter() - started, 2)
