"""FHIR JSON documents as their entries, in bounded memory, for DuckDB to read as rows.

DuckDB's `read_json_objects` holds a document whole and sizes its buffers from the largest
object allowed, so a Bundle of a few MB exhausted the 1 GB local memory limit. A Bundle is
instead streamed entry by entry (ijson's C parser) into a Parquet file per landing file, a few
MB of entries at a time; DuckDB then reads those row by row (docs/formats.md "FHIR R4").

A row is one entry (a Bundle's entry, or a lone resource), its line the entry's position in
the file, counted on across the documents of a file holding several (docs/formats.md
"Accounting"). Numbers keep their exact text: ijson gives decimals as Decimal, written back as
the digits they were read from, never through a float.
"""

import re
from collections.abc import Iterable, Iterator
from decimal import Decimal
from pathlib import Path

import ijson
import orjson
import pyarrow as pa
import pyarrow.parquet as pq

from statinwatch.ingest.reader import UnreadableFile

# A file up to this size is parsed a document at a time into Python objects (several times
# its size in memory), which takes every shape: a Bundle, a lone resource, several documents
# one after another or an array of them. A larger file is streamed entry by entry, which needs
# one Bundle opening with its resourceType, as servers write it; any other large file is
# refused whole (NDJSON has no such limit).
WHOLE_DOCUMENT_MAX_BYTES = 16 << 20
# Entries are handed to Parquet in row groups of about this much JSON text.
ROW_GROUP_BYTES = 8 << 20
_READ_BUFFER = 1 << 20
_BUNDLE_FIRST = re.compile(rb'^\s*\{\s*"resourceType"\s*:\s*"Bundle"\s*[,}]')
_BOM = b"\xef\xbb\xbf"
SCHEMA = pa.schema(
    [
        ("file_id", pa.int64()),
        ("line", pa.int64()),
        ("file_line", pa.int64()),
        ("full_url", pa.string()),
        ("doc", pa.string()),
    ]
)

# (fullUrl, the resource as JSON text): what each row of the Parquet file holds.
Entry = tuple[str | None, str | None]


def _exact_number(value: object) -> orjson.Fragment:
    """orjson's hook for what it cannot write: ijson's Decimal, written as its own digits."""
    if isinstance(value, Decimal):
        return orjson.Fragment(str(value))
    raise TypeError(f"not JSON: {type(value).__name__}")


def _wide_ints_as_text(value: object) -> object:
    """The value with integers beyond 64 bits (which orjson refuses) as their own digits."""
    if isinstance(value, dict):
        return {key: _wide_ints_as_text(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_wide_ints_as_text(item) for item in value]
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 63:
        return orjson.Fragment(str(value))
    return value


def _json_text(value: object) -> str | None:
    if value is None:
        return None
    try:
        return orjson.dumps(value, default=_exact_number).decode()
    except orjson.JSONEncodeError:
        pass
    # Rare: an integer too wide for orjson, or a lone surrogate escape (no Unicode text).
    try:
        return orjson.dumps(_wide_ints_as_text(value), default=_exact_number).decode()
    except orjson.JSONEncodeError as error:
        raise UnreadableFile(f"cannot read as FHIR JSON: {error}") from error


def _entry(entry: object) -> Entry:
    """A Bundle entry's fullUrl and resource (none when the entry is no object)."""
    if not isinstance(entry, dict):
        return None, None
    full_url = entry.get("fullUrl")
    return (full_url if isinstance(full_url, str) else None), _json_text(entry.get("resource"))


def _document_entries(document: object) -> Iterator[Entry]:
    """A Bundle's entries (any Bundle type), or the document itself as one resource."""
    if isinstance(document, dict) and document.get("resourceType") == "Bundle":
        entries = document.get("entry")
        yield from (_entry(entry) for entry in (entries if isinstance(entries, list) else []))
    else:
        yield None, _json_text(document)


def _opening(handle) -> bytes:
    """The first bytes of the file, past a byte order mark, to tell its shape by."""
    head = handle.read(4096)
    start = len(_BOM) if head.startswith(_BOM) else 0
    handle.seek(start)
    return head[start:]


def _streamed_bundle(path: Path) -> Iterator[Entry]:
    """The entries of a file that is one Bundle opening with its resourceType, one at a time."""
    with path.open("rb") as handle:
        if not _BUNDLE_FIRST.match(_opening(handle)):
            raise UnreadableFile(
                f"a FHIR JSON file over {WHOLE_DOCUMENT_MAX_BYTES >> 20} MiB is read only as one "
                'Bundle that opens with "resourceType": "Bundle"; send other shapes as NDJSON'
            )
        for entry in ijson.items(handle, "entry.item", buf_size=_READ_BUFFER):
            yield _entry(entry)


def _whole_documents(path: Path) -> Iterator[Entry]:
    """The entries of each document of the file, every document held whole in turn."""
    with path.open("rb") as handle:
        array = _opening(handle).lstrip().startswith(b"[")
        documents = ijson.items(handle, "item" if array else "", multiple_values=not array)
        for document in documents:
            yield from _document_entries(document)


def read_entries(path: Path) -> Iterator[Entry]:
    """Every entry of a FHIR JSON file, in order; UnreadableFile when it is not JSON or is too
    large to be read in its shape."""
    large = path.stat().st_size > WHOLE_DOCUMENT_MAX_BYTES
    try:
        yield from _streamed_bundle(path) if large else _whole_documents(path)
    except ijson.JSONError as error:
        raise UnreadableFile(f"cannot read as FHIR JSON: {_gist(error)}") from error


def _gist(error: Exception) -> str:
    """ijson's message without the stretch of the file it quotes (it may hold patient data)."""
    return str(error).strip().splitlines()[0][:200] if str(error).strip() else "invalid JSON"


def _row_groups(entries: Iterable[Entry], file_id: int, first_line: int) -> Iterator[pa.Table]:
    """The entries numbered in the file from 1 and in the batch from `first_line`, cut into
    tables of about ROW_GROUP_BYTES of text."""
    columns: list[list] = [[], [], [], [], []]
    size = 0
    for file_line, (full_url, doc) in enumerate(entries, start=1):
        for column, value in zip(
            columns, (file_id, first_line + file_line - 1, file_line, full_url, doc), strict=True
        ):
            column.append(value)
        size += len(doc or "")
        if size >= ROW_GROUP_BYTES:
            yield pa.table(columns, schema=SCHEMA)
            columns, size = [[], [], [], [], []], 0
    yield pa.table(columns, schema=SCHEMA)


def write_entries(path: Path, target: Path, file_id: int, first_line: int) -> int:
    """The entries of one FHIR JSON file as a Parquet file of SCHEMA, numbered in the batch
    from `first_line`; returns how many. A file that cannot be read raises UnreadableFile and
    leaves no target behind."""
    count = 0
    try:
        with pq.ParquetWriter(target, SCHEMA, compression="zstd") as writer:
            for table in _row_groups(read_entries(path), file_id, first_line):
                writer.write_table(table)
                count += table.num_rows
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return count
