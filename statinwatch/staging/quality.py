"""Great Expectations suites from expectations/, run over pandas chunks of staged rows (on
the Spark engine, over Spark DataFrames: statinwatch/spark/quality.py).

GX is imported inside the functions: importing it costs seconds, and code-location loads
(webserver, daemon, every step process) must not pay that (stack.md §2.4).
"""

import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa

from statinwatch.ingest.streams import StreamSpec
from statinwatch.paths import EXPECTATIONS_DIR
from statinwatch.sql import bind, render_sql, run_sql

CRITICAL = "critical"
SAMPLE_SIZE = 5
# The expectation arguments that name a column of the validated frame.
COLUMN_ARGUMENTS = ("column", "column_A", "column_B")
# Besides those, a frame carries where each row came from, for failure samples: the file's id,
# not its path (a path string per row cost more to convert than GX's checks), and the line.
LOCATING_COLUMNS = ("file_id", "line")
# About half a million rows per pandas frame keeps GX's memory bounded on large loads.
VALIDATION_ROWS_PER_CHUNK = 524_288
# Rows sorted at a time for validation: well inside DuckDB's memory limit.
VALIDATION_ROWS_PER_SORT = 2_000_000


# A sampled row's landing file id and line (no file id: a frame's row index).
Place = tuple[int | None, int]


@dataclass
class ExpectationFailure:
    expectation: str
    column: str | None
    severity: str
    unexpected_count: int
    sample: list[str] = field(default_factory=list)
    # Where the sampled rows came from, named in `sample` once the rows stopped streaming.
    places: list[Place] = field(default_factory=list, repr=False, compare=False)


@dataclass
class SuiteOutcome:
    suite: str
    rows: int = 0
    evaluated: int = 0
    failures: list[ExpectationFailure] = field(default_factory=list)

    @property
    def critical_failures(self) -> list[ExpectationFailure]:
        return [f for f in self.failures if f.severity == CRITICAL]

    def summary(self, table: str) -> str:
        """One line per failure naming table, expectation, count and where the rows came from."""
        return "\n".join(
            f"{table}: {f.severity} expectation {f.expectation}"
            + (f" on column {f.column}" if f.column else "")
            + f" failed for {f.unexpected_count} row(s); e.g. {', '.join(f.sample) or 'n/a'}"
            for f in self.failures
        )


def suite_path(table: str) -> Path:
    """The suite of a staged table: staging.labs -> expectations/staging/labs.json."""
    return EXPECTATIONS_DIR / f"{table.replace('.', '/')}.json"


def _suite_spec(name: str) -> dict:
    return json.loads(suite_path(name).read_text(encoding="utf-8"))


def _condition_columns(condition: object) -> set[str]:
    """The columns a row condition reads: GX's portable conditions (one form for pandas and
    Spark) are nested objects naming each column as {"column": {"name": ...}}."""
    if isinstance(condition, list):
        return set().union(*map(_condition_columns, condition))
    if not isinstance(condition, dict):
        return set()
    column = condition.get("column")
    named = {column["name"]} if isinstance(column, dict) and "name" in column else set()
    return named.union(*map(_condition_columns, condition.values()))


def _columns_named(arguments: dict) -> set[str]:
    condition = arguments.get("row_condition")
    if isinstance(condition, str):
        raise ValueError(
            f"row condition {condition!r} is in a parser's syntax (pandas or Spark alone); write "
            'it as GX\'s portable condition, e.g. {"type": "comparison", "column": {"name": '
            '"is_ck"}, "operator": "==", "parameter": true}'
        )
    named = {arguments[key] for key in COLUMN_ARGUMENTS if key in arguments}
    named.update(arguments.get("column_list", []))
    named.update(_condition_columns(condition))
    return named


def suite_columns(name: str) -> list[str]:
    """The columns a suite's expectations may read, and those that locate a row in its file."""
    named = set().union(*(_columns_named(e["kwargs"]) for e in _suite_spec(name)["expectations"]))
    return sorted(named) + list(LOCATING_COLUMNS)


@cache
def import_great_expectations() -> ModuleType:
    """GX, imported with pyspark out of its sight unless this process already loaded pyspark.
    GX imports pyspark (pyspark.ml, pyspark.sql.connect, grpc) whenever it is installed: 1.4 s
    more in every step process that validates on pandas, which needs none of it. A process that
    loaded pyspark (the Spark engine's) lets GX see it: its suites run on Spark DataFrames, and
    GX cannot be imported a second time to gain what it did not see the first."""
    if "great_expectations" in sys.modules or "pyspark" in sys.modules:
        import great_expectations

        return great_expectations
    sys.modules["pyspark"] = None  # type: ignore[assignment]  # `import pyspark` fails
    try:
        import great_expectations
    finally:
        del sys.modules["pyspark"]
    return great_expectations


def build_validation(suite_name: str, add_source: Callable[[Any], Any] | None = None):
    """A validation of the suite over whole dataframes, from pandas unless `add_source` adds
    another kind of source to GX's context. One ephemeral context per suite and call: building
    one costs far more than a run."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    gx = import_great_expectations()
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    spec = _suite_spec(suite_name)
    spec.pop("id", None)
    suite = context.suites.add(gx.ExpectationSuite(**spec))
    source = (add_source or (lambda c: c.data_sources.add_pandas("staged")))(context)
    batch = source.add_dataframe_asset(suite_name).add_batch_definition_whole_dataframe("rows")
    return context.validation_definitions.add(
        gx.ValidationDefinition(name=suite_name, data=batch, suite=suite)
    )


def as_frame(batch: pa.RecordBatch) -> pd.DataFrame:
    """A batch of staged rows as the frame GX checks: text stays in Arrow (turning millions of
    values into Python strings cost more than the checks), numbers and times become NumPy
    columns (GX's range checks measured twice as slow on Arrow-backed numbers)."""

    def text_stays_arrow(arrow_type: pa.DataType) -> pd.ArrowDtype | None:
        textual = pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type)
        return pd.ArrowDtype(arrow_type) if textual else None

    return batch.to_pandas(types_mapper=text_stays_arrow)


def _where(frame: pd.DataFrame, indexes: list) -> list[Place]:
    """Locate offending rows by landing file id and line — never by patient identifier; a
    frame without them (a test's) gives the row index."""
    located = frame.loc[[i for i in indexes if i in frame.index]]
    if set(LOCATING_COLUMNS) <= set(located.columns):
        return [(int(row.file_id), int(row.line)) for row in located.itertuples()]
    return [(None, i) for i in indexes]


def _described(place: Place, file_path: Callable[[int], str]) -> str:
    file_id, line = place
    return f"row {line}" if file_id is None else f"{file_path(file_id)}:{line}"


def add_failures(
    merged: dict[tuple, ExpectationFailure], result, locate: Callable[[list], list[Place]]
) -> None:
    """Add one validation result's failures to those of earlier results: the same expectation on
    the same column adds up; `locate` turns GX's unexpected indexes into places in files."""
    for item in result.results:
        if item.success:
            continue
        config = item.expectation_config
        key = (config.type, config.kwargs.get("column"))
        failure = merged.setdefault(
            key,
            ExpectationFailure(
                expectation=config.type,
                column=config.kwargs.get("column"),
                severity=(config.meta or {}).get("severity", CRITICAL),
                unexpected_count=0,
            ),
        )
        failure.unexpected_count += int(item.result.get("unexpected_count") or 0)
        indexes = item.result.get("partial_unexpected_index_list") or []
        failure.places.extend(locate(indexes[: SAMPLE_SIZE - len(failure.places)]))


def described_failures(
    merged: dict[tuple, ExpectationFailure], file_path: Callable[[int], str]
) -> list[ExpectationFailure]:
    """The failures with their sampled rows named by file and line."""
    for failure in merged.values():
        failure.sample = [_described(place, file_path) for place in failure.places]
    return list(merged.values())


def validate_chunks(
    suite_name: str, chunks: Iterable[pd.DataFrame], file_path: Callable[[int], str] = str
) -> SuiteOutcome:
    """Validate every chunk; failures of the same expectation add up across chunks.
    `file_path` names a file by its id in the failure samples; it is asked only after the
    last chunk, as the connection cannot answer while the chunks stream from it."""
    validation = None
    outcome = SuiteOutcome(suite=suite_name)
    merged: dict[tuple, ExpectationFailure] = {}
    for chunk in chunks:
        if chunk.empty:
            continue
        frame = chunk.reset_index(drop=True)
        validation = validation or build_validation(suite_name)
        result = validation.run(batch_parameters={"dataframe": frame}, result_format="SUMMARY")
        outcome.rows += len(frame)
        outcome.evaluated = result.statistics["evaluated_expectations"]
        add_failures(merged, result, lambda indexes, frame=frame: _where(frame, indexes))
    outcome.failures = described_failures(merged, file_path)
    return outcome


def _unvalidated_frames(
    conn: duckdb.DuckDBPyConnection, spec: StreamSpec, suite: str
) -> Iterator[pd.DataFrame]:
    """The stream's rows not yet validated, in file and line order, as bounded frames."""
    ranges = run_sql(
        conn,
        "staging/unvalidated_file_ranges",
        {"stream": spec.name, "rows_per_range": VALIDATION_ROWS_PER_SORT},
    ).fetchall()
    query = render_sql("staging/unvalidated_rows", staged_table=spec.staged_table)
    columns = suite_columns(suite)
    for low, high in ranges:
        params = {"stream": spec.name, "columns": columns, "low": low, "high": high}
        # A relation streams Arrow batches without the extra copy a DB-API result makes.
        relation = conn.sql(query, params=bind(query, params))
        for batch in relation.to_arrow_reader(VALIDATION_ROWS_PER_CHUNK):
            yield as_frame(batch)


def file_path_lookup(conn: duckdb.DuckDBPyConnection) -> Callable[[int], str]:
    """A landing file's path by its id; asked only for the few rows a failure shows."""
    return lambda file_id: run_sql(conn, "staging/file_path", {"file_id": file_id}).fetchone()[0]


def validate_staged_rows(conn: duckdb.DuckDBPyConnection, spec: StreamSpec) -> SuiteOutcome:
    """Run the staged table's suite on the rows no earlier run validated; they count as
    validated unless a critical expectation failed (then the next run sees them again)."""
    suite = spec.staged_table
    frames = _unvalidated_frames(conn, spec, suite)
    outcome = validate_chunks(suite, frames, file_path_lookup(conn))
    record_outcome(conn, spec, outcome)
    return outcome


def record_outcome(
    conn: duckdb.DuckDBPyConnection, spec: StreamSpec, outcome: SuiteOutcome
) -> None:
    """Without a critical failure, the stream's rows of its unvalidated files count as
    validated; with one, the next run validates them again."""
    if not outcome.critical_failures:
        run_sql(conn, "staging/mark_validated", {"stream": spec.name})
        run_sql(conn, "staging/mark_files_validated")
