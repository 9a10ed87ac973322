"""Patient demographics (the patients stream)."""

from dataclasses import dataclass
from datetime import date

import numpy as np
import pyarrow as pa

ID_WIDTH = 6
SEXES = ("F", "M", "U")
SEX_WEIGHTS = (0.49, 0.49, 0.02)
HYPOTHYROID_RATE = 0.06
# Statin users skew older than the rest of the cohort.
STATIN_AGE_YEARS = (45, 85)
OTHER_AGE_YEARS = (25, 80)
WEIGHT_KG = {"F": (72.0, 13.0), "M": (86.0, 14.0), "U": (78.0, 14.0)}
HEIGHT_CM = {"F": (163.0, 7.0), "M": (177.0, 7.0), "U": (170.0, 8.0)}
# Most devices log local time without an offset; about one patient in ten has one.
UTC_OFFSETS = ("", "-05:00", "-04:00", "-06:00", "-07:00", "+01:00", "+00:00")
UTC_OFFSET_WEIGHTS = (0.9, 0.03, 0.02, 0.02, 0.01, 0.01, 0.01)


@dataclass(frozen=True)
class Cohort:
    ids: pa.Array
    sex: np.ndarray
    hypothyroid: np.ndarray
    utc_offset: np.ndarray  # index into UTC_OFFSETS, used for every timestamp of the patient

    def __len__(self) -> int:
        return len(self.sex)

    def offsets(self, patient: np.ndarray) -> np.ndarray:
        return np.asarray(UTC_OFFSETS)[self.utc_offset[patient]]


def patient_ids(n: int) -> pa.Array:
    width = max(ID_WIDTH, len(str(n)))
    numbers = np.char.zfill(np.arange(1, n + 1).astype(str), width)
    return pa.array(np.char.add("P", numbers))


def _by_sex(
    rng: np.random.Generator, sex: np.ndarray, params: dict[str, tuple[float, float]]
) -> np.ndarray:
    mean = np.select([sex == key for key in params], [value[0] for value in params.values()])
    spread = np.select([sex == key for key in params], [value[1] for value in params.values()])
    return rng.normal(mean, spread)


def make_cohort(
    rng: np.random.Generator, statin_user: np.ndarray, end: date
) -> tuple[Cohort, pa.Table]:
    """Demographics for every patient, and the patients table in native schema order."""
    n = len(statin_user)
    sex = np.asarray(SEXES)[rng.choice(len(SEXES), size=n, p=SEX_WEIGHTS)]
    low = np.where(statin_user, STATIN_AGE_YEARS[0], OTHER_AGE_YEARS[0])
    high = np.where(statin_user, STATIN_AGE_YEARS[1], OTHER_AGE_YEARS[1])
    age_days = rng.integers(low * 365, high * 365)
    birth = np.datetime64(end, "D") - age_days.astype("timedelta64[D]")
    weight = np.clip(_by_sex(rng, sex, WEIGHT_KG), 42, 180).round(1)
    height = np.clip(_by_sex(rng, sex, HEIGHT_CM), 140, 205).round().astype(int)
    egfr = np.clip(rng.normal(82, 18, n), 15, 125).round().astype(int)
    hypothyroid = rng.random(n) < HYPOTHYROID_RATE
    utc_offset = rng.choice(len(UTC_OFFSETS), size=n, p=UTC_OFFSET_WEIGHTS)
    ids = patient_ids(n)
    table = pa.table(
        {
            "patient_id": ids,
            "birth_date": pa.array(np.datetime_as_string(birth, unit="D")),
            "sex": pa.array(sex),
            "weight_kg": pa.array(weight),
            "height_cm": pa.array(height),
            "egfr": pa.array(egfr),
            "hypothyroid": pa.array(hypothyroid),
        }
    )
    return Cohort(ids, sex, hypothyroid, utc_offset), table
