"""Raw rows of a device-load story (tests/staging/test_device_load.py, and the same story
staged on Spark): a patient's logged run, heart-rate and activity minutes, and the manifest rows
ingest writes."""

from datetime import datetime, timedelta

import duckdb

DAY = datetime(2026, 3, 10)
SESSION = DAY + timedelta(hours=18)  # a logged 45-minute run at 6 pm with no heart rate
EXERCISE = "(file_id, line, row_hash, patient_id, start_time, duration_min, activity)"
HEART = "(file_id, line, row_hash, patient_id, minute, bpm_avg, bpm_max, samples)"
ACTIVE = "(file_id, line, row_hash, patient_id, minute, intensity, steps)"


def log_session(conn: duckdb.DuckDBPyConnection, file_id: int, start: datetime) -> None:
    conn.execute(
        f"insert into raw.exercise {EXERCISE} values (?, 2, ?, 'P1', ?, 45, 'running')",
        [file_id, f"log-{file_id}", start],
    )


def heart_minutes(
    conn: duckdb.DuckDBPyConnection, file_id: int, start: datetime, bpms: list[float]
) -> None:
    """One raw.heart_rate row a minute from `start`, as the ingest makes them."""
    conn.executemany(
        f"insert into raw.heart_rate {HEART} values (?, ?, ?, 'P1', ?, ?, ?, 12)",
        [
            (file_id, index + 2, f"hr-{file_id}-{index}", start + timedelta(minutes=index), bpm,
             bpm + 4)
            for index, bpm in enumerate(bpms)
        ],
    )  # fmt: skip


def active_minutes(
    conn: duckdb.DuckDBPyConnection, file_id: int, start: datetime, levels: list[int]
) -> None:
    conn.executemany(
        f"insert into raw.activity_minutes {ACTIVE} values (?, ?, ?, 'P1', ?, ?, null)",
        [
            (file_id, index + 2, f"am-{file_id}-{index}", start + timedelta(minutes=index), level)
            for index, level in enumerate(levels)
        ],
    )


def register(conn: duckdb.DuckDBPyConnection, file_id: int) -> None:
    """The manifest row ingest writes with every file (staging reads how far files go)."""
    conn.execute(
        "insert into ingest.files (file_id, path, sha256, stream, status, rows_read, accepted, "
        "quarantined, duplicates, ingested_at) "
        "values (?, ?, ?, 'test', 'ingested', 0, 0, 0, 0, now())",
        [file_id, f"f{file_id}", f"sha{file_id}"],
    )


def a_day_of_heart_rate(conn: duckdb.DuckDBPyConnection, file_id: int) -> None:
    """A worn day: resting 60 bpm from 8 am, 45 minutes at 150 during the 6 pm run, one
    minute at 170 at 9 pm outside any session."""
    heart_minutes(conn, file_id, DAY + timedelta(hours=8), [60.0] * 600)
    heart_minutes(conn, file_id, SESSION, [150.0] * 45)
    heart_minutes(conn, file_id, DAY + timedelta(hours=21), [170.0])
