"""The wall clock the workshop runs on (tests and benchmarks hand in their own).

A `Clock` tells the time of day; workshop time (wall time less pauses, the
minutes on the table's timers) is `engine.fold.WorkshopTime`, folded from events."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

Clock = Callable[[], dt.datetime]


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def local_stamp(t: dt.datetime) -> str:
    """`t` as "2026-11-20 10:00" in this computer's time zone; in UTC, saying so, when
    the local time has no date (9999-12-31 23:00 UTC is year 10000 in Amsterdam)."""
    try:
        local = t.astimezone()
    except OverflowError:
        return f"{_stamp(t.astimezone(dt.UTC))} UTC"
    return _stamp(local)


def _stamp(t: dt.datetime) -> str:
    # isoformat, not %Y: strftime writes year 1 as "1"
    return f"{t.date().isoformat()} {t:%H:%M}"
