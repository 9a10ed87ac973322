"""TCX and GPX activity files: each TCX <Activity> or GPX <trk> summed up as one session.

A watch export can pass 10 MB, so the file is read as a stream like Apple Health's export.xml
(statinwatch/exports/apple_health.py): a SAX parser from defusedxml (entity declarations and
external references refused) keeps only the track being read, and of its points only what the
summary needs — distance and heart rate are summed as the points come, the elevations are kept
(one float each) because smoothing needs their neighbours. Waypoints and planned routes
(`<wpt>`, `<rte>`) are not sessions and are not read.

Elevation gain and loss come from the track, smoothed so GPS noise does not invent a mountain
(docs/formats.md "Activity files"): a running median over the points within ±50 m along the
track (Tukey's running median: a spike of one or two bad fixes never moves it), then a
hysteresis threshold of 5 m (GoldenCheetah's ElevationGain metric, whose default is 3 m):
altitude counts only once it has moved that far from the last level counted.
"""

import json
import math
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from xml.sax.handler import ContentHandler
from xml.sax.xmlreader import AttributesImpl

import numpy as np
import pandas as pd

from statinwatch.exports.xml_stream import parse_stream

SESSION_COLUMNS = (
    "line", "kind", "activity_type", "name", "start_time", "duration_s", "distance_m",
    "elevation_loss_m", "elevation_gain_m", "avg_hr", "max_hr", "record",
)  # fmt: skip
# The elements that open a session, by file kind: a TCX Activity, a GPX track.
SESSION_ELEMENTS = {"Activity": "tcx", "trk": "gpx"}
POINT_ELEMENTS = ("Trackpoint", "trkpt")
# Leaf elements of a point: TCX names, GPX names, and the heart rate of Garmin's GPX
# TrackPointExtension (gpxtpx:hr, ns3:hr — read by local name, whatever the prefix).
POINT_FIELDS = {
    "Time": "time", "time": "time",
    "LatitudeDegrees": "lat", "LongitudeDegrees": "lon",
    "AltitudeMeters": "ele", "ele": "ele",
    "hr": "hr",
}  # fmt: skip
EARTH_RADIUS_M = 6_371_008.8  # mean radius (IUGG)
SMOOTHING_HALF_WINDOW_M = 50.0
HYSTERESIS_M = 5.0


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _seconds_between(first: str, last: str) -> float | None:
    """last − first in seconds, None when either is no ISO 8601 time or only one has an
    offset (the native validation then judges the start time itself)."""
    try:
        return (datetime.fromisoformat(last) - datetime.fromisoformat(first)).total_seconds()
    except (ValueError, TypeError):
        return None


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance between two fixes, in metres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


def smoothed_elevations(along_m: np.ndarray, elevations: np.ndarray) -> np.ndarray:
    """Each elevation replaced by the median of those within ±50 m along the track."""
    low = np.searchsorted(along_m, along_m - SMOOTHING_HALF_WINDOW_M, side="left")
    high = np.searchsorted(along_m, along_m + SMOOTHING_HALF_WINDOW_M, side="right")
    return np.array([np.median(elevations[a:b]) for a, b in zip(low, high, strict=True)])


def gain_and_loss(elevations: np.ndarray) -> tuple[float, float]:
    """Climb and descent past a hysteresis threshold: a move counts once the altitude is more
    than HYSTERESIS_M from the last level counted, and then counts whole."""
    gain = loss = 0.0
    level = float(elevations[0])
    for value in elevations[1:]:
        if value > level + HYSTERESIS_M:
            gain += value - level
            level = float(value)
        elif value < level - HYSTERESIS_M:
            loss += level - value
            level = float(value)
    return gain, loss


@dataclass
class _Session:
    """One Activity or track as it is read: running sums, not points."""

    line: int
    kind: str
    activity_type: str | None = None
    name: str | None = None
    fallback_start: str | None = None  # TCX: the first Lap's StartTime, else the Activity Id
    first_time: str | None = None
    last_time: str | None = None
    lap_seconds: float | None = None
    lap_metres: float | None = None
    track_metres: float = 0.0
    points: int = 0
    hr_sum: float = 0.0
    hr_count: int = 0
    max_hr: float | None = None
    along_m: list[float] = field(default_factory=list)
    elevations: list[float] = field(default_factory=list)
    last_fix: tuple[float, float] | None = None

    def add_lap_total(self, name: str, value: float | None) -> None:
        if value is None:
            return
        if name == "TotalTimeSeconds":
            self.lap_seconds = (self.lap_seconds or 0.0) + value
        else:
            self.lap_metres = (self.lap_metres or 0.0) + value

    def add_point(self, point: dict[str, str]) -> None:
        self.points += 1
        if time := point.get("time"):
            self.first_time = self.first_time or time
            self.last_time = time
        self._move(_number(point.get("lat", "")), _number(point.get("lon", "")))
        if (ele := _number(point.get("ele", ""))) is not None:
            self.along_m.append(self.track_metres)
            self.elevations.append(ele)
        if (hr := _number(point.get("hr", ""))) is not None and hr > 0:
            self.hr_sum += hr
            self.hr_count += 1
            self.max_hr = max(hr, self.max_hr or hr)

    def _move(self, lat: float | None, lon: float | None) -> None:
        if lat is None or lon is None:
            return
        if self.last_fix is not None:
            self.track_metres += haversine_m(*self.last_fix, lat, lon)
        self.last_fix = (lat, lon)

    def summary(self) -> dict[str, str | int | None]:
        start = self.first_time or self.fallback_start
        seconds = self.lap_seconds
        if seconds is None and self.first_time and self.last_time:
            seconds = _seconds_between(self.first_time, self.last_time)
        gain, loss = self._gain_and_loss()
        values = {
            "kind": self.kind,
            "activity_type": self.activity_type,
            "name": self.name,
            "start_time": start,
            "duration_s": seconds,
            # A lap's own distance is the device's (wheel or foot pod); else along the fixes.
            "distance_m": self.lap_metres if self.lap_metres is not None else self.track_metres,
            "elevation_loss_m": loss,
            "elevation_gain_m": gain,
            "avg_hr": self.hr_sum / self.hr_count if self.hr_count else None,
            "max_hr": self.max_hr,
        }
        text = {key: None if value is None else str(value) for key, value in values.items()}
        return {"line": self.line, **text, "record": json.dumps({**text, "points": self.points})}

    def _gain_and_loss(self) -> tuple[float | None, float | None]:
        if len(self.elevations) < 2:
            return None, None
        along, elevations = np.array(self.along_m), np.array(self.elevations)
        return gain_and_loss(smoothed_elevations(along, elevations))


class _TrackHandler(ContentHandler):
    def __init__(self) -> None:
        super().__init__()
        self.sessions: list[dict[str, str | int | None]] = []
        self._path: list[str] = []
        self._text: list[str] = []
        self._session: _Session | None = None
        self._point: dict[str, str] | None = None

    def startElement(self, name: str, attrs: AttributesImpl) -> None:  # noqa: N802 — SAX API
        local = name.rsplit(":", 1)[-1]
        self._path.append(local)
        self._text = []
        if local in SESSION_ELEMENTS and self._session is None:
            self._session = _Session(self._locator.getLineNumber(), SESSION_ELEMENTS[local])
            self._session.activity_type = attrs.get("Sport")
        elif self._session is None:
            return
        elif local in POINT_ELEMENTS:
            self._point = {key: attrs[key] for key in ("lat", "lon") if key in attrs}
        elif local == "trkseg":
            self._session.last_fix = None  # no distance across a gap between segments
        elif local == "Lap" and self._session.fallback_start is None:
            self._session.fallback_start = attrs.get("StartTime")

    def characters(self, content: str) -> None:
        self._text.append(content)

    def endElement(self, name: str) -> None:  # noqa: N802 — SAX API
        local = self._path.pop()
        if self._session is None:
            return
        parent = self._path[-1] if self._path else ""
        text = "".join(self._text).strip()
        self._text = []
        if self._point is not None:
            self._end_in_point(local, text)
        elif local in SESSION_ELEMENTS:
            self.sessions.append(self._session.summary())
            self._session = None
        else:
            self._end_in_session(local, parent, text)

    def _end_in_point(self, local: str, text: str) -> None:
        if local in POINT_ELEMENTS:
            self._session.add_point(self._point)
            self._point = None
        elif local in POINT_FIELDS and text:
            self._point[POINT_FIELDS[local]] = text
        elif local == "Value" and self._path[-1] == "HeartRateBpm":
            self._point["hr"] = text

    def _end_in_session(self, local: str, parent: str, text: str) -> None:
        if parent == "trk" and local in ("name", "type") and text:
            setattr(self._session, "name" if local == "name" else "activity_type", text)
        elif parent == "Lap" and local in ("TotalTimeSeconds", "DistanceMeters"):
            self._session.add_lap_total(local, _number(text))
        elif parent == "Activity" and local == "Id" and self._session.fallback_start is None:
            self._session.fallback_start = text or None


def read_sessions(path: Path) -> pd.DataFrame:
    """One text row per TCX Activity or GPX track, in file order; raises XmlExportError on a
    bad document."""
    handler = _TrackHandler()
    parse_stream(path, handler)
    return pd.DataFrame(handler.sessions, columns=list(SESSION_COLUMNS), dtype="string")
