"""clinical.<table>: the clinical tables that are one SQL file each (sql/clinical/<table>.sql),
rebuilt for the as-of date: exposure, index events, interactions, symptom episodes, CK, each
episode against exercise, and the per-patient judgement (docs/rules.md)."""

from dataclasses import dataclass

import dagster as dg
from dagster_duckdb import DuckDBResource

from statinwatch.partitions import daily_asset, step_parameters
from statinwatch.resources import warehouse
from statinwatch.sql import count_rows, run_sql


@dataclass(frozen=True)
class ClinicalTable:
    """clinical.<name>, built by sql/clinical/<name>.sql from the assets it depends on."""

    name: str
    description: str
    deps: tuple[str, ...]


def _clinical(name: str, description: str, *deps: str) -> ClinicalTable:
    return ClinicalTable(name, description, deps)


def build_clinical_table(spec: ClinicalTable) -> dg.AssetsDefinition:
    @daily_asset(
        "clinical",
        key=["clinical", spec.name],
        description=spec.description,
        kinds={"duckdb", "sql"},
        deps=[dg.AssetKey.from_user_string(dep) for dep in spec.deps],
        code_version="1",
    )
    def clinical_table(
        context: dg.AssetExecutionContext, duckdb: DuckDBResource
    ) -> dg.MaterializeResult:
        with warehouse(duckdb) as conn:
            run_sql(conn, f"clinical/{spec.name}", step_parameters(context))
            rows = count_rows(conn, f"clinical.{spec.name}")
        return dg.MaterializeResult(metadata={"dagster/row_count": rows})

    return clinical_table


CLINICAL_SPECS = (
    _clinical(
        "statin_eras",
        "Statin exposure eras (records ≤ 30 days apart merged) as of the date.",
        "staging/medications",
    ),
    _clinical(
        "statin_index_events",
        "Statin initiations, restarts, switches, dose increases and interacting-drug starts.",
        "staging/medications",
    ),
    _clinical(
        "interaction_exposures",
        "Statin records overlapping an interacting drug, judged against FDA label limits.",
        "staging/medications",
    ),
    _clinical(
        "symptom_episodes",
        "Muscle-symptom reports grouped into episodes with sites, sides and course.",
        "staging/symptoms",
    ),
    _clinical(
        "ck_results",
        "CK results as multiples of the lab's upper limit, tiered and exercise-confounded.",
        "staging/labs", "staging/patients", "clinical/exercise_sessions",
    ),
    _clinical(
        "exercise_bouts",
        "Each bout of soreness with the session whose DOMS course holds it, judged on its own.",
        "clinical/symptom_episodes", "clinical/exercise_sessions", "staging/symptoms",
    ),
    _clinical(
        "episode_assessment",
        "Each episode against exercise (bout by bout), index events and SAMS-CI domains.",
        "clinical/symptom_episodes", "clinical/exercise_bouts",
        "clinical/statin_index_events", "clinical/statin_eras",
    ),
    _clinical(
        "patient_evidence",
        "Every known patient's evidence: exposure, symptoms, CK tier, interactions, risks.",
        "clinical/statin_eras", "clinical/episode_assessment", "clinical/ck_results",
        "clinical/interaction_exposures", "staging/patients", "staging/symptoms",
    ),
    _clinical(
        "patient_priority",
        "Every patient's priority under CONTRACT §5, from the evidence.",
        "clinical/patient_evidence",
    ),
    _clinical(
        "patient_evaluation",
        "Every patient judged: inclusion rules, priority, reason codes and explanation.",
        "clinical/patient_priority",
    ),
)  # fmt: skip

CLINICAL_TABLES = [build_clinical_table(spec) for spec in CLINICAL_SPECS]
