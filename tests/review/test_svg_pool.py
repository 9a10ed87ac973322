"""Charts drawn by the worker pool are the charts drawn in-process, in the same order."""

import vl_convert

from statinwatch.report.svg_pool import draw_all


def _bar_chart(height: int) -> dict:
    spec = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "data": {"values": [{"x": "a", "y": height}, {"x": "b", "y": 1}]},
        "mark": "bar",
        "encoding": {
            "x": {"field": "x", "type": "nominal"},
            "y": {"field": "y", "type": "quantitative"},
        },
    }
    return vl_convert.vegalite_to_vega(spec)


def test_the_pool_draws_every_chart_as_drawn_in_process_in_order():
    specs = [_bar_chart(height) for height in (3, 7, 11, 19, 23)]
    in_process = draw_all(specs, pool_from=len(specs) + 1)
    pooled = draw_all(specs, pool_from=1)
    assert pooled == in_process
    assert len(set(pooled)) == len(specs)  # each chart its own, not one drawn five times
    assert all(svg.lstrip().startswith("<svg") for svg in pooled)
