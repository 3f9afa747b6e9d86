"""Text from files and people, ready for the screen (never read as markup: wrap it in Content)."""

from __future__ import annotations

from cvo_workshop.engine.text import printable


def lit(value: object) -> str:
    """User or deck text, control characters made visible."""
    return printable(value)
