"""Apple Health export.xml: the Workout elements and the heart-rate Records, read as a stream.

An export holds millions of Record elements and can pass 1 GB, so it is never built into a
tree: a SAX parser keeps only the workout being read and four text fields of each heart-rate
sample (aggregated per minute as soon as DuckDB has them, docs/formats.md). defusedxml's
parser refuses entity declarations and external references (billion-laughs and XXE); Apple's
own DOCTYPE declares elements and attributes only, which stays allowed. Each workout and sample
keeps its line in the file.
"""

import json
from dataclasses import dataclass
from pathlib import Path
from xml.sax.handler import ContentHandler
from xml.sax.xmlreader import AttributesImpl

import pandas as pd

from statinwatch.exports.xml_stream import parse_stream

WORKOUT_COLUMNS = (
    "line", "activity_type", "duration", "duration_unit", "total_distance",
    "total_distance_unit", "distance_sum", "distance_unit", "avg_hr", "elevation_descended",
    "start_date", "end_date", "record",
)  # fmt: skip
DISTANCE_STATISTIC_PREFIX = "HKQuantityTypeIdentifierDistance"
HEART_RATE_STATISTIC = "HKQuantityTypeIdentifierHeartRate"
DESCENT_METADATA_KEY = "HKElevationDescended"
HEART_RATE_COLUMNS = ("line", "value", "unit", "start_date")


class _WorkoutHandler(ContentHandler):
    def __init__(self) -> None:
        super().__init__()
        self.workouts: list[dict[str, str | int | None]] = []
        # Column lists, not a dict per sample: an export can hold millions of them.
        self.heart_rate: dict[str, list[str | int | None]] = {c: [] for c in HEART_RATE_COLUMNS}
        self._current: dict[str, str | int | None] | None = None

    def startElement(self, name: str, attrs: AttributesImpl) -> None:  # noqa: N802 — SAX API
        if name == "Record":
            if attrs.get("type") == HEART_RATE_STATISTIC:
                self._read_heart_rate(attrs)
        elif name == "Workout":
            self._current = {
                "line": self._locator.getLineNumber(),
                "activity_type": attrs.get("workoutActivityType"),
                "duration": attrs.get("duration"),
                "duration_unit": attrs.get("durationUnit"),
                "total_distance": attrs.get("totalDistance"),
                "total_distance_unit": attrs.get("totalDistanceUnit"),
                "start_date": attrs.get("startDate"),
                "end_date": attrs.get("endDate"),
                "record": json.dumps(dict(attrs.items())),
            }
        elif self._current is not None:
            self._read_child(name, attrs)

    def _read_heart_rate(self, attrs: AttributesImpl) -> None:
        columns = self.heart_rate
        columns["line"].append(self._locator.getLineNumber())
        columns["value"].append(attrs.get("value"))
        columns["unit"].append(attrs.get("unit"))
        columns["start_date"].append(attrs.get("startDate"))

    def _read_child(self, name: str, attrs: AttributesImpl) -> None:
        statistic = attrs.get("type") or ""
        if name == "WorkoutStatistics" and statistic.startswith(DISTANCE_STATISTIC_PREFIX):
            self._current["distance_sum"] = attrs.get("sum")
            self._current["distance_unit"] = attrs.get("unit")
        elif name == "WorkoutStatistics" and statistic == HEART_RATE_STATISTIC:
            self._current["avg_hr"] = attrs.get("average")
        elif name == "MetadataEntry" and attrs.get("key") == DESCENT_METADATA_KEY:
            self._current["elevation_descended"] = attrs.get("value")

    def endElement(self, name: str) -> None:  # noqa: N802 — SAX API
        if name == "Workout" and self._current is not None:
            self.workouts.append(self._current)
            self._current = None


@dataclass(frozen=True)
class AppleHealthExport:
    """One text row per Workout and per heart-rate sample, in file order."""

    workouts: pd.DataFrame
    heart_rate: pd.DataFrame


def read_export(path: Path) -> AppleHealthExport:
    """The workouts and heart-rate samples; raises XmlExportError on a bad document."""
    handler = _WorkoutHandler()
    parse_stream(path, handler)
    return AppleHealthExport(
        workouts=pd.DataFrame(handler.workouts, columns=list(WORKOUT_COLUMNS), dtype="string"),
        heart_rate=pd.DataFrame(handler.heart_rate, columns=list(HEART_RATE_COLUMNS)).astype(
            {"line": "int64", "value": "string", "unit": "string", "start_date": "string"}
        ),
    )
