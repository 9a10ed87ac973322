"""Load the code and name tables of vocabulary/ into the warehouse's `vocab` schema."""

import csv
from functools import cache

import duckdb

from statinwatch.paths import VOCABULARY_DIR
from statinwatch.sql import render_sql

VOCABULARY_TABLES = (
    "rxnorm_statins", "statin_names", "statin_codes", "statin_intensity",
    "interacting_drugs", "interaction_rules",
    # read while mapping exports at ingest (docs/formats.md)
    "muscle_symptom_codes", "lab_codes", "statin_substance_codes", "activity_types",
    "omop_drug_types",
    # read by the clinical SQL and the report: reason codes, CK tiers, activity classes
    "reason_codes", "ck_tiers", "activity_classes", "body_regions",
)  # fmt: skip


def load_vocabulary(conn: duckdb.DuckDBPyConnection) -> None:
    """Replace each vocab table from its CSV; the files are small and the source of truth."""
    conn.execute("create schema if not exists vocab")
    for table in VOCABULARY_TABLES:
        conn.execute(
            render_sql("staging/load_vocabulary", table=f"vocab.{table}"),
            {"path": str(VOCABULARY_DIR / f"{table}.csv")},
        )


@cache
def vocabulary_rows(table: str) -> tuple[dict[str, str], ...]:
    """The rows of vocabulary/<table>.csv as text, in file order, for Python readers."""
    with (VOCABULARY_DIR / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        return tuple(csv.DictReader(handle))


def activity_class_parameters() -> dict[str, str]:
    """Each activity class of vocabulary/activity_classes.csv as the SQL parameter
    `activity_<class>_pattern`: a regular expression over the engine's activity words."""
    return {
        f"activity_{row['class']}_pattern": row["pattern"]
        for row in vocabulary_rows("activity_classes")
    }
