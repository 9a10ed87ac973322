"""Heart rate and minute intensity from devices (docs/formats.md "Heart rate and minute
intensity"): Fitbit heart-rate seconds, Apple Health heart-rate Records and FHIR 8867-4
Observations aggregated per patient and minute as they are ingested, every sample a row read;
Fitbit minute intensities and steps kept for their active minutes. The Fitbit files are
generated in Fitabase's layout (Furberg et al. 2016, doi:10.5281/zenodo.53894): the fixture
copy holds no heart-rate file."""

from datetime import datetime, timedelta

from tests.support.exports import (
    assert_accounted,
    file_streams,
    ingest_exports,
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
