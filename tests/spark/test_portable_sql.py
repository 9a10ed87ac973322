"""Every statement the Spark engine runs stays within the portable subset (translates, parses
with Spark's parser, calls only functions Spark has), and the check refuses what is not."""

from datetime import date

import pytest

from assets.clinical.clinical_tables import CLINICAL_SPECS
from statinwatch.cohort_history import REPLACE_SNAPSHOT
from statinwatch.ingest.streams import STREAM_SPECS
from statinwatch.rules import rule_parameters
from statinwatch.spark.clinical import statement_files
from statinwatch.spark.portability import problems
from statinwatch.spark.staging import ALL_FILES, stream_statement_texts
from statinwatch.sql import load_sql

PARAMS = {
    **rule_parameters(),
    "as_of": date(2026, 11, 1),
    "last_file_id": ALL_FILES,
    "highest_file_id": ALL_FILES,
    "up_to_file_id": 1,
}
SPARK_FILES = [*statement_files([spec.name for spec in CLINICAL_SPECS]), *REPLACE_SNAPSHOT]

# Negative controls: DuckDB SQL that runs here but has no meaning, or another one, on Spark.
NOT_PORTABLE = {
    "a DuckDB-only function": "select list_aggregate([1, 2], 'sum') as s",
    "a function Spark lacks": "select isfinite(1.0) as f",
    "DuckDB's upsert": "insert or replace into t select 1",
    "an update without a source": "update t set a = 1 where b = 2",
    "an ASOF join": "select * from a asof join b using (k, ts)",
    "positions from 1": "select v, i from unnest([1, 2]) with ordinality as u(v, i)",
    "first match only": "select regexp_replace(note, 'pain', 'ache') as n from t",
    "weeks between": "select date_diff('week', a, b) as w from t",
    "sorted descending": "select string_agg(x, ',' order by y desc) as s from t",
    "a new rule calling a DuckDB macro-only function": (
        "select patient_id, list_has_all(sites, ['left', 'right']) as both_sides from t"
    ),
}


def test_the_spark_engine_runs_every_clinical_table():
    assert {f"clinical/{spec.name}" for spec in CLINICAL_SPECS} <= set(SPARK_FILES)


@pytest.mark.parametrize("name", SPARK_FILES)
def test_statement_is_portable(spark, name):
    assert problems(spark, load_sql(name), PARAMS) == []


@pytest.mark.parametrize("stream", STREAM_SPECS)
def test_staging_is_portable(spark, stream):
    """Every statement that stages the stream on Spark, the device load's included."""
    texts = list(stream_statement_texts(stream))
    assert texts
    assert [problem for text in texts for problem in problems(spark, text, PARAMS)] == []


@pytest.mark.parametrize("text", NOT_PORTABLE.values(), ids=NOT_PORTABLE.keys())
def test_the_check_refuses_duckdb_only_sql(spark, text):
    assert problems(spark, text, PARAMS) != []


def test_the_check_passes_plain_sql(spark):
    assert problems(spark, "select patient_id, count(*) as n from t group by 1", PARAMS) == []


def test_a_rule_made_non_portable_is_caught(spark):
    portable = load_sql("clinical/symptom_episodes")
    changed = portable.replace("date_diff('day'", "date_diff('week'")
    assert changed != portable
    assert problems(spark, portable, PARAMS) == []
    assert problems(spark, changed, PARAMS) == ["not translated: date_diff in weeks"]
