"""The options every printed card output shares (`deck print`, `backlog export`),
defined once so they read and check the same everywhere."""

from __future__ import annotations

import math
from collections.abc import Callable

import click

from cvo_workshop.commands._text import TEXT


def _offset(ctx: click.Context, param: click.Parameter, value: str | None):
    if value is None:
        return (0.0, 0.0)
    parts = value.replace(" ", "").split(",")
    try:
        x, y = (float(p) for p in parts)
    except ValueError:
        raise click.BadParameter(
            f"expected X,Y in millimetres (e.g. 0.5,-1), not {value!r}"
        ) from None
    if not (math.isfinite(x) and math.isfinite(y)):
        raise click.BadParameter(f"expected X,Y in millimetres, not {value!r}")
    if abs(x) > 10 or abs(y) > 10:
        raise click.BadParameter("an offset over 10 mm is not a printer's misalignment")
    return (x, y)


def _bleed(ctx: click.Context, param: click.Parameter, value: float) -> float:
    # FloatRange lets NaN through (every comparison with it is false).
    if not math.isfinite(value):
        raise click.BadParameter(f"{value} is not a number of millimetres between 0 and 5")
    return value


def bleed_option(what: str = "") -> Callable:
    return click.option(
        "--bleed",
        type=click.FloatRange(0, 5),
        callback=_bleed,
        default=3.0,
        show_default=True,
        metavar="MM",
        help=f"How far colour runs past the cut line, in mm{what}.",
    )


def offset_option(what: str = "") -> Callable:
    return click.option(
        "--offset",
        callback=_offset,
        metavar="X,Y",
        help="Shift the back pages X mm right and Y mm up (duplex), for a printer "
        f"that misaligns its two sides{what}. Refused if it would push the backs "
        "into the sheet's outer 5 mm.",
        type=TEXT,
    )


def cut_lines_option(what: str = "") -> Callable:
    return click.option(
        "--cut-lines",
        is_flag=True,
        help="Print the cut lines through the sheet instead of crop marks in the "
        f"margins{what} (Letter always has them for its vertical cuts: its top and "
        "bottom margins are too narrow for marks).",
    )
