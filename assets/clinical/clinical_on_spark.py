"""clinical.*, built by Apache Spark (`--engine spark`): the same tables, keys and SQL as the
DuckDB clinical assets, in one Spark step over the staged tables of the lake."""

import dagster as dg

from statinwatch.partitions import AS_OF_PARTITIONS, step_parameters
from statinwatch.paths import lake_dir
from statinwatch.resources import DUCKDB_POOL, warehouse


def _spark_specs(duckdb_specs: list[dg.AssetSpec]) -> list[dg.AssetSpec]:
    """The DuckDB assets' specs, each depending on everything any of them reads outside the
    clinical stage: one Spark step builds them all."""
    keys = {spec.key for spec in duckdb_specs}
    upstream = sorted({dep.asset_key for spec in duckdb_specs for dep in spec.deps} - keys)
    return [
        spec.replace_attributes(deps=upstream, kinds={"spark", "sql"}, code_version=None)
        for spec in duckdb_specs
    ]


def build_clinical_on_spark(
    duckdb_specs: list[dg.AssetSpec], tables: list[str]
) -> dg.AssetsDefinition:
    """The Spark step standing for the DuckDB clinical assets of `duckdb_specs`; `tables` are
    the sql/clinical/ files to run after the exercise sessions, in dependency order."""

    @dg.multi_asset(
        name="clinical_on_spark",
        specs=_spark_specs(duckdb_specs),
        partitions_def=AS_OF_PARTITIONS,
        pool=DUCKDB_POOL,
        # By key, not by annotation: importing pyspark costs every step process ~0.3 s, so
        # only the Spark engine's step does.
        required_resource_keys={"pyspark", "duckdb", "home"},
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
        # The step's split of time (publish the staged tables, Spark, read back) on each.
        timing = {f"seconds_{part}": value for part, value in outcome.seconds.items()}
        for table, count in outcome.rows.items():
            yield dg.MaterializeResult(
                asset_key=dg.AssetKey(table.split(".")),
                metadata={"dagster/row_count": count, "engine": "spark", **timing},
            )

    return clinical_on_spark
