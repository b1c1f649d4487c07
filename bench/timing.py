"""What the benchmark scripts share: one pinned CPU, CPU-time clocks, interleaved rounds."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping

__all__ = ["clock", "interleaved_rounds", "pin_one_cpu"]


def pin_one_cpu() -> None:
    """Keep this process on one CPU, the lowest-numbered it may use (where the OS allows it)."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def clock(work: Callable[[], object]) -> float:
    """CPU seconds (time.process_time) of one call of ``work``."""
    began = time.process_time()
    work()
    return time.process_time() - began


def interleaved_rounds(count: int, paths: Mapping[str, Callable[[], object]], *,
                       rotate: bool = False) -> dict[str, list[float]]:
    """CPU seconds of every path in each of ``count`` rounds, each path once a round: a shared
    machine's speed drifts, and taking turns spreads the drift over all of them. With
    ``rotate``, round r starts at path r (modulo their number) instead of the first."""
    names = list(paths)
    spent: dict[str, list[float]] = {name: [] for name in names}
    for r in range(count):
        k = r % len(names) if rotate else 0
        for name in names[k:] + names[:k]:
            spent[name].append(clock(paths[name]))
    return spent
