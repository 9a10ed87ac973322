"""The review stage's judgement on Spark `local[2]` (issue 17): the same statements over the
clinical tables in the lake, the cohort's history, the review log and the evidence each review
saw coming from the warehouse, and the date's snapshot going back into it."""

import duckdb

from statinwatch.spark.lake import publish
from statinwatch.spark.review import build_review_stage
from statinwatch.sql import run_sql_folder
from tests.support.new_evidence import (
    AS_OF,
    PARAMS,
    STAND_INS,
    expected,
    judged,
    write_review_inputs,
)
from tests.support.review_story import follow_review_story


def test_each_kind_of_new_evidence_and_only_those_bring_a_reviewed_patient_back(tmp_path, spark):
    lake = tmp_path / "lake"
    with duckdb.connect(str(tmp_path / "warehouse.duckdb")) as conn:
        run_sql_folder(conn, "schema")
        write_review_inputs(conn)
        publish(conn, lake, list(STAND_INS))
        for _ in range(2):  # a re-run of the date replaces its snapshot
            build_review_stage(conn, spark, lake, PARAMS)
            assert judged(conn) == expected()
        rows = conn.execute(
            "select count(*) from review.flagged_cohort where as_of = ?", [AS_OF]
        ).fetchone()
        assert rows == (len(expected()),)


def test_dismissed_patient_stays_reviewed_until_a_higher_ck_tier_on_spark(home, spark):
    """The review story of tests/review/, day by day, with the cohort judged on Spark."""
    follow_review_story(home, "spark")
