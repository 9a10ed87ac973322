"""What brings a reviewed patient back: each kind of new evidence, and the changes that do not
(negative controls), judged by the DuckDB engine (the same cases on Spark:
tests/spark/test_review_on_spark.py)."""

from statinwatch.cohort_history import snapshot_cohort
from tests.support.home import schema_warehouse
from tests.support.new_evidence import PARAMS, expected, judged, write_review_inputs


def test_each_kind_of_new_evidence_and_only_those_bring_a_reviewed_patient_back():
    with schema_warehouse() as conn:
        write_review_inputs(conn)
        snapshot_cohort(conn, PARAMS)
        assert judged(conn) == expected()
