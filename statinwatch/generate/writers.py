"""Deterministic file writers: same table in, same bytes out."""

from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

# Values never contain commas or quotes, so no quoting is needed; pyarrow raises if one does.
CSV_OPTIONS = pacsv.WriteOptions(include_header=False, quoting_style="none")
PARQUET_COMPRESSION = "zstd"


def write_csv(table: pa.Table, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as sink:
        sink.write((",".join(table.column_names) + "\n").encode())
        pacsv.write_csv(table, sink, CSV_OPTIONS)


def write_parquet(table: pa.Table, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, path, compression=PARQUET_COMPRESSION)


def write_jsonl(frame: pd.DataFrame, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_json(path, orient="records", lines=True)


def day_path(root: Path, stream: str, day: date, suffix: str) -> Path:
    """`<root>/<stream>/YYYY/MM/<stream>_YYYY-MM-DD.<suffix>`."""
    return root / stream / f"{day:%Y}" / f"{day:%m}" / f"{stream}_{day.isoformat()}.{suffix}"


def day_date(end: date, day: int) -> date:
    return end + timedelta(days=day)


def iso_dates(end: date, days: np.ndarray) -> np.ndarray:
    return np.datetime_as_string(np.datetime64(end, "D") + days.astype("timedelta64[D]"), unit="D")


def iso_times(end: date, seconds: np.ndarray) -> np.ndarray:
    """Wall-clock timestamps, `seconds` after midnight starting the end date."""
    base = np.datetime64(end.isoformat(), "s")
    return np.datetime_as_string(base + seconds.astype("timedelta64[s]"), unit="s")
