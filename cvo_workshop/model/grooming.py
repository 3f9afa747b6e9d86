"""Grooming: what the facilitator does to the backlog after the rounds.

Each edit is a workshop event (an action: undoable like a decision), so the
backlog a file yields is always the fold of its events (engine/backlog.py).
Items are named by their first draw ("d12"); a merged item by its first draw too.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field

from cvo_workshop.model.base import Record
from cvo_workshop.model.card import Text

#: An item's id: "d" and the number of its first draw.
ItemId = str


class Horizon(StrEnum):
    """When an item can be done, given the organization's maturity."""

    NOW = "now"  # the card's minimum capability is at or below the current level
    NEXT = "next"  # one level up
    LATER = "later"  # two or more levels up
    BLOCKED = "blocked"  # a card it requires is not in the backlog

    @property
    def label(self) -> str:
        return self.value.capitalize()


class ReachBasis(StrEnum):
    """What reach measures (ARCHITECTURE.md, Domain, Reach)."""

    CUSTOMERS = "customers"  # the cohort's share of customers
    REVENUE = "revenue"  # the cohort's share of revenue (value-weighted reach)

    @property
    def label(self) -> str:
        return "share of customers" if self is ReachBasis.CUSTOMERS else "share of revenue"


class TestPlan(Record):
    """Test the current state against the new state, not against nothing
    (ARCHITECTURE.md, Domain)."""

    __test__ = False  # not a pytest test class

    current_state: Text = ""
    new_state: Text = ""
    metric: Text = ""  # the KPI that decides, e.g. "repeat purchase rate at 90 days"


#: The item fields a facilitator edits as text, named as the backlog item names
#: them (`current_state`, `new_state` and `metric` are its `test_plan`'s).
EditableField = Literal["title", "owner", "kpi", "notes", "current_state", "new_state", "metric"]
EDITABLE_FIELDS: tuple[str, ...] = EditableField.__args__  # type: ignore[attr-defined]
#: The test plan's fields as workshop files written before named them: read, never written.
OLD_FIELD_NAMES = {
    "test_current": "current_state",
    "test_new": "new_state",
    "test_metric": "metric",
}


def _current_name(value: object) -> object:
    return OLD_FIELD_NAMES.get(value, value) if isinstance(value, str) else value


class _GroomingEvent(Record):
    at: dt.datetime


class ItemEdited(_GroomingEvent):
    """One text field of an item (an empty value goes back to the card's own)."""

    type: Literal["item_edited"] = "item_edited"
    item: ItemId
    field: Annotated[EditableField, BeforeValidator(_current_name)]
    value: Text


class ItemMoved(_GroomingEvent):
    """An item put in a horizon by hand (None: back to what maturity says)."""

    type: Literal["item_moved"] = "item_moved"
    item: ItemId
    horizon: Horizon | None
    reason: Text = ""


class BacklogOrdered(_GroomingEvent):
    """The facilitator's order of items, first to last (ids not listed follow by priority)."""

    type: Literal["backlog_ordered"] = "backlog_ordered"
    order: list[ItemId] = Field(max_length=10_000)
    #: The item the facilitator moved (the others only made room): it alone is
    #: placed by hand. None (files from before): every item listed counts.
    item: ItemId | None = None


class ItemsMerged(_GroomingEvent):
    """Items the room sees as one piece of work become one item: the first item's
    card and score lead, the cohorts are joined and RICE reach adds up."""

    type: Literal["items_merged"] = "items_merged"
    items: list[ItemId] = Field(min_length=2, max_length=50)


class ItemSplit(_GroomingEvent):
    """A merged item goes back to one item a draw."""

    type: Literal["item_split"] = "item_split"
    item: ItemId


class ReachBasisSet(_GroomingEvent):
    type: Literal["reach_basis_set"] = "reach_basis_set"
    basis: ReachBasis


GROOMING_EVENTS = (ItemEdited, ItemMoved, BacklogOrdered, ItemsMerged, ItemSplit, ReachBasisSet)
