"""Helpers for the export-format tests: land fixture folders and ingest only the exports."""

import json
import shutil
from datetime import date
from pathlib import Path

import duckdb

from statinwatch.exports.landed import discover_exports
from statinwatch.exports.landed import ingest_exports as ingest_batched_exports
from statinwatch.ingest.load import FileOutcome, known_hashes
from statinwatch.paths import warehouse_path
from statinwatch.sql import run_sql_folder
from statinwatch.vocabulary import load_vocabulary
from tests.support.home import query
from tests.support.ingesting import assert_accounted

__all__ = ["assert_accounted"]

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
AS_OF = date(2026, 5, 1)


def land_fixture(home: Path, source: str, target: str) -> Path:
    """Copy tests/fixtures/<source>/ to landing/<target>/ (any folder: content decides)."""
    destination = home / "landing" / target
    shutil.copytree(FIXTURES / source, destination)
    return destination


def land_json(home: Path, relative: str, document: dict | list[dict], lines: bool = False) -> Path:
    path = home / "landing" / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if lines:
        path.write_text("\n".join(json.dumps(item) for item in document) + "\n", encoding="utf-8")
    else:
        path.write_text(json.dumps(document, indent=2), encoding="utf-8")
    return path


def ingest_exports(home: Path) -> dict[str, FileOutcome]:
    """What raw_external does, without Dagster: every new export, by landing path."""
    database = warehouse_path(home)
    database.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(database)) as conn:
        run_sql_folder(conn, "schema")
        load_vocabulary(conn)
        exports = discover_exports(home / "landing", known_hashes(conn))
        return {
            outcome.path: outcome
            for outcome in ingest_batched_exports(conn, exports, "test-run", AS_OF)
        }


def bundle(*resources: dict, kind: str = "collection") -> dict:
    """A FHIR Bundle whose entries carry urn:uuid full URLs, as transaction bundles do."""
    return {
        "resourceType": "Bundle",
        "type": kind,
        "entry": [
            {"fullUrl": f"urn:uuid:{resource.get('id', index)}", "resource": resource}
            for index, resource in enumerate(resources)
        ],
    }


def coding(system: str, code: str, display: str) -> dict:
    systems = {
        "rxnorm": "http://www.nlm.nih.gov/research/umls/rxnorm",
        "snomed": "http://snomed.info/sct",
        "loinc": "http://loinc.org",
        "icd10": "http://hl7.org/fhir/sid/icd-10-cm",
    }
    return {"coding": [{"system": systems[system], "code": code, "display": display}]}


def skipped_reasons(home: Path, path: str) -> dict[str, int]:
    """ingest.skipped_rows of one file (its landing path): reason → rows skipped."""
    return dict(
        query(
            home,
            "select s.reason, s.skipped from ingest.skipped_rows s "
            "join ingest.files f using (file_id) where f.path = ? order by s.reason",
            [path],
        )
    )


def file_streams(home: Path, path: str) -> dict[str, tuple[int, ...]]:
    """ingest.file_streams of one file: stream → (read, accepted, quarantined, duplicates,
    skipped)."""
    rows = query(
        home,
        "select s.stream, s.rows_read, s.accepted, s.quarantined, s.duplicates, s.skipped "
        "from ingest.file_streams s join ingest.files f using (file_id) where f.path = ?",
        [path],
    )
    return {stream: tuple(counts) for stream, *counts in rows}
