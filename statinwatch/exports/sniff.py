"""Recognise an export by what it holds: XML root, FHIR resourceType, Open mHealth keys or the
column signature of a CSV header or Parquet schema — never by its folder or extension alone
(docs/formats.md)."""

import csv
import json
import re
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from statinwatch.ingest.reader import canonical_column

# Enough for a CSV header, the first NDJSON line or an Apple Health DOCTYPE (about 10 KiB).
HEAD_BYTES = 64 * 1024
_XML_NAME = re.compile(r"<([!?]?)([A-Za-z_][\w:.-]*)")
_FHIR_TYPE = re.compile(r'"resourceType"\s*:\s*"(\w+)"')
_APPLE_ROUTE = re.compile(r"<gpx\b[^>]*\bcreator\s*=\s*[\"']Apple Health Export[\"']")
_OMH_KEYS = re.compile(r'"(?:activity_name|schema_id)"\s*:')
PARQUET_MAGIC = b"PAR1"

XML_ROOTS = {
    "HealthData": "apple-health",
    "ClinicalDocument": "apple-health-cda",
    "gpx": "gpx-track",
    "TrainingCenterDatabase": "tcx-activity",
}
# Header signatures, most specific first: the first whose columns are all present wins. A
# signature with allowed columns matches only when the header has nothing beyond them.
HEADER_SIGNATURES: tuple[tuple[str, frozenset[str], frozenset[str] | None], ...] = tuple(
    (name, frozenset(required.split()), frozenset(allowed.split()) if allowed else None)
    for name, required, allowed in (
        # OMOP CDM tables (v5.3 and v5.4 share these columns), as CSV or Parquet.
        ("omop-concept", "concept_id concept_name vocabulary_id concept_code", ""),
        ("omop-person", "person_id gender_concept_id year_of_birth", ""),
        (
            "omop-drug-exposure",
            "drug_exposure_id person_id drug_concept_id drug_exposure_start_date",
            "",
        ),
        (
            "omop-condition-occurrence",
            "condition_occurrence_id person_id condition_concept_id condition_start_date",
            "",
        ),
        (
            "omop-measurement",
            "measurement_id person_id measurement_concept_id measurement_date",
            "",
        ),
        (
            "omop-observation",
            "observation_id person_id observation_concept_id observation_date",
            "",
        ),
        ("omop-other", "observation_period_id person_id observation_period_start_date", ""),
        ("omop-other", "person_id death_date", ""),
        ("omop-other", "cdm_source_name cdm_version", ""),
        ("synthea-medications", "start stop patient encounter code description dispenses", ""),
        ("synthea-observations", "date patient encounter code description value units", ""),
        ("synthea-patients", "id birthdate gender race ethnicity", ""),
        (
            "synthea-conditions",
            "start stop patient encounter code description",
            "start stop patient encounter system code description",
        ),
        ("synthea-other", "patient encounter code description", ""),
        ("synthea-other", "id patient encounterclass", ""),
        ("fitbit-daily", "id activitydate veryactiveminutes fairlyactiveminutes", ""),
        ("fitbit-daily", "id activityday veryactiveminutes fairlyactiveminutes", ""),
        ("fitbit-hourly-intensities", "id activityhour totalintensity averageintensity", ""),
        ("fitbit-minute-intensities", "id activityminute intensity", ""),
        ("fitbit-minute-steps", "id activityminute steps", ""),
        ("fitbit-heart-rate", "id time value", ""),
        ("fitbit-other", "id activityhour", ""),
        ("fitbit-other", "id activityday", ""),
        ("fitbit-other", "id activityminute", ""),
        ("fitbit-other", "id sleepday", ""),
        ("fitbit-other", "id date weightkg", ""),
        ("strava-activities", "activity_id activity_date activity_type elapsed_time distance", ""),
        ("garmin-activities", "activity_type date title distance time", ""),
    )
)


def read_head(path: Path) -> str:
    with path.open("rb") as handle:
        head = handle.read(HEAD_BYTES)
    return head.decode("utf-8", errors="replace").lstrip("\ufeff").lstrip()


def _xml_root(text: str) -> str | None:
    for match in _XML_NAME.finditer(text):
        if not match.group(1):  # skip <?xml …?>, <!DOCTYPE …> and its <!ELEMENT …> lines
            return match.group(2)
    return None


def _recognise_xml(text: str) -> str | None:
    """By the root element; a GPX route Apple Health wrote (its workout-routes/) by the
    creator it signs on the root, since its workout is already read from export.xml."""
    fmt = XML_ROOTS.get(_xml_root(text) or "")
    if fmt == "gpx-track" and _APPLE_ROUTE.search(text):
        return "apple-health-route"
    return fmt


def _first_json_line(text: str) -> dict | None:
    """The first line as a JSON object when it is one on its own (NDJSON or one-line JSON)."""
    line = text.split("\n", 1)[0]
    try:
        value = json.loads(line)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _recognise_json(text: str) -> str | None:
    first = _first_json_line(text)
    if first is not None and "resourceType" in first:
        return "fhir-json" if first["resourceType"] == "Bundle" else "fhir-ndjson"
    if first is not None:
        return "omh-json" if _OMH_KEYS.search(text) else None
    # A pretty-printed or very long document: its first resourceType names the Bundle or
    # the single resource (a Bundle's own key may follow its entries; the loader decides).
    if _FHIR_TYPE.search(text):
        return "fhir-json"
    return "omh-json" if _OMH_KEYS.search(text) else None


def header_columns(text: str) -> set[str]:
    try:
        header = next(csv.reader([text.split("\n", 1)[0]]))
    except (csv.Error, StopIteration):
        return set()
    return {canonical_column(name) for name in header}


def is_parquet(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(len(PARQUET_MAGIC)) == PARQUET_MAGIC


def _parquet_columns(path: Path) -> set[str]:
    try:
        names = pq.read_schema(path).names
    except (OSError, pa.ArrowException):
        return set()
    return {canonical_column(name) for name in names}


def _recognise_columns(columns: set[str]) -> str | None:
    for name, required, allowed in HEADER_SIGNATURES:
        if required <= columns and (allowed is None or columns <= allowed):
            return name
    return None


def sniff(path: Path) -> str | None:
    """The export format a file holds (a key of formats.FORMATS), or None."""
    if is_parquet(path):
        return _recognise_columns(_parquet_columns(path))
    text = read_head(path)
    if text.startswith("<"):
        return _recognise_xml(text)
    if text.startswith(("{", "[")):
        return _recognise_json(text)
    return _recognise_columns(header_columns(text))
