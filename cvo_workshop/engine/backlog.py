"""The prioritized backlog a workshop's state yields.

Accepted draws become items (merged ones share one item); each is scored by
the workshop's framework, gated into a horizon by the organization's maturity,
and ranked. Every export and the grooming screen read what `build` returns, so
they all say the same thing.

The rules, in order:
- horizon: a card whose minimum capability is at or below the organization's
  level goes to *now*, one level up to *next*, higher to *later*; a card that
  requires a card neither in the backlog nor already live is *blocked*; a
  horizon set by hand wins.
  With no maturity known, the organization is taken to be Incidental, and
  every item's why says so.
- rank: by horizon (now, next, later, blocked); within it low-hanging fruit
  first (Incidental, low effort, and automation or tagged so by the deck), then
  by score, highest first
  (unscored last), then by draw; an order set by hand, when the facilitator set one,
  wins within each horizon.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass

from cvo_workshop.engine.dealing import below_incidental, maturity_label, org_level
from cvo_workshop.engine.fold import Draw, State
from cvo_workshop.engine.frameworks import (
    REACH,
    RICE,
    Breakdown,
    cohort_reach,
    definition,
    score,
    show_number,
)
from cvo_workshop.engine.gcpause import without_gc
from cvo_workshop.engine.power import estimate, size_line, typed_change
from cvo_workshop.engine.text import and_list, percent_change
from cvo_workshop.model.backlog import (
    Backlog,
    BacklogItem,
    CohortRef,
    LiveCard,
    ScoreBreakdown,
    SetAside,
    WorkshopInfo,
)
from cvo_workshop.model.card import Capability, CohortCard, Effort, Kind, RecipeCard
from cvo_workshop.model.grooming import (
    DEFAULT_HOLDOUT,
    DEFAULT_MIN_EFFECT,
    GUARDRAIL_SEPARATOR,
    Horizon,
    Outcome,
    ReachBasis,
    TestPlan,
    TestResult,
    guardrail_list,
    parse_percent,
)
from cvo_workshop.model.workshop import Decision, Framework, WildcardCard, WorkshopSetup

HORIZONS: tuple[Horizon, ...] = (Horizon.NOW, Horizon.NEXT, Horizon.LATER, Horizon.BLOCKED)


def level_rank(setup: WorkshopSetup) -> int:
    """The rank (0-4) horizons are gated by: the organization's level (dealing.org_level),
    0 when the assessment found it below Incidental, else 1 (assumed)."""
    level = org_level(setup)
    if level is not None:
        return level.rank
    return 0 if below_incidental(setup) else 1


def gate(min_capability: Capability | None, level: Capability | int | None) -> Horizon:
    """The horizon maturity alone gives a card. `level` is a level, a rank (0: below
    Incidental), or None (not assessed: taken as Incidental)."""
    if min_capability is None:
        return Horizon.NOW
    rank = level if isinstance(level, int) else (level.rank if level else 1)
    gap = min_capability.rank - rank
    if gap <= 0:
        return Horizon.NOW
    return Horizon.NEXT if gap == 1 else Horizon.LATER


_AUTOMATION, _INCIDENTAL, _LOW = Kind.AUTOMATION, Capability.INCIDENTAL, Effort.LOW


#: Low effort as a team scores it: RICE's effort at most one person-month; ICE's
#: and PIE's ease 7 or more of 10. Unscored, the deck's estimate says.
LOW_EFFORT_PM = 1.0
EASY = 7.0


def low_effort(card: RecipeCard | WildcardCard, factors: Mapping[str, float | None]) -> str:
    """Why the card is low effort, in words ("0.5 person-months", "1 person-month"),
    or "" if it is not. The team's score wins over the deck's estimate: a card the deck calls quick
    but the room scored at 3 person-months is not low effort."""
    effort, ease = factors.get("effort"), factors.get("ease")
    if effort is not None:
        return RICE.factor("effort").show(effort) if effort <= LOW_EFFORT_PM else ""
    if ease is not None:
        return f"ease {show_number(ease)} of 10" if ease >= EASY else ""
    return "the deck's estimate" if card.effort is _LOW else ""


def is_low_hanging(
    card: RecipeCard | WildcardCard, factors: Mapping[str, float | None] | None = None
) -> bool:
    """Needs no more than Incidental capability and little effort (`low_effort`), and
    is automation or a card its deck marks `low-hanging-fruit` (never asking twice, say)."""
    if card.min_capability is not _INCIDENTAL or not low_effort(card, factors or {}):
        return False
    tagged = isinstance(card, RecipeCard) and LOW_HANGING_TAG in card.tags
    return card.kind is _AUTOMATION or tagged


LOW_HANGING_TAG = "low-hanging-fruit"


def reaches_nobody(reach: float | None, cohorts: Sequence[CohortRef]) -> bool:
    """A reach of 0 (RICE), or cohorts all measured at 0% of customers (any framework):
    an item nobody would see, never low-hanging fruit nor a recommendation."""
    return reach == 0 or (bool(cohorts) and all(c.share == 0 for c in cohorts))


def cohort_ref(setup: WorkshopSetup, cohort_id: str) -> CohortRef:
    try:
        c = setup.cohort(cohort_id)
    except KeyError:
        return CohortRef(id=cohort_id, name=cohort_id)
    return CohortRef(id=c.id, name=c.name, share=c.share, revenue_share=c.revenue_share)


@dataclass(frozen=True, slots=True)
class _Scored:
    value: float | None
    breakdown: Breakdown
    reach: float | None


def _score(
    setup: WorkshopSetup, draws: Sequence[Draw], basis: ReachBasis, refs: dict[str, CohortRef]
) -> _Scored:
    """The item's score: the first draw's factors; reach (a framework with one, as
    RICE) summed over its cohorts (capped at 100%)."""
    first = draws[0]
    team = first.team_score(setup)
    factors = team.factors()
    sources = team.sources()
    if not definition(setup.framework).uses_reach:
        value, breakdown = score(setup.framework, factors, sources=sources)
        return _Scored(value, breakdown, None)
    parts: list[float] = []
    origin = ""
    counted: set[str] = set()
    for d in draws:
        if d.cohort in counted:  # a cohort reached twice is still reached once
            continue
        counted.add(d.cohort)
        entered = (factors if d is first else d.team_score(setup).factors()).get(REACH)
        if entered is not None:
            parts.append(entered)
            origin = origin or "entered"
            continue
        ref = refs[d.cohort]
        r, origin_here = cohort_reach(ref.share, ref.revenue_share, basis)
        if r is None:
            parts = []
            break
        parts.append(r)
        origin = origin or origin_here
    # Not rounded to 2 decimals: a cohort of 0.004% reaches 0.004%, not 0% (12
    # significant digits only drop the float noise of the sum).
    reach = min(float(f"{math.fsum(parts):.12g}"), 100.0) if parts else None
    if len(counted) > 1 and reach is not None:
        origin = f"sum of {len(counted)} cohorts' {origin}"
    factors[REACH] = reach
    if reach is not None:
        sources[REACH] = origin
    value, breakdown = score(setup.framework, factors, sources=sources)
    return _Scored(value, breakdown, reach)


def _breakdown(b: Breakdown) -> ScoreBreakdown:
    return ScoreBreakdown.model_validate(
        {
            "framework": b.framework,
            "formula": b.formula,
            "method": b.method,
            "value": b.value,
            "factors": {
                t.key: {"value": t.value, "shown": t.shown, "source": t.source} for t in b.terms
            },
            "missing": list(b.missing),
            "text": b.text,
        }
    )


def _why(
    horizon: Horizon,
    card_min: Capability | None,
    at: str,
    blocked_by: Sequence[str],
    moved: tuple[Horizon, str] | None,
    low_hanging: str,
    live: Sequence[str] = (),
    improves_live: bool = False,
) -> str:
    text = _gated_why(horizon, card_min, at, blocked_by, moved, low_hanging)
    if live:
        text += f" It requires {and_list(live)}, already live."
    if improves_live:
        # dealt to improve what the organization has (`i`), not new work
        text += " The card is already live: this item improves it."
    return text


def _gated_why(
    horizon: Horizon,
    card_min: Capability | None,
    at: str,
    blocked_by: Sequence[str],
    moved: tuple[Horizon, str] | None,
    low_hanging: str,
) -> str:
    if moved is not None:
        reason = f": {moved[1]}" if moved[1] else " (no reason given)"
        return f"Moved to {moved[0].label} by hand{reason}."
    if horizon is Horizon.BLOCKED:
        return f"Blocked: it requires {and_list(blocked_by)}, not in the backlog."
    if card_min is None:
        return "Now: written in the room with no minimum capability."
    needs = f"needs {card_min.label} capability; the organization is at {at}"
    text = {
        Horizon.NOW: f"Now: {needs}.",
        Horizon.NEXT: f"Next: {needs}, one level short.",
        Horizon.LATER: f"Later: {needs}, two or more levels short.",
    }[horizon]
    if low_hanging:
        text += f" Low-hanging fruit: Incidental capability, low effort ({low_hanging})."
    return text


@without_gc
def build(state: State, titles: Mapping[str, str] | None = None) -> Backlog:
    """The backlog as the workshop's events leave it.

    `titles` (card id -> title, e.g. the deck's cards) names the cards an item
    requires in its why; cards drawn in the workshop are named without it, and
    a card known by neither is named by its id.
    """
    setup = state.setup
    names = {**(titles or {}), **{d.card.id: d.card.title for d in state.draws}}
    g = state.grooming
    level = org_level(setup)
    rank = level_rank(setup)
    at = (
        maturity_label(level, setup.assessment)
        if level is not None or setup.assessment is not None
        else "Incidental (assumed: no maturity set or assessed)"
    )
    accepted = {d.number: d for d in state.draws if d.decision is Decision.ACCEPTED}

    groups: list[list[Draw]] = []
    seen: set[int] = set()
    for number in accepted:
        if number in seen:
            continue
        members = [accepted[n] for n in g.group(number) if n in accepted]
        seen.update(d.number for d in members)
        groups.append(members)

    card_ids = {ds[0].card.id for ds in groups}
    live = set(setup.live)
    refs = {d.cohort: cohort_ref(setup, d.cohort) for d in accepted.values()}
    rows: list[dict] = []
    for draws in groups:
        first = draws[0]
        item_id = f"d{first.number}"
        card = first.card
        scored = _score(setup, draws, g.reach_basis, refs)
        requires = card.requires if isinstance(card, RecipeCard) else []
        # A requirement is met by an item of the backlog or by a card already live.
        met_live = [r for r in requires if r not in card_ids and r in live]
        blocked_by = [r for r in requires if r not in card_ids and r not in live]
        moved = g.horizons.get(item_id)
        gated = Horizon.BLOCKED if blocked_by else gate(card.min_capability, rank)
        horizon = moved[0] if moved else gated
        factors = {t.key: t.value for t in scored.breakdown.terms}
        # Low-hanging fruit is what to start now: an item moved out of Now by hand,
        # or blocked by a card it requires, is not (nor ranked first where it is).
        cohorts: list[CohortRef] = []
        for d in draws:
            ref = refs[d.cohort]
            if ref not in cohorts:
                cohorts.append(ref)
        # Nor is an item that reaches nobody (its cohorts have no customers).
        low = (
            horizon is Horizon.NOW
            and is_low_hanging(card, factors)
            and not reaches_nobody(scored.reach, cohorts)
        )
        low_words = low_effort(card, factors) if low else ""
        edits = g.edits.get(item_id, {})
        kpi = edits.get("kpi", primary_kpi(card))
        notes = "\n".join(d.note for d in draws if d.note)
        rows.append(
            {
                "id": item_id,
                "title": edits.get("title", first.card.title),
                "card": card,
                "cohorts": cohorts,
                "draws": [d.number for d in draws],
                "kind": card.kind,
                "min_capability": card.min_capability,
                "score": scored.value,
                "breakdown": _breakdown(scored.breakdown),
                "reach": scored.reach,
                "horizon": horizon,
                "why": _why(
                    horizon,
                    card.min_capability,
                    at,
                    [f"“{names[r]}”" if r in names else r for r in blocked_by],
                    moved,
                    low_words,
                    [f"“{names[r]}”" if r in names else r for r in met_live],
                    improves_live=card.id in live,
                ),
                "blocked_by": blocked_by,
                "by_hand": moved is not None,
                "moved_reason": moved[1] if moved else "",
                "low_hanging": low,
                "owner": edits.get("owner", ""),
                "kpi": kpi,
                "test_plan": plan_of(
                    card, edits, kpi, [setup_cohort(setup, d.cohort) for d in draws]
                ),
                "notes": edits.get("notes", notes),
            }
        )

    rows = _rank(rows, g.order, g.placed)
    items = [BacklogItem.model_validate(r) for r in rows]
    return Backlog(
        workshop=WorkshopInfo(
            id=setup.id,
            organization=setup.organization,
            facilitator=setup.facilitator,
            participants=list(setup.participants),
            goals=list(setup.goals),
            created=setup.created,
            deck=setup.deck.name,
        ),
        framework=setup.framework,
        reach_basis=g.reach_basis,
        maturity=level,
        assessment=setup.assessment,
        items=items,
        parked=_set_aside(state, Decision.PARKED),
        rejected=_set_aside(state, Decision.REJECTED),
        live=live_cards(state, names),
    )


#: The heading every screen and export gives the cards already live.
LIVE_HEADING = "Already live"


def live_origin(draw: int | None) -> str:
    """Where a live card was said: "ticked at setup" or "said at draw 3"."""
    return f"said at draw {draw}" if draw else "ticked at setup"


def live_cards(state: State, titles: Mapping[str, str]) -> list[LiveCard]:
    """The cards already live, in the order they were said: ticked at setup,
    then at the table (with the draw where the room said so)."""
    said = {d.card.id: d.number for d in state.draws if d.live}
    return [LiveCard(card=c, title=titles.get(c, c), draw=said.get(c)) for c in state.setup.live]


def primary_kpi(card: RecipeCard | WildcardCard) -> str:
    """The one measure a test of the card is judged on: its primary KPI, else its first."""
    if not isinstance(card, RecipeCard):
        return ""
    return card.primary_kpi or (card.kpis[0] if card.kpis else "")


def setup_cohort(setup: WorkshopSetup, cohort_id: str) -> CohortCard | None:
    try:
        return setup.cohort(cohort_id)
    except KeyError:
        return None


def cohort_orders(cohorts: Sequence[CohortCard | None]) -> tuple[int | None, float | None]:
    """Customers of the item's cohorts (each counted once) and their orders per customer
    per year; None where any cohort does not know it."""
    if not cohorts or any(c is None for c in cohorts):
        return None, None
    unique = list({c.id: c for c in cohorts if c is not None}.values())
    sizes = [c.customers for c in unique]
    if None in sizes:
        return None, None
    customers = sum(s or 0 for s in sizes)
    if customers == 0:  # nobody to test on, whatever the frequency: no orders a year
        return 0, 0.0
    rates = [c.orders_per_year for c in unique]
    if None in rates:
        return customers, None
    orders = sum((c.customers or 0) * (c.orders_per_year or 0.0) for c in unique)
    return customers, orders / customers


def plan_of(
    card: RecipeCard | WildcardCard,
    edits: Mapping[str, str],
    kpi: str,
    cohorts: Sequence[CohortCard | None],
) -> TestPlan:
    """The item's test plan: what the room typed, else the card's hypothesis and
    guardrails, the default hold-out and effect; sized from its cohorts (engine/power)."""
    recipe = card if isinstance(card, RecipeCard) else None

    def share(field: str, default: float | None) -> float | None:
        return parse_percent(edits[field]) if field in edits else default

    holdout = share("holdout", DEFAULT_HOLDOUT) or DEFAULT_HOLDOUT
    effect = share("min_detectable_effect", DEFAULT_MIN_EFFECT) or DEFAULT_MIN_EFFECT
    baseline = share("baseline_rate", None)
    customers, orders_per_year = cohort_orders(cohorts)
    guardrails = (
        guardrail_list(edits["guardrails"])
        if "guardrails" in edits
        else list(recipe.guardrails if recipe else [])
    )
    return TestPlan(
        result=result_of(edits),
        current_state=edits.get("current_state", ""),
        new_state=edits.get("new_state", ""),
        metric=edits.get("metric", kpi),
        hypothesis=edits.get("hypothesis", recipe.hypothesis if recipe else ""),
        guardrails=guardrails,
        holdout=holdout,
        baseline_rate=baseline,
        min_detectable_effect=effect,
        estimate=estimate(
            baseline=baseline,
            lift=effect,
            holdout=holdout,
            customers=customers,
            orders_per_year=orders_per_year,
        ),
    )


def result_of(edits: Mapping[str, str]) -> TestResult | None:
    """What the test found, from the fields typed (None: nothing typed)."""
    if not any(f in edits for f in ("outcome", "measured_lift", "learning")):
        return None
    outcome = edits.get("outcome", "").strip().lower()
    lift = edits.get("measured_lift")
    return TestResult(
        outcome=Outcome(outcome) if outcome else None,
        # + 0.0: "-0%" typed is no change, 0, as every export writes it (not -0.0)
        measured_lift=parse_percent(lift) + 0.0 if lift else None,
        learning=edits.get("learning", ""),
    )


def guardrails_line(plan: TestPlan) -> str:
    """The guardrails in one line, as typed back into the form: "a; b"."""
    return f"{GUARDRAIL_SEPARATOR} ".join(plan.guardrails)


def plan_facts(item: BacklogItem) -> list[tuple[str, str]]:
    """The test plan as labelled facts, the ones given only (no placeholder a
    client would read as content), for the report and the slides alike."""
    plan = item.test_plan
    facts = [
        ("Current state", plan.current_state),
        ("New state", plan.new_state),
        ("Decided by", plan.metric or item.kpi),
        ("Hypothesis", plan.hypothesis),
        ("Guardrails", guardrails_line(plan)),
        # Without a baseline rate the size says only that it cannot say yet.
        ("Test size", size_line(plan) if plan.baseline_rate is not None else ""),
        ("Result", result_line(plan.result) if plan.result else ""),
    ]
    return [(label, text) for label, text in facts if text.strip()]


def result_line(result: TestResult) -> str:
    """What a test found in one line: "Won, +12% measured; learned: ..."."""
    parts = [result.outcome.label if result.outcome else "Outcome not given"]
    if result.measured_lift is not None:
        parts[0] += f", {percent_change(result.measured_lift)} measured"
    if result.learning:
        parts.append(f"learned: {result.learning}")
    return "; ".join(parts)


def typed_result(item: BacklogItem) -> dict[str, str]:
    """An item's result fields as the form shows them and the CSV writes them, one
    text per value (the lift as `typed_change` writes it): `backlog results` reads
    a tracker's cells the same way (store/results.canonical) and changes only the
    values that differ."""
    result = item.test_plan.result
    return {
        "outcome": result.outcome.value if result and result.outcome else "",
        "measured_lift": typed_change(result.measured_lift) if result else "",
        "learning": result.learning if result else "",
    }


def _priority_key(row: dict) -> tuple:
    value = row["score"]
    return (not row["low_hanging"], value is None, -(value or 0.0), row["draws"][0])


def _rank(rows: list[dict], order: Sequence[str], moved: Set[str]) -> list[dict]:
    """Sort by horizon, then priority; an order set by hand wins within each horizon. An
    item the facilitator `moved` that sits off its place by priority is by hand."""
    placed = {item: i for i, item in enumerate(order)}
    out: list[dict] = []
    for horizon in HORIZONS:
        here = sorted((r for r in rows if r["horizon"] is horizon), key=_priority_key)
        by_priority = [r["id"] for r in here]
        if placed:
            here.sort(key=lambda r: placed.get(r["id"], len(placed) + by_priority.index(r["id"])))
            for position, r in enumerate(here):
                if r["id"] in moved and by_priority[position] != r["id"]:
                    r["by_hand"] = True
                    if not r["moved_reason"] and "by hand" not in r["why"]:
                        r["why"] += " Placed by hand in the order."
        out.extend(here)
    for rank, r in enumerate(out, start=1):
        r["rank"] = rank
        if r["score"] is not None and "by hand" not in r["why"]:
            r["why"] += f" Ranked by {r['breakdown'].text.split(' = ')[0]}."
    return out


def _set_aside(state: State, decision: Decision) -> list[SetAside]:
    out = []
    for d in state.draws:
        if d.decision is not decision:
            continue
        refs = {d.cohort: cohort_ref(state.setup, d.cohort)}
        scored = _score(state.setup, [d], state.grooming.reach_basis, refs)
        out.append(
            SetAside(
                draw=d.number,
                title=d.card.title,
                card=d.card.id,
                cohort=cohort_ref(state.setup, d.cohort),
                decision=decision,  # type: ignore[arg-type]
                reason=d.reason,
                note=d.note,
                score=scored.value,
                breakdown_text=scored.breakdown.text,
            )
        )
    return out


def score_line(item: BacklogItem) -> str:
    """The score in one short line: "ICE 6.67" or "ICE: not scored"."""
    name = item.breakdown.framework.label
    return (
        f"{name} {show_number(item.score)}"
        if item.score is not None
        else not_scored(item.breakdown.framework)
    )


def not_scored(framework: Framework) -> str:
    """A score not given (or not every factor of it), for a reader outside the room:
    "RICE: not scored", not what the facilitator has still to enter ("RICE: needs Impact")."""
    return f"{framework.label}: not scored"


def score_text(item: BacklogItem) -> str:
    """The score with how it was made ("RICE 6.67 = ..."), or "RICE: not scored"."""
    return item.breakdown.text if item.score is not None else not_scored(item.breakdown.framework)


def set_aside_score(row: SetAside, framework: Framework) -> str:
    """A parked or rejected draw's score with how it was made, or "RICE: not scored"."""
    return row.breakdown_text if row.score is not None else not_scored(framework)
