"""Where the built-in deck and questionnaire are, installed or in a checkout."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import cvo_workshop

BUILTIN_DECK = "core"
BUILTIN_QUESTIONNAIRE = "personalization-maturity"


def _root(name: str) -> Path:
    # A wheel carries decks/ and assessments/ inside the package (hatch
    # force-include); an editable install or a checkout has them at the repo root.
    packaged = Path(str(files(cvo_workshop))) / "_bundled" / name
    if packaged.is_dir():
        return packaged
    return Path(cvo_workshop.__file__).resolve().parent.parent / name


def decks_dir() -> Path:
    return _root("decks")


def assessments_dir() -> Path:
    return _root("assessments")


def builtin_deck_path() -> Path:
    return decks_dir() / f"{BUILTIN_DECK}.yaml"


def builtin_questionnaire_path() -> Path:
    return assessments_dir() / f"{BUILTIN_QUESTIONNAIRE}.yaml"
