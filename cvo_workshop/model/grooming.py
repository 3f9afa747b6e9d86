"""Grooming: what the facilitator does to the backlog after the rounds.

Each edit is a workshop event (an action: undoable like a decision), so the
backlog a file yields is always the fold of its events (engine/backlog.py).
Items are named by their first draw ("d12"); a merged item by its first draw too.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import (
    BeforeValidator,
    Field,
    SerializerFunctionWrapHandler,
    model_serializer,
    model_validator,
)

from cvo_workshop.model.base import Record
from cvo_workshop.model.card import LINE_BREAKS, LINE_MAX, Line, Text

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


#: The longest text a field holds (model/card.Text).
TEXT_MAX = 4000
#: How many guardrails a plan holds, and how long each may be (a `Line`).
MAX_GUARDRAILS = 50
MAX_GUARDRAIL_LENGTH = 300
#: A test keeps 5% of the cohort on the current state unless the room says otherwise.
DEFAULT_HOLDOUT = 0.05
#: The smallest lift worth detecting, relative to the baseline rate (+10%).
DEFAULT_MIN_EFFECT = 0.10


class TestEstimate(Record):
    """How big the test must be and how long the cohorts take to give it
    (engine/power.py); derived from the plan and the cohorts, never typed."""

    __test__ = False

    #: orders needed in the new state and in the hold-out (80% power, alpha 0.05)
    treatment: int = Field(ge=0)
    holdout: int = Field(ge=0)
    #: the item's cohorts' customers and their orders per customer per year
    customers: int | None = Field(default=None, ge=0)
    orders_per_year: float | None = Field(default=None, ge=0)
    #: how long the test needs; None when the cohort's size or frequency is unknown
    weeks: float | None = Field(default=None, ge=0)
    #: when a year is not enough: the relative lift a year of orders detects
    #: (None there: not even a rate of 100%)
    detectable_in_a_year: float | None = Field(default=None, ge=0)
    #: in words: "~6 weeks at +10%", or "too small: even all 800 customers ..."
    summary: str = Field(max_length=1000)


class Outcome(StrEnum):
    """What a test of the item found."""

    WON = "won"  # the new state beat the current one
    LOST = "lost"  # the current state did better
    INCONCLUSIVE = "inconclusive"  # no difference the test could tell

    @property
    def label(self) -> str:
        return self.value.capitalize()


class TestResult(Record):
    """What the test found, typed in grooming or read back from the tracker's CSV."""

    __test__ = False

    outcome: Outcome | None = None
    #: the lift measured on the primary KPI, relative (-0.05 = -5%)
    measured_lift: float | None = Field(default=None, gt=-1, le=10)
    #: what the team learned, for the next workshop
    learning: Text = ""


class PastResult(Record):
    """A test of a card run after an earlier workshop of the same organization."""

    card: str
    title: str
    workshop: str  # the earlier workshop's file name
    held: dt.date  # the day that workshop was set up
    result: TestResult


class TestPlan(Record):
    """Test the current state against the new state, not against nothing
    (ARCHITECTURE.md, Domain). The item's `kpi` is its primary KPI."""

    __test__ = False  # not a pytest test class

    current_state: Text = ""
    new_state: Text = ""
    metric: Text = ""  # the KPI that decides, e.g. "repeat purchase rate at 90 days"
    #: "because we saw X, we expect Y will move Z" (the card's, until the room writes its own)
    hypothesis: Text = ""
    #: customer-experience measures that must not get worse (unsubscribes, returns...)
    guardrails: list[Line] = Field(default_factory=list, max_length=MAX_GUARDRAILS)
    #: share of the cohort kept on the current state
    holdout: float = Field(default=DEFAULT_HOLDOUT, gt=0, le=0.5)
    #: the primary KPI's rate today, 0-1 (None: not known yet)
    baseline_rate: float | None = Field(default=None, gt=0, lt=1)
    #: the smallest relative lift worth detecting (0.1 = +10%)
    min_detectable_effect: float = Field(default=DEFAULT_MIN_EFFECT, gt=0, le=10)
    #: what the plan and the cohorts' sizes make of it (None without a baseline rate)
    estimate: TestEstimate | None = None
    #: what the test found, once it ran (None: not run or not told)
    result: TestResult | None = None


#: The item fields a facilitator edits as text, named as the backlog item names
#: them (the rest after `notes` are its `test_plan`'s).
EditableField = Literal[
    "title",
    "owner",
    "kpi",
    "notes",
    "current_state",
    "new_state",
    "metric",
    "hypothesis",
    "guardrails",
    "holdout",
    "baseline_rate",
    "min_detectable_effect",
    "outcome",
    "measured_lift",
    "learning",
]
EDITABLE_FIELDS: tuple[str, ...] = EditableField.__args__  # type: ignore[attr-defined]
#: Each field's name as a person reads it: the grooming form's short name for it,
#: the one its messages say ("Undone: Hold-out of ...", "Discard ... Title and Hold-out").
FIELD_NAMES: dict[str, str] = {
    "title": "Title",
    "owner": "Owner",
    "kpi": "Primary KPI",
    "notes": "Notes",
    "current_state": "Current state",
    "new_state": "New state",
    "metric": "Metric",
    "hypothesis": "Hypothesis",
    "guardrails": "Guardrails",
    "holdout": "Hold-out",
    "baseline_rate": "Baseline",
    "min_detectable_effect": "Minimum detectable effect",
    "outcome": "Result",
    "measured_lift": "Measured lift",
    "learning": "What we learned",
}
#: Fields typed as a percentage ("5%", "5" or "12.5 %"), with the range each allows
#: (exclusive low, inclusive high, as fractions).
PERCENT_FIELDS: dict[str, tuple[float, float]] = {
    "holdout": (0.0, 0.5),
    "baseline_rate": (0.0, 0.999),
    "min_detectable_effect": (0.0, 10.0),
    "measured_lift": (-1.0, 10.0),
}
#: The smallest share typed for a field that sizes a test (0.01%): smaller ones are
#: beyond the test-size arithmetic (engine/power). Files read keep what they hold.
SMALLEST_SHARE = 0.0001
SIZING_FIELDS = ("holdout", "baseline_rate", "min_detectable_effect")
#: The backlog CSV's columns a tracker fills in once a test ran, by the item field
#: each sets (export/backlog_files writes them, store/results reads them back).
RESULT_COLUMNS = {"outcome": "Result", "measured_lift": "Measured lift", "learning": "Learning"}
#: Guardrails are typed as one text, one measure per part between semicolons.
GUARDRAIL_SEPARATOR = ";"


#: Two signs before a number ("+-3%", "++5", "- -3"): refused when typed.
_TWO_SIGNS = re.compile(r"\s*[+-]\s*[+-]")
#: Digits grouped by commas in threes ("1,000", "12,500", "1,000.5"): a comma that
#: separates thousands in some places and decimals in others. Refused when typed.
_GROUPED = re.compile(r"[+-]?\s*[1-9]\d{0,2}(,\d{3})+(\.\d*)?")


def parse_percent(text: str) -> float:
    """ "5%", "+5", "12.5 %", "12,5" -> 0.05, 0.05, 0.125, 0.125 (ValueError if
    not a number).

    Lenient for what files hold: a workshop file keeps an edit as it was typed, and
    what was accepted then reads as it did. "+-3%", saved before two signs were
    refused, reads as -3%; "1,000%" (a comma taken as a decimal point) as 1% and
    "1_0" as 10, saved before such forms were refused (`value_problem`). What the
    app writes itself (`engine/power.typed_percent`, `typed_change`) has none of
    them."""
    number = text.strip().removesuffix("%").strip().removeprefix("+").replace(",", ".")
    value = float(number)
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(text)
    return value / 100


def guardrail_list(text: str) -> list[str]:
    """The guardrails typed as "unsubscribe rate; return rate" (a line break of any
    kind separates them too: a guardrail is one line)."""
    parts = (p for line in text.splitlines() for p in line.split(GUARDRAIL_SEPARATOR))
    return [p.strip() for p in parts if p.strip()]


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
    """One text field of an item (an empty value goes back to the card's own).

    A form saved with several fields changed writes one a field, the first on its
    own and the rest `with_previous`: the save is one undo step, as a decision and
    the card dealt after it are."""

    type: Literal["item_edited"] = "item_edited"
    item: ItemId
    field: Annotated[EditableField, BeforeValidator(_current_name)]
    value: Text
    #: Saved with the item_edited just before it (one save of the form): undone and
    #: redone with it. False (and in files from before): a step of its own.
    with_previous: bool = False

    @model_serializer(mode="wrap")
    def _written(self, handler: SerializerFunctionWrapHandler) -> dict[str, object]:
        # Written only when true: a one-field edit stays a line older versions read.
        data: dict[str, object] = handler(self)
        if not self.with_previous:
            data.pop("with_previous", None)
        return data

    @model_validator(mode="after")
    def _percent(self) -> ItemEdited:
        problem = edit_problem(self.field, self.value, typed=False)
        if problem:
            raise ValueError(problem)
        return self


def edit_problem(field: str, value: str, *, typed: bool = True) -> str | None:
    """What is wrong with `value` typed into `field` (None: nothing), the field named
    by its key as a workshop file writes it ("holdout: expected ..."). A form asks
    before it saves, so no half of an edit is kept. `typed=False` for an edit read
    from a file: a rate below SMALLEST_SHARE written before it was refused still
    opens (its test size says it is not computable)."""
    problem = value_problem(field, value, typed=typed)
    return f"{field}: {problem}" if problem else None


def field_problem(field: str, value: str) -> str | None:
    """`edit_problem` as a person reads it, the field named as the grooming form
    names it (FIELD_NAMES): "Hold-out: expected a percentage ..."."""
    problem = value_problem(field, value)
    return f"{FIELD_NAMES.get(field, field)}: {problem}" if problem else None


_LINE_BREAK = re.compile(f"[{LINE_BREAKS}]")


def value_problem(field: str, value: str, *, typed: bool = True) -> str | None:
    """What is wrong with `value` for `field`, without naming the field (a CSV's
    column, a form's label or a file's key does): "expected a percentage ..."."""
    if len(value) > TEXT_MAX:
        return f"at most {TEXT_MAX} characters; got {len(value)}"
    if field == "title":  # an item's title is a Line, as a card's is
        if len(value) > LINE_MAX:
            return f"at most {LINE_MAX} characters; got {len(value)}"
        if found := _LINE_BREAK.search(value):
            return f"must be one line; got a line break (U+{ord(found.group()):04X})"
        return None
    if field == "outcome" and value.strip():
        if value.strip().lower() in set(Outcome):
            return None
        return f"expected won, lost or inconclusive; got {value.strip()!r}"
    if field == "guardrails":
        parts = guardrail_list(value)
        if len(parts) > MAX_GUARDRAILS:
            return f"at most {MAX_GUARDRAILS}, separated by ';'; got {len(parts)}"
        if any(len(p) > MAX_GUARDRAIL_LENGTH for p in parts):
            return f"each at most {MAX_GUARDRAIL_LENGTH} characters"
        return None
    span = PERCENT_FIELDS.get(field)
    if span is None or not value.strip():
        return None
    low, high = span
    if typed and _TWO_SIGNS.match(value):
        # "+-3%" read as -3% without a word: a slip, not a value to guess at
        example = "-3% or +12%" if low < 0 else "5%"
        return f"expected a percentage with one sign, e.g. {example}; got {value.strip()!r}"
    if typed and (problem := _ambiguous_number(value)):
        return problem
    try:
        share: float | None = parse_percent(value)
    except ValueError:
        share = None
    if typed and field in SIZING_FIELDS and share is not None and 0 < share < SMALLEST_SHARE:
        return (
            f"expected a percentage of at least {SMALLEST_SHARE * 100:g}% and up to "
            f"{high * 100:g}%, e.g. 5%; got {value.strip()!r}"
        )
    if share is not None and low < share <= high:
        return None
    return (
        f"expected a percentage above {low * 100:g}% and up to "
        f"{high * 100:g}%, e.g. 5%; got {value.strip()!r}"
    )


def _ambiguous_number(value: str) -> str | None:
    """Why a typed percentage cannot be read without guessing, or None. "1,000%"
    was read as 1% (the comma as a decimal point) and "1_0" as 10 (Python's digit
    separator): both without a word."""
    typed = value.strip()
    number = typed.removesuffix("%").strip()
    if "_" in number:
        return f"expected a percentage in digits, without '_', e.g. 10%; got {typed!r}"
    if not _GROUPED.fullmatch(number):
        return None
    sign, digits = (number[0], number[1:].strip()) if number[0] in "+-" else ("", number)
    whole = sign + digits.replace(",", "")
    if digits.count(",") == 1 and "." not in digits:
        decimal = sign + f"{float(digits.replace(',', '.')):g}"
        return (
            f"{typed!r} could be {whole}% or {decimal}% (a comma separates thousands "
            f"in some places and decimals in others): type {whole}% or {decimal}%"
        )
    return f"expected a percentage without thousands separators, e.g. {whole}%; got {typed!r}"


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
