"""Render the event log into the medications, symptoms and labs landing files."""

from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from statinwatch.generate.catalog import (
    DOSE_MG,
    DOSES_PER_DAY,
    DRUG_TEXTS,
    IS_STATIN,
    RXNORM,
    TEXT_WEIGHTS,
)
from statinwatch.generate.cohort import Cohort
from statinwatch.generate.events import DAY, DISPENSED, NO_END, STATEMENT
from statinwatch.generate.writers import (
    day_date,
    day_path,
    iso_dates,
    iso_times,
    write_csv,
    write_jsonl,
)

# Dispenses older than this are outside the extract; orders still carry their first date.
EXTRACT_LOOKBACK_DAYS = 400
REFILL_JITTER_DAYS = 2
RXNORM_BLANK_RATE = 0.15
RECORD_TYPES = ("prescription", "dispense", "statement")
PRESCRIPTION_RECORD, DISPENSE_RECORD, STATEMENT_RECORD = range(len(RECORD_TYPES))

CK_ULN = {"F": (170, 200), "M": (300, 340), "U": (170, 340)}
# Engines fall back to these when the lab sends no reference limit (clinical.md §2.5).
CK_DEFAULT_ULN = {"F": 200, "M": 300, "U": 200}
CK_REF_BLANK_RATE = 0.2
CK_UKAT_RATE = 0.05
UKAT_TO_U_PER_L = 60.0
CK_LOINC_RATE = 0.5
OTHER_LABS = {"TSH": ("mIU/L", 4.5), "creatinine": ("mg/dL", 1.2), "LDL-C": ("mg/dL", np.nan)}


def _column(frame: pd.DataFrame, name: str) -> np.ndarray:
    return frame[name].to_numpy(dtype=np.int64)


def _fills(episodes: pd.DataFrame, rng: np.random.Generator, days: int) -> pd.DataFrame:
    """One dispense per refill inside the extract window, up to the end date."""
    start, end, cadence = (_column(episodes, name) for name in ("start", "end", "cadence"))
    lookback = -max(days, EXTRACT_LOOKBACK_DAYS)
    first = np.maximum(0, -((start - lookback) // cadence))
    last = (np.minimum(end, 0) - start) // cadence
    count = np.where(_column(episodes, "mode") == DISPENSED, np.maximum(last - first + 1, 0), 0)
    owner = np.repeat(np.arange(len(episodes)), count)
    k = first[owner] + np.arange(len(owner)) - np.repeat(np.cumsum(count) - count, count)
    fill = start[owner] + k * cadence[owner]
    # Refills of ongoing orders drift a little; closed ones stay aligned with their stop date.
    drifting = (k > 0) & (end[owner] == NO_END)
    fill = np.minimum(
        fill
        + np.where(drifting, rng.integers(-REFILL_JITTER_DAYS, REFILL_JITTER_DAYS + 1, len(k)), 0),
        0,
    )
    return pd.DataFrame(
        {
            "episode": owner,
            "record": DISPENSE_RECORD,
            "start": fill,
            "end": NO_END,
            "supply": np.minimum(cadence[owner], end[owner] - fill + 1),
            "status": "completed",
        }
    )


def _orders(episodes: pd.DataFrame) -> pd.DataFrame:
    statement = _column(episodes, "mode") == STATEMENT
    end = _column(episodes, "end")
    return pd.DataFrame(
        {
            "episode": np.arange(len(episodes)),
            "record": np.where(statement, STATEMENT_RECORD, PRESCRIPTION_RECORD),
            "start": _column(episodes, "start"),
            "end": end,
            "supply": np.where(statement, -1, _column(episodes, "cadence")),
            "status": np.where(
                end >= 0, "active", episodes["closed_status"].to_numpy(dtype=object)
            ),
        }
    )


def medication_table(
    rng: np.random.Generator, episodes: pd.DataFrame, cohort: Cohort, end: date, days: int
) -> pa.Table:
    variant = rng.choice(len(TEXT_WEIGHTS), size=len(episodes), p=TEXT_WEIGHTS)
    rows = pd.concat([_orders(episodes), _fills(episodes, rng, days)], ignore_index=True)
    episode = rows["episode"].to_numpy()
    patient = _column(episodes, "patient")[episode]
    product = _column(episodes, "product")[episode]
    start, stop, supply = (rows[name].to_numpy() for name in ("start", "end", "supply"))
    order = np.lexsort((product, rows["record"].to_numpy(), start, patient))
    rxnorm = np.where(
        IS_STATIN[product] & (rng.random(len(rows)) < RXNORM_BLANK_RATE), None, RXNORM[product]
    )
    columns = {
        "patient_id": cohort.ids.take(pa.array(patient)),
        "drug": pa.array(DRUG_TEXTS[product, variant[episode]].astype(str)),
        "rxnorm": pa.array(rxnorm, type=pa.string()),
        "dose_mg": pa.array(DOSE_MG[product]),
        "doses_per_day": pa.array(DOSES_PER_DAY[product]),
        "start_date": pa.array(iso_dates(end, start)),
        "end_date": pa.array(
            iso_dates(end, np.where(stop == NO_END, 0, stop)), mask=stop == NO_END
        ),
        "days_supply": pa.array(supply, mask=supply < 0),
        "record_type": pa.array(np.asarray(RECORD_TYPES)[rows["record"].to_numpy()]),
        "status": pa.array(rows["status"].to_numpy(dtype=str)),
    }
    return pa.table(columns).take(pa.array(order))


def write_symptoms(
    symptoms: pd.DataFrame, cohort: Cohort, end: date, landing: Path
) -> tuple[int, int]:
    """One JSON-lines file per day that has any report; returns (files, rows)."""
    patient = _column(symptoms, "patient")
    at = _column(symptoms, "at")
    order = np.lexsort((at, patient))
    frame = pd.DataFrame(
        {
            "patient_id": np.asarray(cohort.ids)[patient],
            "reported_at": np.char.add(iso_times(end, at), cohort.offsets(patient)),
            "symptom": symptoms["symptom"].to_numpy(dtype=object),
            "severity": _column(symptoms, "severity"),
            "body_site": symptoms["site"].to_numpy(dtype=object),
            "side": symptoms["side"].to_numpy(dtype=object),
            "nocturnal": symptoms["nocturnal"].to_numpy(dtype=bool),
            "dark_urine": symptoms["dark_urine"].to_numpy(dtype=bool),
            "notes": symptoms["note"].to_numpy(dtype=object),
        }
    ).iloc[order]
    day = at[order] // DAY
    files = 0
    for value in np.unique(day):
        write_jsonl(
            frame[day == value], day_path(landing, "symptoms", day_date(end, int(value)), "jsonl")
        )
        files += 1
    return files, len(frame)


def _ck_values(
    rng: np.random.Generator, multiple: np.ndarray, sex: np.ndarray
) -> tuple[np.ndarray, ...]:
    """CK in the lab's units from a multiple of the ULN the reader will use for that row."""
    n = len(multiple)
    low = np.select([sex == key for key in CK_ULN], [bounds[0] for bounds in CK_ULN.values()])
    high = np.select([sex == key for key in CK_ULN], [bounds[1] for bounds in CK_ULN.values()])
    uln = rng.integers(low, high + 1).astype(float)
    # A result for an unknown sex always carries its limit: readers have no default for it.
    blank = (rng.random(n) < CK_REF_BLANK_RATE) & (sex != "U")
    default = np.select([sex == key for key in CK_DEFAULT_ULN], list(CK_DEFAULT_ULN.values()))
    value = np.round(multiple * np.where(blank, default, uln))
    ukat = rng.random(n) < CK_UKAT_RATE
    value = np.where(ukat, np.round(value / UKAT_TO_U_PER_L, 2), value)
    ref_high = np.where(blank, np.nan, np.where(ukat, np.round(uln / UKAT_TO_U_PER_L, 2), uln))
    unit = np.where(ukat, "ukat/L", "U/L")
    test = np.where(rng.random(n) < CK_LOINC_RATE, "2157-6", "CK")
    return test, value, unit, ref_high


def lab_table(rng: np.random.Generator, labs: pd.DataFrame, cohort: Cohort, end: date) -> pa.Table:
    patient = _column(labs, "patient")
    at = _column(labs, "at")
    test = labs["test"].to_numpy(dtype=object, copy=True)
    value = labs["value"].to_numpy(dtype=float, copy=True)
    is_ck = test == "CK"
    ck_test, ck_value, ck_unit, ck_ref = _ck_values(rng, value[is_ck], cohort.sex[patient[is_ck]])
    units = np.full(len(test), "", dtype=object)
    ref_high = np.full(len(test), np.nan)
    for name, (lab_unit, lab_ref) in OTHER_LABS.items():
        units[test == name] = lab_unit
        ref_high[test == name] = lab_ref
        value[test == name] = np.round(value[test == name], 2)
    test[is_ck], value[is_ck], units[is_ck], ref_high[is_ck] = ck_test, ck_value, ck_unit, ck_ref
    order = np.lexsort((test.astype(str), at, patient))
    return pa.table(
        {
            "patient_id": cohort.ids.take(pa.array(patient)),
            "collected_at": pa.array(iso_times(end, at)),
            "test": pa.array(test.astype(str)),
            "value": pa.array(value),
            "unit": pa.array(units.astype(str)),
            "ref_high": pa.array(ref_high, mask=np.isnan(ref_high)),
        }
    ).take(pa.array(order))


def write_labs(table: pa.Table, landing: Path) -> tuple[int, int]:
    """One CSV per calendar month that has any result; returns (files, rows)."""
    month = np.asarray(table["collected_at"]).astype("U7")
    files = 0
    for value in np.unique(month):
        write_csv(table.filter(pa.array(month == value)), landing / "labs" / f"labs_{value}.csv")
        files += 1
    return files, table.num_rows
