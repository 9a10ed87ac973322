"""The same landing files run with staging and the clinical stage on DuckDB and on Spark
`local[2]` give the same staged tables, clinical tables and review outputs (issue 17: proven
equal)."""

import shutil
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import dagster as dg
import pytest

from assets.clinical.clinical_tables import CLINICAL_SPECS
from statinwatch.generate.dataset import generate_landing
from statinwatch.ingest.streams import STREAM_SPECS
from statinwatch.paths import lake_dir, reports_dir, warehouse_path
from statinwatch.spark.clinical import LAKE_ONLY
from statinwatch.spark.lake import table_folder
from statinwatch.spark.staging import review_reads
from tests.support.engines import read_parquet_folder, read_table, table_differences
from tests.support.home import query, run_day

AS_OF = date(2026, 11, 1)
PATIENTS = 500
CLINICAL_TABLES = ["clinical.exercise_sessions", *(f"clinical.{s.name}" for s in CLINICAL_SPECS)]
STAGED_TABLES = [spec.staged_table for spec in STREAM_SPECS.values()]
REVIEW_FILES = (
    "flagged_cohort.csv", "attrition.csv", "inclusion_report.csv", "run_summary.json",
    "report.html",
)  # fmt: skip
REVIEW_TABLES = ("review.flagged_cohort", "review.attrition")
# One worker builds the module's homes (make test runs `--dist loadgroup`), not each of them.
pytestmark = pytest.mark.xdist_group("spark_engines_agree")


@dataclass
class Run:
    home: Path
    # Rows each staged stream's suite validated, by stream.
    validated: dict[str, int]
    # Landing files the Spark staging step wrote to the lake, run by run.
    files_added: list[int] = field(default_factory=list)


def files_added_to_lake(result) -> int:
    (event,) = [
        e
        for e in result.get_asset_materialization_events()
        if e.asset_key == dg.AssetKey(["staging", "exercise"])
    ]
    return event.materialization.metadata["landing_files_added_to_lake"].value


@pytest.fixture(scope="module")
def runs(tmp_path_factory, spark) -> dict[str, Run]:
    """500 generated patients (every scenario of `make evaluate`, a share with heart-rate
    streams) run once per engine, then the same day again on Spark; `spark` starts the session
    the engine's runs then reuse."""
    generated = tmp_path_factory.mktemp("generated")
    generate_landing(generated, patients=PATIENTS, days=365, end=AS_OF, heart_rate_share=0.05)
    runs, results = {}, {}
    for engine in ("duckdb", "spark"):
        home = tmp_path_factory.mktemp(engine)
        shutil.copytree(generated / "landing", home / "landing")
        result = run_day(home, AS_OF, engine)
        assert result.success, engine
        suites = [e for e in result.get_asset_check_evaluations() if e.check_name == "gx_suite"]
        assert all(e.passed for e in suites), engine
        validated = {e.asset_key.path[-1]: e.metadata["rows_validated"].value for e in suites}
        runs[engine], results[engine] = Run(home, validated), result
    spark_run = runs["spark"]
    spark_run.files_added.append(files_added_to_lake(results["spark"]))
    # The same day again, in a copy of the home (its run summary lists no file ingested).
    again = tmp_path_factory.mktemp("spark_again")
    shutil.copytree(spark_run.home, again, dirs_exist_ok=True)
    result = run_day(again, AS_OF, "spark")
    assert result.success
    spark_run.files_added.append(files_added_to_lake(result))
    runs["spark again"] = Run(again, {})
    return runs


@pytest.fixture(scope="module")
def homes(runs) -> dict[str, Path]:
    return {engine: run.home for engine, run in runs.items()}


def test_the_suites_validated_the_same_rows_on_spark(runs):
    """GX's Spark engine saw every staged row of every stream that pandas saw."""
    on_duckdb, on_spark = runs["duckdb"].validated, runs["spark"].validated
    assert len(on_duckdb) == 5 and all(count > 0 for count in on_duckdb.values())
    assert on_spark == on_duckdb


@pytest.mark.parametrize("table", STAGED_TABLES)
def test_spark_stages_the_table_duckdb_stages(homes, table):
    on_duckdb = read_table(warehouse_path(homes["duckdb"]), table)
    on_spark = read_parquet_folder(table_folder(lake_dir(homes["spark"]), table))
    assert len(on_duckdb) > 0, "an empty table proves nothing"
    assert list(on_spark.columns) == list(on_duckdb.columns)
    assert table_differences(on_duckdb, on_spark) == []


def test_the_device_load_was_staged_on_spark(homes):
    """The heart-rate share of the patients gives logged sessions the device's heart rate
    (device sessions: tests/spark/test_staging_on_spark.py)."""
    on_spark = read_parquet_folder(table_folder(lake_dir(homes["spark"]), "staging.exercise"))
    assert (on_spark["hr_source"] == "device").sum() > 0


@pytest.mark.parametrize("table", [*review_reads(), *sorted(set(CLINICAL_TABLES) - LAKE_ONLY)])
def test_the_warehouse_keeps_what_the_review_reads(homes, table):
    """The staged and clinical tables the review reads in the warehouse, read back from Spark."""
    on_duckdb = read_table(warehouse_path(homes["duckdb"]), table)
    read_back = read_table(warehouse_path(homes["spark"]), table)
    assert table_differences(on_duckdb, read_back) == []


def test_a_rerun_writes_no_landing_file_to_the_lake_again(runs):
    first, again = runs["spark"].files_added
    assert first > 0
    assert again == 0


def test_a_rerun_flags_the_same_cohort(homes):
    cohort = Path(AS_OF.isoformat()) / "flagged_cohort.csv"
    first = (reports_dir(homes["spark"]) / cohort).read_bytes()
    assert (reports_dir(homes["spark again"]) / cohort).read_bytes() == first


def test_the_lake_holds_each_landing_file_once_in_its_own_folder(homes):
    """Raw exercise rows go to the lake one folder per landing file, every row once, after two
    runs."""
    table = "raw.exercise"
    in_warehouse = read_table(warehouse_path(homes["spark again"]), table)
    folder = table_folder(lake_dir(homes["spark again"]), table)
    folders = sorted(p.name for p in folder.iterdir() if p.is_dir())
    assert folders == sorted(f"file_id={i}" for i in in_warehouse["file_id"].unique())
    assert table_differences(in_warehouse, read_parquet_folder(folder, partitions=1)) == []


@pytest.mark.parametrize("table", CLINICAL_TABLES)
def test_spark_builds_the_clinical_table_duckdb_builds(homes, table):
    on_duckdb = read_table(warehouse_path(homes["duckdb"]), table)
    on_spark = read_parquet_folder(table_folder(lake_dir(homes["spark"]), table))
    assert len(on_duckdb) > 0, "an empty table proves nothing"
    assert table_differences(on_duckdb, on_spark) == []


def test_the_exercise_history_stays_in_the_lake(homes):
    """The one clinical table that grows with the history is not copied into the warehouse
    (report.html, compared below, charts it from the lake in place)."""
    tables = query(homes["spark"], "select schema_name || '.' || table_name from duckdb_tables()")
    assert "clinical.patient_evaluation" in {name for (name,) in tables}
    assert LAKE_ONLY.isdisjoint(name for (name,) in tables)


@pytest.mark.parametrize("table", REVIEW_TABLES)
def test_the_review_judges_on_spark_what_it_judges_on_duckdb(homes, table):
    on_duckdb = read_table(warehouse_path(homes["duckdb"]), table)
    on_spark = read_table(warehouse_path(homes["spark"]), table)
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
