"""The benchmark's floor: the least any engine must do on the same landing files.

Reads every column of every landing file of the five native streams once, as text (as the
ingest does), materialises them in an in-memory DuckDB and does the core join
(tools/sql/floor/). `make bench` times it as a child process beside the pipeline's runs:
`python -m tools.floor <landing> <as-of>`.
"""

import sys
from pathlib import Path

import duckdb

from tools import tool_sql

# Each native stream's landing files by their format (CONTRACT §2).
STREAM_FILES = {
    "patients": "csv",
    "medications": "csv",
    "labs": "csv",
    "symptoms": "jsonl",
    "exercise": "parquet",
}


def run_floor(landing: Path, as_of: str) -> int:
    """Read the five streams and join them; returns how many patients the join gave."""
    conn = duckdb.connect()
    conn.execute("set enable_progress_bar = false")
    for stream, extension in STREAM_FILES.items():
        # Our own stream names, not input: the table is named after its stream.
        statement = tool_sql(f"floor/read_{extension}").format(stream=stream)
        conn.execute(statement, {"glob": str(landing / stream / "**" / f"*.{extension}")})
    return len(conn.execute(tool_sql("floor/core_join"), {"as_of": as_of}).fetchall())


if __name__ == "__main__":
    print(run_floor(Path(sys.argv[1]), sys.argv[2]))
