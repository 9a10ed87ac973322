"""Great Expectations suites: each one fails on bad data, and a failure stops the cohort."""

import dagster as dg
import pandas as pd
import pyarrow as pa
import pytest

from pipelines.definitions import build_definitions
from statinwatch.resources import build_resources, warehouse
from statinwatch.staging import quality
from statinwatch.staging.quality import as_frame, suite_columns, validate_chunks
from tests.support.home import csv_text

GOOD_AND_BAD = {
    "staging.patients": (
        {"patient_id": "P1", "sex": "F", "bmi": 22.0, "egfr": 80.0},
        {"patient_id": "P2", "sex": "X", "bmi": 22.0, "egfr": 80.0},
        "expect_column_values_to_be_in_set",
    ),
    "staging.medications": (
        {"patient_id": "P1", "drug": "simvastatin 20 mg", "start_date": pd.Timestamp("2026-01-01"),
         "exposure_end": pd.Timestamp("2026-02-01"), "daily_dose_mg": 20.0, "is_statin": True,
         "statin": "simvastatin"},
        {"patient_id": "P2", "drug": "simvastatin 20 mg", "start_date": pd.Timestamp("2026-03-01"),
         "exposure_end": pd.Timestamp("2026-02-01"), "daily_dose_mg": 20.0, "is_statin": True,
         "statin": "simvastatin"},
        "expect_column_pair_values_a_to_be_greater_than_b",
    ),
    "staging.exercise": (
        {"patient_id": "P1", "start_time": pd.Timestamp("2026-01-01 07:00"), "activity": "running",
         "duration_min": 30.0, "intensity": "moderate", "soreness": 2.0, "avg_hr": 140.0},
        {"patient_id": "P2", "start_time": pd.Timestamp("2026-01-01 07:00"), "activity": "running",
         "duration_min": 0.0, "intensity": "moderate", "soreness": 2.0, "avg_hr": 140.0},
        "expect_column_values_to_be_between",
    ),
    "staging.symptoms": (
        {"patient_id": "P1", "reported_at": pd.Timestamp("2026-01-01"), "symptom": "myalgia",
         "severity": 4.0, "side": "both"},
        {"patient_id": "P2", "reported_at": pd.Timestamp("2026-01-01"), "symptom": "headache",
         "severity": 4.0, "side": "both"},
        "expect_column_values_to_be_in_set",
    ),
    "staging.labs": (
        {"patient_id": "P1", "collected_at": pd.Timestamp("2026-01-01"), "test": "CK",
         "value": 150.0, "ref_high": 200.0, "unit": "U/L", "is_ck": True},
        {"patient_id": "P2", "collected_at": pd.Timestamp("2026-01-01"), "test": "CK",
         "value": -3.0, "ref_high": 200.0, "unit": "U/L", "is_ck": True},
        "expect_column_values_to_be_between",
    ),
}  # fmt: skip


PATHS = {3: "landing/f.csv"}


def _frame(*rows: dict) -> pd.DataFrame:
    """Rows as the pipeline hands them to GX: through Arrow, text left Arrow-backed."""
    return as_frame(pa.RecordBatch.from_pylist(list(rows)))


@pytest.mark.parametrize("suite", sorted(GOOD_AND_BAD))
def test_each_suite_passes_good_rows_and_fails_bad_ones_naming_the_source(suite):
    good, bad, expectation = GOOD_AND_BAD[suite]
    located = {"file_id": 3, "line": 7}
    assert validate_chunks(suite, [_frame({**good, **located})], PATHS.get).failures == []
    chunks = [_frame({**good, **located}, {**bad, **located})]
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
    row = {k: v for k, v in {**good, "file_id": 3, "line": 7}.items() if k in fetched}
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


def _slip_in_bad_ck(conn, file_id: int, path: str, line: int) -> None:
    """Simulate an ingest defect: a CK result in an unconvertible unit slipping through."""
    conn.execute(
        "insert into raw.labs values (?, ?, 'h', 'P9', '2026-04-01', null, 'CK', 80, 'mg/dL', 200)",
        [file_id, line],
    )
    conn.execute(
        "insert into ingest.files (file_id, sha256, path, stream, status, rows_read, accepted, "
        "quarantined, duplicates, ingested_at) values (?, ?, ?, 'labs', "
        "'ingested', 1, 1, 0, 0, now())",
        [file_id, path, path],
    )
    # As the ingest records it: the stream the file fed, not yet validated.
    conn.execute(
        "insert into ingest.file_streams (file_id, stream, rows_read, accepted, quarantined, "
        "duplicates) values (?, 'labs', 1, 1, 0, 0)",
        [file_id],
    )


def _run_with_bad_ck(home, land, *defects: tuple[int, str, int]) -> dg.ExecuteInProcessResult:
    land(
        "labs",
        "l.csv",
        csv_text("patient_id,collected_at,test,value,ref_high", "P1,2026-04-01,CK,90,200"),
    )
    resources = build_resources(home)
    with warehouse(resources["duckdb"]) as conn:
        for defect in defects:
            _slip_in_bad_ck(conn, *defect)
    defs = build_definitions(home)
    return dg.materialize(
        [*defs.assets, *defs.asset_checks],
        partition_key="2026-05-01",
        resources=resources,
        raise_on_error=False,
    )


def test_rows_validated_a_range_of_files_at_a_time_add_up(home, land, monkeypatch):
    monkeypatch.setattr(quality, "VALIDATION_ROWS_PER_SORT", 1)
    result = _run_with_bad_ck(home, land, (97, "labs/a.csv", 5), (98, "labs/b.csv", 6))
    (failed,) = [
        e
        for e in result.get_asset_check_evaluations()
        if not e.passed and e.check_name == "gx_suite"
    ]
    assert failed.metadata["rows_validated"].value == 3
    assert "failed for 2 row(s); e.g. labs/a.csv:5, labs/b.csv:6" in failed.description


def test_a_critical_failure_blocks_the_clinical_assets(home, land):
    result = _run_with_bad_ck(home, land, (99, "labs/old.csv", 5))
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
