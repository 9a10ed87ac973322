"""The free-text muscle-symptom matcher (sql/schema/02_symptom_matcher.sql) and how staging
turns exercise notes and "other" complaints into symptom reports."""

import pytest

from statinwatch.staging.staged_tables import stage_new_files
from statinwatch.vocabulary import load_vocabulary


@pytest.mark.parametrize(
    ("note", "mention"),
    [
        ("calves cramped at km 30", "cramp"),
        ("woke with a charley horse", "cramp"),
        ("Myalgia since Tuesday", "myalgia"),
        ("muscle aches all day", "myalgia"),
        ("aching thighs after work", "myalgia"),
        ("pain in both calves", "myalgia"),
        ("legs felt weak on the stairs", "weakness"),
        ("muscle weakness and cramps", "weakness"),  # the most telling complaint wins
        ("thighs hurt, not too bad", "myalgia"),  # a negation after the complaint keeps it
        ("No muscle pain but thighs ache", "myalgia"),  # "but" starts a new clause
        ("calf cramp at km 30, no pain now", "cramp"),
        ("no pain", None),
        ("denies cramps", None),
        ("legs fine", None),
        ("no pain, legs fine", None),
        ("denies cramps or weakness", None),  # one negation covers the list
        ("didn't cramp today", None),
        ("cramps gone after stretching", None),
        ("without any muscle pain", None),
        ("sore legs, stiff back", None),  # soreness after exercise is not a SAMS report
        ("weak coffee, felt good", None),
        ("Heavy eccentric leg day: squats and lunges", None),
        ("", None),
        (None, None),
    ],
)
def test_matcher_reads_affirmed_muscle_complaints_only(conn, note, mention):
    assert conn.execute("select sw_muscle_mention(?)", [note]).fetchone()[0] == mention


@pytest.mark.parametrize(
    ("note", "at_night"),
    [
        ("cramps at night", True),
        ("nocturnal leg cramps", True),
        ("night cramps in both calves", True),
        ("woke up with a calf cramp", True),
        ("calf cramps woke me twice", True),
        ("cramping overnight", True),
        ("calf cramps during the day, slept fine at night", False),
        ("no cramps at night", False),
        ("night cramps gone since May", False),
        ("legs ache at night", False),  # only cramps are nocturnal cramps
        ("woke up refreshed, cramp at km 30", False),
        (None, False),
    ],
)
def test_matcher_reads_cramps_at_night(conn, note, at_night):
    assert conn.execute("select sw_night_cramp_mention(?)", [note]).fetchone()[0] is at_night


def test_exercise_notes_become_reports_at_the_session_time_and_soreness_never(conn):
    load_vocabulary(conn)
    conn.execute("delete from raw.exercise; delete from raw.symptoms")
    conn.execute(
        "insert into raw.exercise (file_id, line, row_hash, patient_id, start_time, duration_min, "
        "activity, soreness, notes) values "
        "(1, 2, 'a', 'P1', '2026-04-20 07:00', 90, 'running', 2, 'calves cramped at km 12'), "
        "(1, 3, 'b', 'P1', '2026-04-22 07:00', 60, 'running', 9, 'legs fine, no pain'), "
        "(1, 4, 'c', 'P2', '2026-04-22 07:00', 60, 'hiking', 8, null)"
    )
    conn.execute(
        "insert into raw.symptoms (file_id, line, row_hash, patient_id, reported_at, symptom, "
        "body_site, notes) values "
        "(2, 2, 'd', 'P3', '2026-04-23 09:00', 'other', null, 'aching thighs at rest'), "
        "(2, 3, 'e', 'P3', '2026-04-24 09:00', 'other', null, 'no muscle pain, just tired')"
    )
    stage_new_files(conn, "symptoms", "staging.symptoms")
    assert conn.execute(
        "select patient_id, cast(reported_at as varchar), symptom, is_muscle_symptom, notes "
        "from staging.symptoms order by patient_id, reported_at"
    ).fetchall() == [
        ("P1", "2026-04-20 07:00:00", "cramp", True, "exercise note: calves cramped at km 12"),
        ("P3", "2026-04-23 09:00:00", "myalgia", True, "aching thighs at rest"),
        ("P3", "2026-04-24 09:00:00", "other", False, "no muscle pain, just tired"),
    ]
