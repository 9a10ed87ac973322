"""Turn row accounting into Dagster metadata an operator can read without patient data."""

from collections.abc import Iterable, Mapping

import dagster as dg

# rows_read = accepted + quarantined + duplicates + skipped for every file (CONTRACT §6).
ACCOUNTING_FIELDS = ("rows_read", "accepted", "quarantined", "duplicates", "skipped")


def markdown_table(rows: Iterable[Mapping], columns: tuple[str, ...]) -> str:
    """A small markdown table; cell text has its pipes escaped so it cannot break the grid."""
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    for row in rows:
        cells = (str(row.get(column, "")).replace("|", "\\|") for column in columns)
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def accounting_metadata(outcomes: list[dict]) -> dict[str, dg.MetadataValue | int]:
    totals = {field: sum(int(o[field]) for o in outcomes) for field in ACCOUNTING_FIELDS}
    metadata: dict = {"files": len(outcomes), **totals}
    metadata["files_quarantined_whole"] = sum(o["status"] == "quarantined" for o in outcomes)
    if outcomes:
        metadata["file_accounting"] = dg.MetadataValue.md(
            markdown_table(outcomes, ("path", "format", "status", *ACCOUNTING_FIELDS, "reason"))
        )
    return metadata
