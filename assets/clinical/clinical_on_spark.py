"""clinical.*, built by Apache Spark (`--engine spark`): the same tables, keys and SQL as the
DuckDB assets beside this module, in one Spark step over the staged tables of the lake."""

import dagster as dg
from dagster_duckdb import DuckDBResource
from dagster_pyspark import LazyPySparkResource

from assets.clinical.clinical_tables import CLINICAL_SPECS
from assets.clinical.exercise_sessions import exercise_sessions
from statinwatch.partitions import AS_OF_PARTITIONS, STAGE_OWNERS, step_parameters
from statinwatch.paths import lake_dir
from statinwatch.resources import DUCKDB_POOL, HomeResource, warehouse
from statinwatch.spark.clinical import build_clinical_stage

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
    )
    def clinical_on_spark(
        context: dg.AssetExecutionContext,
        duckdb: DuckDBResource,
        pyspark: LazyPySparkResource,
        home: HomeResource,
    ):
        """The clinical tables, built on Spark and read back into the warehouse."""
        tables = [spec.name for spec in CLINICAL_SPECS]
        with warehouse(duckdb) as conn:
            rows = build_clinical_stage(
                conn, pyspark.spark_session, lake_dir(home.root), tables, step_parameters(context)
            )
        for table, count in rows.items():
            yield dg.MaterializeResult(
                asset_key=dg.AssetKey(table.split(".")),
                metadata={"dagster/row_count": count, "engine": "spark"},
            )

    return clinical_on_spark
