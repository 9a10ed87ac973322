"""Development tools, outside the runtime package and the wheel: `make bench`, `make evaluate`."""

from pathlib import Path

TOOLS_SQL = Path(__file__).parent / "sql"


def tool_sql(name: str) -> str:
    """Text of tools/sql/<name>.sql: statements only the tools run."""
    return (TOOLS_SQL / f"{name}.sql").read_text(encoding="utf-8")


def replace_marked_section(out: Path, start: str, end: str, text: str) -> None:
    """Put `text` (which opens with `start` and closes with `end`) in place of the section
    between those markers of a generated doc, keeping the hand-written notes around it; the
    section is added at the end when the doc has none yet."""
    existing = out.read_text(encoding="utf-8") if out.exists() else ""
    if start not in existing:
        out.write_text(existing.rstrip("\n") + "\n\n" + text + "\n", encoding="utf-8")
        return
    before, _, rest = existing.partition(start)
    _, _, after = rest.partition(end)
    out.write_text(before + text + after, encoding="utf-8")
