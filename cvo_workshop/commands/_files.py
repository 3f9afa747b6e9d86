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


def refuse_binary_on_terminal(output: Path | None, what: str, name: str) -> None:
    """A usage error when `output` is standard output (`-`, or `/dev/stdout`...)
    and standard output is a terminal, which would fill with `what`'s raw bytes
    (a PDF, a slide deck, a PNG) and be left in a state only `reset` repairs.
    A pipe or a file (`-o - > name`, `-o - | lpr`) still takes them."""
    import sys

    from cvo_workshop.store.output import is_stdout

    if output is None or not is_stdout(output):
        return
    try:
        terminal = sys.stdout.isatty()
    except (AttributeError, ValueError):  # no stdout, or a closed one
        return
    if terminal:
        raise click.BadParameter(
            f"standard output is a terminal, which cannot show {what}: give a file name "
            f"(-o {name}), or send it to a file or a program (-o - > {name})",
            param_hint="'-o' / '--output'",
        )
