"""Drug products that appear on synthetic medication records.

Statin RxNorm SCD codes are copied from the CMS347 eCQM value sets "High Intensity Statin
Therapy" (VSAC 2.16.840.1.113883.3.526.3.1572), "Moderate Intensity Statin Therapy" (...1575)
and "Low Intensity Statin Therapy" (...1574), CC0 FHIR bundle
valuesets-StatinTherapyforthePreventionandTreatmentofCardiovascularDiseaseFHIR-bundle.json.
They live here so that generation never reads the shared data folder at run time.
Non-statins carry no code: none was checked against a public source, and the native schema
allows a blank rxnorm.
"""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

# How often each of a product's four spellings is used: SCD display, order text, pharmacy
# label, short brand note.
TEXT_WEIGHTS = np.array([0.35, 0.30, 0.20, 0.15])


@dataclass(frozen=True)
class Product:
    key: str
    texts: tuple[str, str, str, str]
    dose_mg: float
    doses_per_day: int = 1
    rxnorm: str = ""
    statin: bool = False


def _mono(
    key: str,
    scd: str,
    ingredient: str,
    brand: str,
    strength: str,
    *,
    rxnorm: str = "",
    capsule: bool = False,
    per_day: int = 1,
    unit: str = "mg",
    statin: bool = False,
) -> Product:
    form = "capsule" if capsule else "tablet"
    texts = (
        scd,
        f"{ingredient[0].upper()}{ingredient[1:]} {strength} {unit} oral {form}",
        f"{brand.upper()} {strength}{unit.upper()} {form[:3].upper()}",
        f"{brand} {strength} {unit}",
    )
    dose = float(strength) / 1000 if unit == "mcg" else float(strength)
    return Product(key, texts, dose, per_day, rxnorm, statin)


def _combo(
    key: str,
    scd: str,
    brand: str,
    strengths: str,
    dose_mg: float,
    *,
    rxnorm: str = "",
    statin: bool = True,
) -> Product:
    texts = (
        scd,
        f"{scd} [{brand}]",
        f"{brand.upper()} {strengths}MG TAB",
        f"{brand} {strengths.replace('-', '/')} mg",
    )
    return Product(key, texts, dose_mg, 1, rxnorm, statin)


# Single-ingredient statin tablets: (ingredient, salt in the SCD name, brand, mg, RxNorm SCD).
PLAIN_STATINS = (
    ("atorvastatin", "", "Lipitor", "10", "617312"),
    ("atorvastatin", "", "Lipitor", "20", "617310"),
    ("atorvastatin", "", "Lipitor", "40", "617311"),
    ("atorvastatin", "", "Lipitor", "80", "259255"),
    ("rosuvastatin", "calcium", "Crestor", "5", "859424"),
    ("rosuvastatin", "calcium", "Crestor", "10", "859747"),
    ("rosuvastatin", "calcium", "Crestor", "20", "859751"),
    ("rosuvastatin", "calcium", "Crestor", "40", "859419"),
    ("simvastatin", "", "Zocor", "10", "314231"),
    ("simvastatin", "", "Zocor", "20", "312961"),
    ("simvastatin", "", "Zocor", "40", "198211"),
    ("pravastatin", "sodium", "Pravachol", "20", "904467"),
    ("pravastatin", "sodium", "Pravachol", "40", "904475"),
    ("pravastatin", "sodium", "Pravachol", "80", "904481"),
    ("lovastatin", "", "Mevacor", "20", "197904"),
    ("lovastatin", "", "Mevacor", "40", "197905"),
    ("pitavastatin", "calcium", "Livalo", "2", "861648"),
    ("pitavastatin", "calcium", "Livalo", "4", "861652"),
)
# Statin combinations: (SCD display, brand, strengths as on the label, statin mg, RxNorm SCD).
STATIN_COMBINATIONS = (
    ("ezetimibe 10 MG / simvastatin 20 MG Oral Tablet", "Vytorin", "10-20", 20, "476349"),
    ("ezetimibe 10 MG / simvastatin 40 MG Oral Tablet", "Vytorin", "10-40", 40, "476350"),
    ("amlodipine 5 MG / atorvastatin 10 MG Oral Tablet", "Caduet", "5-10", 10, "597977"),
    ("amlodipine 5 MG / atorvastatin 20 MG Oral Tablet", "Caduet", "5-20", 20, "597980"),
    ("amlodipine 10 MG / atorvastatin 20 MG Oral Tablet", "Caduet", "10-20", 20, "597967"),
    ("amlodipine 5 MG / atorvastatin 40 MG Oral Tablet", "Caduet", "5-40", 40, "597984"),
    ("atorvastatin 20 MG / ezetimibe 10 MG Oral Tablet", "Liptruzet", "10-20", 20, "1422093"),
    ("ezetimibe 10 MG / rosuvastatin 10 MG Oral Tablet", "Roszet", "10-10", 10, "2535750"),
)


def _plain_statin(ingredient: str, salt: str, brand: str, strength: str, rxnorm: str) -> Product:
    scd = " ".join(part for part in (ingredient, salt, strength, "MG Oral Tablet") if part)
    key = f"{ingredient}_{strength}"
    return _mono(key, scd, ingredient, brand, strength, rxnorm=rxnorm, statin=True)


def _statin_combination(
    scd: str, brand: str, strengths: str, dose_mg: float, rxnorm: str
) -> Product:
    key = f"{brand.lower()}_{strengths.replace('-', '_')}"
    return _combo(key, scd, brand, strengths, dose_mg, rxnorm=rxnorm)


PRODUCTS: tuple[Product, ...] = (
    *(_plain_statin(*row) for row in PLAIN_STATINS),
    *(_statin_combination(*row) for row in STATIN_COMBINATIONS),
    # Fluvastatin 40 mg is taken twice a day: 80 mg/day, moderate intensity (clinical.md §1.3).
    _mono(
        "fluvastatin_40_bid",
        "fluvastatin 40 MG Oral Capsule",
        "fluvastatin",
        "Lescol",
        "40",
        rxnorm="310405",
        capsule=True,
        per_day=2,
        statin=True,
    ),
    _mono(
        "fluvastatin_xl_80",
        "24 HR fluvastatin 80 MG Extended Release Oral Tablet",
        "fluvastatin ER",
        "Lescol XL",
        "80",
        rxnorm="360507",
        statin=True,
    ),
    # Bempedoic acid is not a statin (clinical.md §1.2): a trap for ingredient matching.
    _combo(
        "nexlizet",
        "bempedoic acid 180 MG / ezetimibe 10 MG Oral Tablet",
        "Nexlizet",
        "180-10",
        180,
        statin=False,
    ),
    _mono("ezetimibe", "ezetimibe 10 MG Oral Tablet", "ezetimibe", "Zetia", "10"),
    _mono(
        "metformin",
        "metformin hydrochloride 500 MG Oral Tablet",
        "metformin",
        "Glucophage",
        "500",
        per_day=2,
    ),
    _mono("lisinopril", "lisinopril 10 MG Oral Tablet", "lisinopril", "Zestril", "10"),
    _mono("losartan", "losartan potassium 50 MG Oral Tablet", "losartan", "Cozaar", "50"),
    _mono(
        "metoprolol",
        "24 HR metoprolol succinate 50 MG Extended Release Oral Tablet",
        "metoprolol succinate ER",
        "Toprol XL",
        "50",
    ),
    _mono(
        "omeprazole",
        "omeprazole 20 MG Delayed Release Oral Capsule",
        "omeprazole",
        "Prilosec",
        "20",
        capsule=True,
    ),
    _mono("aspirin", "aspirin 81 MG Delayed Release Oral Tablet", "aspirin", "Ecotrin", "81"),
    _mono(
        "levothyroxine",
        "levothyroxine sodium 0.075 MG Oral Tablet",
        "levothyroxine",
        "Synthroid",
        "75",
        unit="mcg",
    ),
    _mono(
        "amoxicillin",
        "amoxicillin 500 MG Oral Capsule",
        "amoxicillin",
        "Amoxil",
        "500",
        capsule=True,
        per_day=3,
    ),
    _mono(
        "clarithromycin",
        "clarithromycin 500 MG Oral Tablet",
        "clarithromycin",
        "Biaxin",
        "500",
        per_day=2,
    ),
    _mono(
        "itraconazole",
        "itraconazole 100 MG Oral Capsule",
        "itraconazole",
        "Sporanox",
        "100",
        capsule=True,
        per_day=2,
    ),
    _mono(
        "gemfibrozil", "gemfibrozil 600 MG Oral Tablet", "gemfibrozil", "Lopid", "600", per_day=2
    ),
    _mono(
        "cyclosporine",
        "cyclosporine 100 MG Oral Capsule",
        "cyclosporine",
        "Neoral",
        "100",
        capsule=True,
        per_day=2,
    ),
    _mono("amlodipine_5", "amlodipine 5 MG Oral Tablet", "amlodipine", "Norvasc", "5"),
    _mono("amlodipine_10", "amlodipine 10 MG Oral Tablet", "amlodipine", "Norvasc", "10"),
    _mono(
        "diltiazem",
        "24 HR diltiazem hydrochloride 180 MG Extended Release Oral Capsule",
        "diltiazem ER",
        "Cardizem CD",
        "180",
        capsule=True,
    ),
    _mono(
        "verapamil",
        "verapamil hydrochloride 240 MG Extended Release Oral Tablet",
        "verapamil ER",
        "Calan SR",
        "240",
    ),
    _mono(
        "amiodarone", "amiodarone hydrochloride 200 MG Oral Tablet", "amiodarone", "Pacerone", "200"
    ),
)

PRODUCT_INDEX: dict[str, int] = {product.key: i for i, product in enumerate(PRODUCTS)}
DRUG_TEXTS = np.array([product.texts for product in PRODUCTS], dtype=object)
DOSE_MG = np.array([product.dose_mg for product in PRODUCTS])
DOSES_PER_DAY = np.array([product.doses_per_day for product in PRODUCTS])
RXNORM = np.array([product.rxnorm or None for product in PRODUCTS], dtype=object)
IS_STATIN = np.array([product.statin for product in PRODUCTS])

# ACC/AHA 2018 intensity groups (clinical.md §1.3), by total daily dose.
MODERATE_STATINS = (
    "atorvastatin_10",
    "atorvastatin_20",
    "rosuvastatin_5",
    "rosuvastatin_10",
    "simvastatin_20",
    "simvastatin_40",
    "pravastatin_40",
    "pravastatin_80",
    "lovastatin_40",
    "fluvastatin_40_bid",
    "fluvastatin_xl_80",
    "pitavastatin_2",
    "pitavastatin_4",
    "vytorin_10_20",
    "vytorin_10_40",
    "caduet_5_10",
    "caduet_5_20",
    "caduet_10_20",
    "liptruzet_10_20",
    "roszet_10_10",
)
HIGH_STATINS = (
    "atorvastatin_40",
    "atorvastatin_80",
    "rosuvastatin_20",
    "rosuvastatin_40",
    "caduet_5_40",
)
LOW_STATINS = ("simvastatin_10", "pravastatin_20", "lovastatin_20")
ANY_STATINS = MODERATE_STATINS + HIGH_STATINS + LOW_STATINS
NEW_START_STATINS = (
    "atorvastatin_10",
    "atorvastatin_20",
    "atorvastatin_40",
    "rosuvastatin_5",
    "rosuvastatin_10",
    "rosuvastatin_20",
    "simvastatin_20",
    "simvastatin_40",
    "pravastatin_40",
    "caduet_5_10",
    "vytorin_10_20",
)
DOSE_STEPS = (
    ("atorvastatin_10", "atorvastatin_40"),
    ("atorvastatin_20", "atorvastatin_40"),
    ("atorvastatin_20", "atorvastatin_80"),
    ("atorvastatin_40", "atorvastatin_80"),
    ("simvastatin_20", "simvastatin_40"),
    ("rosuvastatin_5", "rosuvastatin_20"),
    ("rosuvastatin_10", "rosuvastatin_20"),
    ("rosuvastatin_10", "rosuvastatin_40"),
    ("pravastatin_40", "pravastatin_80"),
)
SWITCH_FROM = ("simvastatin_20", "simvastatin_40")
SWITCH_TO = ("atorvastatin_20", "rosuvastatin_10")
SIMVASTATIN_40 = ("simvastatin_40", "vytorin_10_40")

# Co-medications that do not interact with any statin, so they never change a patient's outcome.
SAFE_COMEDS = (
    "metformin",
    "lisinopril",
    "losartan",
    "metoprolol",
    "omeprazole",
    "aspirin",
    "ezetimibe",
)
# Only given to patients with no current or recent statin (clinical.md §5.2 triggers).
RISKY_COMEDS = (
    "amlodipine_5",
    "amlodipine_10",
    "diltiazem",
    "verapamil",
    "amiodarone",
    "gemfibrozil",
    "cyclosporine",
    "nexlizet",
)
BROAD_COMEDS = SAFE_COMEDS + RISKY_COMEDS


@dataclass(frozen=True)
class Trigger:
    """A drug that is contraindicated or dose-limiting with simvastatin 40 mg."""

    key: str
    course_days: int  # 0 = taken indefinitely
    weight: float


INTERACTION_TRIGGERS = (
    Trigger("clarithromycin", 14, 0.25),
    Trigger("gemfibrozil", 0, 0.15),
    Trigger("itraconazole", 84, 0.12),
    Trigger("amlodipine_5", 0, 0.18),
    Trigger("diltiazem", 0, 0.12),
    Trigger("verapamil", 0, 0.08),
    Trigger("amiodarone", 0, 0.06),
    Trigger("cyclosporine", 0, 0.04),
)


def product_ids(keys: Sequence[str]) -> np.ndarray:
    return np.array([PRODUCT_INDEX[key] for key in keys])
