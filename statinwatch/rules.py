"""The flagging rules file (rules/rules.toml): thresholds as SQL parameters, plus its version,
and the activity classes of the vocabulary that the exercise rules match against."""

import tomllib
from functools import cache
from pathlib import Path

from statinwatch.paths import RESOURCE_ROOT
from statinwatch.vocabulary import activity_class_parameters

RULES_PATH = RESOURCE_ROOT / "rules" / "rules.toml"


@cache
def load_rules(path: Path = RULES_PATH) -> dict:
    with path.open("rb") as handle:
        return tomllib.load(handle)


def rule_parameters(rules: dict | None = None) -> dict[str, object]:
    """Flatten sections to `<section>_<name>` names, the way SQL files refer to them, and add
    the activity class patterns (`activity_<class>_pattern`)."""
    rules = rules or load_rules()
    flat: dict[str, object] = {"rules_version": rules["version"], **activity_class_parameters()}
    for section, values in rules.items():
        if isinstance(values, dict):
            flat.update({f"{section}_{name}": value for name, value in values.items()})
    return flat
