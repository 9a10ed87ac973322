"""A factory for assets that are one SQL file over the warehouse, run for the as-of date."""

from dataclasses import dataclass

import dagster as dg
from dagster_duckdb import DuckDBResource

from pipelines.partitions import AS_OF_PARTITIONS
from pipelines.resources import DUCKDB_POOL, warehouse
from pipelines.rules import rule_parameters
from pipelines.sql import count_rows, run_sql


@dataclass(frozen=True)
class SqlAssetSpec:
    name: str
    sql: str
    table: str
    description: str
    group: str
    deps: tuple[str, ...]


def as_of_parameters(context: dg.AssetExecutionContext) -> dict[str, object]:
    """Rule thresholds plus the partition's as-of date, the parameters every SQL file may use."""
    return {**rule_parameters(), "as_of": context.partition_time_window.start.date()}


def build_sql_asset(spec: SqlAssetSpec) -> dg.AssetsDefinition:
    @dg.asset(
        name=spec.name,
        description=spec.description,
        group_name=spec.group,
        kinds={"duckdb", "sql"},
        deps=list(spec.deps),
        pool=DUCKDB_POOL,
        partitions_def=AS_OF_PARTITIONS,
        code_version="1",
        owners=["team:clinical-informatics"],
    )
    def sql_asset(
        context: dg.AssetExecutionContext, duckdb: DuckDBResource
    ) -> dg.MaterializeResult:
        with warehouse(duckdb) as conn:
            run_sql(conn, spec.sql, as_of_parameters(context))
            rows = count_rows(conn, spec.table)
        return dg.MaterializeResult(metadata={"dagster/row_count": rows})

    return sql_asset
