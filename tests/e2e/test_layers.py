"""The packages are layers: pipelines (the code location) → assets (Dagster definitions) →
statinwatch (the library). A module imports only from its own layer or the ones below it,
and no asset module imports another asset module."""

import ast
from pathlib import Path

import pytest

from statinwatch.paths import PROJECT_ROOT

# What each package may import from, besides itself.
ALLOWED = {
    "statinwatch": set(),
    "assets": {"statinwatch"},
    "pipelines": {"assets", "statinwatch"},
    "tools": {"pipelines", "statinwatch"},
}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def layer_violations(package: str, path: Path) -> list[str]:
    """Imports of a module that reach a package above its own, or (in assets/) a sibling."""
    problems = []
    for module in imported_modules(path):
        top = module.split(".")[0]
        if top in ALLOWED and top != package and top not in ALLOWED[package]:
            problems.append(f"{path.name} imports {module}")
        if package == "assets" and top == "assets" and module != "assets":
            problems.append(f"{path.name} imports the asset module {module}")
    return problems


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_each_package_imports_only_the_layers_below_it(package):
    problems = [
        problem
        for path in sorted((PROJECT_ROOT / package).rglob("*.py"))
        for problem in layer_violations(package, path)
    ]
    assert problems == []


def test_the_layer_check_catches_an_upward_and_a_sibling_import(tmp_path):
    upward = tmp_path / "upward.py"
    upward.write_text("from pipelines.runner import run_pipeline\n")
    sibling = tmp_path / "sibling.py"
    sibling.write_text("from assets.ingest.raw_streams import RAW_STREAMS\n")
    assert layer_violations("statinwatch", upward) == ["upward.py imports pipelines.runner"]
    assert layer_violations("assets", sibling) == [
        "sibling.py imports the asset module assets.ingest.raw_streams"
    ]
