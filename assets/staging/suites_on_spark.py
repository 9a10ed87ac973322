"""The staged streams' Great Expectations suites on Spark (`--engine spark`): the same checks
and suites as on DuckDB, run by GX's Spark execution engine over the lake, in one step so the
Spark session starts once."""

import dagster as dg

from assets.staging.staged_streams import SUITE_CHECK, suite_check_result, suite_description
from statinwatch.ingest.streams import StreamSpec
from statinwatch.paths import lake_dir
from statinwatch.resources import DUCKDB_POOL, warehouse


def build_suites_on_spark(specs: list[StreamSpec]) -> dg.AssetChecksDefinition:
    """One blocking `gx_suite` check per staged stream, all run in one Spark step."""

    @dg.multi_asset_check(
        name="staging_suites_on_spark",
        specs=[
            dg.AssetCheckSpec(
                name=SUITE_CHECK,
                asset=dg.AssetKey(["staging", spec.name]),
                description=suite_description(spec),
                blocking=True,
            )
            for spec in specs
        ],
        pool=DUCKDB_POOL,
        # By key, not by annotation: only the Spark engine's steps import pyspark.
        required_resource_keys={"pyspark", "duckdb", "home"},
    )
    def staging_suites_on_spark(context: dg.AssetCheckExecutionContext):
        """The staged rows of new files, validated on Spark DataFrames."""
        from statinwatch.spark.quality import validate_staged_rows_on_spark

        resources = context.resources
        # The session first: GX must see pyspark loaded when it is imported.
        spark = resources.pyspark.spark_session
        lake = lake_dir(resources.home.root)
        with warehouse(resources.duckdb) as conn:
            for spec in specs:
                outcome = validate_staged_rows_on_spark(conn, spark, lake, spec)
                yield suite_check_result(spec, outcome)

    return staging_suites_on_spark
