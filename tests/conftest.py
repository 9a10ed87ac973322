"""Shared fixtures: a temporary statinwatch home, a landing-file writer and an in-memory
warehouse; the helpers behind them are in tests/support/."""

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pytest

from tests.support.home import schema_warehouse, write_landing

os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")


@pytest.fixture
def home(tmp_path: Path) -> Path:
    root = tmp_path / "home"
    (root / "landing").mkdir(parents=True)
    return root


@pytest.fixture
def land(home: Path) -> Callable[..., Path]:
    """Write text (or bytes) as a landing file: land('labs', 'a.csv', '...')."""

    def write(stream: str, name: str, content: str | bytes) -> Path:
        return write_landing(home / "landing", f"{stream}/{name}", content)

    return write


@pytest.fixture
def conn() -> Iterator[duckdb.DuckDBPyConnection]:
    with schema_warehouse() as connection:
        yield connection
