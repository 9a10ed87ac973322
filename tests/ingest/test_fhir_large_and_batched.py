"""FHIR JSON of any size in bounded memory, and alike FHIR files read as one batch with each
file's accounting exactly as if it had come alone."""

import json
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from statinwatch.exports import fhir_json, landed
from statinwatch.exports.landed import discover_exports, ingest_export, ingest_exports
from statinwatch.ingest.load import known_hashes
from statinwatch.ingest.reader import UnreadableFile
from tests.support.exports import AS_OF, bundle, coding, land_json
from tests.support.ingesting import assert_accounted, scratch_warehouse

REPOSITORY = Path(__file__).resolve().parents[2]
SUBJECT = {"reference": "Patient/B{i}"}
NARRATIVE = {"status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\">" + (
    "Generated narrative: statin therapy reviewed, muscle complaints discussed. " * 20
) + "</div>"}  # fmt: skip
# One patient's chart: four resources statinwatch takes and an Encounter it skips.
CHART = [
    {"resourceType": "Patient", "id": "B{i}", "gender": "female", "birthDate": "1950-03-04",
     "text": NARRATIVE},
    {"resourceType": "MedicationRequest", "id": "M{i}", "status": "active", "intent": "order",
     "subject": SUBJECT, "authoredOn": "2026-03-02", "text": NARRATIVE,
     "medicationCodeableConcept": coding("rxnorm", "617310", "atorvastatin 20 MG Oral Tablet"),
     "dosageInstruction": [{"timing": {"repeat": {"frequency": 1, "period": 1, "periodUnit": "d"}},
                            "doseAndRate": [{"doseQuantity": {"value": 1, "unit": "tablet"}}]}]},
    {"resourceType": "Condition", "id": "C{i}", "subject": SUBJECT, "text": NARRATIVE,
     "code": coding("snomed", "68962001", "Muscle pain (finding)"), "onsetDateTime": "2026-04-19"},
    {"resourceType": "Observation", "id": "O{i}", "status": "final", "subject": SUBJECT,
     "text": NARRATIVE, "code": coding("loinc", "2157-6", "Creatine kinase"),
     "effectiveDateTime": "2026-04-20T08:30:00Z",
     "valueQuantity": {"value": 950.25, "unit": "U/L", "code": "U/L"}},
    {"resourceType": "Encounter", "id": "E{i}", "status": "finished", "subject": SUBJECT,
     "text": NARRATIVE},
]  # fmt: skip
BIG_BUNDLE_BYTES = 200 << 20
# The subprocess holds DuckDB's 1 GB local memory limit plus the interpreter and its imports
# (about 1.25 GiB measured for 210 MB); reading the Bundle whole into Python objects instead
# takes several times its size on top of that.
PEAK_RSS_BOUND_BYTES = 3 << 29
INGEST_SCRIPT = """
import json, logging, sys
from datetime import date
from pathlib import Path
from statinwatch.exports.landed import ingest_new_exports
from statinwatch.paths import warehouse_path
from statinwatch.resources import duckdb_settings, open_warehouse

home = Path(sys.argv[1])
database = warehouse_path(home)
with open_warehouse(database, duckdb_settings(database)) as conn:
    done = ingest_new_exports(conn, home / "landing", "big", date(2026, 5, 1), logging.getLogger())
    labs = conn.execute("select count(*), min(value), max(value) from raw.labs").fetchone()
print(json.dumps({"outcomes": done.outcomes, "labs": labs}))
"""


def _write_big_bundle(path: Path, min_bytes: int) -> int:
    """A Bundle of at least `min_bytes`: CHART repeated with distinct ids, then one entry
    without a resource; returns how many charts. Written as text from a template (fast)."""
    entries = ",\n".join(
        json.dumps({"fullUrl": f"urn:uuid:{r['id']}", "resource": r}) for r in CHART
    )
    template = entries.replace("{", "{{").replace("}", "}}").replace("{{i}}", "{i}") + ",\n"
    charts = 0
    with path.open("w", encoding="utf-8") as handle:
        handle.write('{"resourceType": "Bundle", "type": "collection", "entry": [\n')
        written = 0
        while written < min_bytes:
            written += handle.write(template.format(i=charts))
            charts += 1
        handle.write('{"fullUrl": "urn:uuid:empty"}\n]}\n')
    return charts


@pytest.mark.slow
def test_a_200_mb_bundle_ingests_within_the_memory_limit_with_every_entry_accounted(tmp_path):
    bundle_path = tmp_path / "landing" / "fhir" / "everything.json"
    bundle_path.parent.mkdir(parents=True)
    charts = _write_big_bundle(bundle_path, BIG_BUNDLE_BYTES)
    assert bundle_path.stat().st_size >= BIG_BUNDLE_BYTES
    done = subprocess.run(
        [sys.executable, "-c", INGEST_SCRIPT, str(tmp_path)],
        capture_output=True, text=True, check=True, cwd=REPOSITORY,
        env={"PYTHONPATH": str(REPOSITORY), "GX_ANALYTICS_ENABLED": "False", "PATH": "/usr/bin"},
    )  # fmt: skip
    peak_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    report = json.loads(done.stdout.splitlines()[-1])
    (outcome,) = report["outcomes"]
    assert outcome["status"] == "ingested", outcome["reason"]
    # Four resources taken per chart, its Encounter skipped, the empty entry quarantined.
    assert (
        outcome["rows_read"], outcome["accepted"], outcome["quarantined"], outcome["duplicates"],
        outcome["skipped"],
    ) == (5 * charts + 1, 4 * charts, 1, 0, charts)  # fmt: skip
    assert report["labs"] == [charts, 950.25, 950.25]
    assert peak_rss < PEAK_RSS_BOUND_BYTES, f"peak RSS {peak_rss >> 20} MiB"


def test_numbers_keep_their_exact_digits(tmp_path):
    path = tmp_path / "exact.json"
    path.write_text(
        '{"resourceType": "Bundle", "entry": [{"resource": {"resourceType": "Observation", '
        '"valueQuantity": {"value": 0.1000000000000000055511151231257827}, '
        '"component": [{"valueInteger": 12345678901234567890123}, {"valueDecimal": 1.10}]}}]}',
        encoding="utf-8",
    )
    ((full_url, doc),) = fhir_json.read_entries(path)
    assert full_url is None
    assert '"value":0.1000000000000000055511151231257827' in doc
    assert "12345678901234567890123" in doc and '"valueDecimal":1.10' in doc


def test_a_large_file_is_streamed_alike_and_only_a_bundle_that_opens_with_its_type(
    tmp_path, monkeypatch
):
    path = land_json(tmp_path, "fhir/b.json", bundle(*_chart(1)))
    whole = list(fhir_json.read_entries(path))
    monkeypatch.setattr(fhir_json, "WHOLE_DOCUMENT_MAX_BYTES", 0)
    assert list(fhir_json.read_entries(path)) == whole and len(whole) == len(CHART)
    lone = land_json(tmp_path, "fhir/lone.json", _chart(1)[0])
    with pytest.raises(UnreadableFile, match="read only as one Bundle"):
        list(fhir_json.read_entries(lone))


def _chart(i: int) -> list[dict]:
    return json.loads(json.dumps(CHART).replace("{i}", str(i)))


def _land_batch(home: Path) -> None:
    """Alike FHIR files: a chart, the same chart again (duplicates across files), a file that
    is not JSON, a lone resource and two concatenated documents with an empty entry."""
    land_json(home, "fhir/a.json", bundle(*_chart(1)))
    land_json(home, "fhir/b.json", bundle(*_chart(1), kind="searchset"))
    (home / "landing/fhir/c.json").write_text('{"resourceType": "Bundle", "entry": [', "utf-8")
    land_json(home, "fhir/d.json", _chart(2)[2])
    two = bundle(*_chart(3)[:2]) | {"entry": [*bundle(*_chart(3)[:2])["entry"], {}]}
    (home / "landing/fhir/e.json").write_text(
        json.dumps(two, indent=1) + "\n" + json.dumps(bundle(*_chart(3)[2:]), indent=1), "utf-8"
    )


def _ingested(home: Path, batched: bool) -> tuple[dict, list, list]:
    """Outcomes by path, quarantine entries and stored rows, the files read as one batch or
    each alone."""
    with scratch_warehouse() as conn:
        exports = discover_exports(home / "landing", known_hashes(conn))
        outcomes = (
            ingest_exports(conn, exports, "test-run", AS_OF)
            if batched
            else (ingest_export(conn, export, "test-run", AS_OF) for export in exports)
        )
        by_path = {o.path: o for o in outcomes}
        quarantine = conn.execute(
            "select path, line, reason from ingest.quarantine order by all"
        ).fetchall()
        rows = conn.execute(
            "select f.path, m.line, m.patient_id, m.drug from raw.medications m "
            "join ingest.files f using (file_id) order by all"
        ).fetchall()
    return by_path, quarantine, rows


def test_alike_fhir_files_are_read_as_one_batch_and_counted_as_if_each_came_alone(
    tmp_path, monkeypatch
):
    _land_batch(tmp_path)
    alone = _ingested(tmp_path, batched=False)
    passes = []
    write_exports = landed._write_exports
    monkeypatch.setattr(
        landed, "_write_exports", lambda *args: passes.append(args[2]) or write_exports(*args)
    )
    batched = _ingested(tmp_path, batched=True)
    assert len(passes) == 1 and len(passes[0]) == 4  # one mapping pass; c.json left out
    assert batched == alone
    outcomes = batched[0]
    assert outcomes["fhir/c.json"].status == "quarantined"
    assert outcomes["fhir/c.json"].reason.startswith("cannot read as FHIR JSON: ")
    assert outcomes["fhir/b.json"].duplicates == 4
    assert (outcomes["fhir/d.json"].rows_read, outcomes["fhir/d.json"].accepted) == (1, 1)
    assert (outcomes["fhir/e.json"].rows_read, outcomes["fhir/e.json"].quarantined) == (6, 1)
    assert ("fhir/e.json", 3, "entry without resourceType: not a FHIR resource") in batched[1]
    for outcome in outcomes.values():
        assert_accounted(outcome)


def test_a_medication_is_resolved_within_its_own_file_in_a_batch_as_alone(
    tmp_path,
):
    medication = {"resourceType": "Medication", "id": "med1",
                  "code": coding("rxnorm", "617310", "atorvastatin 20 MG Oral Tablet")}  # fmt: skip
    request = _chart(1)[1] | {"medicationReference": {"reference": "Medication/med1"}}
    del request["medicationCodeableConcept"]
    land_json(tmp_path, "fhir/a.json", bundle(medication, request))
    land_json(
        tmp_path, "fhir/b.json", bundle(request | {"id": "other", "authoredOn": "2026-04-01"})
    )
    alone = _ingested(tmp_path, batched=False)
    batched = _ingested(tmp_path, batched=True)
    assert batched == alone
    # b.json's request does not take a.json's drug.
    assert [drug for path, *_, drug in batched[2] if path == "fhir/b.json"] in ([], [None])
