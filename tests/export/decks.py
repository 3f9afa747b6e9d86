"""Small decks for the PDF tests, built in code so each test shows what it prints."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from cvo_workshop.model.deck import Deck
from cvo_workshop.store.decks import load_deck_text


def recipe(card_id: str, kind: str = "automation", **fields: Any) -> dict[str, Any]:
    card = {
        "id": card_id,
        "kind": kind,
        "title": f"Title of {card_id}",
        "prompt": f"Prompt of {card_id}?",
        "goal": "loyalty",
        "tactic": "B",
        "min_capability": "incidental",
        "lifecycle": ["conversion"],
        "data": [f"data of {card_id}"],
        "kpis": [f"kpi of {card_id}"],
        "effort": "low",
        "examples": [f"Example of {card_id}."],
    }
    card.update(fields)
    return card


def cohort(cohort_id: str, **fields: Any) -> dict[str, Any]:
    out = {
        "id": cohort_id,
        "name": f"Name of {cohort_id}",
        "definition": f"Definition of {cohort_id}.",
        "plays": [f"play of {cohort_id}"],
    }
    out.update(fields)
    return out


def deck_yaml(cards: list[dict], cohorts: list[dict] = (), name: str = "Test deck") -> str:
    data = {"deck": {"id": "test", "name": name}, "cards": list(cards), "cohorts": list(cohorts)}
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def make_deck(cards: list[dict], cohorts: list[dict] = (), name: str = "Test deck") -> Deck:
    return load_deck_text(deck_yaml(cards, cohorts, name))


def write_deck(path: Path, cards: list[dict], cohorts: list[dict] = ()) -> Path:
    path.write_text(deck_yaml(cards, cohorts), encoding="utf-8")
    return path


def numbered(n: int, kind: str = "automation") -> list[dict]:
    return [recipe(f"{kind[:4]}-{i:03d}", kind) for i in range(n)]


LONG = "This sentence is here to make the card far too long to fit. " * 60
