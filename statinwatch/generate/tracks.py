"""GPX and TCX activity files of a session, as a watch would record them: a straight line of
fixes with a steady descent, optional GPS altitude noise and heart rate. Same arguments and
the same random generator state → the same bytes."""

from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np

METRES_PER_DEGREE_LATITUDE = 111_195.0  # on the mean-radius sphere the reader also uses
FIX_EVERY_S = 5  # Garmin's "smart recording" writes a fix every few seconds
START_LAT, START_LON = 46.50, 8.00


@dataclass(frozen=True)
class Track:
    start: datetime  # with its offset
    minutes: float
    distance_km: float
    start_elevation_m: float = 500.0
    descent_m: float = 0.0  # lost steadily from start to end
    jitter_m: float = 0.0  # GPS altitude noise, uniform in ±jitter_m
    heart_rate: tuple[int, int] | None = None  # drawn per fix in [low, high]


@dataclass(frozen=True)
class _Fixes:
    times: list[str]
    lat: np.ndarray
    elevation: np.ndarray
    heart_rate: np.ndarray | None


def _fixes(track: Track, rng: np.random.Generator) -> _Fixes:
    count = int(track.minutes * 60 // FIX_EVERY_S) + 1
    share = np.linspace(0.0, 1.0, count)
    noise = rng.uniform(-track.jitter_m, track.jitter_m, count) if track.jitter_m else 0.0
    heart_rate = None
    if track.heart_rate is not None:
        heart_rate = rng.integers(track.heart_rate[0], track.heart_rate[1], count, endpoint=True)
    return _Fixes(
        times=[
            (track.start + timedelta(seconds=int(i * FIX_EVERY_S))).isoformat()
            for i in range(count)
        ],
        lat=START_LAT + share * track.distance_km * 1000 / METRES_PER_DEGREE_LATITUDE,
        elevation=track.start_elevation_m - share * track.descent_m + noise,
        heart_rate=heart_rate,
    )


def gpx_text(track: Track, rng: np.random.Generator, name: str, kind: str | None) -> str:
    """A GPX 1.1 file of one track, heart rate in Garmin's TrackPointExtension."""
    fixes = _fixes(track, rng)
    points = []
    for i, time in enumerate(fixes.times):
        extension = ""
        if fixes.heart_rate is not None:
            extension = (
                "<extensions><gpxtpx:TrackPointExtension>"
                f"<gpxtpx:hr>{fixes.heart_rate[i]}</gpxtpx:hr>"
                "</gpxtpx:TrackPointExtension></extensions>"
            )
        points.append(
            f'   <trkpt lat="{fixes.lat[i]:.6f}" lon="{START_LON:.6f}">'
            f"<ele>{fixes.elevation[i]:.1f}</ele><time>{time}</time>{extension}</trkpt>\n"
        )
    kind_line = f"  <type>{kind}</type>\n" if kind else ""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<gpx version="1.1" creator="statinwatch generate" '
        'xmlns="http://www.topografix.com/GPX/1/1" '
        'xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">\n'
        f" <trk>\n  <name>{name}</name>\n{kind_line}  <trkseg>\n"
        + "".join(points)
        + "  </trkseg>\n </trk>\n</gpx>\n"
    )


def tcx_text(track: Track, rng: np.random.Generator, sport: str) -> str:
    """A TCX file of one Activity in one Lap whose totals are the track's."""
    fixes = _fixes(track, rng)
    points = []
    for i, time in enumerate(fixes.times):
        heart_rate = ""
        if fixes.heart_rate is not None:
            heart_rate = f"<HeartRateBpm><Value>{fixes.heart_rate[i]}</Value></HeartRateBpm>"
        points.append(
            f"     <Trackpoint><Time>{time}</Time><Position>"
            f"<LatitudeDegrees>{fixes.lat[i]:.6f}</LatitudeDegrees>"
            f"<LongitudeDegrees>{START_LON:.6f}</LongitudeDegrees></Position>"
            f"<AltitudeMeters>{fixes.elevation[i]:.1f}</AltitudeMeters>{heart_rate}"
            "</Trackpoint>\n"
        )
    start = fixes.times[0]
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">\n'
        f' <Activities>\n  <Activity Sport="{sport}">\n   <Id>{start}</Id>\n'
        f'   <Lap StartTime="{start}">\n'
        f"    <TotalTimeSeconds>{track.minutes * 60:.0f}</TotalTimeSeconds>\n"
        f"    <DistanceMeters>{track.distance_km * 1000:.1f}</DistanceMeters>\n"
        "    <Track>\n" + "".join(points) + "    </Track>\n   </Lap>\n  </Activity>\n"
        " </Activities>\n</TrainingCenterDatabase>\n"
    )
