"""make evaluate's headline figures count each scenario group against its truth
(tools/evaluate.py)."""

from datetime import date

import pandas as pd

from tools.evaluate import figures, write_report


def frame(rows: list[tuple[str, str, str]]) -> pd.DataFrame:
    """(scenario, expected_priority, priority) rows; the naive join flags everyone."""
    table = pd.DataFrame(rows, columns=["scenario", "expected_priority", "priority"])
    return table.assign(naive="medium")


CASES = frame(
    [
        ("non_muscle_complaints", "none", "medium"),
        ("non_muscle_complaints", "none", "none"),
        ("non_muscle_complaints", "none", "low"),
        ("no_statin", "none", "none"),
        ("exercise_repeated_bouts", "low", "medium"),
        ("exercise_sparse_reports", "low", "low"),
        ("soreness_outlasts_doms", "medium", "low"),
        ("statin_possible_late", "medium", "medium"),
    ]
)


def test_non_muscle_complaints_flagged_at_any_priority_are_counted() -> None:
    assert figures(CASES, "priority").non_muscle_flagged == 2
    assert figures(CASES, "naive").non_muscle_flagged == 3


def test_new_exercise_only_scenarios_count_above_low() -> None:
    assert figures(CASES, "priority").exercise_above_low == 1
    assert figures(CASES, "naive").exercise_above_low == 2


def test_soreness_past_the_doms_course_counts_as_a_pattern_to_flag() -> None:
    assert figures(CASES, "priority").statin_pattern_sensitivity == 0.5


def test_the_report_has_a_line_for_flagged_non_muscle_complaints(tmp_path) -> None:
    out = tmp_path / "evaluation.md"
    write_report(CASES.assign(patient_id="P1"), out, "make evaluate", date(2026, 11, 1))
    line = next(row for row in out.read_text().splitlines() if "non-muscle complaints" in row)
    assert [cell.strip() for cell in line.strip("|").split("|")][1:] == ["2", "3"]
