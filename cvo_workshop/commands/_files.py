"""Options naming a file (or folder) a command makes and keeps writing to."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click


def not_stdout(what: str) -> Callable[[click.Context, click.Parameter, Path | None], Path | None]:
    """An option callback refusing `-`, which names standard output everywhere
    else (store/output.py), for an output that has to be `what` on disk: a
    workshop file written on every decision, a response file saved on every
    answer, a folder of files. Left alone, `-` made a file named "-"."""

    def check(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path | None:
        if value is not None and str(value) == "-":
            raise click.BadParameter(f"'-' is standard output; give a {what} name")
        return value

    return check
