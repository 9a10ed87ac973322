"""Property tests of every parser: whatever a landing file holds, no exception escapes the
ingest entry points (ingest_file for native files, ingest_export for exports) and every row
read is accounted for — rows_read = accepted + quarantined + duplicates + skipped, and
rows_read is the number of records written (native rows, FHIR resources, CSV records,
Workout elements, data points) whenever the file is not quarantined whole."""

import csv
import io
import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import duckdb
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from statinwatch.exports.landed import discover_exports
from statinwatch.ingest.load import FileOutcome, known_hashes
from statinwatch.ingest.streams import STREAM_SPECS
from tests.support.ingesting import (
    assert_accounted,
    ingest_native,
    ingest_new_exports,
    scratch_warehouse,
    write_landing,
)

FUZZ = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)  # fmt: skip
PLAUSIBLE = (
    "", " ", "2026-04-01", "2026-04-01T07:00:00+02:00", "2026-02-30", "nan", "inf", "-1", "0",
    "12", "1e400", "CK", "2157-6", "U/L", "ukat/L", "true", "myalgia", "running", "vigorous",
    "'); drop table raw.labs; --", "Müller", "“quoted”",
)  # fmt: skip
CELL = st.one_of(
    st.sampled_from(PLAUSIBLE),
    st.text(max_size=40),
    st.integers(-(10**6), 10**6).map(str),
    st.floats().map(repr),
)
# A line of JSON Lines junk: anything but a line break.
# A file's text is UTF-8, which cannot hold a lone surrogate (category Cs).
JUNK_LINE = st.text(
    st.characters(blacklist_characters="\n\r", blacklist_categories=("Cs",)),
    min_size=1,
    max_size=40,
)


@pytest.fixture(scope="module")
def warehouse() -> Iterator[duckdb.DuckDBPyConnection]:
    with scratch_warehouse() as conn:
        yield conn


@pytest.fixture(scope="module")
def landing(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz") / "home" / "landing"


def rows_of(stream: str) -> st.SearchStrategy[list[dict[str, str]]]:
    """Records of a stream: every column present (or missing), any value, any case of name."""
    columns = STREAM_SPECS[stream].columns
    record = st.fixed_dictionaries({}, optional=dict.fromkeys(columns, CELL))
    return st.lists(record.map(lambda r: {"patient_id": "P", **r}), min_size=1, max_size=8)


def csv_bytes(rows: list[dict[str, str]], columns: list[str]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", restval="")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def assert_native(outcome: FileOutcome | None, records: int) -> None:
    if outcome is None:  # the same bytes came up in an earlier example
        return
    assert_accounted(outcome)
    assert outcome.status == "ingested", outcome.reason
    assert outcome.rows_read == records


@pytest.mark.parametrize("stream", list(STREAM_SPECS))
@FUZZ
@given(data=st.data())
def test_native_csv(warehouse, landing, stream, data):
    rows = data.draw(rows_of(stream))
    columns = data.draw(st.permutations(STREAM_SPECS[stream].columns))
    upper = data.draw(st.booleans())
    header = [c.upper() if upper else c for c in columns]
    content = csv_bytes(
        [{h: r.get(c, "") for h, c in zip(header, columns, strict=True)} for r in rows], header
    )
    assert_native(ingest_native(warehouse, landing, stream, ".csv", content), len(rows))


@pytest.mark.parametrize("stream", list(STREAM_SPECS))
@FUZZ
@given(data=st.data())
def test_native_jsonl(warehouse, landing, stream, data):
    rows = data.draw(rows_of(stream))
    lines = [json.dumps(r, ensure_ascii=data.draw(st.booleans())) for r in rows]
    junk = data.draw(st.lists(JUNK_LINE, max_size=3))
    content = "\n".join(lines + junk) + "\n"
    records = sum(1 for line in lines + junk if line.strip(" \t"))  # blank: spaces, tabs
    assert_native(ingest_native(warehouse, landing, stream, ".jsonl", content), records)


@pytest.mark.parametrize("stream", ["exercise", "labs"])
@FUZZ
@given(data=st.data())
def test_native_parquet(warehouse, landing, stream, data):
    rows = data.draw(rows_of(stream))
    buffer = io.BytesIO()
    pd.DataFrame(rows, dtype="string").to_parquet(buffer, index=False)
    outcome = ingest_native(warehouse, landing, stream, ".parquet", buffer.getvalue())
    assert_native(outcome, len(rows))


def _one_export(
    warehouse: duckdb.DuckDBPyConnection,
    landing: Path,
    relative: str,
    content,
    records: int | None,
) -> None:
    """Land one export in a folder of its own and check whatever came of it: accounted, and
    when it was read, `records` rows read (None: the file holds no count to check)."""
    folder = landing / uuid.uuid4().hex
    write_landing(folder, relative, content)
    known_before = known_hashes(warehouse)
    outcomes = ingest_new_exports(warehouse, folder)
    if not outcomes:  # the same bytes were drawn before: exactly-once leaves them alone
        (landed,) = discover_exports(folder, set())
        assert landed.file.sha256 in known_before
    assert len(outcomes) <= 1
    for outcome in outcomes:  # recognised or not, it is accounted
        assert_accounted(outcome)
        if outcome.status == "ingested" and records is not None:
            assert outcome.rows_read == records, outcome


JSON_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
FHIR_TYPES = (
    "Patient",
    "MedicationRequest",
    "MedicationStatement",
    "Condition",
    "Observation",
    "Encounter",
)
FHIR_FIELDS = (
    "id", "gender", "birthDate", "status", "subject", "authoredOn", "medicationCodeableConcept",
    "dosageInstruction", "code", "onsetDateTime", "effectiveDateTime", "valueQuantity",
    "referenceRange", "category", "effectivePeriod",
)  # fmt: skip
PLAUSIBLE_FHIR = {
    "subject": st.just({"reference": "Patient/F1"}),
    "code": st.sampled_from([
        {"coding": [{"system": "http://loinc.org", "code": "2157-6"}]},
        {"coding": [{"system": "http://snomed.info/sct", "code": "68962001"}]},
    ]),
    "valueQuantity": st.fixed_dictionaries({"value": JSON_VALUE, "unit": st.sampled_from(["U/L", "min", "x"])}),
}  # fmt: skip
FHIR_RESOURCE = st.builds(
    lambda kind, fields: {"resourceType": kind, **fields},
    st.sampled_from(FHIR_TYPES),
    st.fixed_dictionaries(
        {}, optional={f: PLAUSIBLE_FHIR.get(f, JSON_VALUE) | JSON_VALUE for f in FHIR_FIELDS}
    ),
)


@FUZZ
@given(resources=st.lists(FHIR_RESOURCE, min_size=1, max_size=6), bulk=st.booleans())
def test_fhir(warehouse, landing, resources, bulk):
    if bulk:
        content = "".join(json.dumps(r) + "\n" for r in resources)
        _one_export(warehouse, landing, "fhir/Observation.ndjson", content, len(resources))
    else:
        bundle = {"resourceType": "Bundle", "type": "collection",
                  "entry": [{"resource": r} for r in resources]}  # fmt: skip
        _one_export(warehouse, landing, "fhir/bundle.json", json.dumps(bundle), len(resources))


WORKOUT_ATTRIBUTES = (
    "workoutActivityType", "duration", "durationUnit", "totalDistance", "totalDistanceUnit",
    "startDate", "endDate",
)  # fmt: skip
XML_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=30)


def _workout(attributes: dict[str, str]) -> str:
    return "<Workout " + " ".join(f"{k}={quoteattr(v)}" for k, v in attributes.items()) + "/>"


@FUZZ
@given(
    workouts=st.lists(
        st.fixed_dictionaries({}, optional=dict.fromkeys(WORKOUT_ATTRIBUTES, st.sampled_from(PLAUSIBLE) | XML_TEXT)),
        max_size=5,
    ),
    cut=st.none() | st.integers(min_value=0, max_value=400),
)  # fmt: skip
def test_apple_health(warehouse, landing, workouts, cut):
    document = '<?xml version="1.0"?>\n<HealthData locale="en_US">\n'
    document += "\n".join(_workout(w) for w in workouts) + "\n</HealthData>\n"
    content = document if cut is None else document[:cut] or "<HealthData"
    # Each Workout on a line of its own; a cut document has no count to check.
    records = len(workouts) if cut is None else None
    _one_export(warehouse, landing, "patient_id=A1/export.xml", content, records)


WEARABLE_HEADERS = {
    "fitbit/dailyActivity_merged.csv": "Id,ActivityDate,TotalSteps,TotalDistance,VeryActiveDistance,"
    "ModeratelyActiveDistance,VeryActiveMinutes,FairlyActiveMinutes,LightlyActiveMinutes,Calories",
    "fitbit/hourlyIntensities_merged.csv": "Id,ActivityHour,TotalIntensity,AverageIntensity",
    "patient_id=S1/strava/activities.csv": "Activity ID,Activity Date,Activity Name,Activity Type,"
    "Elapsed Time,Moving Time,Distance,Elevation Loss,Average Heart Rate",
    "patient_id=G1/garmin/Activities.csv": "Activity Type,Date,Title,Distance,Time,Avg HR,Total Descent",
}  # fmt: skip


@pytest.mark.parametrize("relative", list(WEARABLE_HEADERS))
@FUZZ
@given(data=st.data())
def test_wearable_csv(warehouse, landing, relative, data):
    header = WEARABLE_HEADERS[relative].split(",")
    rows = data.draw(
        st.lists(st.fixed_dictionaries(dict.fromkeys(header, CELL)), min_size=1, max_size=6)
    )
    _one_export(warehouse, landing, relative, csv_bytes(rows, header), len(rows))


OMH_POINT = st.fixed_dictionaries(
    {"activity_name": st.sampled_from(PLAUSIBLE) | XML_TEXT},
    optional={
        "distance": st.fixed_dictionaries({"value": JSON_VALUE, "unit": st.sampled_from(["mi", "km", "x"])}),
        "effective_time_frame": st.fixed_dictionaries({"time_interval": st.fixed_dictionaries(
            {"start_date_time": st.sampled_from(PLAUSIBLE), "end_date_time": st.sampled_from(PLAUSIBLE)})}),
        "met_value": JSON_VALUE,
        "reported_activity_intensity": st.sampled_from(PLAUSIBLE),
    },
)  # fmt: skip


@FUZZ
@given(points=st.lists(OMH_POINT, min_size=1, max_size=5))
def test_open_mhealth(warehouse, landing, points):
    _one_export(
        warehouse, landing, "patient_id=O1/omh/points.json", json.dumps(points), len(points)
    )


TRACK_POINT = st.fixed_dictionaries(
    {},
    optional={
        "lat": st.sampled_from(PLAUSIBLE) | st.floats(-95, 95).map(repr),
        "lon": st.sampled_from(PLAUSIBLE) | st.floats(-185, 185).map(repr),
        "ele": CELL,
        "time": st.sampled_from(PLAUSIBLE) | XML_TEXT,
        "hr": CELL,
    },
)
TRACK = st.lists(TRACK_POINT, max_size=6)


def _gpx_point(point: dict[str, str]) -> str:
    position = " ".join(f"{k}={quoteattr(point[k])}" for k in ("lat", "lon") if k in point)
    children = [f"<{k}>{escape(point[k])}</{k}>" for k in ("ele", "time") if k in point]
    if "hr" in point:
        children.append(
            "<extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>"
            f"{escape(point['hr'])}</gpxtpx:hr></gpxtpx:TrackPointExtension></extensions>"
        )
    return f"<trkpt {position}>{''.join(children)}</trkpt>"


def _gpx(tracks: list[list[dict[str, str]]]) -> str:
    # Each <trk> opens a line of its own: one track is one row read, told apart by its line.
    body = "\n".join(
        "<trk><trkseg>" + "".join(_gpx_point(p) for p in track) + "</trkseg></trk>"
        for track in tracks
    )
    return (
        '<?xml version="1.0"?>\n<gpx version="1.1" creator="fuzz" '
        'xmlns="http://www.topografix.com/GPX/1/1" '
        'xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">\n'
        f"{body}\n</gpx>\n"
    )


def _tcx_point(point: dict[str, str]) -> str:
    parts = [f"<Time>{escape(point['time'])}</Time>" if "time" in point else ""]
    if "lat" in point or "lon" in point:
        parts.append(
            f"<Position><LatitudeDegrees>{escape(point.get('lat', ''))}</LatitudeDegrees>"
            f"<LongitudeDegrees>{escape(point.get('lon', ''))}</LongitudeDegrees></Position>"
        )
    if "ele" in point:
        parts.append(f"<AltitudeMeters>{escape(point['ele'])}</AltitudeMeters>")
    if "hr" in point:
        parts.append(f"<HeartRateBpm><Value>{escape(point['hr'])}</Value></HeartRateBpm>")
    return f"<Trackpoint>{''.join(parts)}</Trackpoint>"


def _tcx(activities: list[list[dict[str, str]]], sport: str) -> str:
    body = "\n".join(
        f"<Activity Sport={quoteattr(sport)}><Lap><Track>"
        + "".join(_tcx_point(p) for p in points)
        + "</Track></Lap></Activity>"
        for points in activities
    )
    return (
        '<?xml version="1.0"?>\n<TrainingCenterDatabase '
        'xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">\n'
        f"<Activities>\n{body}\n</Activities>\n</TrainingCenterDatabase>\n"
    )


@FUZZ
@given(
    tracks=st.lists(TRACK, min_size=1, max_size=4),
    tcx=st.booleans(),
    sport=st.sampled_from(PLAUSIBLE) | XML_TEXT,
    cut=st.none() | st.integers(min_value=0, max_value=600),
)
def test_tracks(warehouse, landing, tracks, tcx, sport, cut):
    document = _tcx(tracks, sport) if tcx else _gpx(tracks)
    content = document if cut is None else document[:cut] or "<gpx"
    records = len(tracks) if cut is None else None
    name = "patient_id=K1/activity." + ("tcx" if tcx else "gpx")
    _one_export(warehouse, landing, name, content, records)
