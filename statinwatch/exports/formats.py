"""The export formats statinwatch reads, how each is staged and which streams it feeds.

Loading puts a file's content into temp tables (`source_rows` for CSV exports,
`fhir_resources`, `omh_points`, `apple_workouts`, `track_sessions`, and for heart rate a
`heart_rate_samples` view that one mapping aggregates per minute whatever the format) plus the
reader's own rejects in
`landing_rejects`, lists the file's records — its rows read — in `export_records` (line,
and the reason it is skipped if no mapping takes it) and says in `record_files` whose each
record is. FHIR JSON files are loaded many at a time, their records numbered across the batch
(the mappings run once over it); other formats one file at a time. Each mapping in
sql/ingest/external/ then selects one stream's landing rows from them, as text, with `_line`,
`_record` and `_reject` (and `_source_lines` for a row made of several records)
(docs/formats.md).
"""

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from statinwatch.exports.apple_health import read_export
from statinwatch.exports.fhir_json import write_entries
from statinwatch.exports.sniff import is_parquet
from statinwatch.exports.tracks import read_sessions
from statinwatch.exports.xml_stream import XmlExportError
from statinwatch.ingest.landing import LandingFile
from statinwatch.ingest.reader import (
    RECORD_JSON,
    UnreadableFile,
    column_names,
    duckdb_path,
    first_line,
    match_columns,
    no_rejects,
    read_csv_file,
    read_json_lines,
    read_parquet_files,
    text_projections,
)
from statinwatch.sql import run_sql

# DuckDB holds an Open mHealth JSON document whole (its read buffer is twice the largest
# object allowed, so the limit follows the file's size). FHIR JSON is streamed instead
# (statinwatch/exports/fhir_json.py).
JSON_DOCUMENT_MAX_BYTES = 256 * 1024 * 1024

# Loads files (each with its id) of one format; returns why files it could not read were
# left out (a reader of one file at a time raises UnreadableFile instead).
Loader = Callable[
    [duckdb.DuckDBPyConnection, list[tuple[int, LandingFile]], "ExportFormat"], dict[int, str]
]
FileLoader = Callable[[duckdb.DuckDBPyConnection, LandingFile, "ExportFormat"], None]


@dataclass(frozen=True)
class ExportFormat:
    name: str
    family: str
    description: str
    load: Loader
    # (target stream, mapping SQL) pairs; none for files recognised but not used.
    mappings: tuple[tuple[str, str], ...] = ()
    # CSV and Parquet exports: the columns the mappings read, canonical names; absent ones are
    # null.
    columns: tuple[str, ...] = ()
    # The export may name no person (Apple Health, Strava, Garmin): its patient then comes
    # from a patient_id=<id> folder, which is part of the file's identity.
    patient_from_folder: bool = False
    # Why a record of a CSV or Apple Health export that no mapping takes carries nothing for
    # statinwatch (FHIR and Open mHealth records say it by their resource type or schema).
    skip_reason: str = "taken by no mapping"
    # A vocabulary other files' mappings read (the OMOP concept table): ingested before the
    # other exports of a run, and recorded with this note instead of "nothing in it is used".
    vocabulary_note: str = ""
    # Whether `load` takes several files at once (a batch shares one pass of each mapping).
    batched: bool = False


def _one_file(load: FileLoader) -> Loader:
    """A reader of one file at a time as a Loader: the file's records are its own lines."""

    def load_one(
        conn: duckdb.DuckDBPyConnection, files: list[tuple[int, LandingFile]], fmt: ExportFormat
    ) -> dict[int, str]:
        ((file_id, file),) = files
        load(conn, file, fmt)
        run_sql(conn, "ingest/record_files_of_file", {"file_id": file_id})
        return {}

    return load_one


def _list_records(conn: duckdb.DuckDBPyConnection, kind: str, fmt: ExportFormat) -> None:
    """The file's records into `export_records` (sql/ingest/external/records_<kind>.sql)."""
    run_sql(conn, _sql(f"records_{kind}"), {"skip_reason": fmt.skip_reason})


def _list_fhir_records(conn: duckdb.DuckDBPyConnection, fmt: ExportFormat) -> None:
    """The FHIR records, per file the resources about another patient than its own, and the
    heart-rate Observations as samples."""
    _list_records(conn, "fhir", fmt)
    run_sql(conn, _sql("fhir_other_patients"))
    run_sql(conn, _sql("fhir_heart_rate_samples"))


def _load_nothing(conn: duckdb.DuckDBPyConnection, file: LandingFile, fmt: ExportFormat) -> None:
    no_rejects(conn)
    _list_records(conn, "none", fmt)


def _load_table(conn: duckdb.DuckDBPyConnection, file: LandingFile, fmt: ExportFormat) -> None:
    """A CSV or Parquet export: each record's wanted columns as text in `source_rows`."""
    if is_parquet(file.path):
        read_parquet_files(conn, [file])
        header_lines = 0
    else:
        read_csv_file(conn, file)
        header_lines = 1
    names = column_names(conn, "landing_file")
    matched = match_columns(names, fmt.columns)
    projections = text_projections(fmt.columns, matched)
    conn.execute(
        "create or replace temp view source_rows as select "  # noqa: S608 — quoted names only
        + ", ".join(
            [
                *projections,
                f"ordinality + {header_lines} as _line",
                f"{RECORD_JSON} as _record",
            ]
        )
        + " from landing_file f"
    )
    _list_records(conn, "csv", fmt)


def _load_fitbit_heart_rate(
    conn: duckdb.DuckDBPyConnection, file: LandingFile, fmt: ExportFormat
) -> None:
    """A Fitbit heart-rate CSV: its records, and as heart-rate samples."""
    _load_table(conn, file, fmt)
    run_sql(conn, _sql("fitbit_heart_rate_samples"))


def _load_omop_concepts(
    conn: duckdb.DuckDBPyConnection, file: LandingFile, fmt: ExportFormat
) -> None:
    """An OMOP concept table: its concepts into omop.concept, in the file's transaction, for
    the mappings of OMOP files of this run and later ones."""
    _load_table(conn, file, fmt)
    run_sql(conn, _sql("omop_concepts"))


def _document_bytes(file: LandingFile) -> int:
    """The largest JSON object DuckDB must accept to read the file: the file itself."""
    if file.size_bytes > JSON_DOCUMENT_MAX_BYTES:
        raise UnreadableFile(
            f"a JSON document over {JSON_DOCUMENT_MAX_BYTES >> 20} MiB is not read whole; "
            "send it as NDJSON, one resource or data point per line"
        )
    return file.size_bytes + 1


def _read_json_document(
    conn: duckdb.DuckDBPyConnection, file: LandingFile, sql_name: str, label: str
) -> None:
    """One whole JSON document read by a statement of sql/ingest/external/."""
    params = {"path": duckdb_path(file.path), "max_bytes": _document_bytes(file)}
    try:
        run_sql(conn, sql_name, params)
    except duckdb.Error as error:
        raise UnreadableFile(f"cannot read as {label}: {first_line(error)}") from error
    no_rejects(conn)


def _load_fhir_json(
    conn: duckdb.DuckDBPyConnection, files: list[tuple[int, LandingFile]], fmt: ExportFormat
) -> dict[int, str]:
    """Stream each file's entries to Parquet (fhir_json.py), then read them all as one table;
    a file that is not JSON is left out with its reason, the others go on."""
    unreadable: dict[int, str] = {}
    with tempfile.TemporaryDirectory(prefix="statinwatch-fhir-") as folder:
        paths: list[str] = []
        next_line = 1
        for file_id, file in files:
            target = Path(folder) / f"{len(paths)}.parquet"
            try:
                next_line += write_entries(file.path, target, file_id, next_line)
            except UnreadableFile as error:
                unreadable[file_id] = str(error)
                continue
            paths.append(str(target))
        if paths:
            run_sql(conn, "ingest/external/fhir_entries_json", {"paths": paths})
        else:
            run_sql(conn, "ingest/external/fhir_no_entries")
    run_sql(conn, "ingest/external/fhir_resources_json")
    run_sql(conn, "ingest/external/fhir_entry_rejects")
    run_sql(conn, "ingest/external/fhir_record_files")
    _list_fhir_records(conn, fmt)
    return unreadable


def _load_fhir_ndjson(
    conn: duckdb.DuckDBPyConnection, file: LandingFile, fmt: ExportFormat
) -> None:
    read_json_lines(conn, file)
    run_sql(conn, "ingest/external/fhir_resources_ndjson")
    run_sql(conn, "ingest/external/fhir_ndjson_rejects")
    _list_fhir_records(conn, fmt)


def _load_omh(conn: duckdb.DuckDBPyConnection, file: LandingFile, fmt: ExportFormat) -> None:
    _read_json_document(conn, file, "ingest/external/omh_points", "Open mHealth JSON")
    _list_records(conn, "omh", fmt)


def _load_apple_health(
    conn: duckdb.DuckDBPyConnection, file: LandingFile, fmt: ExportFormat
) -> None:
    try:
        export = read_export(file.path)
    except XmlExportError as error:
        raise UnreadableFile(f"cannot read as Apple Health XML: {error}") from error
    _frame_to_table(conn, export.workouts, "apple_workouts")
    _frame_to_table(conn, export.heart_rate, "apple_heart_rate")
    run_sql(conn, _sql("apple_health_heart_rate_samples"))
    no_rejects(conn)
    _list_records(conn, "apple_health", fmt)


def _frame_to_table(conn: duckdb.DuckDBPyConnection, frame: pd.DataFrame, table: str) -> None:
    """A reader's rows as a temp table, its lines as integers for the accounting's joins."""
    conn.register("reader_frame", frame)
    try:
        conn.execute(
            f"create or replace temp table {table} as "  # noqa: S608 — our own table names
            "select * replace (cast(line as bigint) as line) from reader_frame"
        )
    finally:
        conn.unregister("reader_frame")


def _load_tracks(conn: duckdb.DuckDBPyConnection, file: LandingFile, fmt: ExportFormat) -> None:
    """A TCX or GPX file: one summary row per Activity or track (statinwatch/exports/tracks.py)."""
    try:
        sessions = read_sessions(file.path)
    except XmlExportError as error:
        raise UnreadableFile(f"cannot read as {fmt.family.upper()} XML: {error}") from error
    _frame_to_table(conn, sessions, "track_sessions")
    no_rejects(conn)
    _list_records(conn, "tracks", fmt)


def _sql(name: str) -> str:
    return f"ingest/external/{name}"


# Every heart-rate format's samples are aggregated per minute by one mapping.
HEART_RATE_MAPPING = ("heart_rate", _sql("heart_rate_minutes"))
FHIR_MAPPINGS = (
    *((stream, _sql(f"fhir_{stream}")) for stream in ("patients", "medications", "exercise")),
    ("symptoms", _sql("fhir_symptoms")),
    HEART_RATE_MAPPING,
    ("labs", _sql("fhir_labs")),
)
SYNTHEA_PATIENT_COLUMNS = ("id", "birthdate", "gender")
SYNTHEA_EVENT_COLUMNS = ("start", "stop", "patient", "system", "code", "description")
SYNTHEA_OBSERVATION_COLUMNS = (
    "date", "patient", "category", "code", "description", "value", "units", "type",
)  # fmt: skip
FITBIT_DAILY_COLUMNS = (
    "id", "activitydate", "activityday", "veryactiveminutes", "fairlyactiveminutes",
    "veryactivedistance", "moderatelyactivedistance",
)  # fmt: skip
FITBIT_HOURLY_COLUMNS = ("id", "activityhour", "totalintensity", "averageintensity")
FITBIT_HEART_RATE_COLUMNS = ("id", "time", "value")
# Both minute files map through one statement; the column a file lacks is null.
FITBIT_MINUTE_COLUMNS = ("id", "activityminute", "intensity", "steps")
STRAVA_COLUMNS = (
    "activity_date", "activity_name", "activity_type", "activity_description", "elapsed_time",
    "moving_time", "distance", "distance_1", "elevation_loss", "average_heart_rate",
)  # fmt: skip
OMOP_PERSON_COLUMNS = (
    "person_id", "gender_concept_id", "year_of_birth", "month_of_birth", "day_of_birth",
    "birth_datetime", "gender_source_value",
)  # fmt: skip
OMOP_DRUG_COLUMNS = (
    "person_id", "drug_concept_id", "drug_exposure_start_date", "drug_exposure_end_date",
    "drug_type_concept_id", "quantity", "days_supply", "drug_source_value",
    "drug_source_concept_id",
)  # fmt: skip
OMOP_CONDITION_COLUMNS = (
    "person_id", "condition_concept_id", "condition_start_date", "condition_start_datetime",
    "condition_end_date", "condition_source_value", "condition_source_concept_id",
)  # fmt: skip
OMOP_MEASUREMENT_COLUMNS = (
    "person_id", "measurement_concept_id", "measurement_date", "measurement_datetime",
    "value_as_number", "unit_concept_id", "range_high", "measurement_source_value",
    "unit_source_value",
)  # fmt: skip
OMOP_CONCEPT_COLUMNS = ("concept_id", "concept_name", "domain_id", "vocabulary_id", "concept_code")
GARMIN_COLUMNS = (
    "activity_type", "date", "title", "distance", "time", "avg_hr", "total_descent",
)  # fmt: skip


# The readers of one file at a time, as Loaders.
_TABLE = _one_file(_load_table)
_OMOP_CONCEPTS = _one_file(_load_omop_concepts)
_FITBIT_HEART_RATE = _one_file(_load_fitbit_heart_rate)
_FHIR_NDJSON = _one_file(_load_fhir_ndjson)
_APPLE_HEALTH = _one_file(_load_apple_health)
_OMH = _one_file(_load_omh)
_TRACKS = _one_file(_load_tracks)
_NOTHING = _one_file(_load_nothing)


def _unused(
    name: str, family: str, description: str, load: Loader = _NOTHING, skip_reason: str = ""
) -> ExportFormat:
    """A format recognised but not used: a CSV's records are read and all skipped, other files
    (XML documents, routes) have no records statinwatch could take and are not read."""
    return ExportFormat(name, family, description, load, skip_reason=skip_reason)


FORMATS: dict[str, ExportFormat] = {
    fmt.name: fmt
    for fmt in (
        ExportFormat("fhir-json", "fhir", "FHIR R4 Bundle or resource (JSON)", _load_fhir_json,
                     FHIR_MAPPINGS, batched=True),
        ExportFormat("fhir-ndjson", "fhir", "FHIR R4 Bulk Data NDJSON", _FHIR_NDJSON,
                     FHIR_MAPPINGS),
        ExportFormat("synthea-patients", "synthea", "Synthea patients.csv", _TABLE,
                     (("patients", _sql("synthea_patients")),), SYNTHEA_PATIENT_COLUMNS),
        ExportFormat("synthea-medications", "synthea", "Synthea medications.csv", _TABLE,
                     (("medications", _sql("synthea_medications")),), SYNTHEA_EVENT_COLUMNS),
        ExportFormat("synthea-conditions", "synthea", "Synthea conditions.csv", _TABLE,
                     (("symptoms", _sql("synthea_conditions")),), SYNTHEA_EVENT_COLUMNS,
                     skip_reason="Synthea condition that is not a muscle symptom"),
        # A record goes to the first mapping that takes it: urine colour is a symptom report.
        ExportFormat("synthea-observations", "synthea", "Synthea observations.csv", _TABLE,
                     (("symptoms", _sql("synthea_urine_colour")),
                      ("labs", _sql("synthea_observations"))), SYNTHEA_OBSERVATION_COLUMNS,
                     skip_reason="Synthea observation that is not a laboratory result or dark "
                                 "urine"),
        ExportFormat("fitbit-daily", "fitbit", "Fitbit daily activity or intensities", _TABLE,
                     (("exercise", _sql("fitbit_daily")),), FITBIT_DAILY_COLUMNS,
                     skip_reason="Fitbit day without very or fairly active minutes"),
        ExportFormat("fitbit-hourly-intensities", "fitbit", "Fitbit hourly intensities",
                     _TABLE, (("exercise", _sql("fitbit_hourly")),), FITBIT_HOURLY_COLUMNS,
                     skip_reason="Fitbit hour less than fairly active"),
        ExportFormat("fitbit-heart-rate", "fitbit", "Fitbit heart rate (seconds or minutes)",
                     _FITBIT_HEART_RATE, (HEART_RATE_MAPPING,), FITBIT_HEART_RATE_COLUMNS),
        ExportFormat("fitbit-minute-intensities", "fitbit", "Fitbit minute intensities", _TABLE,
                     (("activity_minutes", _sql("fitbit_minutes")),), FITBIT_MINUTE_COLUMNS,
                     skip_reason="Fitbit minute less than fairly active"),
        ExportFormat("fitbit-minute-steps", "fitbit", "Fitbit minute steps", _TABLE,
                     (("activity_minutes", _sql("fitbit_minutes")),), FITBIT_MINUTE_COLUMNS,
                     skip_reason="Fitbit minute under 100 steps"),
        ExportFormat("strava-activities", "strava", "Strava activities.csv", _TABLE,
                     (("exercise", _sql("strava_activities")),), STRAVA_COLUMNS, True),
        ExportFormat("garmin-activities", "garmin", "Garmin Connect Activities.csv", _TABLE,
                     (("exercise", _sql("garmin_activities")),), GARMIN_COLUMNS, True),
        ExportFormat("apple-health", "apple_health", "Apple Health export.xml",
                     _APPLE_HEALTH, (("exercise", _sql("apple_health_workouts")),
                                     HEART_RATE_MAPPING), patient_from_folder=True),
        ExportFormat("omh-json", "openmhealth", "Open mHealth data points", _OMH,
                     (("exercise", _sql("omh_physical_activity")),), patient_from_folder=True),
        ExportFormat("omop-person", "omop", "OMOP CDM person table", _TABLE,
                     (("patients", _sql("omop_person")),), OMOP_PERSON_COLUMNS),
        ExportFormat("omop-drug-exposure", "omop", "OMOP CDM drug_exposure table", _TABLE,
                     (("medications", _sql("omop_drug_exposure")),), OMOP_DRUG_COLUMNS),
        ExportFormat("omop-condition-occurrence", "omop", "OMOP CDM condition_occurrence table",
                     _TABLE, (("symptoms", _sql("omop_condition_occurrence")),),
                     OMOP_CONDITION_COLUMNS,
                     skip_reason="OMOP condition that is not a muscle symptom (by its SNOMED or "
                                 "ICD-10 code)"),
        ExportFormat("omop-measurement", "omop", "OMOP CDM measurement table", _TABLE,
                     (("labs", _sql("omop_measurement")),), OMOP_MEASUREMENT_COLUMNS,
                     skip_reason="OMOP measurement that is not CK (LOINC 2157-6)"),
        ExportFormat("omop-concept", "omop", "OMOP CDM concept table", _OMOP_CONCEPTS,
                     columns=OMOP_CONCEPT_COLUMNS,
                     skip_reason="OMOP concept: a vocabulary entry, not a patient record",
                     vocabulary_note="concepts kept in omop.concept to name the codes of OMOP "
                                     "tables"),
        _unused("omop-observation", "omop", "OMOP CDM observation table", _TABLE,
                "OMOP observation: no observation concept maps to a statinwatch stream"),
        _unused("omop-other", "omop",
                "an OMOP CDM table other than person, drug_exposure, condition_occurrence, "
                "measurement, observation and concept", _TABLE,
                "row of an OMOP CDM table statinwatch does not use"),
        _unused("synthea-other", "synthea",
                "a Synthea CSV other than patients, medications, conditions and observations",
                _TABLE, "row of a Synthea CSV statinwatch does not use"),
        _unused("fitbit-other", "fitbit",
                "a Fitbit export other than daily activity, hourly intensities, heart rate and "
                "minute intensities or steps", _TABLE,
                "row of a Fitbit export statinwatch does not use"),
        _unused("apple-health-cda", "apple_health", "Apple Health export_cda.xml"),
        # Apple's workout routes belong to the workouts of export.xml beside them.
        _unused("apple-health-route", "apple_health", "an Apple Health workout route (GPX)"),
        ExportFormat("gpx-track", "gpx", "a GPX activity file", _TRACKS,
                     (("exercise", _sql("track_sessions")),), patient_from_folder=True),
        ExportFormat("tcx-activity", "tcx", "a TCX activity file", _TRACKS,
                     (("exercise", _sql("track_sessions")),), patient_from_folder=True),
    )
}  # fmt: skip
