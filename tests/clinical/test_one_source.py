"""One source per rule: reason codes live in vocabulary/reason_codes.csv, thresholds in
rules/rules.toml; the SQL, the report and docs/rules.md must agree with them."""

import re

import pytest

from statinwatch.paths import PROJECT_ROOT, SQL_DIR
from statinwatch.report.reasons import reason_phrases, reason_table
from statinwatch.rules import load_rules
from statinwatch.vocabulary import vocabulary_rows

RULES_DOC = PROJECT_ROOT / "docs" / "rules.md"
# A reason code as the SQL writes it: a quoted upper-case word of four characters or more.
_SQL_CODE = re.compile(r"'([A-Z][A-Z0-9_]{3,})'")
_DOC_THRESHOLD_ROW = re.compile(r"^\| (`[a-z_]+\.[a-z_0-9]+`(?: / `[a-z_0-9]+`)*) \| ([^|]+) \|")
_VERSION = re.compile(r"\b\d{4}\.\d{2}\.\d+\b")


def codes_in_sql(text: str) -> set[str]:
    return set(_SQL_CODE.findall(text))


def vocabulary_codes() -> list[str]:
    return [row["code"] for row in vocabulary_rows("reason_codes")]


def unknown_codes(sql_text: str) -> set[str]:
    """Codes a statement emits that vocabulary/reason_codes.csv does not list."""
    return codes_in_sql(sql_text) - set(vocabulary_codes())


def test_every_code_the_sql_can_emit_is_in_the_vocabulary_and_vice_versa():
    emitted = codes_in_sql((SQL_DIR / "clinical" / "patient_evaluation.sql").read_text())
    emitted |= {row["reason_code"] for row in vocabulary_rows("ck_tiers") if row["reason_code"]}
    assert emitted == set(vocabulary_codes())


def test_the_code_check_catches_a_code_missing_from_the_vocabulary():
    sql = "select {'code': 'STATIN_EXPOSED'}, {'code': 'MADE_UP_REASON'}"
    assert unknown_codes(sql) == {"MADE_UP_REASON"}


def test_vocabulary_orders_are_complete_and_unique():
    rows = vocabulary_rows("reason_codes")
    assert sorted(int(row["listed"]) for row in rows) == list(range(1, len(rows) + 1))
    assert len(set(vocabulary_codes())) == len(rows)
    assert {row["kind"] for row in rows} <= {"finding", "risk", "implied"}


def test_card_phrases_name_the_thresholds_of_the_rules_file():
    rules = load_rules()
    table = reason_table()
    assert table["PERSISTENT_SYMPTOMS"][1].startswith(
        f"symptoms for {rules['symptoms']['persistent_days']} days"
    )
    assert f"{rules['ck']['tier_40x']:g}×" in table["CK_GT_40X_ULN"][1]
    findings, risks = reason_phrases("STATIN_EXPOSED;RISK_FEMALE;CK_GT_4X_ULN;NEW_CODE")
    assert findings == [table["CK_GT_4X_ULN"][1], "NEW_CODE"]
    assert risks == ["female"]


def documented_thresholds() -> dict[str, str]:
    """`section.key` → value text of each row of docs/rules.md's thresholds table."""
    found = {}
    for line in RULES_DOC.read_text(encoding="utf-8").splitlines():
        if match := _DOC_THRESHOLD_ROW.match(line):
            names = [name.strip("` ") for name in match.group(1).split(" / ")]
            section = names[0].split(".")[0]
            keys = [names[0], *(f"{section}.{name}" for name in names[1:])]
            values = [value.strip() for value in match.group(2).split(" / ")]
            found.update(zip(keys, values, strict=False))
    return found


@pytest.mark.parametrize(
    "key",
    [
        f"{section}.{name}"
        for section, values in load_rules().items()
        if isinstance(values, dict)
        for name in values
    ],
)
def test_docs_give_each_threshold_with_its_value(key):
    section, name = key.split(".")
    value = load_rules()[section][name]
    documented = documented_thresholds()
    assert key in documented, f"docs/rules.md has no row for {key}"
    assert re.match(rf"^{re.escape(f'{value:g}')}\b", documented[key]), (
        f"docs/rules.md says {key} = {documented[key]!r}, rules.toml says {value}"
    )


def test_docs_name_no_rules_version_but_the_current_one():
    versions = set(_VERSION.findall(RULES_DOC.read_text(encoding="utf-8")))
    assert versions <= {load_rules()["version"]}


def test_docs_list_exactly_the_vocabulary_reason_codes():
    text = RULES_DOC.read_text(encoding="utf-8")
    section = text[text.index("## Reason codes") :]
    section = section[: section.find("\n## ", 1)] if "\n## " in section[1:] else section
    listed = re.findall(r"^\| `([A-Z0-9_]+)` \|", section, flags=re.MULTILINE)
    assert sorted(listed) == sorted(vocabulary_codes())
