"""Textual CSS for the app; each screen loads its own file."""

from __future__ import annotations

from pathlib import Path

STYLES = Path(__file__).parent


def style(name: str) -> Path:
    return STYLES / f"{name}.tcss"
