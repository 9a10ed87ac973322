"""Load the code and name tables of vocabulary/ into the warehouse's `vocab` schema."""

import duckdb

from pipelines.paths import VOCABULARY_DIR
from pipelines.sql import render_sql

VOCABULARY_TABLES = (
    "rxnorm_statins", "statin_names", "statin_codes", "statin_intensity",
    "interacting_drugs", "interaction_rules",
    # read while mapping exports at ingest (docs/formats.md)
    "muscle_symptom_codes", "lab_codes", "statin_substance_codes", "activity_types",
)  # fmt: skip


def load_vocabulary(conn: duckdb.DuckDBPyConnection) -> None:
    """Replace each vocab table from its CSV; the files are small and the source of truth."""
    conn.execute("create schema if not exists vocab")
    for table in VOCABULARY_TABLES:
        conn.execute(
            render_sql("staging/load_vocabulary", table=f"vocab.{table}"),
            {"path": str(VOCABULARY_DIR / f"{table}.csv")},
        )
