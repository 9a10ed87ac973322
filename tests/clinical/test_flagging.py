"""The first flagging rule (CONTRACT §5): statin exposure that is current or ended within
90 days, with muscle symptoms reported in the 30 days before the as-of date."""

import pandas as pd
import pytest

from tests.support.home import run_day
from tests.support.vignettes import Vignette, land_vignettes, outcome_problems

AS_OF = "2026-06-30"
ATORVA = {"drug": "Atorvastatin 20 mg oral tablet", "dose_mg": 20, "record_type": "dispense"}


def myalgia(day: str) -> dict:
    return {"reported_at": f"{day}T08:00:00", "symptom": "myalgia", "severity": 5, "side": "both"}


VIGNETTES = [
    Vignette(
        "V-CURRENT", "current statin, myalgia 10 days ago", "CONTRACT §5 exposure + symptoms",
        "medium", reasons_include=("STATIN_EXPOSED", "MUSCLE_SYMPTOMS"),
        medications=({**ATORVA, "start_date": "2025-01-01", "status": "active"},),
        symptoms=(myalgia("2026-06-20"),),
    ),
    Vignette(
        "V-ENDED-60D", "statin ended 60 days before, myalgia this week", "CONTRACT §5: within 90 days",
        "medium", reasons_include=("STATIN_EXPOSED", "MUSCLE_SYMPTOMS"),
        medications=({**ATORVA, "start_date": "2025-06-01", "end_date": "2026-05-01", "status": "stopped"},),
        symptoms=(myalgia("2026-06-25"),),
    ),
    Vignette(
        "V-ENDED-120D", "statin ended 120 days before, myalgia this week", "CONTRACT §5: never in the cohort",
        None,
        medications=({**ATORVA, "start_date": "2025-01-01", "end_date": "2026-03-02", "status": "stopped"},),
        symptoms=(myalgia("2026-06-25"),),
    ),
    Vignette(
        "V-NEVER", "never on a statin, myalgia this week", "CONTRACT §5: never took a statin",
        None,
        medications=({"drug": "metformin 500 mg", "dose_mg": 500, "start_date": "2024-01-01", "status": "active"},),
        symptoms=(myalgia("2026-06-25"),),
    ),
    Vignette(
        "V-OLD-SYMPTOM", "current statin, myalgia 45 days ago only", "issue 2: symptoms in the 30 days before",
        None,
        medications=({**ATORVA, "start_date": "2025-01-01", "status": "active"},),
        symptoms=(myalgia("2026-05-16"),),
    ),
    Vignette(
        "V-FUTURE", "statin starts after the as-of date", "no data after the as-of date is used",
        None,
        medications=({**ATORVA, "start_date": "2026-07-05", "status": "active"},),
        symptoms=(myalgia("2026-06-25"),),
    ),
    Vignette(
        "V-BEMPEDOIC", "bempedoic acid/ezetimibe is not a statin", "clinical.md §1.2 (C10BA10 excluded)",
        None,
        medications=({"drug": "bempedoic acid 180 MG / ezetimibe 10 MG Oral Tablet", "start_date": "2026-01-01", "status": "active"},),
        symptoms=(myalgia("2026-06-25"),),
    ),
]  # fmt: skip


@pytest.fixture(scope="module")
def cohort(tmp_path_factory) -> pd.DataFrame:
    home = tmp_path_factory.mktemp("flagging")
    land_vignettes(home / "landing", VIGNETTES)
    assert run_day(home, AS_OF).success
    return pd.read_csv(home / "reports" / AS_OF / "flagged_cohort.csv")


@pytest.mark.parametrize("vignette", VIGNETTES, ids=lambda v: v.patient_id)
def test_vignette(cohort, vignette):
    assert outcome_problems(vignette, cohort) == []
