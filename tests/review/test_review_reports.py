"""Review outputs (CONTRACT §5): every file, the accounting identity, history and re-runs."""

import json
import stat

import pandas as pd
import pytest

from tests.support.home import csv_text, query, run_day
from tests.support.ingesting import assert_accounted
from tests.support.vignettes import Vignette, land_vignettes

COHORT_COLUMNS = [
    "patient_id", "priority", "reasons", "explanation", "statin", "daily_dose_mg",
    "first_flagged", "status", "risk_score", "rules_version", "decision", "reviewed_by",
    "reviewed_at", "review_note", "new_evidence",
]  # fmt: skip
ON_STATIN = {
    "drug": "simvastatin 40 mg",
    "dose_mg": 40,
    "start_date": "2026-01-01",
    "status": "active",
}
VIGNETTES = [
    Vignette("P-A", "statin + myalgia", "CONTRACT §5", "medium", medications=(ON_STATIN,),
             symptoms=({"reported_at": "2026-06-01", "symptom": "myalgia", "severity": 4},)),
    Vignette("P-B", "statin, no symptoms", "CONTRACT §5", None, medications=(ON_STATIN,)),
    Vignette("P-C", "myalgia, no statin", "CONTRACT §5", None,
             symptoms=({"reported_at": "2026-06-01", "symptom": "myalgia", "severity": 4},)),
]  # fmt: skip


@pytest.fixture
def day_one(home):
    land_vignettes(home / "landing", VIGNETTES)
    (home / "landing" / "labs").mkdir()
    (home / "landing" / "labs" / "bad.csv").write_text(
        csv_text(
            "patient_id,collected_at,test,value", "P-A,2026-06-01,CK,-1", "P-A,2026-06-01,CK,150"
        ),
        encoding="utf-8",
    )
    assert run_day(home, "2026-06-10").success
    return home / "reports" / "2026-06-10"


def test_every_output_file_is_written_with_the_contract_columns(day_one):
    assert sorted(p.name for p in day_one.iterdir()) == [
        "attrition.csv", "flagged_cohort.csv", "flagged_cohort.parquet", "inclusion_report.csv",
        "report.html", "run_summary.json",
    ]  # fmt: skip
    cohort = pd.read_csv(day_one / "flagged_cohort.csv")
    assert list(cohort.columns) == COHORT_COLUMNS
    assert pd.read_parquet(day_one / "flagged_cohort.parquet")["patient_id"].tolist() == ["P-A"]
    row = cohort.iloc[0]
    assert (row["priority"], row["status"], row["first_flagged"]) == ("medium", "new", "2026-06-10")
    assert row["reasons"].split(";")[:2] == ["STATIN_EXPOSED", "MUSCLE_SYMPTOMS"]
    assert "Simvastatin 40 mg/day" in row["explanation"] and "2026-06-01" in row["explanation"]
    assert "P-A" in (day_one / "report.html").read_text(encoding="utf-8")


def test_attrition_lists_each_rule_in_order_and_never_grows(day_one):
    attrition = pd.read_csv(day_one / "attrition.csv")
    assert list(attrition.columns) == ["step", "patients"]
    assert attrition["patients"].tolist() == [3, 2, 2, 1, 1, 1, 0]
    assert attrition["patients"].is_monotonic_decreasing


def test_inclusion_report_counts_exposed_patients_by_rule_mask(day_one):
    report = pd.read_csv(day_one / "inclusion_report.csv")
    # P-B is exposed with no signal (mask 0); P-A passes the first three rules (mask 7).
    assert report[["inclusion_rule_mask", "patients"]].values.tolist() == [[0, 1], [7, 1]]
    assert report.loc[1, "rules_passed"] == "any_signal+muscle_symptoms+not_explained_by_exercise"


def test_run_summary_accounts_for_every_row_of_every_file(day_one):
    summary = json.loads((day_one / "run_summary.json").read_text(encoding="utf-8"))
    assert summary["as_of"] == "2026-06-10" and summary["flagged"] == 1
    by_path = {f["path"]: f for f in summary["files"]}
    assert set(by_path) == {
        "patients/vignettes.csv", "medications/vignettes.csv", "symptoms/vignettes.csv", "labs/bad.csv",
    }  # fmt: skip
    for entry in summary["files"]:
        assert set(entry) >= {
            "path",
            "stream",
            "format",
            "rows_read",
            "accepted",
            "quarantined",
            "duplicates",
            "skipped",
        }
        assert_accounted(entry)
        # Native files skip nothing, and say so.
        assert (entry["skipped"], entry["skipped_reasons"]) == (0, {})
    assert (by_path["labs/bad.csv"]["accepted"], by_path["labs/bad.csv"]["quarantined"]) == (1, 1)


def test_outputs_are_private_and_leave_no_temporary_folders(day_one):
    assert stat.S_IMODE(day_one.stat().st_mode) == 0o700
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in day_one.iterdir())
    assert [p.name for p in day_one.parent.iterdir()] == ["2026-06-10"]


def test_folders_left_by_a_killed_writer_are_removed_by_the_next_run(home, day_one):
    leftovers = [day_one.parent / ".writing-2026-06-10-dead0001", day_one.parent / ".retired-x"]
    for folder in leftovers:
        folder.mkdir()
        (folder / "flagged_cohort.csv").write_text("patient_id\nP1\n")
    assert run_day(home, "2026-06-10").success
    assert [p.name for p in day_one.parent.iterdir()] == ["2026-06-10"]


def test_rerunning_a_date_gives_identical_outputs(home, day_one):
    before = {p.name: p.read_bytes() for p in day_one.iterdir() if p.suffix in (".csv", ".html")}
    assert run_day(home, "2026-06-10").success
    after = {p.name: p.read_bytes() for p in day_one.iterdir() if p.suffix in (".csv", ".html")}
    assert before == after
    assert query(home, "select count(*) from review.flagged_cohort") == [(1,)]


def test_status_is_ongoing_the_next_day_and_first_flagged_is_kept(home, day_one):
    assert run_day(home, "2026-06-11").success
    cohort = pd.read_csv(home / "reports" / "2026-06-11" / "flagged_cohort.csv")
    assert cohort[["status", "first_flagged"]].values.tolist() == [["ongoing", "2026-06-10"]]
    summary = json.loads((home / "reports" / "2026-06-11" / "run_summary.json").read_text())
    assert summary["files"] == []  # nothing new landed, nothing ingested again


def test_report_escapes_markup_from_input(home, land):
    land("medications", "m.csv", csv_text(
        "patient_id,drug,dose_mg,start_date,status",
        '"<script>alert(1)</script>",simvastatin <b>40</b> mg,40,2026-01-01,active',
    ))  # fmt: skip
    land("symptoms", "s.csv", csv_text(
        "patient_id,reported_at,symptom", '"<script>alert(1)</script>",2026-06-01,myalgia'
    ))  # fmt: skip
    # An unaccustomed hour of exercise is strenuous: the timeline chart writes its activity.
    land("exercise", "e.csv", csv_text(
        "patient_id,start_time,duration_min,activity",
        '"<script>alert(1)</script>",2026-05-20T07:00:00,60,"<script>alert(2)</script> hiit"',
    ))  # fmt: skip
    assert run_day(home, "2026-06-10").success
    html = (home / "reports" / "2026-06-10" / "report.html").read_text(encoding="utf-8")
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    charts = [part.split("</svg>")[0] for part in html.split("<svg")[1:]]
    assert any("&lt;script&gt;alert(2)&lt;/script&gt; hiit" in chart for chart in charts)
