"""The flagging rules file (rules/rules.toml): thresholds as SQL parameters, plus its version."""

import tomllib
from functools import cache
from pathlib import Path

from pipelines.paths import RESOURCE_ROOT

RULES_PATH = RESOURCE_ROOT / "rules" / "rules.toml"


@cache
def load_rules(path: Path = RULES_PATH) -> dict:
    with path.open("rb") as handle:
        return tomllib.load(handle)


def rule_parameters(rules: dict | None = None) -> dict[str, object]:
    """Flatten sections to `<section>_<name>` names, the way SQL files refer to them."""
    rules = rules or load_rules()
    flat: dict[str, object] = {"rules_version": rules["version"]}
    for section, values in rules.items():
        if isinstance(values, dict):
            flat.update({f"{section}_{name}": value for name, value in values.items()})
    return flat
