"""clinical.*, built by Apache Spark (`--engine spark`): the same tables, keys and SQL as the
DuckDB clinical assets, in one Spark step over the staged tables of the lake."""

import dagster as dg

from statinwatch.partitions import step_parameters
from statinwatch.paths import lake_dir
from statinwatch.resources import warehouse
from statinwatch.spark.steps import SPARK_STEP_ARGUMENTS, spark_specs, step_metadata


def build_clinical_on_spark(
    duckdb_specs: list[dg.AssetSpec], tables: list[str]
) -> dg.AssetsDefinition:
    """The Spark step standing for the DuckDB clinical assets of `duckdb_specs`; `tables` are
    the sql/clinical/ files to run after the exercise sessions, in dependency order."""

    @dg.multi_asset(
        name="clinical_on_spark",
        specs=spark_specs(duckdb_specs, {"spark", "sql"}),
        **SPARK_STEP_ARGUMENTS,
    )
    def clinical_on_spark(context: dg.AssetExecutionContext):
        """The clinical tables, built on Spark and read back into the warehouse."""
        from statinwatch.spark.clinical import build_clinical_stage

        resources = context.resources
        lake = lake_dir(resources.home.root)
        with warehouse(resources.duckdb) as conn:
            outcome = build_clinical_stage(
                conn, resources.pyspark.spark_session, lake, tables, step_parameters(context)
            )
        for table, count in outcome.rows.items():
            yield dg.MaterializeResult(
                asset_key=dg.AssetKey(table.split(".")),
                metadata={"dagster/row_count": count, **step_metadata(outcome.seconds)},
            )

    return clinical_on_spark
