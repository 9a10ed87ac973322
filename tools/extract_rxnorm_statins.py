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
            strength = re.search(ingredient + r"\D{0,30}?(\d+(?:\.\d+)?)\s*mg", display.lower())
            rows[code["code"]] = (
                code["code"], display, ingredient, strength.group(1) if strength else "",
                intensity, oid,
            )  # fmt: skip
    return rows


def main(bundle_path: str) -> None:
    rows = intensity_rows(json.loads(Path(bundle_path).read_text(encoding="utf-8")))
    with OUTPUT.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["rxnorm", "display", "ingredient", "strength_mg", "cms347_intensity", "value_set_oid"]
        )
        writer.writerows(rows[code] for code in sorted(rows, key=int))


if __name__ == "__main__":
    main(sys.argv[1])
