"""Staging: statin identification, daily dose, exposure end, symptom and CK normalisation.

Expected values come from ../shared/docs/clinical.md §1 (statin names, brands and
combination products; bempedoic acid is not a statin) and the contract's schemas.
"""

import pytest

from tests.support.home import csv_text, query, run_day

AS_OF = "2026-05-01"
MEDS_HEADER = "patient_id,drug,rxnorm,dose_mg,doses_per_day,start_date,end_date,days_supply,status"


@pytest.mark.parametrize(
    ("drug", "rxnorm", "dose", "per_day", "statin", "daily"),
    [
        ("Atorvastatin 40 mg oral tablet", "", "40", "", "atorvastatin", 40.0),
        ("LIPITOR 40MG TAB", "", "", "", "atorvastatin", 40.0),
        (
            "ezetimibe 10 MG / simvastatin 40 MG Oral Tablet [Vytorin]",
            "",
            "",
            "",
            "simvastatin",
            40.0,
        ),
        ("amlodipine 5 MG / atorvastatin 20 MG Oral Tablet", "", "", "", "atorvastatin", 20.0),
        ("Lescol 40 mg capsule", "", "40", "2", "fluvastatin", 80.0),
        ("tablet as dispensed", "314231", "", "", "simvastatin", 10.0),
        ("bempedoic acid 180 MG / ezetimibe 10 MG Oral Tablet", "", "", "", None, None),
        ("metformin 500 mg", "", "500", "2", None, 1000.0),
    ],
)
def test_statins_are_identified_from_names_brands_combinations_and_rxnorm(
    home, land, drug, rxnorm, dose, per_day, statin, daily
):
    land(
        "medications",
        "m.csv",
        csv_text(MEDS_HEADER, f'P1,"{drug}",{rxnorm},{dose},{per_day},2026-04-01,,30,active'),
    )
    assert run_day(home, AS_OF).success
    assert query(home, "select statin, daily_dose_mg from staging.medications") == [(statin, daily)]


@pytest.mark.parametrize(
    ("end_date", "days_supply", "status", "expected_end"),
    [
        ("2026-04-20", "90", "stopped", "2026-04-20"),
        ("", "90", "completed", "2026-06-29"),
        ("", "", "active", None),
        ("", "", "completed", "2026-04-30"),
    ],
)
def test_exposure_end_follows_the_documented_order(
    home, land, end_date, days_supply, status, expected_end
):
    land(
        "medications",
        "m.csv",
        csv_text(
            MEDS_HEADER, f"P1,simvastatin 20 mg,,20,1,2026-04-01,{end_date},{days_supply},{status}"
        ),
    )
    assert run_day(home, AS_OF).success
    ((end,),) = query(home, "select exposure_end from staging.medications")
    assert (end.isoformat() if end else None) == expected_end


@pytest.mark.parametrize(
    ("text", "code", "muscle"),
    [
        ("myalgia", "myalgia", True),
        ("Muscle ache in both thighs", "myalgia", True),
        ("night cramps", "cramp", True),
        ("Achilles tendon pain", "tendon_pain", False),
        ("tired all day", "fatigue", False),
        ("headache-free, itchy skin", "other", False),
    ],
)
def test_free_text_symptoms_fold_onto_the_contract_vocabulary(home, land, text, code, muscle):
    land("symptoms", "s.csv", csv_text("patient_id,reported_at,symptom", f'P1,2026-04-20,"{text}"'))
    assert run_day(home, AS_OF).success
    assert query(home, "select symptom, is_muscle_symptom from staging.symptoms") == [
        (code, muscle)
    ]


def test_ck_is_recognised_by_name_or_loinc_and_converted_to_units_per_litre(home, land):
    land(
        "labs",
        "l.csv",
        csv_text(
            "patient_id,collected_at,test,value,unit,ref_high",
            "P1,2026-04-01,2157-6,5,µkat/L,3.5",
            "P2,2026-04-01,creatine kinase,250,IU/L,",
            "P3,2026-04-01,TSH,2.1,mIU/L,4.5",
        ),
    )
    assert run_day(home, AS_OF).success
    assert query(
        home, "select patient_id, test, is_ck, value, unit, ref_high from staging.labs order by 1"
    ) == [
        ("P1", "CK", True, 300.0, "U/L", 210.0),
        ("P2", "CK", True, 250.0, "U/L", None),
        ("P3", "TSH", False, 2.1, "mIU/L", 4.5),
    ]


def test_latest_patient_record_wins(home, land):
    land("patients", "a.csv", csv_text("patient_id,sex,weight_kg,height_cm", "P1,F,50,160"))
    assert run_day(home, AS_OF).success
    land("patients", "b.csv", csv_text("patient_id,sex,weight_kg,height_cm", "P1,F,64,160"))
    assert run_day(home, AS_OF).success
    ((weight, bmi),) = query(home, "select weight_kg, round(bmi, 1) from staging.patients")
    assert (weight, bmi) == (64.0, 25.0)
