"""Where statinwatch keeps things: the project's own SQL and suites, and the user's home."""

import os
from pathlib import Path

HOME_ENV = "STATINWATCH_HOME"
LAKE_ENV = "STATINWATCH_LAKE"
DEFAULT_HOME = Path("~/.statinwatch")
PROJECT_ROOT = Path(__file__).resolve().parents[1]
# A wheel install carries sql/ and expectations/ inside the package (pyproject force-include).
_PACKAGED = Path(__file__).resolve().parent / "_resources"
RESOURCE_ROOT = PROJECT_ROOT if (PROJECT_ROOT / "sql").is_dir() else _PACKAGED
SQL_DIR = RESOURCE_ROOT / "sql"
EXPECTATIONS_DIR = RESOURCE_ROOT / "expectations"
VOCABULARY_DIR = RESOURCE_ROOT / "vocabulary"
INSTANCE_TEMPLATE = PROJECT_ROOT / "pipelines" / "instance" / "dagster.yaml"

STREAMS = ("patients", "medications", "exercise", "symptoms", "labs")


def resolve_home(explicit: str | os.PathLike | None = None) -> Path:
    """`--home`, else $STATINWATCH_HOME, else ~/.statinwatch (CONTRACT §2)."""
    raw = explicit or os.environ.get(HOME_ENV) or DEFAULT_HOME
    return Path(raw).expanduser().resolve()


def warehouse_path(home: Path) -> Path:
    return home / "warehouse" / "statinwatch.duckdb"


def lake_dir(home: Path) -> Path:
    """The Parquet lake the Spark engine reads and writes: $STATINWATCH_LAKE, else in the home."""
    return Path(os.environ.get(LAKE_ENV) or home / "lake")


def landing_dir(home: Path) -> Path:
    return home / "landing"


def reports_dir(home: Path) -> Path:
    return home / "reports"


def dagster_home(home: Path) -> Path:
    """$DAGSTER_HOME when the operator set one, else instance storage inside the home."""
    return Path(os.environ["DAGSTER_HOME"]) if os.environ.get("DAGSTER_HOME") else home / "dagster"
