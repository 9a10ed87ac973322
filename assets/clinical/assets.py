"""Clinical stage: exposure, index events, interactions, exercise context, symptom
episodes, CK, and the per-patient judgement (docs/rules.md)."""

from assets.clinical.exercise import exercise_sessions
from pipelines.sql_assets import SqlAssetSpec, build_sql_asset

GROUP = "clinical"


def _clinical(name: str, description: str, *deps: str) -> SqlAssetSpec:
    return SqlAssetSpec(
        name=name,
        sql=f"clinical/{name}",
        table=f"clinical.{name}",
        description=description,
        group=GROUP,
        deps=deps,
    )


CLINICAL_SPECS = (
    _clinical(
        "statin_eras",
        "Statin exposure eras (records ≤ 30 days apart merged) as of the date.",
        "stg_medications",
    ),
    _clinical(
        "statin_index_events",
        "Statin initiations, restarts, switches, dose increases and interacting-drug starts.",
        "stg_medications",
    ),
    _clinical(
        "interaction_exposures",
        "Statin records overlapping an interacting drug, judged against FDA label limits.",
        "stg_medications",
    ),
    _clinical(
        "symptom_episodes",
        "Muscle-symptom reports grouped into episodes with sites, sides and course.",
        "stg_symptoms",
    ),
    _clinical(
        "ck_results",
        "CK results as multiples of the lab's upper limit, tiered and exercise-confounded.",
        "stg_labs", "stg_patients", "exercise_sessions",
    ),
    _clinical(
        "episode_assessment",
        "Each episode against exercise (DOMS course), index events and SAMS-CI domains.",
        "symptom_episodes", "exercise_sessions", "statin_index_events", "statin_eras",
    ),
    _clinical(
        "patient_evaluation",
        "Every patient judged against the inclusion rules, with priority, reasons and evidence.",
        "statin_eras", "episode_assessment", "ck_results", "interaction_exposures",
        "stg_patients", "stg_symptoms",
    ),
)  # fmt: skip

CLINICAL_ASSETS = [*(build_sql_asset(spec) for spec in CLINICAL_SPECS), exercise_sessions]
