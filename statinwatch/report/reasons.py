"""Reason codes as the short phrases a clinician reads on a patient card, from
vocabulary/reason_codes.csv (one row per code, weightiest first; phrases name the thresholds of
rules/rules.toml as {section_name})."""

from functools import cache

from statinwatch.rules import rule_parameters
from statinwatch.vocabulary import vocabulary_rows

# Modifiers are listed apart: they never flag anyone on their own. An implied code (every
# flagged patient is statin-exposed) is not repeated: the card's statin row already says how.
RISK = "risk"
IMPLIED = "implied"


def _shown(value: object) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


@cache
def reason_table() -> dict[str, tuple[str, str]]:
    """Code → (kind, phrase with the rules' values filled in), weightiest first."""
    values = {name: _shown(value) for name, value in rule_parameters().items()}
    return {
        row["code"]: (row["kind"], row["phrase"].format(**values))
        for row in vocabulary_rows("reason_codes")
    }


def reason_phrases(reasons: str) -> tuple[list[str], list[str]]:
    """The findings, weightiest first, and the risk modifiers of a `;`-separated reason list;
    a code the table does not know yet is shown as it is rather than dropped."""
    table = reason_table()
    weight = {code: rank for rank, code in enumerate(table)}
    codes = sorted(
        (code for code in reasons.split(";") if code and table.get(code, ("",))[0] != IMPLIED),
        key=lambda code: weight.get(code, len(weight)),
    )
    phrase = {code: table.get(code, ("", code))[1] for code in codes}
    findings = [phrase[c] for c in codes if table.get(c, ("",))[0] != RISK]
    risks = [phrase[c] for c in codes if table.get(c, ("",))[0] == RISK]
    return findings, risks
