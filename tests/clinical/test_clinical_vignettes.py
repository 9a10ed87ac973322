"""The clinical engine on patient vignettes, run through `statinwatch run` as an operator would.

Every expected priority and reason is written from the criterion named in `source`
(CONTRACT §5 priorities; ../shared/docs/clinical.md sections; issue 3's rules), not from
what the engine printed. As-of date for all: 2026-06-30.
"""

import pandas as pd
import pytest

from statinwatch.vocabulary import vocabulary_rows
from tests.support.vignettes import Vignette, flagged_cohort, outcome_problems, reports, sessions

AS_OF = "2026-06-30"

SIMVA_40 = {"drug": "simvastatin 40 mg oral tablet", "dose_mg": 40, "status": "active"}
SIMVA_20 = {"drug": "simvastatin 20 mg oral tablet", "dose_mg": 20, "status": "active"}
ATORVA_20 = {"drug": "atorvastatin 20 mg oral tablet", "dose_mg": 20, "status": "active"}
ATORVA_40 = {"drug": "atorvastatin 40 mg oral tablet", "dose_mg": 40, "status": "active"}
ROSUVA_20 = {"drug": "rosuvastatin 20 mg oral tablet", "dose_mg": 20, "status": "active"}
LONG_AGO = "2024-01-01"
BOTH_THIGHS = {"body_site": "thigh", "side": "both"}
BOTH_CALVES = {"body_site": "calf", "side": "both"}
HABITUAL_RUNS = sessions("2026-05-01", "2026-06-29", 3, 40)
MARATHON = {"start_time": "2026-06-20T07:00:00", "duration_min": 240, "activity": "running",
            "intensity": "vigorous", "distance_km": 42.2}  # fmt: skip


def ck(day: str, value: float, ref_high: float = 200) -> dict:
    return {"collected_at": f"{day}T09:00:00", "test": "CK", "value": value, "unit": "U/L",
            "ref_high": ref_high}  # fmt: skip


VIGNETTES = [
    # --- exercise soreness versus statin symptoms (clinical.md §4, §8.6; issue 3 §5) ---
    Vignette(
        "V01", "stable statin; thigh soreness the day after a marathon, gone in 3 days",
        "§4 DOMS onset 12-24 h, resolves 5-7 d; issue 3: exercise-explained never above low",
        "low", ("MUSCLE_SYMPTOMS", "EXERCISE_EXPLAINED"), ("PERSISTENT_SYMPTOMS",),
        explanation_includes=("running on 2026-06-20",),
        medications=({**SIMVA_20, "start_date": LONG_AGO},),
        exercise=(*HABITUAL_RUNS, MARATHON),
        symptoms=reports("2026-06-21", "2026-06-23", 1, **BOTH_THIGHS),
    ),
    Vignette(
        "V02", "stable statin; soreness after a long downhill hike that lasts two weeks",
        "§4: persistence > 7 days without new strenuous exercise favours SAMS; CONTRACT medium",
        "medium", ("MUSCLE_SYMPTOMS", "PERSISTENT_SYMPTOMS"), ("EXERCISE_EXPLAINED",),
        explanation_includes=("does not explain it",),
        medications=({**SIMVA_20, "start_date": LONG_AGO},),
        exercise=(*sessions("2026-05-01", "2026-06-10", 4, 45, "walking"),
                  {"start_time": "2026-06-12T08:00:00", "duration_min": 300, "activity": "hiking",
                   "elevation_loss_m": 1200}),
        symptoms=reports("2026-06-13", "2026-06-27", 3, body_site="thigh", side="left"),
    ),
    Vignette(
        "V03", "atorvastatin started 5 weeks before; bilateral thigh aches for 3 weeks",
        "EAS 2018 Box 1 (onset 4-6 weeks after start); §8.7 pattern → probable; CONTRACT high",
        "high", ("MUSCLE_SYMPTOMS", "PERSISTENT_SYMPTOMS", "RECENT_START_OR_DOSE_INCREASE",
                 "HIGH_INTENSITY_STATIN"), ("EXERCISE_EXPLAINED",),
        explanation_includes=("after starting the statin",),
        medications=({**ATORVA_40, "start_date": "2026-05-05", "days_supply": 90,
                      "record_type": "dispense"},),
        symptoms=reports("2026-06-08", "2026-06-28", 3, **BOTH_THIGHS),
    ),
    Vignette(
        "V04", "simvastatin raised 20 → 40 mg six weeks before; bilateral calf aches persisting",
        "EAS 2018 Box 1 (after a dose increase); SAMS-CI A2 B2; §8.7 → probable; CONTRACT high",
        "high", ("PERSISTENT_SYMPTOMS", "RECENT_START_OR_DOSE_INCREASE"),
        explanation_includes=("after a dose increase",),
        medications=({**SIMVA_20, "start_date": LONG_AGO, "end_date": "2026-05-09"},
                      {**SIMVA_40, "start_date": "2026-05-10"}),
        symptoms=reports("2026-06-15", "2026-06-29", 2, **BOTH_CALVES),
    ),
    Vignette(
        "V05", "stable statin 2 years; one new report of a sore left shoulder",
        "CONTRACT medium: statin-exposed, new symptoms not explained by exercise",
        "medium", ("MUSCLE_SYMPTOMS",), ("PERSISTENT_SYMPTOMS", "RECENT_START_OR_DOSE_INCREASE"),
        medications=({**ATORVA_20, "start_date": LONG_AGO},),
        symptoms=({"reported_at": "2026-06-25T10:00:00", "symptom": "myalgia", "severity": 3,
                   "body_site": "shoulder", "side": "left"},),
    ),
    Vignette(
        "V06", "habitual runner: vigorous runs are routine, aches begin after a statin start",
        "§4 repeated-bout effect; §8.6 load must exceed the baseline; CONTRACT high",
        "high", ("PERSISTENT_SYMPTOMS", "RECENT_START_OR_DOSE_INCREASE"), ("EXERCISE_EXPLAINED",),
        medications=({**ROSUVA_20, "start_date": "2026-05-20"},),
        exercise=tuple({**s, "intensity": "vigorous"} for s in sessions("2026-05-01", "2026-06-29", 2, 40)),
        symptoms=reports("2026-06-14", "2026-06-29", 2, **BOTH_THIGHS),
    ),
    # --- CK tiers (EAS 2015 Table 1; CONTRACT §5) ---
    Vignette(
        "V07", "myalgia with CK 12× ULN", "CONTRACT urgent: CK > 10× ULN with muscle symptoms",
        "urgent", ("MUSCLE_SYMPTOMS", "CK_GT_10X_ULN"),
        explanation_includes=("CK 12× ULN",),
        medications=({**SIMVA_40, "start_date": LONG_AGO},),
        symptoms=reports("2026-06-20", "2026-06-26", 3, **BOTH_THIGHS),
        labs=(ck("2026-06-26", 2400),),
    ),
    Vignette(
        "V08", "no symptoms, CK 45× ULN", "CONTRACT urgent: CK > 40× ULN",
        "urgent", ("CK_GT_40X_ULN",), ("MUSCLE_SYMPTOMS",),
        medications=({**ATORVA_20, "start_date": LONG_AGO},),
        labs=(ck("2026-06-25", 9000),),
    ),
    Vignette(
        "V09", "myalgia and dark urine, no CK yet", "CONTRACT urgent: dark urine with muscle symptoms",
        "urgent", ("DARK_URINE", "MUSCLE_SYMPTOMS"),
        medications=({**SIMVA_40, "start_date": LONG_AGO},),
        symptoms=({"reported_at": "2026-06-27T09:00:00", "symptom": "myalgia", "severity": 7,
                   "dark_urine": "true", **BOTH_THIGHS},),
    ),
    Vignette(
        "V10", "weakness with CK 1.5× ULN", "CONTRACT urgent: objective weakness with CK above ULN",
        "urgent", ("WEAKNESS", "CK_ABOVE_ULN"),
        medications=({**ATORVA_40, "start_date": LONG_AGO},),
        symptoms=({"reported_at": "2026-06-24T09:00:00", "symptom": "weakness", "severity": 5,
                   "body_site": "hip", "side": "both"},),
        labs=(ck("2026-06-25", 300),),
    ),
    Vignette(
        "V11", "weakness, CK not measured", "CONTRACT medium (no CK above ULN); ACC/AHA: measure CK",
        "medium", ("WEAKNESS",), explanation_includes=("measure CK",),
        medications=({**ATORVA_40, "start_date": LONG_AGO},),
        symptoms=({"reported_at": "2026-06-24T09:00:00", "symptom": "weakness", "severity": 5,
                   "body_site": "hip", "side": "both"},),
    ),
    Vignette(
        "V12", "myalgia with CK 6× ULN, no exercise", "CONTRACT high: muscle symptoms with CK 4-10× ULN",
        "high", ("CK_GT_4X_ULN", "MUSCLE_SYMPTOMS"),
        medications=({**SIMVA_40, "start_date": LONG_AGO},),
        symptoms=reports("2026-06-22", "2026-06-26", 2, **BOTH_THIGHS),
        labs=(ck("2026-06-26", 1200),),
    ),
    Vignette(
        "V13", "CK 6× ULN two days after a marathon, no symptoms",
        "issue 3: CK ≤ 7 days after strenuous exercise is confounded; without symptoms ≤ low",
        "low", ("CK_GT_4X_ULN", "CK_CONFOUNDED_BY_EXERCISE"), ("MUSCLE_SYMPTOMS",),
        explanation_includes=("repeat after 7 days of rest",),
        medications=({**SIMVA_20, "start_date": LONG_AGO},),
        exercise=(*HABITUAL_RUNS, MARATHON),
        labs=(ck("2026-06-22", 1200),),
    ),
    Vignette(
        "V14", "CK 2× ULN, no symptoms, no exercise", "EAS Table 1: incidental rise; CONTRACT low",
        "low", ("CK_ABOVE_ULN",), ("MUSCLE_SYMPTOMS",),
        medications=({**SIMVA_20, "start_date": LONG_AGO},),
        labs=(ck("2026-06-10", 400),),
    ),
    Vignette(
        "V15", "DOMS after an unaccustomed strength session, CK 5× drawn 3 days later",
        "issue 3: exercise-explained never above low, CK confounded",
        "low", ("EXERCISE_EXPLAINED", "CK_CONFOUNDED_BY_EXERCISE"),
        medications=({**SIMVA_20, "start_date": LONG_AGO},),
        exercise=({"start_time": "2026-06-22T18:00:00", "duration_min": 75, "activity": "strength",
                   "intensity": "vigorous"},),
        symptoms=reports("2026-06-23", "2026-06-25", 1, body_site="arm", side="both"),
        labs=(ck("2026-06-25", 1000),),
    ),
    # --- interactions (clinical.md §5.2-5.3, FDA 2011 communications) ---
    Vignette(
        "V16", "simvastatin 40 + clarithromycin course, aches since",
        "FDA DSC 2011: contraindicated; CONTRACT high (symptoms with contraindicated interaction)",
        "high", ("INTERACTING_DRUG", "INTERACTION_CONTRAINDICATED"),
        explanation_includes=("clarithromycin",),
        medications=({**SIMVA_40, "start_date": LONG_AGO},
                     {"drug": "Biaxin 500 mg", "start_date": "2026-06-15", "days_supply": 10}),
        symptoms=reports("2026-06-19", "2026-06-29", 2, **BOTH_THIGHS),
    ),
    Vignette(
        "V17", "simvastatin 40 + amlodipine, no symptoms",
        "FDA DSC 2011: simvastatin max 20 mg with amlodipine; CONTRACT low (risk without symptoms)",
        "low", ("INTERACTING_DRUG", "INTERACTION_DOSE_LIMIT_EXCEEDED"), ("MUSCLE_SYMPTOMS",),
        medications=({**SIMVA_40, "start_date": LONG_AGO},
                     {"drug": "amlodipine 5 mg", "start_date": LONG_AGO, "status": "active"}),
    ),
    Vignette(
        "V18", "simvastatin 20 + amlodipine: within the label limit, no symptoms",
        "FDA DSC 2011: max 20 mg — not breached; nothing to flag",
        None,
        medications=({**SIMVA_20, "start_date": LONG_AGO},
                     {"drug": "Norvasc 5 mg", "start_date": LONG_AGO, "status": "active"}),
    ),
    Vignette(
        "V19", "rosuvastatin 20 + cyclosporine with myalgia",
        "rosuvastatin label: max 5 mg with cyclosporine; CONTRACT high",
        "high", ("INTERACTION_DOSE_LIMIT_EXCEEDED", "MUSCLE_SYMPTOMS"),
        medications=({**ROSUVA_20, "start_date": LONG_AGO},
                     {"drug": "cyclosporine 100 mg", "start_date": "2025-06-01", "status": "active"}),
        symptoms=reports("2026-06-25", "2026-06-28", 3, body_site="back", side="both"),
    ),
    # --- other symptom patterns ---
    Vignette(
        "V20", "nocturnal calf cramps for three weeks on a stable statin",
        "clinical.md §4: cramps a weak, non-discriminating signal; CONTRACT medium",
        "medium", ("NOCTURNAL_CRAMPS", "MUSCLE_SYMPTOMS"),
        medications=({**SIMVA_40, "start_date": LONG_AGO},),
        symptoms=reports("2026-06-08", "2026-06-29", 3, "cramp", nocturnal="true", **BOTH_CALVES),
    ),
    Vignette(
        "V20b", "the same cramps said only in the note: 'calf cramps at night, woke me twice'",
        "clinical.md §4 as V20; a note affirming cramps at night is a nocturnal cramp report",
        "medium", ("NOCTURNAL_CRAMPS", "MUSCLE_SYMPTOMS"),
        medications=({**SIMVA_40, "start_date": LONG_AGO},),
        symptoms=reports("2026-06-08", "2026-06-29", 3, "cramp",
                         notes="calf cramps at night, woke me twice", **BOTH_CALVES),
    ),
    Vignette(
        "V20c", "cramps by day with a note saying the nights are fine",
        "clinical.md §4 cramps; not nocturnal when the note says the nights are fine",
        "medium", ("MUSCLE_SYMPTOMS",), ("NOCTURNAL_CRAMPS",),
        medications=({**SIMVA_40, "start_date": LONG_AGO},),
        symptoms=reports("2026-06-08", "2026-06-29", 3, "cramp",
                         notes="calf cramps in the afternoon; no cramps at night", **BOTH_CALVES),
    ),
    Vignette(
        "V21", "Achilles tendon pain only", "clinical.md §4: tendinopathy recorded apart; CONTRACT low",
        "low", ("TENDON_PAIN",), ("MUSCLE_SYMPTOMS",),
        medications=({**ATORVA_20, "start_date": LONG_AGO},),
        symptoms=({"reported_at": "2026-06-20T09:00:00", "symptom": "tendon_pain", "severity": 4,
                   "body_site": "achilles", "side": "right"},),
    ),
    # --- exposure eligibility (CONTRACT §5) ---
    Vignette(
        "V22", "statin stopped 60 days ago, aches this month",
        "CONTRACT: exposure ended within 90 days counts; medium",
        "medium", ("STATIN_EXPOSED", "MUSCLE_SYMPTOMS", "STATIN_STOPPED"),
        medications=({**SIMVA_20, "start_date": LONG_AGO, "end_date": "2026-05-01", "status": "stopped"},),
        symptoms=reports("2026-06-20", "2026-06-24", 2, body_site="back", side="both"),
    ),
    Vignette(
        "V23", "statin stopped 100 days ago, aches this month",
        "CONTRACT: never in the cohort", None,
        medications=({**SIMVA_20, "start_date": LONG_AGO, "end_date": "2026-03-22", "status": "stopped"},),
        symptoms=reports("2026-06-20", "2026-06-24", 2, **BOTH_THIGHS),
    ),
    Vignette(
        "V24", "never on a statin, aches this month", "CONTRACT: never in the cohort", None,
        medications=({"drug": "lisinopril 10 mg", "start_date": LONG_AGO, "status": "active"},),
        symptoms=reports("2026-06-20", "2026-06-24", 2, **BOTH_THIGHS),
    ),
    Vignette(
        "V25", "bempedoic acid + ezetimibe (not a statin), aches", "clinical.md §1.2: C10BA10 excluded",
        None,
        medications=({"drug": "NEXLIZET 180 mg/10 mg tablet", "start_date": LONG_AGO, "status": "active"},),
        symptoms=reports("2026-06-20", "2026-06-24", 2, **BOTH_THIGHS),
    ),
    Vignette(
        "V26", "Vytorin (ezetimibe/simvastatin) combination, one report of aches",
        "clinical.md §1.2: combination products count as statin exposure; CONTRACT medium",
        "medium", ("STATIN_EXPOSED", "MUSCLE_SYMPTOMS"),
        medications=({"drug": "VYTORIN 10-40 tablet", "dose_mg": 40, "start_date": LONG_AGO,
                      "status": "active"},),
        symptoms=({"reported_at": "2026-06-26T09:00:00", "symptom": "muscle ache", "severity": 4},),
    ),
    Vignette(
        "V27", "80-year-old woman on high-intensity atorvastatin, no symptoms",
        "issue 3 §8: risk modifiers never enough alone", None,
        patient={"birth_date": "1946-01-01", "sex": "F", "weight_kg": 45, "height_cm": 160},
        medications=({"drug": "atorvastatin 80 mg", "dose_mg": 80, "start_date": LONG_AGO,
                      "status": "active"},),
    ),
    Vignette(
        "V28", "statin stopped 8 weeks ago; weakness and CK 15× ULN still present",
        "clinical.md §3, §8.12: persisting ≥ 4 weeks off drug → suspect anti-HMGCR myopathy; urgent",
        "urgent", ("SUSPECTED_IMNM", "WEAKNESS", "CK_GT_10X_ULN"),
        medications=({**ATORVA_40, "start_date": LONG_AGO, "end_date": "2026-05-05", "status": "stopped"},),
        symptoms=reports("2026-06-10", "2026-06-28", 3, "weakness", body_site="hip", side="both"),
        labs=(ck("2026-06-20", 3000),),
    ),
    Vignette(
        "V29", "symptoms stopped within 2 weeks of stopping simvastatin, came back 2 weeks after "
        "restarting atorvastatin", "SAMS-CI (§2.1): A3 thighs, B3 < 4 wk, C2 better < 2 wk off drug, D3 back < 4 wk; 11 = probable",
        "high", ("PERSISTENT_SYMPTOMS", "RECENT_START_OR_DOSE_INCREASE"),
        explanation_includes=("SAMS-CI 11 probable (A3 B3 C2 D3)", "restarting the statin"),
        medications=({**SIMVA_40, "start_date": "2026-01-01", "end_date": "2026-02-10", "status": "stopped"},
                     {**ATORVA_20, "start_date": "2026-05-01"}),
        symptoms=(*reports("2026-01-20", "2026-02-15", 3, **BOTH_THIGHS),
                  *reports("2026-05-15", "2026-06-28", 3, **BOTH_THIGHS)),
    ),
    # --- recorded diagnoses and intolerance (CONTRACT §5; clinical.md §2.4, §5.1, §6.1) ---
    Vignette(
        "V30", "on simvastatin; rhabdomyolysis recorded last week, no CK in the data",
        "CONTRACT §5: a recorded diagnosis of non-traumatic rhabdomyolysis is urgent",
        "urgent", ("STATIN_EXPOSED", "MUSCLE_SYMPTOMS", "RHABDOMYOLYSIS_DIAGNOSED"),
        explanation_includes=("Rhabdomyolysis recorded on 2026-06-24",),
        medications=({**SIMVA_40, "start_date": LONG_AGO},),
        symptoms=({"reported_at": "2026-06-24T10:00:00", "symptom": "rhabdomyolysis"},),
    ),
    Vignette(
        "V31", "on atorvastatin; rhabdomyolysis after a crush injury (traumatic)",
        "CONTRACT §5 names non-traumatic rhabdomyolysis; a crush injury is no statin signal",
        None,
        medications=({**ATORVA_20, "start_date": LONG_AGO},),
        symptoms=({"reported_at": "2026-06-24T10:00:00", "symptom": "traumatic rhabdomyolysis"},),
    ),
    Vignette(
        "V32", "rhabdomyolysis recorded this month, but the statin stopped 150 days ago",
        "CONTRACT §5: exposure ended more than 90 days ago is never in the cohort", None,
        medications=({**SIMVA_40, "start_date": LONG_AGO, "end_date": "2026-01-31", "status": "stopped"},),
        symptoms=({"reported_at": "2026-06-24T10:00:00", "symptom": "rhabdomyolysis"},),
    ),
    Vignette(
        "V33", "on rosuvastatin; drug-induced myopathy recorded two days after a hard session",
        "CONTRACT §5: a recorded drug-induced myopathy or myositis is at least high, whatever "
        "the exercise", "high", ("MYOPATHY_DIAGNOSED",), ("RHABDOMYOLYSIS_DIAGNOSED",),
        medications=({**ROSUVA_20, "start_date": LONG_AGO},),
        exercise=(*HABITUAL_RUNS, MARATHON),
        symptoms=({"reported_at": "2026-06-22T10:00:00", "symptom": "drug-induced myopathy"},),
    ),
    Vignette(
        "V34", "statin intolerance recorded in 2025; back on rosuvastatin, no symptoms",
        "clinical.md §5.1, §8.10: prior intolerance is a risk modifier, never enough alone",
        None,
        medications=({**ROSUVA_20, "start_date": "2026-03-01"},),
        symptoms=({"reported_at": "2025-04-01T10:00:00", "symptom": "statin intolerance"},),
    ),
    Vignette(
        "V35", "statin intolerance recorded in 2025; on rosuvastatin, calf aches this month",
        "clinical.md §5.1: the prior intolerance is named as a risk; the aches alone are medium",
        "medium", ("MUSCLE_SYMPTOMS", "STATIN_INTOLERANCE_HISTORY"), ("WEAKNESS",),
        explanation_includes=("Statin intolerance or allergy on record (2025-04-01)",),
        medications=({**ROSUVA_20, "start_date": LONG_AGO},),
        symptoms=({"reported_at": "2025-04-01T10:00:00", "symptom": "statin intolerance"},
                  *reports("2026-06-18", "2026-06-26", 4, **BOTH_CALVES)),
    ),
]  # fmt: skip


# The same vignettes are judged on Spark by tests/spark/test_vignettes_on_spark.py, in the
# process that holds the Spark session.
@pytest.fixture(scope="module")
def cohort(tmp_path_factory) -> pd.DataFrame:
    home = tmp_path_factory.mktemp("vignettes")
    return flagged_cohort(home, VIGNETTES, AS_OF)


def test_the_suite_is_large_enough():
    assert len({v.patient_id for v in VIGNETTES}) == len(VIGNETTES) >= 25


@pytest.mark.parametrize("vignette", VIGNETTES, ids=lambda v: v.patient_id)
def test_vignette(cohort, vignette):
    assert outcome_problems(vignette, cohort) == [], vignette.story


def test_reasons_follow_the_order_of_the_vocabulary(cohort):
    listed = {row["code"]: int(row["listed"]) for row in vocabulary_rows("reason_codes")}
    for reasons in cohort["reasons"]:
        codes = reasons.split(";")
        assert codes == sorted(codes, key=listed.__getitem__), reasons
    # The vignettes cover codes listed before and after 10, where text order would differ.
    seen = {listed[c] for reasons in cohort["reasons"] for c in reasons.split(";")}
    assert min(seen) < 10 < max(seen)
