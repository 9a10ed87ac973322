"""Great Expectations suites: each one fails on bad data, and a failure stops the cohort."""

import pandas as pd
import pyarrow as pa
import pytest

from statinwatch.staging import quality
from statinwatch.staging.quality import as_frame, suite_columns, validate_chunks
from tests.support.suites import GOOD_AND_BAD, LOCATED, PATHS, run_with_bad_ck


def _frame(*rows: dict) -> pd.DataFrame:
    """Rows as the pipeline hands them to GX: through Arrow, text left Arrow-backed."""
    return as_frame(pa.RecordBatch.from_pylist(list(rows)))


@pytest.mark.parametrize("suite", sorted(GOOD_AND_BAD))
def test_each_suite_passes_good_rows_and_fails_bad_ones_naming_the_source(suite):
    good, bad, expectation = GOOD_AND_BAD[suite]
    assert validate_chunks(suite, [_frame({**good, **LOCATED})], PATHS.get).failures == []
    chunks = [_frame({**good, **LOCATED}, {**bad, **LOCATED})]
    outcome = validate_chunks(suite, chunks, PATHS.get)
    (failure,) = outcome.critical_failures
    assert failure.expectation == expectation
    assert failure.unexpected_count == 1
    assert failure.sample == ["landing/f.csv:7"]
    assert "P2" not in outcome.summary("staging.x")  # no patient identifiers in the message


@pytest.mark.parametrize("suite", sorted(GOOD_AND_BAD))
def test_a_suite_needs_no_column_beyond_those_fetched_for_it(suite):
    good, _, _ = GOOD_AND_BAD[suite]
    fetched = suite_columns(suite)
    row = {k: v for k, v in {**good, **LOCATED}.items() if k in fetched}
    assert validate_chunks(suite, [_frame(row)]).failures == []


def test_text_stays_in_arrow_and_numbers_do_not():
    frame = _frame({"patient_id": "P1", "value": 1.5, "line": 7})
    assert isinstance(frame["patient_id"].dtype, pd.ArrowDtype)
    assert frame["value"].dtype == "float64" and frame["line"].dtype == "int64"


def test_failures_add_up_across_chunks():
    good, bad, _ = GOOD_AND_BAD["staging.labs"]
    chunks = [_frame(bad, good), _frame(bad)]
    (failure,) = validate_chunks("staging.labs", chunks).failures
    assert failure.unexpected_count == 2


def test_rows_validated_a_range_of_files_at_a_time_add_up(home, land, monkeypatch):
    monkeypatch.setattr(quality, "VALIDATION_ROWS_PER_SORT", 1)
    result = run_with_bad_ck(home, land, (97, "labs/a.csv", 5), (98, "labs/b.csv", 6))
    (failed,) = [
        e
        for e in result.get_asset_check_evaluations()
        if not e.passed and e.check_name == "gx_suite"
    ]
    assert failed.metadata["rows_validated"].value == 3
    assert "failed for 2 row(s); e.g. labs/a.csv:5, labs/b.csv:6" in failed.description


def test_a_critical_failure_blocks_the_clinical_assets(home, land):
    result = run_with_bad_ck(home, land, (99, "labs/old.csv", 5))
    assert not result.success
    failed = [
        e
        for e in result.get_asset_check_evaluations()
        if not e.passed and e.check_name == "gx_suite"
    ]
    assert [e.asset_key.to_user_string() for e in failed] == ["staging/labs"]
    assert "labs/old.csv:5" in failed[0].description
    assert "expect_column_values_to_be_in_set on column unit" in failed[0].description
    materialized = {e.asset_key.to_user_string() for e in result.get_asset_materialization_events()}
    assert "clinical/ck_results" not in materialized
    assert "review/reports" not in materialized


def test_a_row_condition_only_pandas_understands_is_refused(monkeypatch):
    """Negative control: a suite written in pandas' query syntax could not run on Spark."""
    spec = {"expectations": [{"kwargs": {"column": "value", "row_condition": "is_ck == True"}}]}
    monkeypatch.setattr(quality, "_suite_spec", lambda name: spec)
    with pytest.raises(ValueError, match="portable condition"):
        suite_columns("staging.labs")
