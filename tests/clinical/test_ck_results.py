"""CK tiers (sw_ck_tier): the EAS consensus limits of clinical.md §2.2, each limit belonging to
the tier below it ("CK > 4× ULN"), with the limits from rules/rules.toml."""

import pytest

from statinwatch.rules import rule_parameters


@pytest.mark.parametrize(
    ("multiple", "tier"),
    [(None, 0), (0.5, 0), (1.0, 0), (1.01, 1), (4.0, 1), (4.01, 2), (10.0, 2), (10.5, 3),
     (40.0, 3), (40.5, 4)],
)  # fmt: skip
def test_each_limit_belongs_to_the_tier_below(conn, multiple, tier):
    rules = rule_parameters()
    limits = [rules["ck_tier_4x"], rules["ck_tier_10x"], rules["ck_tier_40x"]]
    assert conn.execute("select sw_ck_tier(?, ?, ?, ?)", [multiple, *limits]).fetchone()[0] == tier
