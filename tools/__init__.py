"""Development tools, outside the runtime package and the wheel: `make bench`, `make evaluate`."""

from pathlib import Path

TOOLS_SQL = Path(__file__).parent / "sql"


def tool_sql(name: str) -> str:
    """Text of tools/sql/<name>.sql: statements only the tools run."""
    return (TOOLS_SQL / f"{name}.sql").read_text(encoding="utf-8")
