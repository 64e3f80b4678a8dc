"""Timing helpers shared by the benchmarks: alternate the contenders, report medians."""

from __future__ import annotations

import gc
import statistics
import time
import tracemalloc
from collections.abc import Callable


def compare(contenders: dict[str, Callable[[], object]], repeats: int) -> dict[str, float]:
    """Median seconds of each contender, run in turns so that drift hits all alike."""
    times: dict[str, list[float]] = {name: [] for name in contenders}
    for run in contenders.values():  # warm up caches and allocators
        run()
    for _ in range(repeats):
        for name, run in contenders.items():
            gc.collect()
            start = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(t) for name, t in times.items()}


def peak_memory(run: Callable[[], object]) -> int:
    """Peak bytes allocated (Python objects and NumPy buffers) while `run` runs."""
    gc.collect()
    tracemalloc.start()
    try:
        run()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def report(title: str, rows: list[tuple[str, str]]) -> None:
    print(f"\n{title}")
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"  {label:<{width}}  {value}")
