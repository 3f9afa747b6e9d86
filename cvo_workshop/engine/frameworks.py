"""Scoring frameworks: their factors, their formulas, and a breakdown of every score.

Pure and reusable: the workshop scores draws with them and the backlog ranks
items with them. `score()` never returns a bare number; the breakdown says how
the number was made (DOMAIN.md section 7).

- ICE: impact, confidence, ease, each 1-10; the score is their **average**.
- PIE: potential, importance, ease, each 1-10; the score is their average.
- RICE: reach x impact x confidence / effort. Reach is the share of customers
  the cohort holds, in percent (from the cohort card when known, or entered);
  impact 3 / 2 / 1 / 0.5 / 0.25; confidence 100 / 80 / 50 %; effort in
  person-months, at least 0.5.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from cvo_workshop.model.grooming import ReachBasis
from cvo_workshop.model.workshop import Framework


@dataclass(frozen=True, slots=True)
class Choice:
    value: float
    label: str


@dataclass(frozen=True, slots=True)
class Factor:
    """One input of a framework, and how it is entered."""

    key: str
    label: str
    help: str
    #: scale: whole numbers low-high (keys 1-9, 0 for 10);
    #: choice: one of `choices` (keys 1..n);
    #: number: any number low-high, typed.
    entry: Literal["scale", "choice", "number"]
    low: float = 1
    high: float = 10
    choices: tuple[Choice, ...] = ()
    unit: str = ""
    #: The team disagrees when its values spread this far: points on a scale
    #: or number, steps between choices. For effort, a ratio (see `disagrees`).
    spread: float = 4
    ratio_spread: bool = False

    def check(self, value: float, *, entered: bool = True) -> str | None:
        """Why `value` is not allowed for this factor, or None if it is.

        A value someone entered on a scale is a whole number; a median of
        several people's values may fall between (`entered=False`)."""
        if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
            return f"{self.label}: expected a number"
        if self.entry == "choice":
            if value not in {c.value for c in self.choices}:
                allowed = ", ".join(show_number(c.value) for c in self.choices)
                return f"{self.label}: expected one of {allowed}"
            return None
        if not self.low <= value <= self.high:
            low, high = show_number(self.low), show_number(self.high)
            return f"{self.label}: expected {low} to {high}{self.unit}"
        if entered and self.entry == "scale" and value != int(value):
            return f"{self.label}: expected a whole number"
        return None

    def from_key(self, key: str) -> float | None:
        """The value one key press means, for scale and choice factors."""
        if len(key) != 1 or not key.isdigit():
            return None
        n = int(key)
        if self.entry == "scale":
            return 10.0 if n == 0 and self.high >= 10 else (float(n) if n >= self.low else None)
        if self.entry == "choice" and 1 <= n <= len(self.choices):
            return self.choices[n - 1].value
        return None

    def choice_keys(self) -> list[str]:
        """What each key means, for a choice factor: ['1 Massive 3', '2 High 2', ...]
        (a scale's or a number's keys are the numbers themselves: [])."""
        if self.entry != "choice":
            return []
        return [
            f"{n} {c.label} {show_number(c.value)}{self.unit}"
            for n, c in enumerate(self.choices, start=1)
        ]

    def key_problem(self, key: str) -> str:
        """What to say when `key` means nothing for this factor."""
        if self.entry == "choice":
            return f"{self.label}: press 1-{len(self.choices)} ({' · '.join(self.choice_keys())})"
        low, high = show_number(self.low), show_number(self.high)
        if self.entry == "scale":
            ten = " (0 for 10)" if self.high >= 10 else ""
            return f"{self.label}: press {low}-{min(int(self.high), 9)}{ten}"
        return f"{self.label}: type a number from {low} to {high}"

    def show(self, value: float | None) -> str:
        """A value as a person reads it: '7', '80%', 'High (2)', '1.5 pm'."""
        if value is None:
            return "–"
        if self.entry == "choice":
            for c in self.choices:
                if c.value == value:
                    return f"{c.label} ({show_number(value)}{self.unit})"
        return f"{show_number(value)}{self.unit}"

    def disagrees(self, values: Sequence[float]) -> bool:
        """Whether the spread of several people's values is wide enough to discuss."""
        if len(values) < 2:
            return False
        lo, hi = min(values), max(values)
        if self.ratio_spread:
            return hi >= self.spread * lo
        if self.entry == "choice":
            order = [c.value for c in self.choices]
            steps = [order.index(v) for v in values if v in order]
            return bool(steps) and max(steps) - min(steps) >= self.spread
        return hi - lo >= self.spread


@dataclass(frozen=True, slots=True)
class FrameworkDef:
    framework: Framework
    name: str
    formula: str
    method: str  # "average" or "reach x impact x confidence / effort", said in full
    factors: tuple[Factor, ...]
    short: str = "average"  # the method in a few characters, for narrow screens

    def factor(self, key: str) -> Factor:
        for f in self.factors:
            if f.key == key:
                return f
        raise KeyError(key)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(f.key for f in self.factors)


def _scale(key: str, label: str, help: str) -> Factor:
    return Factor(key, label, help, "scale", 1, 10, spread=4)


ICE = FrameworkDef(
    Framework.ICE,
    "ICE",
    "(Impact + Confidence + Ease) / 3",
    "average of impact, confidence and ease",
    (
        _scale("impact", "Impact", "How much it moves the goal, 1-10."),
        _scale("confidence", "Confidence", "How sure we are it will, 1-10."),
        _scale("ease", "Ease", "How easy it is to do, 1-10."),
    ),
)

PIE = FrameworkDef(
    Framework.PIE,
    "PIE",
    "(Potential + Importance + Ease) / 3",
    "average of potential, importance and ease",
    (
        _scale("potential", "Potential", "How much room for improvement there is, 1-10."),
        _scale("importance", "Importance", "How valuable the customers it touches are, 1-10."),
        _scale("ease", "Ease", "How easy it is to do, 1-10."),
    ),
)

RICE = FrameworkDef(
    Framework.RICE,
    "RICE",
    "Reach x Impact x Confidence / Effort",
    "reach x impact x confidence / effort",
    (
        Factor(
            "reach",
            "Reach",
            "Share of customers reached, in percent (the cohort's share when known).",
            "number",
            0.1,
            100,
            unit="%",
            spread=20,
        ),
        Factor(
            "impact",
            "Impact",
            "Effect on each customer reached.",
            "choice",
            choices=(
                Choice(3, "Massive"),
                Choice(2, "High"),
                Choice(1, "Medium"),
                Choice(0.5, "Low"),
                Choice(0.25, "Minimal"),
            ),
            spread=2,
        ),
        Factor(
            "confidence",
            "Confidence",
            "How sure we are of reach and impact.",
            "choice",
            choices=(Choice(100, "High"), Choice(80, "Medium"), Choice(50, "Low")),
            unit="%",
            spread=2,
        ),
        Factor(
            "effort",
            "Effort",
            "Person-months of work, at least 0.5.",
            "number",
            0.5,
            120,
            unit=" pm",
            spread=2,
            ratio_spread=True,
        ),
    ),
    short="R x I x C / E",
)

FRAMEWORKS: dict[Framework, FrameworkDef] = {f.framework: f for f in (ICE, PIE, RICE)}


def cohort_reach(
    share: float | None, revenue_share: float | None, basis: ReachBasis
) -> tuple[float | None, str]:
    """A cohort's RICE reach in percent, and where it came from: its share of
    customers, or of revenue when grooming switched reach to revenue (event
    `reach_basis_set`). The one rule the table, the summary and the backlog use."""
    if basis is ReachBasis.REVENUE and revenue_share is not None:
        return round(revenue_share * 100, 2), "revenue share"
    if share is None:
        return None, ""
    if basis is ReachBasis.REVENUE:
        return round(share * 100, 2), "customer share (no revenue share known)"
    return round(share * 100, 2), "cohort share"


def definition(framework: Framework | str) -> FrameworkDef:
    # A plain lookup first: Framework(...) is slow and this runs for every score.
    found = FRAMEWORKS.get(framework)  # type: ignore[arg-type]
    return found if found is not None else FRAMEWORKS[Framework(framework)]


@dataclass(frozen=True, slots=True)
class Term:
    key: str
    label: str
    value: float | None
    shown: str
    source: str = "entered"  # "entered", "cohort share", "median of 3", ...


@dataclass(frozen=True, slots=True)
class Breakdown:
    """How a score was made: formula, each factor and where it came from."""

    framework: Framework
    formula: str
    method: str
    terms: tuple[Term, ...]
    value: float | None
    missing: tuple[str, ...] = field(default=())

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def text(self) -> str:
        """One line: 'ICE 6.67 = (7 + 5 + 8) / 3 (average)' or what is still missing."""
        name = self.framework.label
        if self.value is None:
            return f"{name}: needs " + ", ".join(self.missing)
        values = {t.key: t.value for t in self.terms}
        if self.framework is Framework.RICE:
            r, i, c, e = (values[k] for k in ("reach", "impact", "confidence", "effort"))
            assert r is not None and i is not None and c is not None and e is not None
            n = show_number
            return (
                f"{name} {n(self.value)} = {n(r)}% reach x {n(i)} impact"
                f" x {n(c)}% confidence / {n(e)} person-month{'' if e == 1 else 's'}"
            )
        parts = " + ".join(show_number(t.value) for t in self.terms if t.value is not None)
        return f"{name} {show_number(self.value)} = ({parts}) / {len(self.terms)} (average)"

    def as_dict(self) -> dict[str, object]:
        return {
            "framework": self.framework.value,
            "formula": self.formula,
            "method": self.method,
            "value": self.value,
            "factors": {
                t.key: {"value": t.value, "shown": t.shown, "source": t.source} for t in self.terms
            },
            "missing": list(self.missing),
            "text": self.text,
        }


def score(
    framework: Framework | str,
    factors: Mapping[str, float | None],
    reach: float | None = None,
    sources: Mapping[str, str] | None = None,
) -> tuple[float | None, Breakdown]:
    """The framework's score for these factors, and its breakdown.

    `reach` (RICE only) is the cohort's share of customers in percent; a reach
    in `factors` (entered by the room) wins over it. The value is None until
    every factor is known; the breakdown then lists what is missing.
    """
    return _score(
        Framework(framework),
        tuple(factors.items()),
        reach,
        tuple(sources.items()) if sources else (),
    )


# Scores repeat (a room scores on small scales) and Breakdown is immutable, so
# a backlog of thousands of items computes each distinct score once.
@lru_cache(maxsize=4096)
def _score(
    framework: Framework,
    factor_items: tuple[tuple[str, float | None], ...],
    reach: float | None,
    source_items: tuple[tuple[str, str], ...],
) -> tuple[float | None, Breakdown]:
    factors = dict(factor_items)
    spec = definition(framework)
    sources = dict(source_items)
    values: dict[str, float | None] = {k: factors.get(k) for k in spec.keys}
    if spec.framework is Framework.RICE and values["reach"] is None and reach is not None:
        values["reach"] = reach
        sources.setdefault("reach", "cohort share")  # or where the caller says it came from
    for key, v in values.items():
        if key == "reach" and "share" in sources.get("reach", ""):
            continue  # measured, not entered: an empty cohort's 0% is a fact, not a typo
        if v is not None and (problem := spec.factor(key).check(v, entered=False)):
            raise ValueError(problem)
    terms = tuple(
        Term(f.key, f.label, values[f.key], f.show(values[f.key]), sources.get(f.key, "entered"))
        for f in spec.factors
    )
    missing = tuple(f.label for f in spec.factors if values[f.key] is None)
    value: float | None = None
    if not missing:
        known = {k: float(v) for k, v in values.items() if v is not None}
        if spec.framework is Framework.RICE:
            value = known["reach"] * known["impact"] * (known["confidence"] / 100) / known["effort"]
        else:
            value = sum(known.values()) / len(known)
        value = round(value, 2)
    return value, Breakdown(spec.framework, spec.formula, spec.method, terms, value, missing)


@lru_cache(maxsize=2048)  # a backlog shows the same few numbers thousands of times
def show_number(v: float | None) -> str:
    if v is None:
        return "–"
    return f"{v:g}" if v == int(v) else f"{v:.2f}".rstrip("0").rstrip(".")
