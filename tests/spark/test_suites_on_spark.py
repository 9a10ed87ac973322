"""The staged tables' suites on Spark DataFrames (issue 17): the same suites from expectations/
pass the same good rows and fail the same bad ones as on pandas, name the row's file and line,
and a critical failure found on Spark stops the clinical stage."""

import pyarrow as pa
import pytest

from statinwatch.spark.quality import validate_frame
from statinwatch.staging.quality import suite_columns
from tests.support.suites import GOOD_AND_BAD, LOCATED, PATHS, run_with_bad_ck


def _rows(spark, *rows: dict):
    """Staged rows as a Spark DataFrame, typed through Arrow as the lake's Parquet types them."""
    return spark.createDataFrame(pa.Table.from_pylist(list(rows)))


@pytest.mark.parametrize("suite", sorted(GOOD_AND_BAD))
def test_each_suite_on_spark_passes_good_rows_and_fails_bad_ones_naming_the_source(spark, suite):
    good, bad, expectation = GOOD_AND_BAD[suite]
    assert validate_frame(suite, _rows(spark, {**good, **LOCATED}), PATHS.get).failures == []
    outcome = validate_frame(
        suite, _rows(spark, {**good, **LOCATED}, {**bad, **LOCATED}), PATHS.get
    )
    (failure,) = outcome.critical_failures
    assert failure.expectation == expectation
    assert failure.unexpected_count == 1
    assert failure.sample == ["landing/f.csv:7"]
    assert outcome.rows == 2
    assert "P2" not in outcome.summary("staging.x")  # no patient identifiers in the message


@pytest.mark.parametrize("suite", sorted(GOOD_AND_BAD))
def test_a_suite_on_spark_needs_no_column_beyond_those_fetched_for_it(spark, suite):
    good, _, _ = GOOD_AND_BAD[suite]
    fetched = suite_columns(suite)
    row = {k: v for k, v in {**good, **LOCATED}.items() if k in fetched}
    assert validate_frame(suite, _rows(spark, row)).failures == []


def test_a_critical_failure_on_spark_blocks_the_clinical_step(spark, home, land):
    result = run_with_bad_ck(home, land, (99, "labs/old.csv", 5), engine="spark")
    assert not result.success
    evaluations = [e for e in result.get_asset_check_evaluations() if e.check_name == "gx_suite"]
    failed = [e for e in evaluations if not e.passed]
    assert [e.asset_key.to_user_string() for e in failed] == ["staging/labs"]
    assert "labs/old.csv:5" in failed[0].description
    assert "expect_column_values_to_be_in_set on column unit" in failed[0].description
    assert failed[0].metadata["rows_validated"].value == 2
    materialized = {e.asset_key.to_user_string() for e in result.get_asset_materialization_events()}
    assert "staging/labs" in materialized
    assert "clinical/ck_results" not in materialized
    assert "review/reports" not in materialized
