"""Shared pieces of the benchmarks: timing, and one row of the table.

Machines here are shared and noisy, so each figure is a median of several runs
and is compared with a floor or peer measured in the same run.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Row:
    figure: str
    value: float
    unit: str  # "s", "ms", "MB"
    target: str  # in words, e.g. "< 1.5 s" or "<= 2x floor"
    met: bool
    peer: str = ""
    peer_value: float | None = None

    @property
    def ratio(self) -> float | None:
        if self.peer_value:
            return self.value / self.peer_value
        return None


def median_time(fn: Callable[[], object], repeat: int = 5, warmup: int = 1) -> float:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def best_interleaved(fns: Sequence[Callable[[], object]], repeat: int = 3) -> list[float]:
    """The fastest run of each of fns, run in turn: for ratios between long figures.

    Running them alternately lets a noisy spell on a shared machine hit all of
    them, and the fastest run is the one least disturbed by other processes
    (the reading timeit's documentation recommends).
    """
    best = [float("inf")] * len(fns)
    for _ in range(repeat):
        for i, fn in enumerate(fns):
            t = time.perf_counter()
            fn()
            best[i] = min(best[i], time.perf_counter() - t)
    return best


def process_time(argv: list[str], repeat: int = 7) -> float:
    """Median wall time of a fresh process (start-up included), started as an
    installed copy starts (`installed_env`)."""
    env = installed_env()

    def run() -> None:
        subprocess.run(argv, check=True, capture_output=True, env=env)

    return median_time(run, repeat=repeat)


PY = sys.executable
ROOT = Path(__file__).resolve().parent.parent


def installed_env(base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment for a child process that starts as an installed copy does:
    from byte-compiled modules, which pip writes on install. Compiles the package
    once; without this, a machine with PYTHONDONTWRITEBYTECODE set (this one) would
    time compiling every module of ours on every run, and nothing of the peer's."""
    env = dict(os.environ if base is None else base)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    subprocess.run(
        [PY, "-m", "compileall", "-q", str(ROOT / "cvo_workshop")],
        check=True,
        capture_output=True,
        env=env,
    )
    return env
