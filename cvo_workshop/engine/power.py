"""How big a test must be, and how long a cohort takes to give it.

The test compares a proportion (the primary KPI as a rate: repeat purchase,
add-on bought...) in the new state against a hold-out kept on the current
state, two-sided at alpha 0.05 with 80% power.

Sample size per arm is the normal-approximation formula for two independent
proportions with unequal arms (Fleiss, Levin & Paik, *Statistical Methods for
Rates and Proportions*, 3rd ed., 2003, section 4.3; Fleiss, Tytun & Ury,
Biometrics 36:343-346, 1980). With treatment rate p1, hold-out rate p2,
r = n2 / n1 and p = (p1 + r p2) / (1 + r):

    n1 = [z(1-a/2) sqrt(p q (1 + 1/r)) + z(1-b) sqrt(p1 q1 + p2 q2 / r)]^2 / (p1 - p2)^2

then the continuity correction n1' = n1/4 [1 + sqrt(1 + 2 (r + 1) / (n1 r |p1 - p2|))]^2,
n2' = r n1'. The hold-out is the control share, so a 5% hold-out is r = 5/95:
far more orders in all than a 50/50 split needs, which is the price of
exposing 95% of the customers at once.

A cohort supplies samples as its customers order: customers x orders per
customer per year / 52 a week (each order is one chance to show the new
state). A test that needs more than a year of them is called too small, with
the lift a year would detect: the "1% for 100% vs 10% for 10%" argument
(ARCHITECTURE.md, Domain, Reach) as a number.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from statistics import NormalDist

from cvo_workshop.engine.text import counted, percent, percent_change
from cvo_workshop.model.grooming import TestEstimate, TestPlan

ALPHA = 0.05
POWER = 0.80
WEEKS_A_YEAR = 52
_Z = NormalDist()


def _z(alpha: float, power: float) -> tuple[float, float]:
    return _Z.inv_cdf(1 - alpha / 2), _Z.inv_cdf(power)


def arm_sizes(
    p1: float,
    p2: float,
    ratio: float = 1.0,
    *,
    power: float = POWER,
    alpha: float = ALPHA,
    continuity: bool = True,
) -> tuple[float, float]:
    """Samples needed in the first arm (rate p1) and the second (rate p2 = n2 / n1 x
    `ratio` of them), unrounded. `continuity` applies Fleiss's correction."""
    if not (0 < p1 < 1 and 0 < p2 < 1) or p1 == p2 or ratio <= 0:
        raise ValueError("two different rates between 0 and 1, and a positive ratio")
    za, zb = _z(alpha, power)
    r = ratio
    p = (p1 + r * p2) / (1 + r)
    delta = abs(p1 - p2)
    root = za * math.sqrt(p * (1 - p) * (1 + 1 / r)) + zb * math.sqrt(
        p1 * (1 - p1) + p2 * (1 - p2) / r
    )
    n1 = root**2 / delta**2
    if continuity:
        n1 = n1 / 4 * (1 + math.sqrt(1 + 2 * (r + 1) / (n1 * r * delta))) ** 2
    return n1, r * n1


def power_of(n1: float, n2: float, p1: float, p2: float, *, alpha: float = ALPHA) -> float:
    """The power of the uncorrected test with n1 and n2 samples (the far tail left out,
    as R's power.prop.test does)."""
    za = _Z.inv_cdf(1 - alpha / 2)
    p = (n1 * p1 + n2 * p2) / (n1 + n2)
    delta = abs(p1 - p2)
    spread = math.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2)
    return _Z.cdf((delta - za * math.sqrt(p * (1 - p) * (1 / n1 + 1 / n2))) / spread)


@dataclass(frozen=True)
class Need:
    """The orders a test needs: in the new state and in the hold-out."""

    treatment: int
    holdout: int

    @property
    def total(self) -> int:
        return self.treatment + self.holdout


def need(baseline: float, lift: float, holdout: float) -> Need:
    """Orders to detect a relative `lift` over `baseline` with `holdout` of them kept
    on the current state (ValueError when the lifted rate reaches 100%)."""
    lifted = baseline * (1 + lift)
    if lifted >= 1:
        raise ValueError(f"{percent_change(lift)} on {percent(baseline, 1)} is 100% or more")
    if lifted == baseline:  # the lift lost in rounding: a rate near the smallest float
        raise ArithmeticError("the lift is too small for floating point")
    treatment, control = arm_sizes(lifted, baseline, holdout / (1 - holdout))
    if not math.isfinite(treatment + control):
        raise OverflowError("more orders than floating point holds")
    return Need(math.ceil(treatment), math.ceil(control))


def detectable_lift(baseline: float, total: float, holdout: float) -> float | None:
    """The smallest relative lift `total` orders detect (None: not even a rate of 100%)."""
    ceiling = 1 / baseline - 1  # the lift that takes the rate to 100%
    lo, hi = 0.0, ceiling
    if _total(baseline, hi * 0.999999, holdout) > total:
        return None
    for _ in range(60):
        mid = (lo + hi) / 2
        if _total(baseline, mid, holdout) > total:
            lo = mid
        else:
            hi = mid
    return hi


def _total(baseline: float, lift: float, holdout: float) -> float:
    if lift <= 0:
        return math.inf
    t, c = arm_sizes(baseline * (1 + lift), baseline, holdout / (1 - holdout))
    return t + c


def estimate(
    *,
    baseline: float | None,
    lift: float,
    holdout: float,
    customers: int | None,
    orders_per_year: float | None,
) -> TestEstimate | None:
    """How long the test needs, in words and numbers; None without a baseline rate."""
    if baseline is None:
        return None
    try:
        return _estimate(baseline, lift, holdout, customers, orders_per_year)
    except ArithmeticError:
        # Rates a form refuses (model/grooming.SMALLEST_SHARE) but an older file may
        # hold: 1e-300% squares to zero, 1e-320% overflows the arms' ratio.
        return TestEstimate(
            treatment=0,
            holdout=0,
            summary="not computable (a rate this small is beyond the test-size arithmetic)",
        )


def _estimate(
    baseline: float,
    lift: float,
    holdout: float,
    customers: int | None,
    orders_per_year: float | None,
) -> TestEstimate:
    at = percent_change(lift)
    try:
        n = need(baseline, lift, holdout)
    except ValueError as e:
        return TestEstimate(treatment=0, holdout=0, summary=f"cannot test: {e}")
    base = {"treatment": n.treatment, "holdout": n.holdout, "customers": customers}
    if customers is None or orders_per_year is None:
        missing = "cohort size" if customers is None else "purchase frequency"
        summary = f"needs {n.total:,} orders at {at} (no {missing} known to say how long)"
        return TestEstimate(**base, orders_per_year=orders_per_year, summary=summary)
    weekly = customers * orders_per_year / WEEKS_A_YEAR
    yearly = customers * orders_per_year
    if weekly <= 0:
        summary = f"too small: the cohort has no orders to test on (needs {n.total:,} at {at})"
        return TestEstimate(**base, orders_per_year=orders_per_year, summary=summary)
    weeks = n.total / weekly
    if weeks <= WEEKS_A_YEAR:
        shown = max(1, math.ceil(weeks))
        summary = f"~{shown} week{'s' if shown > 1 else ''} at {at}"
        return TestEstimate(**base, orders_per_year=orders_per_year, weeks=weeks, summary=summary)
    reach = detectable_lift(baseline, yearly, holdout)
    one = customers == 1
    who = "even its one customer" if one else f"even all {customers:,} customers"
    everyone = f"{who} for a year ({counted(round(yearly), 'order')})"
    detect = "detects" if one else "detect"
    if reach is None:
        summary = f"too small: {everyone} {detect} no lift at all on {percent(baseline, 1)}"
    else:
        # Rounded up: a year that detects +20.1% does not detect +20%.
        shown = math.ceil(round(reach * 100, 6))
        summary = f"too small: {everyone} {detect} only +{shown}%, not {at}"
    return TestEstimate(
        **base,
        orders_per_year=orders_per_year,
        weeks=weeks,
        detectable_in_a_year=reach,
        summary=summary,
    )


def size_line(plan: TestPlan) -> str:
    """The test's size in one line, as every screen and export says it: its inputs
    and how long the cohorts take."""
    effect = percent_change(plan.min_detectable_effect)
    if plan.baseline_rate is None:
        return (
            f"{effect} with a {percent(plan.holdout, 1)} hold-out; no baseline rate yet "
            "to say how long the test needs"
        )
    inputs = (
        f"baseline {percent(plan.baseline_rate, 1)}, {effect}, hold-out {percent(plan.holdout, 1)}"
    )
    return f"{inputs}: {plan.estimate.summary}" if plan.estimate else inputs


def typed_percent(share: float, digits: int = 1) -> str:
    """A share as a person types it into a field (and reads it back from a CSV):
    0.05 -> "5%", 0.125 -> "12.5%", no trailing zeros. To show a share, use
    `engine/text.percent`, which says "<0.1%" rather than a value to type."""
    text = f"{share * 100:.{digits}f}".rstrip("0").rstrip(".") if digits else f"{share * 100:.0f}"
    return f"{text}%"


def typed_change(change: float | None) -> str:
    """A lift as the form and the CSV write it, to be typed or read back: 0.12 ->
    "+12%", -0.03 -> "-3%", no change (0, or -0 typed) -> "0%" as it reads
    everywhere; "" for None. One text per value, not the text a person typed:
    "12", "12 %" and "+12%" are one lift, written "+12%", so a form or a tracker
    that rewrites a value's text changes nothing. The text reads back as the same
    value (`model/grooming.parse_percent`): it has the decimals the value needs,
    "+0.05%" or "+0.0004%", however small. To show a lift, use
    `engine/text.percent_change` ("+<0.1%")."""
    if change is None:
        return ""
    if change == 0:
        return "0%"
    return ("-" if change < 0 else "+") + _exact_percent(abs(change))


def _exact_percent(share: float) -> str:
    """The shortest decimal text (no exponent) whose percentage reads back as
    exactly `share`: the float times 100 can be a neighbour of the one a person
    typed (0.07% is 0.0007, whose x 100 is 0.07000000000000001), so the
    neighbours that read back as `share` are tried and the shortest taken."""
    near = share * 100
    candidates = [near]
    low = high = near
    for _ in range(4):
        low, high = math.nextafter(low, -math.inf), math.nextafter(high, math.inf)
        candidates += [low, high]
    exact = [c for c in candidates if c / 100 == share] or [near]
    best = min(exact, key=lambda c: (len(repr(c)), abs(c - near)))
    text = format(Decimal(repr(best)), "f")
    return (text.rstrip("0").rstrip(".") if "." in text else text) + "%"
