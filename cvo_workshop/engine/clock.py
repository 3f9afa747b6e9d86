"""The wall clock the workshop runs on (tests and benchmarks hand in their own).

A `Clock` tells the time of day; workshop time (wall time less pauses, the
minutes on the table's timers) is `engine.fold.WorkshopTime`, folded from events."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

Clock = Callable[[], dt.datetime]


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
