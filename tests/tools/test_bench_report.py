"""make bench rewrites only its measured section of docs/benchmarks.md (tools/bench.py)."""

import pandas as pd

from tools.bench import MARK_END, MARK_START, Measured, SizeResult, write_report


def result(days: int, next_day_seconds: float) -> SizeResult:
    return SizeResult(
        patients=100,
        days=days,
        rows={"exercise": 1000, "symptoms": 10},
        generate=Measured(1.0, 50),
        full=Measured(10.0, 300),
        next_day=Measured(next_day_seconds, 200),
        floor=Measured(0.5, 100),
        steps=pd.DataFrame([{"run": "2026-11-01", "step": "raw_exercise", "seconds": 1.5}]),
    )


def test_the_measured_section_is_replaced_and_the_notes_kept(tmp_path):
    out = tmp_path / "benchmarks.md"
    out.write_text(
        f"# Benchmarks\n\nnotes before\n\n{MARK_START}old numbers\n{MARK_END}\n\nnotes after\n"
    )

    write_report([result(90, 2.0), result(365, 2.2)], out, "python -m tools.bench")

    text = out.read_text()
    assert "old numbers" not in text
    assert text.startswith("# Benchmarks\n\nnotes before\n\n")
    assert text.endswith(f"{MARK_END}\n\nnotes after\n")
    assert "next-day run 2.0 s after 90 days of history, 2.2 s after 365 days (+10%)" in text
    assert "Seconds per step, 100 patients × 365 days" in text and "raw_exercise" in text
