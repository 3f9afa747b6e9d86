"""A deck: its metadata, recipe cards and cohort cards."""

from __future__ import annotations

import difflib
import hashlib
import json
from collections.abc import Iterable
from functools import cached_property
from typing import TypeVar

from pydantic import Field, model_validator

from cvo_workshop.model.base import Record, Version
from cvo_workshop.model.card import CohortCard, Line, RecipeCard, Slug, Text

R = TypeVar("R")


class DeckMeta(Record):
    id: Slug
    name: Line
    version: Version = "1"
    language: str = "en"
    description: Text = ""


def reference_problems(
    card_ids: Iterable[tuple[R, str | None]],
    requires: Iterable[tuple[R, str | None, str]],
    cohort_ids: Iterable[tuple[R, str | None]] = (),
) -> list[tuple[R, str]]:
    """Duplicate ids, and `requires` that dangle, point at their own card or go round.

    `card_ids` and `cohort_ids` are (where, id); `requires` is (where, card id,
    required id). `where` is whatever the caller uses to point at a value (a
    field path, or a file and position), so the loader can check a deck whose
    cards did not all validate: one bad card must not hide the other problems.
    """
    out: list[tuple[R, str]] = []
    # One id space for cards and cohorts: a pairing, a backlog item and a journal
    # event name either by id, so an id must say which one it is.
    kind_of: dict[str, str] = {}
    for kind, entries in (("card", card_ids), ("cohort", cohort_ids)):
        for where, cid in entries:
            if cid is None:
                continue
            if kind_of.get(cid) == kind:
                out.append((where, f"duplicate {kind} id {cid!r}"))
            elif cid in kind_of:
                out.append((where, f"id {cid!r} is also a card's id; give the {kind} its own"))
            kind_of.setdefault(cid, kind)
    cards = {cid for cid, kind in kind_of.items() if kind == "card"}
    graph: dict[str, list[tuple[str, R]]] = {}
    for where, source, target in requires:
        if target == source:
            out.append((where, f"card {source!r} cannot require itself"))
        elif target not in cards:
            close = difflib.get_close_matches(target, sorted(cards), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            out.append((where, f"no card with id {target!r} in this deck{hint}"))
        elif source is not None:
            graph.setdefault(source, []).append((target, where))
    out.extend(_cycles(graph))
    return out


def _cycles(graph: dict[str, list[tuple[str, R]]]) -> list[tuple[R, str]]:
    """One problem per cycle of `requires`, at the edge that closes it."""
    out: list[tuple[R, str]] = []
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    for start in sorted(graph):
        if state.get(start):
            continue
        path: list[str] = [start]
        state[start] = 1
        stack = [iter(graph.get(start, []))]
        while stack:
            for target, where in stack[-1]:
                if state.get(target) == 1:
                    loop = [*path[path.index(target) :], target]
                    out.append((where, "requires go round in a circle: " + " -> ".join(loop)))
                elif not state.get(target):
                    state[target] = 1
                    path.append(target)
                    stack.append(iter(graph.get(target, [])))
                    break
            else:
                stack.pop()
                state[path.pop()] = 2
    return out


class Deck(Record):
    deck: DeckMeta
    cards: list[RecipeCard] = Field(default_factory=list)
    cohorts: list[CohortCard] = Field(default_factory=list)

    @model_validator(mode="after")
    def _references(self) -> Deck:
        problems = reference_problems(
            ((f"cards[{i}].id", c.id) for i, c in enumerate(self.cards)),
            (
                (f"cards[{i}].requires[{j}]", c.id, r)
                for i, c in enumerate(self.cards)
                for j, r in enumerate(c.requires)
            ),
            ((f"cohorts[{i}].id", c.id) for i, c in enumerate(self.cohorts)),
        )
        if problems:
            raise ValueError("; ".join(f"{f}: {m}" for f, m in problems))
        return self

    @cached_property
    def _cards_by_id(self) -> dict[str, RecipeCard]:
        return {c.id: c for c in self.cards}

    @cached_property
    def _cohorts_by_id(self) -> dict[str, CohortCard]:
        return {c.id: c for c in self.cohorts}

    def card(self, card_id: str) -> RecipeCard:
        return self._cards_by_id[card_id]

    def cohort(self, cohort_id: str) -> CohortCard:
        return self._cohorts_by_id[cohort_id]

    def has_card(self, card_id: str) -> bool:
        return card_id in self._cards_by_id

    def has_cohort(self, cohort_id: str) -> bool:
        return cohort_id in self._cohorts_by_id

    @cached_property
    def content_hash(self) -> str:
        """A stable hash of what the deck says, so a workshop can tell if it changed."""
        payload = json.dumps(self.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
        return "sha256:" + hashlib.sha256(payload.encode()).hexdigest()
