"""What the Spark engine's Dagster steps share: each stands for one stage's DuckDB assets (their
keys, descriptions and owners), depends on all they read, and holds the DuckDB writer's slot."""

import dagster as dg

from statinwatch.partitions import AS_OF_PARTITIONS
from statinwatch.resources import DUCKDB_POOL

# Resources by key, not by annotation: importing pyspark costs every step process ~0.3 s, so
# only the Spark engine's steps do.
SPARK_STEP_ARGUMENTS = {
    "partitions_def": AS_OF_PARTITIONS,
    "pool": DUCKDB_POOL,
    "required_resource_keys": {"pyspark", "duckdb", "home"},
}


def spark_specs(duckdb_specs: list[dg.AssetSpec], kinds: set[str]) -> list[dg.AssetSpec]:
    """The DuckDB assets' specs, each depending on everything any of them reads outside the
    stage: one Spark step builds them all."""
    keys = {spec.key for spec in duckdb_specs}
    upstream = sorted({dep.asset_key for spec in duckdb_specs for dep in spec.deps} - keys)
    return [
        spec.replace_attributes(deps=upstream, kinds=kinds, code_version=None)
        for spec in duckdb_specs
    ]


def step_metadata(seconds: dict[str, float]) -> dict[str, object]:
    """The engine and the step's split of time (publish to the lake, Spark, read back)."""
    return {"engine": "spark", **{f"seconds_{part}": value for part, value in seconds.items()}}
