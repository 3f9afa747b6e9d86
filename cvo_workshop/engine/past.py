"""What an earlier test of a card says to the next workshop of the same organization.

A past result (model/grooming.PastResult, found by service/backlog.past_results)
is shown with the card on the table, and when the room starts scoring the card
it pre-fills the framework's confidence: a test that won makes us sure, one
that lost makes us doubt. The room may change the value; until it does, it is
shown as pre-filled.

- won: high confidence; inconclusive: medium; lost: low.
- A framework says high, medium and low in its own words: a confidence chosen
  from choices named High, Medium and Low (RICE: 100%, 80%, 50%) takes that
  choice; a confidence on a 1-10 scale (ICE) takes 8, 5 and 2. A framework
  without a confidence factor (PIE) is not pre-filled.
"""

from __future__ import annotations

from collections.abc import Sequence

from cvo_workshop.engine.backlog import result_line
from cvo_workshop.engine.frameworks import FrameworkDef
from cvo_workshop.model.grooming import Outcome, PastResult

#: The factor a past result pre-fills.
CONFIDENCE = "confidence"

#: How sure a past outcome makes the room.
CONFIDENCE_WORDS = {Outcome.WON: "high", Outcome.INCONCLUSIVE: "medium", Outcome.LOST: "low"}

#: Those words on a 1-10 scale.
SCALE_POINTS = {"high": 8.0, "medium": 5.0, "low": 2.0}


def latest(results: Sequence[PastResult]) -> PastResult | None:
    """The newest result with an outcome (results come newest first)."""
    return next((r for r in results if r.result.outcome is not None), None)


def past_words(past: PastResult) -> str:
    """One earlier test in one line: "Won, +12% measured; learned: ... (12 Mar 2026, acme.cvow)"."""
    return f"{result_line(past.result)} ({past.held:%d %b %Y}, {past.workshop})"


def confidence_for(spec: FrameworkDef, outcome: Outcome) -> float | None:
    """The confidence `outcome` suggests, in `spec`'s own values (None: the
    framework has no confidence, or no choice named so)."""
    if CONFIDENCE not in spec.keys:
        return None
    factor = spec.factor(CONFIDENCE)
    word = CONFIDENCE_WORDS[outcome]
    if factor.entry == "choice":
        return next((c.value for c in factor.choices if c.label.casefold() == word), None)
    return min(max(SCALE_POINTS[word], factor.low), factor.high)


def prefill(spec: FrameworkDef, results: Sequence[PastResult]) -> tuple[dict[str, float], str]:
    """The factors to pre-fill from a card's past results and where they come
    from, in words (({}, "") when there is nothing to pre-fill)."""
    past = latest(results)
    if past is None or past.result.outcome is None:
        return {}, ""
    value = confidence_for(spec, past.result.outcome)
    if value is None:
        return {}, ""
    why = f"from the past result: {past.result.outcome.value} ({past.held:%d %b %Y})"
    return {CONFIDENCE: value}, why
