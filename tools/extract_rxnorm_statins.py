"""Rebuild vocabulary/rxnorm_statins.csv from the CMS347 FHIR value-set bundle (CC0).

Usage: python tools/extract_rxnorm_statins.py PATH/TO/valuesets-...-bundle.json
"""

import csv
import json
import re
import sys
from pathlib import Path

INGREDIENTS = (
    "atorvastatin", "simvastatin", "lovastatin", "pravastatin",
    "fluvastatin", "rosuvastatin", "pitavastatin",
)  # fmt: skip
OUTPUT = Path(__file__).resolve().parents[1] / "vocabulary" / "rxnorm_statins.csv"


def intensity_rows(bundle: dict) -> dict[str, tuple]:
    rows = {}
    for entry in bundle["entry"]:
        value_set = entry["resource"]
        name = value_set.get("name") or ""
        if "IntensityStatinTherapy" not in name:
            continue
        intensity = name.removesuffix("IntensityStatinTherapy").lower()
        oid = value_set["url"].rsplit("/", 1)[-1]
        for code in value_set.get("expansion", {}).get("contains", []):
            if "rxnorm" not in code["system"].lower():
                continue
            display = code["display"]
            ingredient = next((i for i in INGREDIENTS if i in display.lower()), "")
            # A suspension's strength is a concentration: mg per mL, not mg per dose.
            strength = re.search(
                ingredient + r"\D{0,30}?(\d+(?:\.\d+)?)\s*mg(/ml)?", display.lower()
            )
            amount = strength.group(1) if strength else ""
            per_ml = bool(strength and strength.group(2))
            rows[code["code"]] = (
                code["code"], display, ingredient, "" if per_ml else amount,
                amount if per_ml else "", intensity, oid,
            )  # fmt: skip
    return rows


COLUMNS = (
    "rxnorm", "display", "ingredient", "strength_mg", "strength_mg_per_ml", "cms347_intensity",
    "value_set_oid",
)  # fmt: skip


def main(bundle_path: str) -> None:
    rows = intensity_rows(json.loads(Path(bundle_path).read_text(encoding="utf-8")))
    with OUTPUT.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        writer.writerows(rows[code] for code in sorted(rows, key=int))


if __name__ == "__main__":
    main(sys.argv[1])
