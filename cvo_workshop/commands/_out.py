"""Everything the commands print: text from files and people shown literally.

One rule for every line: markup (`[bold]`) is never read, and control and
invisible characters (ESC, OSC 52 clipboard writes, bidi overrides) are shown
instead of reaching the terminal (engine.text.printable). `echo` prints a line,
`console()` prints tables and panels (every string it renders is literal),
`print_export` and `print_json` print an export asked for on stdout. Files
written with `-o` keep the data exactly: they are data, not a terminal.
"""

from __future__ import annotations

import functools
import sys
from typing import TYPE_CHECKING, Any

import click

from cvo_workshop.engine.text import printable, printable_document, printable_json

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text


@functools.cache
def _literal_console() -> type[Console]:
    from rich.console import Console

    class LiteralConsole(Console):
        """Renders every string it is given (print args, table cells and titles)
        literally. A Panel reads a str title as markup itself: give it `text()`."""

        def render_str(self, text: str, **kwargs: Any) -> Text:
            kwargs.update(markup=False, emoji=False, highlight=False)
            return super().render_str(printable(text), **kwargs)

    return LiteralConsole


def console(stderr: bool = False) -> Console:
    return _literal_console()(stderr=stderr, highlight=False, soft_wrap=False)


def text(value: Any, style: str = "") -> Text:
    """User or file text as a literal, styled Rich Text."""
    from rich.text import Text

    return Text(printable(value), style=style)


def echo(message: object = "", *, err: bool = False, nl: bool = True) -> None:
    """A line for the terminal, control characters shown."""
    click.echo(printable(message), err=err, nl=nl)


def print_export(data: str) -> None:
    """An export (CSV, Markdown, SQL, YAML) on stdout, control characters shown."""
    sys.stdout.write(printable_document(data))


def print_json(data: str) -> None:
    """JSON on stdout with what a terminal would act on or not show written as
    `\\uXXXX` escapes: the same JSON to a program (engine.text.printable_json)."""
    sys.stdout.write(printable_json(data))


KIND_STYLE = {
    "automation": "bold cyan",
    "customization": "bold magenta",
    "personalization": "bold yellow",
    "cohort": "bold green",
}
