"""Vega specs drawn to SVG, in worker processes when there are many.

vl-convert draws one chart at a time per process (threads measured no faster), and a report
draws a timeline per flagged patient, so a pool of processes, one per core, draws them side by
side. The workers are spawned, never forked (the parent holds DuckDB's threads), and import
only this module and vl-convert.
"""

import multiprocessing
import os
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

import vl_convert

# Below this many charts, starting the workers costs more than it saves.
POOL_MIN_CHARTS = 24
# Vega reads nothing from outside the spec: every value is inline.
NO_NETWORK: list[str] = []


def vega_svg(spec: dict) -> str:
    return vl_convert.vega_to_svg(spec, allowed_base_urls=NO_NETWORK)


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def draw_all(specs: Sequence[dict], pool_from: int = POOL_MIN_CHARTS) -> list[str]:
    """Every spec drawn, in order."""
    workers = min(_cores(), len(specs))
    if len(specs) >= pool_from and workers > 1:
        context = multiprocessing.get_context("spawn")
        chunksize = max(1, len(specs) // (workers * 4))
        try:
            with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
                return list(pool.map(vega_svg, specs, chunksize=chunksize))
        except BrokenProcessPool:
            # Spawned workers re-import the parent's __main__, and a script without a main
            # guard kills them there; the charts are still owed, so they are drawn here.
            pass
    return [vega_svg(spec) for spec in specs]
