"""A good and a bad staged row per suite of expectations/staging/, with the expectation the bad
one breaks; the suites' tests run them on pandas and on Spark."""

from pathlib import Path

import dagster as dg
import pandas as pd

from pipelines.definitions import build_definitions
from statinwatch.resources import build_resources, warehouse
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

# Where the rows came from: landing file 3, line 7, known by its path.
LOCATED = {"file_id": 3, "line": 7}
PATHS = {3: "landing/f.csv"}


def slip_in_bad_ck(conn, file_id: int, path: str, line: int) -> None:
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


def run_with_bad_ck(
    home: Path, land, *defects: tuple[int, str, int], engine: str = "duckdb"
) -> dg.ExecuteInProcessResult:
    """One day's run, every asset and check, with the defects slipped in before it."""
    land(
        "labs",
        "l.csv",
        csv_text("patient_id,collected_at,test,value,ref_high", "P1,2026-04-01,CK,90,200"),
    )
    resources = build_resources(home, engine)
    with warehouse(resources["duckdb"]) as conn:
        for defect in defects:
            slip_in_bad_ck(conn, *defect)
    defs = build_definitions(home, engine)
    return dg.materialize(
        [*defs.assets, *defs.asset_checks],
        partition_key="2026-05-01",
        resources=resources,
        raise_on_error=False,
    )
