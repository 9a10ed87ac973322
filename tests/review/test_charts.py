"""The timeline chart colours a CK result by the tier the engine gave it."""

from datetime import date

import pandas as pd
import pytest

from statinwatch.report.charts import CK_TIER_PALETTE, Timeline, timeline_svgs

WINDOW = (date(2026, 3, 1), date(2026, 5, 1))


def _ck_timeline(multiple: float, tier: str) -> Timeline:
    ck = {
        "collected_at": pd.Timestamp("2026-04-20 09:00"),
        "uln_multiple": multiple,
        "tier": tier,
        "ck_u_per_l": multiple * 200,
        "is_exercise_confounded": False,
    }
    return Timeline(ck=[ck])


@pytest.mark.parametrize(
    ("multiple", "tier", "colour"),
    [
        (4.0, "1-4x", CK_TIER_PALETTE[0]),  # exactly 4× is not above 4× (EAS: > 4× ULN)
        (4.5, "4-10x", CK_TIER_PALETTE[1]),
        (10.0, "4-10x", CK_TIER_PALETTE[1]),
        (12.0, "10-40x", CK_TIER_PALETTE[2]),
        (41.0, ">40x", CK_TIER_PALETTE[3]),
    ],
)
def test_a_ck_point_takes_the_colour_of_its_tier(multiple, tier, colour):
    (svg,) = timeline_svgs(WINDOW, [_ck_timeline(multiple, tier)])
    drawn = {c for c in CK_TIER_PALETTE if c in svg}
    assert drawn == {colour}
