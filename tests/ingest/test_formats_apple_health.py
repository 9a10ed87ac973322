"""Apple Health export.xml: Workout elements read as a stream, entity declarations refused."""

from tests.support.exports import assert_accounted, ingest_exports, land_fixture
from tests.support.home import query

NEWER_EXPORT = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE HealthData [
<!ELEMENT HealthData (ExportDate,Me,(Record|Workout)*)>
<!ATTLIST HealthData locale CDATA #REQUIRED>
]>
<HealthData locale="en_GB">
 <ExportDate value="2026-04-30 20:00:00 +0100"/>
 <Record type="HKQuantityTypeIdentifierStepCount" unit="count" value="12"
  startDate="2026-04-26 08:00:00 +0100" endDate="2026-04-26 08:01:00 +0100"/>
 <Workout workoutActivityType="HKWorkoutActivityTypeHiking" duration="4.5" durationUnit="hr"
  startDate="2026-04-26 09:00:00 +0100" endDate="2026-04-26 13:30:00 +0100">
  <MetadataEntry key="HKElevationDescended" value="125000 cm"/>
  <WorkoutStatistics type="HKQuantityTypeIdentifierDistanceWalkingRunning"
   startDate="2026-04-26 09:00:00 +0100" endDate="2026-04-26 13:30:00 +0100" sum="9.5" unit="mi"/>
  <WorkoutStatistics type="HKQuantityTypeIdentifierHeartRate"
   startDate="2026-04-26 09:00:00 +0100" endDate="2026-04-26 13:30:00 +0100" average="121.4"
   minimum="80" maximum="160" unit="count/min"/>
 </Workout>
</HealthData>
"""
ENTITY_BOMB = """<?xml version="1.0"?>
<!DOCTYPE HealthData [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>
<HealthData locale="en_US"><Workout workoutActivityType="&b;"/></HealthData>
"""


def test_apple_health_workouts(home):
    land_fixture(home, "apple-health", "exports/patient_id=A1/apple_health_export")
    outcomes = ingest_exports(home)
    export = outcomes["exports/patient_id=A1/apple_health_export/export.xml"]
    # The workout and the heart-rate Record are rows read; the step-count Record is not.
    assert (export.stream, export.format, export.rows_read, export.accepted) == (
        "apple_health", "apple-health", 2, 2,
    )  # fmt: skip
    assert_accounted(export)
    assert query(
        home, "select patient_id, cast(minute as varchar), bpm_avg, line from raw.heart_rate"
    ) == [("A1", "2018-09-10 02:28:00", 72.0, 11)]
    route = "exports/patient_id=A1/apple_health_export/workout-routes/route_2019-06-11_3.00pm.gpx"
    # The route belongs to the workout already read from export.xml: recognised, not a session.
    assert (outcomes[route].format, outcomes[route].rows_read) == ("apple-health-route", 0)
    assert query(
        home,
        "select patient_id, line, cast(start_time as varchar), utc_offset_min, duration_min, "
        "activity, intensity, round(distance_km, 3) from raw.exercise",
    ) == [("A1", 14, "2016-11-14 07:25:41", -420, 5.19, "running", "vigorous", 0.8)]


def test_newer_exports_carry_distance_and_heart_rate_in_workout_statistics(home, land):
    land("patient_id=A2/export.xml", "", NEWER_EXPORT)
    ingest_exports(home)
    assert query(
        home,
        "select cast(start_time as varchar), utc_offset_min, duration_min, activity, "
        "round(distance_km, 2), elevation_loss_m, avg_hr from raw.exercise",
    ) == [("2026-04-26 09:00:00", 60, 270.0, "hiking", 15.29, 1250.0, 121.4)]


def test_entity_declarations_are_refused_whole(home, land):
    land("patient_id=A3/export.xml", "", ENTITY_BOMB)
    (outcome,) = ingest_exports(home).values()
    assert outcome.status == "quarantined"
    assert outcome.reason.startswith("cannot read as Apple Health XML")
