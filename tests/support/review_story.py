"""A review story told day by day through the daily job and the `statinwatch review` command:
a reviewed patient stays `reviewed` until new evidence arrives (issue 5). Told on each engine
(tests/review/, tests/spark/)."""

import json
from pathlib import Path

import pandas as pd

from tests.support.home import csv_text, query, run_day, statinwatch, write_landing
from tests.support.vignettes import Vignette, land_vignettes

HOSTILE = "<script>alert(1)</script>"
ON_STATIN = ({"drug": "simvastatin 40 mg", "dose_mg": 40, "start_date": "2026-01-01",
              "status": "active"},)  # fmt: skip
MYALGIA = ({"reported_at": "2026-06-01T20:00:00", "symptom": "myalgia", "severity": 4},)
VIGNETTES = [
    # Myalgia with CK 2× ULN (192 U/L for women): medium, reviewed with the command line.
    Vignette("P-R", "statin, myalgia, CK 2x", "CONTRACT §5", "medium", medications=ON_STATIN,
             symptoms=MYALGIA, labs=({"collected_at": "2026-06-02T09:00:00", "test": "CK",
                                      "value": 400},)),
    # The same story without CK: medium, reviewed with a file in landing/reviews/.
    Vignette("P-S", "statin, myalgia", "CONTRACT §5", "medium", medications=ON_STATIN,
             symptoms=MYALGIA),
]  # fmt: skip
REVIEWS_CSV = csv_text(
    "patient_id,decision,by,note,reviewed_at",
    "P-S,confirmed,Dr Bo,stop and retry in 4 weeks,2026-06-10T16:00:00",
    "P-S,confirmed,Dr Bo,stop and retry in 4 weeks,2026-06-10T16:00:00",  # exact duplicate
    "P-S,ignored,Dr Bo,,2026-06-10T16:00:00",  # unknown decision
    "P-S,dismissed,,,2026-06-10T16:00:00",  # missing reviewer
    "P-S,dismissed,Dr Bo,,yesterday",  # unparseable time
    "P-NOBODY,dismissed,Dr Bo,,2026-06-10T16:00:00",  # never in a cohort
)
LOG = "select * exclude (recorded_at) from review.review_log order by review_id"


def cohort_on(home: Path, day: str) -> pd.DataFrame:
    return pd.read_csv(home / "reports" / day / "flagged_cohort.csv").set_index("patient_id")


def follow_review_story(home: Path, engine: str) -> None:
    """Two patients flagged, reviewed (one from the command line, one from a reviews file),
    then one comes back with a higher CK tier, on `engine`, day by day."""

    def land(stream: str, name: str, content: str) -> None:
        write_landing(home / "landing", f"{stream}/{name}", content)

    land_vignettes(home / "landing", VIGNETTES)
    assert run_day(home, "2026-06-10", engine).success
    assert cohort_on(home, "2026-06-10")["status"].to_dict() == {"P-R": "new", "P-S": "new"}

    # Dismissed from the command line; the other patient through a reviews file.
    result = statinwatch("review", "P-R", "--decision", "dismissed", "--by", "Dr Ada",
                         "--note", f"{HOSTILE} gardening", "--home", str(home))  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "recorded review 1: P-R dismissed by Dr Ada (cohort of 2026-06-10)" in result.stdout
    land("reviews", "2026-06-10.csv", REVIEWS_CSV)
    assert run_day(home, "2026-06-11", engine).success

    day2 = cohort_on(home, "2026-06-11")
    assert day2.loc["P-R", ["status", "decision", "reviewed_by"]].tolist() == [
        "reviewed", "dismissed", "Dr Ada",
    ]  # fmt: skip
    assert day2.loc["P-S", ["status", "decision", "review_note"]].tolist() == [
        "reviewed", "confirmed", "stop and retry in 4 weeks",
    ]  # fmt: skip
    assert "Reviewed: dismissed by Dr Ada" in day2.loc["P-R", "explanation"]
    # The reviews file is accounted for like any landing file, its bad rows quarantined.
    summary = json.loads((home / "reports" / "2026-06-11" / "run_summary.json").read_text())
    (entry,) = summary["files"]
    assert (entry["path"], entry["stream"]) == ("reviews/2026-06-10.csv", "reviews")
    assert [entry[k] for k in ("rows_read", "accepted", "quarantined", "duplicates")] == [
        6,
        1,
        4,
        1,
    ]
    reasons = [r for (r,) in query(home, "select reason from ingest.quarantine order by line")]
    assert reasons == [
        "decision must be confirmed, dismissed or escalated, got 'ignored'",
        "missing by",
        "unparseable reviewed_at 'yesterday'",
        "patient 'P-NOBODY' is in no cohort on or before reviewed_at",
    ]
    log_before = query(home, LOG)
    assert [(r[1], r[2], r[7]) for r in log_before] == [
        ("P-R", "dismissed", "cli"), ("P-S", "confirmed", "file"),
    ]  # fmt: skip

    # A CK in a higher tier (13× ULN) is evidence the reviewer did not see: P-R comes back,
    # ongoing rather than new, as it was first flagged on 2026-06-10 (CONTRACT §5).
    land("labs", "day3.csv", csv_text("patient_id,collected_at,test,value",
                                      "P-R,2026-06-11T09:00:00,CK,2500"))  # fmt: skip
    assert run_day(home, "2026-06-12", engine).success
    day3 = cohort_on(home, "2026-06-12")
    assert day3.loc["P-R", "status"] == "ongoing" and day3.loc["P-S", "status"] == "reviewed"
    assert day3.loc["P-R", "priority"] == "urgent"
    assert "CK rose to 13× ULN" in day3.loc["P-R", "new_evidence"]
    assert day3.loc["P-R", "explanation"].startswith("New evidence since review (dismissed by")
    html = (home / "reports" / "2026-06-12" / "report.html").read_text(encoding="utf-8")
    assert "New evidence since review" in html and "back with new evidence" in html
    assert HOSTILE not in html and "&lt;script&gt;alert(1)&lt;/script&gt; gardening" in html

    # The day after it is no longer new, but stays unreviewed until someone decides again.
    assert run_day(home, "2026-06-13", engine).success
    day4 = cohort_on(home, "2026-06-13")
    assert day4.loc["P-R", "status"] == "ongoing" and pd.notna(day4.loc["P-R", "new_evidence"])
    html = (home / "reports" / "2026-06-13" / "report.html").read_text(encoding="utf-8")
    assert "back with new evidence" not in html  # reported once, the day it appeared
    assert day4.loc["P-S", "status"] == "reviewed"
    # Append-only: every earlier entry is exactly as it was, and nothing was added.
    assert query(home, LOG) == log_before
    first_flagged = {day: cohort_on(home, day).loc["P-R", "first_flagged"] for day in
                     ("2026-06-10", "2026-06-11", "2026-06-12", "2026-06-13")}  # fmt: skip
    assert set(first_flagged.values()) == {"2026-06-10"}
