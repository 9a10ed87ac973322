"""Comparing what two engines built: the same rows, in any order, floats to 1e-9."""

from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

FLOAT_TOLERANCE = 1e-9


def read_table(warehouse: Path, table: str) -> pd.DataFrame:
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        return conn.table(table).df()


def read_parquet_folder(folder: Path, partitions: int = 0) -> pd.DataFrame:
    """A table's Parquet files, `partitions` folders deep; columns as the files hold them."""
    files = folder.joinpath(*["*"] * partitions, "*.parquet")
    with duckdb.connect() as conn:
        return conn.read_parquet(str(files), hive_partitioning=False).df()


def _comparable(frame: pd.DataFrame) -> pd.DataFrame:
    """Lists as text, missing values as None, rows in one order whatever the engine's."""
    frame = frame.map(lambda v: str(list(v)) if isinstance(v, list | np.ndarray) else v)
    floats = [c for c in frame.columns if pd.api.types.is_float_dtype(frame[c])]
    # Sorted on floats rounded well above the tolerance, so a last-digit difference cannot
    # change the order.
    keys = frame.assign(**{c: frame[c].round(6) for c in floats}).astype(str)
    return frame.loc[keys.sort_values(sorted(frame.columns)).index].reset_index(drop=True)


def table_differences(expected: pd.DataFrame, actual: pd.DataFrame) -> list[str]:
    """What differs between two versions of a table, in words; empty when they agree."""
    if set(expected.columns) != set(actual.columns):
        return [f"columns differ: {sorted(set(expected.columns) ^ set(actual.columns))}"]
    if len(expected) != len(actual):
        return [f"{len(expected)} rows against {len(actual)}"]
    expected = _comparable(expected)
    actual = _comparable(actual[expected.columns])
    found = []
    for column in expected.columns:
        left, right = expected[column], actual[column]
        if pd.api.types.is_numeric_dtype(left) and pd.api.types.is_numeric_dtype(right):
            same = np.isclose(
                left.astype(float), right.astype(float),
                rtol=FLOAT_TOLERANCE, atol=FLOAT_TOLERANCE, equal_nan=True,
            )  # fmt: skip
        else:
            same = (left.isna() & right.isna()) | (left.astype(str) == right.astype(str))
        if not same.all():
            row = int(np.flatnonzero(~np.asarray(same))[0])
            found.append(f"{column}: {left.iloc[row]!r} against {right.iloc[row]!r} (row {row})")
    return found
