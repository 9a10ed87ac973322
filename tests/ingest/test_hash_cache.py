"""Landing files' content hashes remembered by stat (statinwatch/ingest/hash_cache.py): a
settled, unchanged file is not read again, and any change to a file — even one that keeps its
size and modification time — has it read again, so no edited file's rows are lost."""

import logging
import os
from datetime import date
from pathlib import Path

import pytest

from statinwatch.ingest import hash_cache
from statinwatch.ingest.hash_cache import HashCache, load_hash_cache
from statinwatch.ingest.landing import sha256_of
from statinwatch.ingest.new_files import ingest_new_files
from statinwatch.ingest.streams import STREAM_SPECS
from tests.support.home import csv_text, schema_warehouse, write_landing

HEADER = "patient_id,drug,dose_mg,start_date,end_date,days_supply,record_type,status"
ROW = "P1,Atorvastatin 40 mg oral tablet,40,2026-04-01,,90,dispense,active"
# The same size as ROW: an edit that a size-and-mtime key alone would miss.
EDITED = "P2,Atorvastatin 40 mg oral tablet,40,2026-04-01,,90,dispense,active"


@pytest.fixture
def reads(monkeypatch) -> list[Path]:
    """The files whose content was read to hash them."""
    read: list[Path] = []

    def counting(path: Path) -> str:
        read.append(path)
        return sha256_of(path)

    monkeypatch.setattr(hash_cache, "sha256_of", counting)
    return read


@pytest.fixture
def settled_at_once(monkeypatch) -> None:
    """A file counts as settled as soon as it is written (the tests cannot wait 2 s)."""
    monkeypatch.setattr(hash_cache, "SETTLE_SECONDS", 0)


def rewrite_keeping_size_and_mtime(path: Path, text: str) -> None:
    before = path.stat()
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    assert path.stat().st_mtime_ns == before.st_mtime_ns


def test_an_unchanged_settled_file_is_read_once(tmp_path, reads, settled_at_once):
    path = write_landing(tmp_path, "m.csv", csv_text(HEADER, ROW))
    cache = HashCache({})
    first = cache.sha256(path)
    assert cache.sha256(path) == first == sha256_of(path)
    assert reads == [path]


def test_a_rewrite_keeping_size_and_mtime_is_read_again(tmp_path, reads, settled_at_once):
    path = write_landing(tmp_path, "m.csv", csv_text(HEADER, ROW))
    cache = HashCache({})
    first = cache.sha256(path)
    rewrite_keeping_size_and_mtime(path, csv_text(HEADER, EDITED))
    assert cache.sha256(path) == sha256_of(path) != first
    assert len(reads) == 2


def test_a_file_changed_a_moment_ago_is_not_remembered(tmp_path, reads):
    path = write_landing(tmp_path, "m.csv", csv_text(HEADER, ROW))
    cache = HashCache({})
    cache.sha256(path)
    cache.sha256(path)
    assert cache.fresh == {}
    assert len(reads) == 2


def test_the_warehouse_remembers_hashes_and_an_edited_file_is_ingested(
    tmp_path, reads, settled_at_once
):
    landing = tmp_path / "landing"
    path = write_landing(landing, "medications/m.csv", csv_text(HEADER, ROW))
    spec = STREAM_SPECS["medications"]

    def ingest(conn) -> list[dict]:
        log = logging.getLogger("test")
        return ingest_new_files(conn, landing, spec, "run", date(2026, 5, 1), log)

    with schema_warehouse() as conn:
        assert [o["accepted"] for o in ingest(conn)] == [1]
        assert ingest(conn) == [] and reads == [path]  # the second run read nothing
        assert len(load_hash_cache(conn).known) == 1
        rewrite_keeping_size_and_mtime(path, csv_text(HEADER, EDITED))
        assert [o["accepted"] for o in ingest(conn)] == [1]
        patients = conn.execute("select patient_id from raw.medications order by 1").fetchall()
    assert patients == [("P1",), ("P2",)]
