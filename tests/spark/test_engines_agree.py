"""The same landing files judged with the clinical stage on DuckDB and on Spark `local[2]`
give the same clinical tables and the same review outputs (issue 17: proven equal)."""

import shutil
from datetime import date
from pathlib import Path

import pytest

from assets.clinical.clinical_tables import CLINICAL_SPECS
from statinwatch.generate.dataset import generate_landing
from statinwatch.paths import lake_dir, reports_dir, warehouse_path
from statinwatch.spark.lake import table_folder
from tests.support.engines import read_parquet_folder, read_table, table_differences
from tests.support.home import run_day

AS_OF = date(2026, 11, 1)
PATIENTS = 500
CLINICAL_TABLES = ["clinical.exercise_sessions", *(f"clinical.{s.name}" for s in CLINICAL_SPECS)]
REVIEW_FILES = ("flagged_cohort.csv", "attrition.csv", "inclusion_report.csv", "run_summary.json")
# One worker builds the module's homes (make test runs `--dist loadgroup`), not each of them.
pytestmark = pytest.mark.xdist_group("spark_engines_agree")


@pytest.fixture(scope="module")
def homes(tmp_path_factory, spark) -> dict[str, Path]:
    """500 generated patients (every scenario of `make evaluate`, a share with heart-rate
    streams) run once per engine; `spark` starts the session the engine's run then reuses."""
    generated = tmp_path_factory.mktemp("generated")
    generate_landing(generated, patients=PATIENTS, days=365, end=AS_OF, heart_rate_share=0.05)
    homes = {}
    for engine in ("duckdb", "spark"):
        home = tmp_path_factory.mktemp(engine)
        shutil.copytree(generated / "landing", home / "landing")
        result = run_day(home, AS_OF, engine)
        assert result.success, engine
        homes[engine] = home
    return homes


@pytest.mark.parametrize("table", CLINICAL_TABLES)
def test_spark_builds_the_clinical_table_duckdb_builds(homes, table):
    on_duckdb = read_table(warehouse_path(homes["duckdb"]), table)
    on_spark = read_parquet_folder(table_folder(lake_dir(homes["spark"]), table))
    assert len(on_duckdb) > 0, "an empty table proves nothing"
    assert table_differences(on_duckdb, on_spark) == []


def test_the_comparison_sees_a_changed_value(homes):
    """Negative control: the comparison is not blind to one flipped judgement."""
    on_duckdb = read_table(warehouse_path(homes["duckdb"]), "clinical.patient_evaluation")
    changed = on_duckdb.copy()
    changed.loc[changed.index[0], "priority"] = "not a priority"
    assert table_differences(on_duckdb, changed) != []


@pytest.mark.parametrize("name", REVIEW_FILES)
def test_review_outputs_are_identical(homes, name):
    folder = AS_OF.isoformat()
    on_duckdb = (reports_dir(homes["duckdb"]) / folder / name).read_bytes()
    on_spark = (reports_dir(homes["spark"]) / folder / name).read_bytes()
    assert on_spark == on_duckdb


def test_the_cohort_is_not_empty(homes):
    cohort = (reports_dir(homes["spark"]) / AS_OF.isoformat() / "flagged_cohort.csv").read_text()
    assert len(cohort.splitlines()) > 1 + PATIENTS // 20
