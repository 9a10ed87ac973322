"""clinical.*, built by Apache Spark (`--engine spark`): the same tables, keys and SQL as the
DuckDB assets beside this module, in one Spark step over the staged tables of the lake."""

import dagster as dg

from assets.clinical.clinical_tables import CLINICAL_SPECS
from assets.clinical.exercise_sessions import exercise_sessions
from statinwatch.partitions import AS_OF_PARTITIONS, STAGE_OWNERS, step_parameters
from statinwatch.paths import lake_dir
from statinwatch.resources import DUCKDB_POOL, warehouse

SESSIONS_KEY = dg.AssetKey(["clinical", "exercise_sessions"])


def _specs() -> list[dg.AssetSpec]:
    """The DuckDB assets' keys and descriptions; upstream, what any of them reads outside
    the clinical stage (one Spark step builds them all)."""
    descriptions = {
        SESSIONS_KEY: exercise_sessions.descriptions_by_key[SESSIONS_KEY],
        **{dg.AssetKey(["clinical", spec.name]): spec.description for spec in CLINICAL_SPECS},
    }
    read = {dg.AssetKey.from_user_string(dep) for spec in CLINICAL_SPECS for dep in spec.deps}
    upstream = sorted((read | exercise_sessions.dependency_keys) - descriptions.keys())
    return [
        dg.AssetSpec(
            key=key,
            description=description,
            deps=upstream,
            group_name="clinical",
            owners=STAGE_OWNERS["clinical"],
            kinds={"spark", "sql"},
        )
        for key, description in descriptions.items()
    ]


def build_clinical_on_spark() -> dg.AssetsDefinition:
    @dg.multi_asset(
        name="clinical_on_spark",
        specs=_specs(),
        partitions_def=AS_OF_PARTITIONS,
        pool=DUCKDB_POOL,
        # By key, not by annotation: importing pyspark costs every step process ~0.3 s, so
        # only the Spark engine's step does.
        required_resource_keys={"pyspark", "duckdb", "home"},
    )
    def clinical_on_spark(context: dg.AssetExecutionContext):
        """The clinical tables, built on Spark and read back into the warehouse."""
        from statinwatch.spark.clinical import build_clinical_stage

        tables = [spec.name for spec in CLINICAL_SPECS]
        resources = context.resources
        lake = lake_dir(resources.home.root)
        with warehouse(resources.duckdb) as conn:
            rows = build_clinical_stage(
                conn, resources.pyspark.spark_session, lake, tables, step_parameters(context)
            )
        for table, count in rows.items():
            yield dg.MaterializeResult(
                asset_key=dg.AssetKey(table.split(".")),
                metadata={"dagster/row_count": count, "engine": "spark"},
            )

    return clinical_on_spark
