"""Clinical stage: exposure eras, symptom episodes, CK tiers and the per-patient judgement."""

from pipelines.sql_assets import SqlAssetSpec, build_sql_asset

GROUP = "clinical"

CLINICAL_SPECS = (
    SqlAssetSpec(
        name="statin_eras",
        sql="clinical/statin_eras",
        table="clinical.statin_eras",
        description="Statin exposure eras (records < 31 days apart merged) as of the date.",
        group=GROUP,
        deps=("stg_medications",),
    ),
    SqlAssetSpec(
        name="symptom_episodes",
        sql="clinical/symptom_episodes",
        table="clinical.symptom_episodes",
        description="Muscle-symptom reports grouped into episodes with onset and course.",
        group=GROUP,
        deps=("stg_symptoms",),
    ),
    SqlAssetSpec(
        name="ck_results",
        sql="clinical/ck_results",
        table="clinical.ck_results",
        description="CK results as multiples of the lab's upper reference limit.",
        group=GROUP,
        deps=("stg_labs", "stg_patients"),
    ),
    SqlAssetSpec(
        name="patient_evaluation",
        sql="clinical/patient_evaluation",
        table="clinical.patient_evaluation",
        description="Every patient judged against the inclusion rules, with priority and reasons.",
        group=GROUP,
        deps=("statin_eras", "symptom_episodes", "ck_results", "stg_exercise", "stg_patients"),
    ),
)

CLINICAL_ASSETS = [build_sql_asset(spec) for spec in CLINICAL_SPECS]
