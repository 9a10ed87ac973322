"""Synthetic landing data: determinism, native schemas, truth file, and each scenario's story
checked from the written files (never from generator internals)."""

import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import pytest

from statinwatch.exports.tracks import read_sessions
from statinwatch.generate import generate_landing

END = date(2026, 3, 31)
PATIENTS = 120
DAYS = 60
SEED = 11
# Issue 13's patterns are also checked on every patient of a cohort wide enough to hold each
# of their variants.
NEW_PATTERNS = (
    "exercise_repeated_bouts",
    "exercise_sparse_reports",
    "soreness_outlasts_doms",
    "non_muscle_complaints",
)
WIDE_PATIENTS = 1000

EXPECTED_PRIORITY = {
    "no_statin": "none",
    "no_statin_muscle_pain": "none",
    "statin_stable_no_symptoms": "none",
    "statin_stopped_long_ago": "none",
    "exercise_soreness": "low",
    "exercise_ck_no_symptoms": "low",
    "statin_pattern_new_start": "high",
    "statin_pattern_dose_increase": "high",
    "statin_possible_late": "medium",
    "nocturnal_cramps": "medium",
    "statin_recently_stopped_symptoms": "medium",
    "ck_4_10x_symptoms": "high",
    "myopathy_ck_gt10": "urgent",
    "rhabdomyolysis": "urgent",
    "weakness_ck_elevated": "urgent",
    "interaction_symptoms": "high",
    "interaction_no_symptoms": "low",
    "tendon_pain_only": "low",
    "exercise_repeated_bouts": "low",
    "exercise_sparse_reports": "low",
    "soreness_outlasts_doms": "medium",
    "non_muscle_complaints": "none",
}
REQUIRED_COLUMNS = {
    "patients": {
        "patient_id",
        "birth_date",
        "sex",
        "weight_kg",
        "height_cm",
        "egfr",
        "hypothyroid",
    },
    "medications": {
        "patient_id",
        "drug",
        "rxnorm",
        "dose_mg",
        "doses_per_day",
        "start_date",
        "end_date",
        "days_supply",
        "record_type",
        "status",
    },
    "exercise": {
        "patient_id",
        "start_time",
        "duration_min",
        "activity",
        "intensity",
        "avg_hr",
        "distance_km",
        "elevation_loss_m",
        "rpe",
        "soreness",
        "notes",
    },
    "symptoms": {
        "patient_id",
        "reported_at",
        "symptom",
        "severity",
        "body_site",
        "side",
        "nocturnal",
        "dark_urine",
        "notes",
    },
    "labs": {"patient_id", "collected_at", "test", "value", "unit", "ref_high"},
}
SYMPTOM_TYPES = (
    "{patient_id: 'VARCHAR', reported_at: 'VARCHAR', symptom: 'VARCHAR', severity: 'INTEGER', "
    "body_site: 'VARCHAR', side: 'VARCHAR', nocturnal: 'BOOLEAN', dark_urine: 'BOOLEAN', "
    "notes: 'VARCHAR'}"
)
READERS = {
    "patients": "read_csv('{root}/patients/*.csv', all_varchar = true)",
    "medications": "read_csv('{root}/medications/*.csv', all_varchar = true)",
    "exercise": "read_parquet('{root}/exercise/**/*.parquet')",
    # Typed explicitly: auto-detection makes reported_at a TIMESTAMP when no line has an offset.
    "symptoms": f"read_json('{{root}}/symptoms/**/*.jsonl', columns = {SYMPTOM_TYPES})",
    "labs": "read_csv('{root}/labs/*.csv', all_varchar = true)",
}
DATE_RE = r"^\d{4}-\d{2}-\d{2}$"
TIMESTAMP_RE = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}([+-]\d{2}:\d{2})?$"
STATIN_RE = re.compile(
    r"statin|lipitor|zocor|crestor|pravachol|mevacor|lescol|livalo|vytorin|caduet|liptruzet|roszet",
    re.I,
)
INGREDIENTS = {
    "atorvastatin": ("atorvastatin", "lipitor", "caduet", "liptruzet"),
    "rosuvastatin": ("rosuvastatin", "crestor", "roszet"),
    "simvastatin": ("simvastatin", "zocor", "vytorin"),
    "pravastatin": ("pravastatin", "pravachol"),
}
INTERACTING_RE = re.compile(
    r"clarithromycin|biaxin|gemfibrozil|lopid|itraconazole|sporanox|amlodipine|norvasc|diltiazem|"
    r"cardizem|verapamil|calan|amiodarone|pacerone|cyclosporine|neoral",
    re.I,
)
# What docs/rules.md counts as a strenuous session against the 28 days before it.
BASELINE = pd.Timedelta(days=28)
LONG_RATIO = 1.5
RACE_KM = 21
DESCENT_M = 300
ECCENTRIC_ACTIVITIES = ("strength", "hiit")
DOMS_ONSET = (pd.Timedelta(hours=12), pd.Timedelta(hours=72))
EPISODE_GAP_DAYS = 7
MUSCLE_SYMPTOMS = ("myalgia", "cramp", "weakness", "tenderness", "stiffness")
BODY_REGIONS = pd.read_csv(Path(__file__).parents[2] / "vocabulary" / "body_regions.csv")
MUSCLE_SITES = frozenset(BODY_REGIONS.loc[BODY_REGIONS["is_muscle"], "word"])
DEFAULT_CK_ULN = {"F": 200.0, "M": 300.0}
U_PER_UKAT = 60.0
LAST_30_DAYS = pd.Timestamp(END - timedelta(days=30))
END_TS = pd.Timestamp(END)


def _generate(out: Path, seed: int = SEED) -> None:
    generate_landing(out, patients=PATIENTS, days=DAYS, seed=seed, end=END)


def _digests(root: Path) -> dict[str, str]:
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def out_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("generated")
    _generate(out)
    return out


def _read_streams(out: Path) -> dict[str, pd.DataFrame]:
    root = (out / "landing").as_posix()
    with duckdb.connect() as con:
        return {
            name: con.sql(f"SELECT * FROM {reader.replace('{root}', root)}").df()
            for name, reader in READERS.items()
        }


def _read_truth(out: Path) -> pd.DataFrame:
    return pd.read_csv(out / "truth.csv", dtype=str)


@pytest.fixture(scope="module")
def streams(out_dir: Path) -> dict[str, pd.DataFrame]:
    return _read_streams(out_dir)


@pytest.fixture(scope="module")
def truth(out_dir: Path) -> pd.DataFrame:
    return _read_truth(out_dir)


def test_same_arguments_give_identical_bytes(out_dir: Path, tmp_path: Path) -> None:
    _generate(tmp_path)
    assert _digests(tmp_path) == _digests(out_dir)


def test_different_seed_gives_different_files(out_dir: Path, tmp_path: Path) -> None:
    _generate(tmp_path, seed=SEED + 1)
    first, second = _digests(out_dir), _digests(tmp_path)
    assert first["truth.csv"] != second["truth.csv"]
    assert (
        first["landing/medications/medications.csv"]
        != second["landing/medications/medications.csv"]
    )


def test_summary_counts_match_files(tmp_path: Path) -> None:
    summary = generate_landing(tmp_path, patients=PATIENTS, days=DAYS, seed=SEED, end=END)
    landing_files = [path for path in (tmp_path / "landing").rglob("*") if path.is_file()]
    assert summary.files == len(landing_files)
    assert summary.patients == summary.rows["patients"] == PATIENTS
    assert summary.end == END and summary.seed == SEED


def test_too_short_window_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="days"):
        generate_landing(tmp_path, patients=10, days=10, end=END)


def test_layout(out_dir: Path) -> None:
    landing = out_dir / "landing"
    exercise = sorted(landing.glob("exercise/*/*/exercise_*.parquet"))
    assert len(exercise) == DAYS
    assert exercise[-1].name == f"exercise_{END.isoformat()}.parquet"
    assert all(
        re.fullmatch(r"symptoms_\d{4}-\d{2}-\d{2}\.jsonl", p.name)
        for p in landing.glob("symptoms/*/*/*")
    )
    assert all(re.fullmatch(r"labs_\d{4}-\d{2}\.csv", p.name) for p in landing.glob("labs/*"))
    assert (landing / "patients" / "patients.csv").is_file()
    assert (landing / "medications" / "medications.csv").is_file()
    last_day = pd.read_parquet(exercise[-1])
    assert last_day.equals(last_day.sort_values(["patient_id", "start_time"], ignore_index=True))


@pytest.mark.parametrize("stream", sorted(READERS))
def test_required_columns(streams: dict[str, pd.DataFrame], stream: str) -> None:
    assert REQUIRED_COLUMNS[stream] <= set(streams[stream].columns)
    assert streams[stream]["patient_id"].str.fullmatch(r"P\d{6,}").all()


def test_patients_values(streams: dict[str, pd.DataFrame]) -> None:
    patients = streams["patients"]
    assert len(patients) == PATIENTS and patients["patient_id"].is_unique
    assert patients["birth_date"].str.fullmatch(DATE_RE).all()
    assert patients["sex"].isin(["F", "M", "U"]).all()
    assert patients["hypothyroid"].isin(["true", "false"]).all()
    assert (patients["weight_kg"].astype(float) > 0).all()


def test_medications_values(streams: dict[str, pd.DataFrame]) -> None:
    meds = streams["medications"]
    assert meds["start_date"].str.fullmatch(DATE_RE).all()
    assert meds["end_date"].dropna().str.fullmatch(DATE_RE).all()
    assert meds["record_type"].isin(["prescription", "dispense", "statement"]).all()
    assert meds["status"].isin(["active", "stopped", "completed"]).all()
    assert (meds["dose_mg"].astype(float) > 0).all()
    assert meds["doses_per_day"].astype(int).isin([1, 2, 3]).all()
    assert (meds["days_supply"].dropna().astype(int) > 0).all()


def test_exercise_values(streams: dict[str, pd.DataFrame]) -> None:
    exercise = streams["exercise"]
    assert exercise["start_time"].str.fullmatch(TIMESTAMP_RE).all()
    with_offset = exercise["start_time"].str.len() > 19
    assert 0.02 < with_offset.mean() < 0.3
    assert (exercise["duration_min"] > 0).all()
    assert exercise["intensity"].isin(["light", "moderate", "vigorous"]).all()
    assert exercise["rpe"].dropna().between(1, 10).all()
    assert exercise["soreness"].dropna().between(0, 10).all()
    assert (exercise["distance_km"].dropna() > 0).all()
    assert (exercise["elevation_loss_m"].dropna() >= 0).all()
    assert not exercise.duplicated(["patient_id", "start_time"]).any()


def test_symptom_lines_carry_every_field(out_dir: Path) -> None:
    lines = [
        json.loads(line)
        for path in sorted((out_dir / "landing" / "symptoms").rglob("*.jsonl"))
        for line in path.read_text().splitlines()
    ]
    assert lines
    assert all(set(line) == REQUIRED_COLUMNS["symptoms"] for line in lines)


def test_symptoms_values(streams: dict[str, pd.DataFrame]) -> None:
    symptoms = streams["symptoms"]
    assert symptoms["reported_at"].str.fullmatch(TIMESTAMP_RE).all()
    assert symptoms["severity"].between(0, 10).all()
    assert symptoms["side"].dropna().isin(["left", "right", "both"]).all()
    # Only complaints with no side to them (a headache, a stomach ache) leave it blank.
    assert (
        symptoms.loc[symptoms["side"].isna(), "body_site"].isin(["head", "chest", "abdomen"]).all()
    )
    assert symptoms["nocturnal"].dtype == bool and symptoms["dark_urine"].dtype == bool
    assert symptoms["reported_at"].str.slice(0, 10).max() <= END.isoformat()


def test_labs_values(streams: dict[str, pd.DataFrame]) -> None:
    labs = streams["labs"]
    assert labs["collected_at"].str.fullmatch(TIMESTAMP_RE).all()
    ck = labs[labs["test"].isin(["CK", "2157-6"])]
    assert (ck["value"].astype(float) > 0).all()
    assert ck["unit"].isin(["U/L", "ukat/L"]).all()
    assert set(labs["test"]) >= {"CK", "2157-6", "creatinine"}


def test_truth_file(truth: pd.DataFrame, streams: dict[str, pd.DataFrame]) -> None:
    assert list(truth.columns) == ["patient_id", "expected_priority", "scenario"]
    assert truth["patient_id"].tolist() == sorted(streams["patients"]["patient_id"])
    assert set(truth["scenario"]) == set(EXPECTED_PRIORITY)
    assert (truth["expected_priority"] == truth["scenario"].map(EXPECTED_PRIORITY)).all()


def test_every_scenario_from_sixty_patients(tmp_path: Path) -> None:
    generate_landing(tmp_path, patients=60, days=DAYS, seed=3, end=END)
    truth = pd.read_csv(tmp_path / "truth.csv")
    assert set(truth["scenario"]) == set(EXPECTED_PRIORITY)


# --- scenario stories, read back from the files ------------------------------------------


@dataclass
class Record:
    """One patient's rows from every stream, with parsed wall-clock times."""

    sex: str
    meds: pd.DataFrame
    sessions: pd.DataFrame
    symptoms: pd.DataFrame
    labs: pd.DataFrame

    @property
    def statins(self) -> pd.DataFrame:
        return self.meds[self.meds["drug"].str.contains(STATIN_RE)]

    @property
    def statin_orders(self) -> pd.DataFrame:
        return self.statins[self.statins["record_type"] != "dispense"]

    @property
    def first_report(self) -> pd.Timestamp:
        return self.symptoms["at"].min()

    @property
    def last_report(self) -> pd.Timestamp:
        return self.symptoms["at"].max()

    def strenuous(self) -> pd.DataFrame:
        """Vigorous sessions at least twice the person's median session length."""
        median = self.sessions["duration_min"].median()
        hard = (self.sessions["intensity"] == "vigorous") & (
            self.sessions["duration_min"] >= 2 * median
        )
        return self.sessions[hard]

    @cached_property
    def strenuous_by_rules(self) -> pd.DataFrame:
        """Sessions long, race-distance or first-of-their-kind eccentric against the 28 days
        before them (docs/rules.md); the vigorous rule is left out, so this may miss some."""
        sessions = self.sessions.sort_values("at")
        at = sessions["at"].to_numpy()
        baseline_from = np.searchsorted(at, at - BASELINE.to_timedelta64())
        hard = [
            _is_strenuous(session, sessions.iloc[baseline_from[i] : i])
            for i, session in enumerate(sessions.itertuples())
        ]
        return sessions[hard]

    def ck_multiples(self) -> pd.DataFrame:
        ck = self.labs[self.labs["test"].isin(["CK", "2157-6"])].copy()
        scale = ck["unit"].map({"U/L": 1.0, "ukat/L": U_PER_UKAT}).astype(float)
        ref = (ck["ref_high"].astype(float) * scale).fillna(DEFAULT_CK_ULN.get(self.sex, 200.0))
        ck["multiple"] = ck["value"].astype(float) * scale / ref
        return ck

    def statin_end(self) -> pd.Timestamp:
        """Last day covered by any statin row (far future when an order is ongoing)."""
        statins = self.statins
        ongoing = statins["end_date"].isna() & (statins["status"] == "active")
        if ongoing.any():
            return pd.Timestamp.max
        supplied = statins["start"] + pd.to_timedelta(
            statins["days_supply"].astype(float) - 1, unit="D"
        )
        return pd.concat([pd.to_datetime(statins["end_date"]), supplied]).max()

    def current(self, pattern: re.Pattern[str]) -> pd.DataFrame:
        meds = self.meds[self.meds["drug"].str.contains(pattern)]
        open_ended = meds["end_date"].isna() | (pd.to_datetime(meds["end_date"]) >= END_TS)
        return meds[(meds["status"] == "active") & open_ended]


def _is_strenuous(session: Any, baseline: pd.DataFrame) -> bool:
    """`baseline`: the sessions of the 28 days before (NaN distances and descents compare
    false)."""
    long = (
        not baseline.empty and session.duration_min >= LONG_RATIO * baseline["duration_min"].mean()
    )
    race = session.activity == "running" and session.distance_km >= RACE_KM
    eccentric = session.activity in ECCENTRIC_ACTIVITIES or (
        session.activity == "hiking" and session.elevation_loss_m >= DESCENT_M
    )
    first_of_kind = not baseline["activity"].eq(session.activity).any()
    return long or race or (eccentric and first_of_kind)


def _wall_clock(stamps: pd.Series) -> pd.Series:
    """Local time as written: an offset only documents the zone, the wall clock is local."""
    return pd.to_datetime(stamps.str.slice(0, 19))


def _records_by_scenario(
    streams: dict[str, pd.DataFrame], truth: pd.DataFrame
) -> dict[str, list[Record]]:
    """Each patient's `Record`, by scenario, for every patient of `truth`."""
    meds = streams["medications"].assign(start=lambda f: pd.to_datetime(f["start_date"]))
    sessions = streams["exercise"].assign(at=lambda f: _wall_clock(f["start_time"]))
    symptoms = streams["symptoms"].assign(at=lambda f: _wall_clock(f["reported_at"]))
    labs = streams["labs"].assign(at=lambda f: _wall_clock(f["collected_at"]))
    sex = streams["patients"].set_index("patient_id")["sex"]
    grouped = [frame.groupby("patient_id") for frame in (meds, sessions, symptoms, labs)]

    def rows(group: pd.api.typing.DataFrameGroupBy, pid: str, like: pd.DataFrame) -> pd.DataFrame:
        return group.get_group(pid) if pid in group.groups else like.iloc[:0]

    frames = (meds, sessions, symptoms, labs)
    by_scenario: dict[str, list[Record]] = {}
    for pid, scenario in zip(truth["patient_id"], truth["scenario"], strict=True):
        parts = [rows(group, pid, frame) for group, frame in zip(grouped, frames, strict=True)]
        by_scenario.setdefault(scenario, []).append(Record(sex[pid], *parts))
    return by_scenario


@pytest.fixture(scope="module")
def records(streams: dict[str, pd.DataFrame], truth: pd.DataFrame) -> dict[str, list[Record]]:
    return _records_by_scenario(streams, truth)


@pytest.fixture(scope="module")
def wide_records(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Record]]:
    """A cohort large enough to hold every variant of the issue-13 patterns."""
    out = tmp_path_factory.mktemp("wide")
    generate_landing(out, patients=WIDE_PATIENTS, days=DAYS, seed=SEED, end=END)
    truth = _read_truth(out)
    return _records_by_scenario(_read_streams(out), truth[truth["scenario"].isin(NEW_PATTERNS)])


def _ingredient(drug: str) -> str:
    lowered = drug.lower()
    return next(
        (name for name, words in INGREDIENTS.items() if any(w in lowered for w in words)), lowered
    )


def _never_statin(r: Record) -> None:
    assert r.statins.empty


def _no_symptoms(r: Record) -> None:
    assert r.symptoms.empty


def _recent_symptoms(r: Record) -> None:
    assert not r.symptoms.empty
    assert r.first_report >= LAST_30_DAYS


def _no_strenuous_before(r: Record, moment: pd.Timestamp) -> None:
    hard = r.strenuous()
    assert not hard["at"].between(moment - pd.Timedelta(days=7), moment).any()


def _sams_pattern(r: Record) -> None:
    _recent_symptoms(r)
    assert (r.symptoms["side"] == "both").all()
    assert r.symptoms["body_site"].isin(["thigh", "hip", "calf"]).all()
    assert r.last_report - r.first_report >= pd.Timedelta(days=10)
    assert r.last_report >= END_TS - pd.Timedelta(days=3)
    _no_strenuous_before(r, r.first_report)
    assert (r.ck_multiples()["multiple"] < 3).all()


def _no_statin_muscle_pain(r: Record) -> None:
    _never_statin(r)
    _recent_symptoms(r)


def _stable_no_symptoms(r: Record) -> None:
    _no_symptoms(r)
    assert r.statins["start"].min() <= END_TS - pd.Timedelta(days=365)
    assert r.statin_end() == pd.Timestamp.max


def _stopped_long_ago(r: Record) -> None:
    assert r.statin_end() <= END_TS - pd.Timedelta(days=120)
    _recent_symptoms(r)


def _exercise_soreness(r: Record) -> None:
    _recent_symptoms(r)
    before = r.strenuous()[r.strenuous()["at"] < r.first_report]
    gap = r.first_report - before["at"].max()
    assert pd.Timedelta(hours=12) <= gap <= pd.Timedelta(hours=48)
    assert r.last_report - r.first_report <= pd.Timedelta(days=4)
    assert r.symptoms.sort_values("at")["severity"].is_monotonic_decreasing
    assert (r.ck_multiples()["multiple"] <= 1).all()


def _latest_start_before(moment: pd.Timestamp, sessions: pd.DataFrame) -> pd.Timestamp:
    return sessions.loc[sessions["at"] < moment, "at"].max()


def _merged_by_a_week_gap(r: Record) -> None:
    """No two consecutive report dates more than a week apart: one naive episode."""
    dates = r.symptoms["at"].dt.normalize().sort_values()
    assert (dates.diff().dropna() <= pd.Timedelta(days=EPISODE_GAP_DAYS)).all()


def _bouts(r: Record) -> pd.DataFrame:
    """The strenuous sessions (by the rules) that the soreness reports follow."""
    hard = r.strenuous_by_rules
    return hard[hard["at"].between(r.first_report - DOMS_ONSET[1], r.last_report)]


def _repeated_bouts(r: Record) -> None:
    _recent_symptoms(r)
    bouts = _bouts(r)
    assert 2 <= len(bouts) <= 4
    assert bouts["at"].dt.normalize().diff().dropna().dt.days.between(4, 6).all()
    bout = r.symptoms["at"].map(lambda at: _latest_start_before(at, bouts))
    # Every report 12-72 h after the latest bout, so within its DOMS course; every bout sore.
    assert (r.symptoms["at"] - bout).between(*DOMS_ONSET).all()
    assert set(bout) == set(bouts["at"])
    assert bouts["activity"].is_unique  # varied: no eccentric bout repeats its activity
    _merged_by_a_week_gap(r)


def _sparse_reports(r: Record) -> None:
    _recent_symptoms(r)
    hard = r.strenuous_by_rules
    session = _latest_start_before(r.first_report, hard)
    assert not hard["at"].between(session, END_TS, inclusive="neither").any()
    after = (r.symptoms.sort_values("at")["at"] - session).tolist()
    assert (r.symptoms["severity"] <= 3).all()
    if len(after) == 1:
        assert pd.Timedelta(hours=72) < after[0] <= pd.Timedelta(hours=84)
    else:
        assert len(after) == 2 and r.symptoms.sort_values("at")["severity"].is_monotonic_decreasing
        assert r.symptoms["severity"].nunique() == 2
        assert [delta.days for delta in after] == [2, 4]
    assert after[-1] <= pd.Timedelta(days=5)


def _outlasts_doms(r: Record) -> None:
    _recent_symptoms(r)
    hard = r.strenuous_by_rules
    session = _latest_start_before(r.first_report, hard)
    assert DOMS_ONSET[0] <= r.first_report - session <= DOMS_ONSET[1]
    assert r.last_report.normalize() - session.normalize() >= pd.Timedelta(days=10)
    assert not hard["at"].between(session, END_TS, inclusive="neither").any()
    assert not r.strenuous()["at"].gt(session).any()
    assert r.symptoms["symptom"].isin(MUSCLE_SYMPTOMS).all()
    assert (r.ck_multiples()["multiple"] <= 1).all()


def _non_muscle_complaints(r: Record) -> None:
    _recent_symptoms(r)
    assert len(r.symptoms) >= 2
    assert not r.symptoms["symptom"].isin(MUSCLE_SYMPTOMS).any()
    assert not r.symptoms["body_site"].isin(MUSCLE_SITES).any()
    assert r.symptoms["body_site"].notna().all()
    notes = r.symptoms["notes"].fillna("")
    assert not notes.str.contains(r"muscle|cramp|weak|\bach|sore|stiff|tender", case=False).any()
    assert r.statin_end() == pd.Timestamp.max
    assert (r.ck_multiples()["multiple"] <= 1).all()


def _exercise_ck(r: Record) -> None:
    _no_symptoms(r)
    ck = r.ck_multiples()
    high = ck[ck["multiple"] >= 5]
    assert not high.empty
    sessions = r.strenuous()["at"].dt.normalize()
    days_after = (high["at"].dt.normalize().iloc[0] - sessions).dt.days
    assert days_after.between(1, 5).any()


def _new_start(r: Record) -> None:
    _sams_pattern(r)
    lead = (r.first_report.normalize() - r.statins["start"].min()).days
    assert 14 <= lead <= 42


def _dose_increase(r: Record) -> None:
    _sams_pattern(r)
    orders = r.statin_orders.sort_values("start")
    newest = orders.iloc[-1]
    lead = (r.first_report.normalize() - newest["start"]).days
    assert 21 <= lead <= 56
    older = orders[
        (orders["start"] < newest["start"])
        & (orders["drug"].map(_ingredient) == _ingredient(newest["drug"]))
    ]
    assert float(newest["dose_mg"]) > older["dose_mg"].astype(float).max()


def _possible_late(r: Record) -> None:
    _recent_symptoms(r)
    assert r.statin_orders["start"].max() <= r.first_report - pd.Timedelta(days=365)
    assert r.last_report - r.first_report >= pd.Timedelta(days=8)
    _no_strenuous_before(r, r.first_report)
    assert (r.ck_multiples()["multiple"] <= 1).all()


def _nocturnal_cramps(r: Record) -> None:
    assert (r.symptoms["symptom"] == "cramp").all() and r.symptoms["nocturnal"].all()
    assert (r.symptoms["body_site"] == "calf").all()
    assert r.last_report - r.first_report >= pd.Timedelta(days=14)
    assert r.last_report >= END_TS - pd.Timedelta(days=2)


def _recently_stopped(r: Record) -> None:
    stopped = (END_TS - r.statin_end()).days
    assert 20 <= stopped <= 80
    _recent_symptoms(r)


def _ck_4_10x(r: Record) -> None:
    _recent_symptoms(r)
    ck = r.ck_multiples()
    assert ck["multiple"].between(4, 10).any() and (ck["multiple"] <= 10).all()
    _no_strenuous_before(r, ck.loc[ck["multiple"].idxmax(), "at"])
    assert not r.symptoms["symptom"].eq("weakness").any() and not r.symptoms["dark_urine"].any()


def _myopathy(r: Record) -> None:
    _recent_symptoms(r)
    assert (r.ck_multiples()["multiple"] > 10).any()


def _rhabdomyolysis(r: Record) -> None:
    _recent_symptoms(r)
    assert r.symptoms["dark_urine"].any()
    assert (r.ck_multiples()["multiple"] > 45).any()


def _weakness(r: Record) -> None:
    assert r.symptoms["symptom"].eq("weakness").any()
    assert r.ck_multiples()["multiple"].between(1.5, 3.5).any()


def _interaction_symptoms(r: Record) -> None:
    _recent_symptoms(r)
    simvastatin = r.current(STATIN_RE)
    assert simvastatin["drug"].map(_ingredient).eq("simvastatin").all()
    assert (simvastatin["dose_mg"].astype(float) == 40).all() and not simvastatin.empty
    assert not r.current(INTERACTING_RE).empty


def _interaction_no_symptoms(r: Record) -> None:
    _no_symptoms(r)
    assert (r.current(STATIN_RE)["dose_mg"].astype(float) == 40).all()
    assert r.current(re.compile("amlodipine|norvasc", re.I))["dose_mg"].astype(float).eq(5).any()


def _tendon_pain_only(r: Record) -> None:
    _recent_symptoms(r)
    assert (r.symptoms["symptom"] == "tendon_pain").all()
    assert (r.symptoms["body_site"] == "achilles").all()


SCENARIO_CHECKS: dict[str, Callable[[Record], None]] = {
    "no_statin": _never_statin,
    "no_statin_muscle_pain": _no_statin_muscle_pain,
    "statin_stable_no_symptoms": _stable_no_symptoms,
    "statin_stopped_long_ago": _stopped_long_ago,
    "exercise_soreness": _exercise_soreness,
    "exercise_ck_no_symptoms": _exercise_ck,
    "statin_pattern_new_start": _new_start,
    "statin_pattern_dose_increase": _dose_increase,
    "statin_possible_late": _possible_late,
    "nocturnal_cramps": _nocturnal_cramps,
    "statin_recently_stopped_symptoms": _recently_stopped,
    "ck_4_10x_symptoms": _ck_4_10x,
    "myopathy_ck_gt10": _myopathy,
    "rhabdomyolysis": _rhabdomyolysis,
    "weakness_ck_elevated": _weakness,
    "interaction_symptoms": _interaction_symptoms,
    "interaction_no_symptoms": _interaction_no_symptoms,
    "tendon_pain_only": _tendon_pain_only,
    "exercise_repeated_bouts": _repeated_bouts,
    "exercise_sparse_reports": _sparse_reports,
    "soreness_outlasts_doms": _outlasts_doms,
    "non_muscle_complaints": _non_muscle_complaints,
}


@pytest.mark.parametrize("scenario", sorted(SCENARIO_CHECKS))
def test_scenario_story(records: dict[str, list[Record]], scenario: str) -> None:
    assert records[scenario], f"no patient in {scenario}"
    for record in records[scenario]:
        SCENARIO_CHECKS[scenario](record)


# --- issue 13 patterns in a wider cohort: every patient, and every variant present ------


@pytest.mark.parametrize("scenario", NEW_PATTERNS)
def test_pattern_story_in_a_wider_cohort(
    wide_records: dict[str, list[Record]], scenario: str
) -> None:
    assert len(wide_records[scenario]) >= 10
    for record in wide_records[scenario]:
        SCENARIO_CHECKS[scenario](record)


def test_repeated_bouts_vary(wide_records: dict[str, list[Record]]) -> None:
    bouts = [_bouts(record) for record in wide_records["exercise_repeated_bouts"]]
    assert {len(b) for b in bouts} == {2, 3, 4}
    every = pd.concat(bouts)
    assert set(every["activity"]) == {"running", "strength", "hiit", "hiking"}
    runs = every[every["activity"] == "running"]
    # Long runs below race distance (strenuous by length alone) and races both occur.
    assert (runs["distance_km"] < RACE_KM).any() and (runs["distance_km"] >= RACE_KM).any()


def test_sparse_reporting_has_both_shapes(wide_records: dict[str, list[Record]]) -> None:
    shapes = {len(record.symptoms) for record in wide_records["exercise_sparse_reports"]}
    assert shapes == {1, 2}


def test_non_muscle_complaints_cover_each_kind(wide_records: dict[str, list[Record]]) -> None:
    reports = pd.concat(record.symptoms for record in wide_records["non_muscle_complaints"])
    assert {"other", "chest pain", "abdominal pain", "joint pain"} <= set(reports["symptom"])
    assert {"head", "chest", "abdomen"} <= set(reports["body_site"])
    assert set(reports["body_site"]) & {"knee", "ankle"}
    headache = reports[reports["body_site"] == "head"]
    assert (headache["symptom"] == "other").all()
    assert headache["notes"].str.contains("headache").all()
    assert headache["notes"].eq("tension headache").any()


def _largest_logged_descent(root: Path) -> float:
    exercise = sorted((root / "landing" / "exercise").rglob("*.parquet"))
    return max(pd.read_parquet(path)["elevation_loss_m"].max() for path in exercise)


def test_tracks_carry_the_downhill_hikes_and_change_nothing_else(out_dir: Path, tmp_path: Path):
    for copy in ("a", "b"):
        generate_landing(
            tmp_path / copy, patients=PATIENTS, days=DAYS, seed=SEED, end=END, tracks=True
        )
    with_tracks, plain = _digests(tmp_path / "a"), _digests(out_dir)
    assert with_tracks == _digests(tmp_path / "b")  # same seed, same bytes, tracks included
    tracks = sorted(path for path in with_tracks if path.endswith(".gpx"))
    assert tracks
    assert all(
        re.fullmatch(r"landing/exports/patient_id=P\d+/tracks/[\dT-]+\.gpx", p) for p in tracks
    )
    # The truth and every stream but exercise are the same files as without tracks.
    unchanged = {p: d for p, d in with_tracks.items() if "exercise" not in p and p not in tracks}
    assert unchanged == {p: d for p, d in plain.items() if "exercise" not in p}
    # The hikes' descents (1200-2200 m) are in the tracks only, as the track reader measures them.
    assert _largest_logged_descent(tmp_path / "a") < 1200 <= _largest_logged_descent(out_dir)
    for path in tracks:
        (session,) = read_sessions(tmp_path / "a" / path).to_dict("records")
        assert session["activity_type"] == "hiking"
        assert float(session["elevation_loss_m"]) >= 1150
