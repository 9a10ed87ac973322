"""Heart rate and minute intensity from devices (docs/formats.md "Heart rate and minute
intensity"): Fitbit heart-rate seconds, Apple Health heart-rate Records and FHIR 8867-4
Observations aggregated per patient and minute as they are ingested, every sample a row read;
Fitbit minute intensities and steps kept for their active minutes. The Fitbit files are
generated in Fitabase's layout (Furberg et al. 2016, doi:10.5281/zenodo.53894): the fixture
copy holds no heart-rate file."""

from datetime import date, datetime, timedelta
from pathlib import Path

from statinwatch.generate import generate_landing
from tests.support.exports import (
    assert_accounted,
    bundle,
    coding,
    file_streams,
    ingest_exports,
    land_json,
    skipped_reasons,
)
from tests.support.home import query

START = datetime(2016, 4, 12, 7, 21)
FITBIT_ID = "2022484408"


def fitbit_time(moment: datetime) -> str:
    """Fitabase's clock: 4/12/2016 7:21:05 AM."""
    hour = moment.hour % 12 or 12
    suffix = "AM" if moment.hour < 12 else "PM"
    return f"{moment.month}/{moment.day}/{moment.year} {hour}:{moment:%M:%S} {suffix}"


def fitbit_heart_rate(samples: list[tuple[datetime, object]]) -> str:
    """heartrate_seconds_merged.csv: Id,Time,Value."""
    rows = [f"{FITBIT_ID},{fitbit_time(at)},{value}" for at, value in samples]
    return "Id,Time,Value\n" + "\n".join(rows) + "\n"


def every(seconds: int, count: int, start: datetime = START) -> list[datetime]:
    return [start + timedelta(seconds=seconds * index) for index in range(count)]


def test_fitbit_seconds_become_minutes_with_every_sample_counted(home, land):
    # Two minutes of 5-second samples (12 each), one sample of no human heart rate and one
    # with a broken time: 26 samples read, 2 minute rows stored.
    samples = [(at, 60 + index % 12) for index, at in enumerate(every(5, 24))]
    samples += [(START + timedelta(seconds=7), 400), (START, 70)]
    text = fitbit_heart_rate(samples).replace(
        f"{FITBIT_ID},{fitbit_time(START)},70", f"{FITBIT_ID},yesterday,70"
    )
    land("exports", "heartrate_seconds_merged.csv", text)
    (outcome,) = ingest_exports(home).values()
    assert (outcome.format, outcome.stream) == ("fitbit-heart-rate", "fitbit")
    assert (outcome.rows_read, outcome.accepted, outcome.quarantined, outcome.skipped) == (
        26, 24, 2, 0,
    )  # fmt: skip
    assert_accounted(outcome)
    assert file_streams(home, "exports/heartrate_seconds_merged.csv")["heart_rate"][:4] == (
        26, 24, 2, 0,
    )  # fmt: skip
    assert query(
        home,
        "select patient_id, cast(minute as varchar), bpm_avg, bpm_max, samples, line "
        "from raw.heart_rate order by minute",
    ) == [
        (FITBIT_ID, "2016-04-12 07:21:00", 65.5, 71.0, 12, 2),
        (FITBIT_ID, "2016-04-12 07:22:00", 65.5, 71.0, 12, 14),
    ]
    assert sorted(query(home, "select line, reason from ingest.quarantine")) == [
        (26, "heart rate out of range (20-250) '400'"),
        (27, "unparseable time 'yesterday'"),
    ]


def test_the_same_minutes_in_a_second_export_are_duplicates(home, land):
    text = fitbit_heart_rate([(at, 70) for at in every(5, 24)])
    land("exports/a", "heartrate_seconds_merged.csv", text)
    land(
        "exports/b", "heartrate_seconds_merged.csv", text + f"{FITBIT_ID},4/13/2016 8:00:00 AM,90\n"
    )
    outcomes = ingest_exports(home)
    second = outcomes["exports/b/heartrate_seconds_merged.csv"]
    # 24 samples of two minutes already stored, one new sample of a new minute.
    assert (second.rows_read, second.accepted, second.duplicates) == (25, 1, 24)
    assert_accounted(second)
    assert query(home, "select count(*), sum(samples) from raw.heart_rate") == [(3, 25)]


def test_fitbit_minute_intensities_and_steps_keep_their_active_minutes(home, land):
    minutes = every(60, 6)
    levels = [0, 1, 2, 3, 3, 9]
    land(
        "exports",
        "minuteIntensitiesNarrow_merged.csv",
        "Id,ActivityMinute,Intensity\n"
        + "".join(
            f"{FITBIT_ID},{fitbit_time(m)},{v}\n" for m, v in zip(minutes, levels, strict=True)
        ),
    )
    steps = [0, 40, 99, 100, 135, 142]
    land(
        "exports",
        "minuteStepsNarrow_merged.csv",
        "Id,ActivityMinute,Steps\n"
        + "".join(
            f"{FITBIT_ID},{fitbit_time(m)},{v}\n" for m, v in zip(minutes, steps, strict=True)
        ),
    )
    outcomes = {path.rsplit("/", 1)[1]: o for path, o in ingest_exports(home).items()}
    intensities = outcomes["minuteIntensitiesNarrow_merged.csv"]
    assert intensities.format == "fitbit-minute-intensities"
    # Sedentary and light minutes skipped, fairly and very active kept, intensity 9 refused.
    assert (intensities.rows_read, intensities.accepted, intensities.quarantined,
            intensities.skipped) == (6, 3, 1, 2)  # fmt: skip
    steps_file = outcomes["minuteStepsNarrow_merged.csv"]
    assert (steps_file.format, steps_file.rows_read, steps_file.accepted, steps_file.skipped) == (
        "fitbit-minute-steps", 6, 3, 3,
    )  # fmt: skip
    for outcome in (intensities, steps_file):
        assert_accounted(outcome)
    assert skipped_reasons(home, "exports/minuteStepsNarrow_merged.csv") == {
        "Fitbit minute under 100 steps": 3
    }
    assert query(
        home,
        "select minute(minute), max(intensity), max(steps) from raw.activity_minutes "
        "group by all order by 1",
    ) == [(23, 2, None), (24, 3, 100), (25, 3, 135), (26, None, 142)]


def apple_export(records: int) -> str:
    """An export.xml with `records` heart-rate samples (one every 5 s from 8 am) among
    step-count Records, and one workout: several MB for a few tens of thousands of samples."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        "<!DOCTYPE HealthData [",
        "<!ELEMENT HealthData (ExportDate,Me,(Record|Workout)*)>",
        "]>",
        '<HealthData locale="en_GB">',
    ]
    start = datetime(2026, 4, 26, 8)
    for index in range(records):
        at = start + timedelta(seconds=5 * index)
        stamp = f"{at:%Y-%m-%d %H:%M:%S} +0100"
        lines.append(
            ' <Record type="HKQuantityTypeIdentifierHeartRate" sourceName="Watch" '
            f'unit="count/min" creationDate="{stamp}" startDate="{stamp}" endDate="{stamp}" '
            f'value="{60 + index % 12}"/>'
        )
        if index % 12 == 0:
            lines.append(
                ' <Record type="HKQuantityTypeIdentifierStepCount" unit="count" '
                f'startDate="{stamp}" endDate="{stamp}" value="30"/>'
            )
    lines.append(
        ' <Workout workoutActivityType="HKWorkoutActivityTypeRunning" duration="30" '
        'durationUnit="min" startDate="2026-04-26 09:00:00 +0100" '
        'endDate="2026-04-26 09:30:00 +0100"/>'
    )
    lines.append("</HealthData>")
    return "\n".join(lines) + "\n"


def test_apple_health_heart_rate_records_are_streamed_into_minutes(home, land):
    samples = 36_000  # 50 hours at 5 s: 3,000 minutes
    path = land("patient_id=A1", "export.xml", apple_export(samples))
    assert path.stat().st_size > 8_000_000
    (outcome,) = ingest_exports(home).values()
    # Every heart-rate Record and the workout are rows read; step counts are not.
    assert (outcome.rows_read, outcome.accepted, outcome.quarantined) == (
        samples + 1,
        samples + 1,
        0,
    )
    assert_accounted(outcome)
    assert query(
        home,
        "select count(*), sum(samples), min(bpm_avg), max(bpm_max), any_value(utc_offset_min) "
        "from raw.heart_rate where patient_id = 'A1'",
    ) == [(3000, samples, 65.5, 71.0, 60)]


def observation(index: int, value: float, unit: str = "/min", code: str = "8867-4") -> dict:
    return {
        "resourceType": "Observation",
        "id": f"hr{index}",
        "status": "final",
        "category": [coding("loinc", "vital-signs", "Vital signs")],
        "code": coding("loinc", code, "Heart rate"),
        "subject": {"reference": "Patient/F1"},
        "effectiveDateTime": f"2026-04-20T18:0{index // 3}:{index % 3 * 20:02d}+02:00",
        "valueQuantity": {"value": value, "unit": "beats/minute", "code": unit},
    }


def test_fhir_heart_rate_observations_become_minutes(home):
    resources = [observation(index, 140 + index) for index in range(6)]
    resources += [observation(6, 1.2, unit="Hz"), observation(7, 37.0, code="8310-5")]
    land_json(home, "fhir/vitals.json", bundle({"resourceType": "Patient", "id": "F1"}, *resources))
    land_json(home, "fhir_bulk/Observation.ndjson", resources[:3], lines=True)
    outcomes = ingest_exports(home)
    bundled = outcomes["fhir/vitals.json"]
    # Patient and 6 heart rates accepted, the Hz one refused, the temperature skipped.
    assert (bundled.rows_read, bundled.accepted, bundled.quarantined, bundled.skipped) == (
        9, 7, 1, 1,
    )  # fmt: skip
    assert file_streams(home, "fhir/vitals.json")["heart_rate"][:4] == (7, 6, 1, 0)
    assert_accounted(bundled)
    # The Bulk Data file repeats the first minute's three samples: the same minute, duplicates.
    bulk = outcomes["fhir_bulk/Observation.ndjson"]
    assert (bulk.format, bulk.rows_read, bulk.accepted, bulk.duplicates) == ("fhir-ndjson", 3, 0, 3)
    assert_accounted(bulk)
    assert query(
        home,
        "select patient_id, cast(minute as varchar), utc_offset_min, bpm_avg, bpm_max, samples "
        "from raw.heart_rate order by minute",
    ) == [
        ("F1", "2026-04-20 18:00:00", 120, 141.0, 142.0, 3),
        ("F1", "2026-04-20 18:01:00", 120, 144.0, 145.0, 3),
    ]


def test_generated_heart_rate_streams_are_opt_in_reproducible_and_fully_counted(tmp_path):
    end = date(2026, 3, 31)
    plain = generate_landing(tmp_path / "plain", patients=30, days=60, seed=5, end=end)
    worn = [
        generate_landing(tmp_path / name, patients=30, days=60, seed=5, end=end,
                         heart_rate_share=0.3)
        for name in ("worn", "again")
    ]  # fmt: skip
    assert plain.rows["heart_rate"] == 0 < worn[0].rows["heart_rate"]
    # The other files and the truth are the same bytes with or without heart rate.
    assert tree_bytes(tmp_path / "plain") == {
        path: data
        for path, data in tree_bytes(tmp_path / "worn").items()
        if not path.startswith("landing/devices/")
    }
    assert tree_bytes(tmp_path / "worn") == tree_bytes(tmp_path / "again")
    home = tmp_path / "worn"
    outcomes = ingest_exports(home).values()
    assert {o.format for o in outcomes} == {"fitbit-heart-rate"}
    for outcome in outcomes:
        assert outcome.rows_read == outcome.accepted > 0
        assert_accounted(outcome)
    assert sum(o.rows_read for o in outcomes) == worn[0].rows["heart_rate"]


def tree_bytes(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }
