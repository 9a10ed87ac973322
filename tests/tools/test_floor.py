"""The benchmark's floor reads every native stream and joins them: a statin user with a recent
symptom comes out, a patient on no statin and one without symptoms do not."""

import io

import pandas as pd

from tools.floor import STREAM_FILES, run_floor


def test_floor_reads_the_five_streams_and_joins_them(home, land):
    land("patients", "patients.csv", "patient_id,birth_date,sex\nA,1960-01-01,M\nB,1970-01-01,F\n")
    land(
        "medications",
        "medications.csv",
        "patient_id,drug,start_date,end_date,days_supply\n"
        "A,atorvastatin 20 mg,2026-10-01,,90\nB,metformin 500 mg,2026-10-01,,90\n"
        "C,simvastatin 20 mg,2026-10-01,,90\n",
    )
    land("labs", "labs.csv", "patient_id,test,value,ref_high\nA,CK,1232,\n")
    land(
        "symptoms",
        "2026/10/s.jsonl",
        '{"patient_id": "A", "reported_at": "2026-10-20T08:00:00", "severity": 6}\n'
        '{"patient_id": "B", "reported_at": "2026-10-20T08:00:00", "severity": 4}\n',
    )
    buffer = io.BytesIO()
    pd.DataFrame(
        {"patient_id": ["A"], "start_time": ["2026-10-18T07:00:00"], "duration_min": [45.0]}
    ).to_parquet(buffer, index=False)
    land("exercise", "2026/10/e.parquet", buffer.getvalue())
    assert set(STREAM_FILES) == {"patients", "medications", "labs", "symptoms", "exercise"}
    assert run_floor(home / "landing", "2026-11-01") == 1
