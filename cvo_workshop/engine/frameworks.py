"""Scoring frameworks: the registry of them, and a breakdown of every score.

A framework is one `FrameworkDef` in `FRAMEWORKS`: its id (the name workshop
files use), factors (scales, choices, labels, keys), formula, description and
the one-line breakdown text. Everything else reads it: the workshop scores draws
with it, the backlog ranks items with it, the score panel and the draw screen
take its factors' keys, the setup screen and `workshop new --framework` list it,
the exports print its breakdowns. Adding a framework is one `register()` call
here (see ARCHITECTURE.md). `score()` never returns a bare number; the
breakdown says how the number was made.

- ICE: impact, confidence, ease, each 1-10; the score is their **average**.
- PIE: potential, importance, ease, each 1-10; the score is their average.
- RICE: reach x impact x confidence / effort. Reach is the share of customers
  the cohort holds, in percent (from the cohort card when known, or entered);
  impact 3 / 2 / 1 / 0.5 / 0.25; confidence 100 / 80 / 50 %; effort in
  person-months, at least 0.5.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from cvo_workshop.engine.text import bound_in_words, share_percent
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
    #: after a value: "%", " person-months"
    unit: str = ""
    #: after exactly 1, where it is not `unit`: " person-month"
    unit_one: str = ""
    #: where a narrow column has no room for `unit`: " person-mo" (never " pm",
    #: which reads as a time of day)
    unit_short: str = ""
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

    def show(self, value: float | None, *, short: bool = False) -> str:
        """A value as a person reads it: '7', '80%', 'High (2)', '1.5 person-months'
        ('1 person-month'); `short` where a column has no room: '1.5 person-mo'. The one
        place a factor's value gets its unit: the breakdown's formula line says it so.

        A typed number (`entry` "number": RICE's effort and a typed reach) keeps every
        decimal it was typed with (`show_typed`): an effort of 1.004 reads "1.004
        person-months", so the formula beside the score multiplies out to it (RICE
        27.89 = 17.5% x 2 x 80% / 1.004), on screen as in every export."""
        if value is None:
            return "–"
        if self.entry == "choice":
            for c in self.choices:
                if c.value == value:
                    return f"{c.label} ({show_number(value)}{self.unit})"
        number = show_typed(value) if self.entry == "number" else show_number(value)
        if short and self.unit_short:
            unit = self.unit_short
        else:  # singular after exactly one
            unit = self.unit_one if number == "1" and self.unit_one else self.unit
        return f"{number}{unit}"

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


#: The factor a framework's reach is entered in: when a framework has it, the
#: cohort's share (or revenue share) fills it unless the room typed one.
REACH = "reach"


@dataclass(frozen=True, slots=True)
class FrameworkDef:
    """One scoring framework, whole: adding one is an instance passed to `register`."""

    id: Framework  # the name in workshop files and exports: "rice"
    formula: str  # "Reach x Impact x Confidence / Effort"
    method: str  # its description, said in full: "reach x impact x confidence / effort"
    factors: tuple[Factor, ...]
    #: The score from every factor's value (all known, by factor key).
    compute: Callable[[Mapping[str, float]], float]
    #: How the score was made, after "= ": "(7 + 5 + 8) / 3 (average)".
    explain: Callable[[Mapping[str, float]], str]
    short: str = "average"  # the method in a few characters, for narrow screens
    #: `explain` with each factor as the breakdown shows it (by key), for a framework
    #: whose factor is not always shown as its number: RICE's measured reach, "<0.1%".
    explain_shown: Callable[[Mapping[str, float], Mapping[str, str]], str] | None = None

    @property
    def name(self) -> str:
        return self.id.label

    @property
    def uses_reach(self) -> bool:
        """Whether the cohort's share counts: the framework has a `reach` factor."""
        return REACH in self.keys

    def factor(self, key: str) -> Factor:
        for f in self.factors:
            if f.key == key:
                return f
        raise KeyError(key)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(f.key for f in self.factors)


#: Every framework a workshop may use, by id, in the order the setup screen offers them.
FRAMEWORKS: dict[str, FrameworkDef] = {}


def register(spec: FrameworkDef) -> FrameworkDef:
    """Make `spec` a framework workshops can name (by `spec.id`)."""
    FRAMEWORKS[spec.id] = spec
    _score.cache_clear()  # a score cached under a replaced definition is stale
    return spec


def average(values: Mapping[str, float]) -> float:
    return sum(values.values()) / len(values)


def explain_average(values: Mapping[str, float]) -> str:
    parts = " + ".join(show_number(v) for v in values.values())
    return f"({parts}) / {len(values)} (average)"


def cohort_reach(
    share: float | None, revenue_share: float | None, basis: ReachBasis
) -> tuple[float | None, str]:
    """A cohort's RICE reach in percent, and where it came from: its share of
    customers, or of revenue when grooming switched reach to revenue (event
    `reach_basis_set`). The one rule the table, the summary and the backlog use.
    Not rounded to the percent's decimals: a cohort of 0.004% of customers reaches
    0.004%, not 0% (only the float noise of x 100 goes: 7.000000000000001 is 7)."""
    if basis is ReachBasis.REVENUE and revenue_share is not None:
        return in_percent(revenue_share), "revenue share"
    if share is None:
        return None, ""
    if basis is ReachBasis.REVENUE:
        return in_percent(share), "customer share (no revenue share known)"
    return in_percent(share), "cohort share"


def in_percent(share: float) -> float:
    """A share (0.12) in percent (12.0), to 12 significant digits: the float noise
    of x 100 goes, a tiny share keeps its digits (0.00004 -> 0.004)."""
    return float(f"{share * 100:.12g}")


def measured(source: str) -> bool:
    """Whether a reach from `source` was measured (a cohort's share), not typed."""
    return "share" in source


def show_reach(value: float | None, source: str = "cohort share") -> str:
    """A reach as a person reads it: measured (a cohort's share) as other shares are
    shown, `text.percent` to one decimal ("0.5%", "<0.1%", never "0%" for a few
    customers); typed as it was typed ("12.25%")."""
    if value is None or not measured(source):
        return RICE_REACH.show(value)
    return share_percent(value / 100)


def factor_label(framework: Framework | str, key: str) -> str:
    """A factor's label ("Impact") from its key ("impact"); the key itself when the
    framework has no such factor."""
    try:
        return definition(framework).factor(key).label
    except (KeyError, UnknownFramework):
        return key


def factor_labels(framework: Framework | str, keys: Sequence[str]) -> str:
    """Factors by label, as a person reads a list: "Impact, Confidence, Effort"."""
    return ", ".join(factor_label(framework, k) for k in keys)


def factor_words(framework: Framework | str, key: str, shown: str, source: str = "") -> str:
    """One factor of a breakdown as a person reads it: its label, its value as shown,
    and where the value came from, within one pair of parentheses: "Impact: High
    (2, median of 3)", "Reach: 5.3% (cohort share)", "Ease: 7" (entered: no source)."""
    label = factor_label(framework, key)
    if source in ("", "entered"):
        return f"{label}: {shown}"
    if shown.endswith(")"):  # a choice, "High (2)": the source joins its parentheses
        return f"{label}: {shown[:-1]}, {source})"
    return f"{label}: {shown} ({source})"


class UnknownFramework(ValueError):
    """A framework id the registry does not hold (a newer file, or a typo)."""

    def __init__(self, framework: str) -> None:
        super().__init__(f"expected {known()}, got {str(framework)!r}")


def known() -> str:
    """The registered ids, as a person reads a list: 'ice, pie or rice'."""
    ids = list(FRAMEWORKS)
    return ", ".join(ids[:-1]) + " or " + ids[-1] if len(ids) > 1 else ids[0]


def definition(framework: str) -> FrameworkDef:
    found = FRAMEWORKS.get(framework)
    if found is None:
        raise UnknownFramework(framework)
    return found


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
        values = {t.key: t.value for t in self.terms if t.value is not None}
        spec = definition(self.framework)
        if spec.explain_shown is not None:
            how = spec.explain_shown(values, {t.key: t.shown for t in self.terms})
        else:
            how = spec.explain(values)
        return f"{name} {show_number(self.value)} = {how}"

    def as_dict(self) -> dict[str, object]:
        return {
            "framework": str(self.framework),
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

    `reach` (frameworks with a reach factor) is the cohort's share in percent; a
    reach in `factors` (entered by the room) wins over it. The value is None until
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
    if spec.uses_reach and values[REACH] is None and reach is not None:
        values[REACH] = reach
        sources.setdefault("reach", "cohort share")  # or where the caller says it came from
    for key, v in values.items():
        if key == REACH and measured(sources.get(REACH, "")):
            continue  # measured, not entered: an empty cohort's 0% is a fact, not a typo
        if v is not None and (problem := spec.factor(key).check(v, entered=False)):
            raise ValueError(problem)
    terms = tuple(
        Term(
            f.key,
            f.label,
            values[f.key],
            _shown(f, values[f.key], sources.get(f.key, "")),
            sources.get(f.key, "entered"),
        )
        for f in spec.factors
    )
    missing = tuple(f.label for f in spec.factors if values[f.key] is None)
    value: float | None = None
    if not missing:
        value = rounded(spec.compute({k: float(v) for k, v in values.items() if v is not None}))
    return value, Breakdown(spec.id, spec.formula, spec.method, terms, value, missing)


def _shown(f: Factor, value: float | None, source: str) -> str:
    """A factor's value in the breakdown: a measured reach as `show_reach` does."""
    if f.key == REACH and value is not None and measured(source):
        return show_reach(value, source)
    return f.show(value)


def rounded(value: float) -> float:
    """A score as it is kept: 2 decimals, or 2 significant digits below 0.1, so a
    tiny score (RICE on a cohort of 0.004% of customers) stays above 0 and ranks
    against other tiny ones instead of tying with them at 0."""
    if value == 0 or abs(value) >= 0.1 or not math.isfinite(value):
        return round(value, 2)
    return float(f"{value:.2g}")


@lru_cache(maxsize=2048)  # a backlog shows the same few numbers thousands of times
def show_number(v: float | None) -> str:
    """A number as a person reads it: up to 2 decimals ("6.67"); a positive number
    too small for them is "<0.01", not "0" (a tiny RICE score is not none)."""
    if v is None:
        return "–"
    if 0 < v < 0.005:
        return "<0.01"
    return f"{v:g}" if v == int(v) else f"{v:.2f}".rstrip("0").rstrip(".")


def show_typed(v: float) -> str:
    """A typed number with the decimals it was typed with, up to 6 (float noise and
    trailing zeros dropped): 1.004 -> "1.004", 12.25 -> "12.25", 2.0 -> "2"; a
    positive number too small for 6 decimals as `show_number` says it."""
    text = f"{v:.6f}".rstrip("0").rstrip(".")
    return show_number(v) if text in ("0", "-0") and v != 0 else text


# --- the frameworks shipped with the app ----------------------------------------


def _scale(key: str, label: str, help: str) -> Factor:
    return Factor(key, label, help, "scale", 1, 10, spread=4)


ICE = register(
    FrameworkDef(
        Framework.ICE,
        "(Impact + Confidence + Ease) / 3",
        "average of impact, confidence and ease",
        (
            _scale("impact", "Impact", "How much it moves the goal, 1-10."),
            _scale("confidence", "Confidence", "How sure we are it will, 1-10."),
            _scale("ease", "Ease", "How easy it is to do, 1-10."),
        ),
        average,
        explain_average,
    )
)

PIE = register(
    FrameworkDef(
        Framework.PIE,
        "(Potential + Importance + Ease) / 3",
        "average of potential, importance and ease",
        (
            _scale("potential", "Potential", "How much room for improvement there is, 1-10."),
            _scale("importance", "Importance", "How valuable the customers it touches are, 1-10."),
            _scale("ease", "Ease", "How easy it is to do, 1-10."),
        ),
        average,
        explain_average,
    )
)


def _rice(v: Mapping[str, float]) -> float:
    return v[REACH] * v["impact"] * (v["confidence"] / 100) / v["effort"]


def _explain_rice(v: Mapping[str, float]) -> str:
    return _explain_rice_shown(v, {REACH: f"{show_number(v[REACH])}%"})


def _explain_rice_shown(v: Mapping[str, float], shown: Mapping[str, str]) -> str:
    n = show_number
    # A measured reach near 0 or 100% in words: "= under 0.1% reach", "= over 99.9% reach".
    reach = bound_in_words(shown[REACH])
    return (
        f"{reach} reach x {n(v['impact'])} impact x {n(v['confidence'])}% confidence"
        f" / {RICE_EFFORT.show(v['effort'])}"  # its unit, "1 person-month", said as everywhere
    )


RICE_REACH = Factor(
    REACH,
    "Reach",
    "Share of customers reached, in percent (the cohort's share when known).",
    "number",
    0.1,
    100,
    unit="%",
    spread=20,
)

RICE_EFFORT = Factor(
    "effort",
    "Effort",
    "Person-months of work, at least 0.5.",
    "number",
    0.5,
    120,
    unit=" person-months",
    unit_one=" person-month",
    unit_short=" person-mo",
    spread=2,
    ratio_spread=True,
)

RICE = FrameworkDef(
    Framework.RICE,
    "Reach x Impact x Confidence / Effort",
    "reach x impact x confidence / effort",
    (
        RICE_REACH,
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
        RICE_EFFORT,
    ),
    _rice,
    _explain_rice,
    short="R x I x C / E",
    explain_shown=_explain_rice_shown,
)
register(RICE)
