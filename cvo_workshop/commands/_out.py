"""Console output shared by the commands: tables and panels that never read text as markup."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text


def console(stderr: bool = False) -> Console:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=False)


def text(value: Any, style: str = "") -> Text:
    """User or file text as a literal Rich Text (no markup, no emoji codes)."""
    from rich.text import Text

    from cvo_workshop.engine.text import printable

    return Text(printable(value), style=style)


KIND_STYLE = {
    "automation": "bold cyan",
    "customization": "bold magenta",
    "personalization": "bold yellow",
    "cohort": "bold green",
}
