"""The demo workshop: a fixed script of decisions played on the built-in deck.

`cvo-workshop demo` plays it headlessly so a newcomer sees real output in
seconds. Everything is seeded: the same seed gives the same workshop, scores
and backlog. The respondents' answers are made up for the demo and say so; the
cohorts are measured by `cohorts rfm` on the demo shop's order history
(engine/demo_orders.py), so the tests' durations come from a real cohort file.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from cvo_workshop.engine.power import typed_percent
from cvo_workshop.engine.session import Session
from cvo_workshop.model.card import Capability, CohortCard
from cvo_workshop.model.grooming import DEFAULT_HOLDOUT, Horizon
from cvo_workshop.model.questionnaire import AnswerSet, Axis, Question, Questionnaire
from cvo_workshop.model.response import Response
from cvo_workshop.model.workshop import Decision, Participant

ORGANIZATION = "Northwind Outdoor (demo)"
FACILITATOR = "Fran Demo"
PARTICIPANTS = [
    Participant(name="Ana", role="CRM lead"),
    Participant(name="Ben", role="Data analyst"),
    Participant(name="Cy", role="E-commerce manager"),
]
GOALS = ["Improve retention", "Raise customer lifetime value"]
START = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)

#: The RFM segments the demo's room focuses on, in the order it lists them.
FOCUS = ("champions", "loyal", "potential-loyalists", "new-customers")

# Per draw in a round, what the room decides: mostly accept, some park, one reject.
PATTERN = [
    Decision.ACCEPTED,
    Decision.ACCEPTED,
    Decision.PARKED,
    Decision.ACCEPTED,
    Decision.REJECTED,
    Decision.ACCEPTED,
    Decision.SKIPPED,
    Decision.ACCEPTED,
]
PARK_REASONS = [
    "after the new product-information system is live",
    "needs the consent rework first",
    "good idea, no owner this quarter",
]
REJECT_REASONS = [
    "our customers would find it intrusive",
    "the margin does not allow it",
    "legal says no for now",
]
OWNERS = ["Ana", "Ben", "Cy"]
CARDS_PER_ROUND = len(PATTERN)


def demo_cohorts(measured: list[CohortCard]) -> list[CohortCard]:
    """The focus cohorts, as the RFM run measured them (sizes, shares, frequency)."""
    by_id = {c.id: c for c in measured}
    return [by_id[cid] for cid in FOCUS if cid in by_id]


#: Baseline rates the demo's facilitator types for the items' primary KPIs, and the
#: lifts worth detecting (+20% where a small cohort could not detect +10%).
BASELINES = ["30%", "40%", "20%", "35%", "25%"]
EFFECTS = ["20%", "20%", "", "20%", "20%"]
#: A bigger hold-out where the room would rather learn sooner (None: the default 5%).
HOLDOUTS = [0.5, 0.25, None, 0.5, 0.25, 0.5, None]


def demo_responses(bank: Questionnaire, seed: int) -> list[Response]:
    """Three respondents: an Incidental organization halfway to Disciplined, using
    tactics A to C, who disagree on a few statements."""
    rng = random.Random(seed)
    base_by_level = {
        Capability.INCIDENTAL: 1.0,
        Capability.DISCIPLINED: 0.25,
        Capability.CROSS_LIFECYCLE: 0.25,
        Capability.PERSONALIZED_BUSINESS: 0.0,
    }
    strategy = {"A": (1.0, 0.5), "B": (0.5, 0.5), "C": (0.5, 0.25), "D": (0.25, 0.0), "E": (0, 0)}
    out = []
    for p in PARTICIPANTS:
        answers: dict[str, object] = {}
        for q in bank.questions:
            if q.axis is Axis.CAPABILITY and q.level is not None:
                v: object = base_by_level[q.level]
                if q.level is Capability.DISCIPLINED and any(
                    w in q.id for w in ("owner", "goals", "tool")
                ):
                    # A named owner and goals: the first Disciplined steps (on a
                    # yes/no statement, Yes).
                    v = 1.0 if q.answers is AnswerSet.YES_NO else 0.5
            elif q.axis is Axis.STRATEGY:
                used, measured = strategy.get(q.dimension or "", (0, 0))
                v = used if q.aspect and q.aspect.value == "used" else measured
            elif q.axis is Axis.READINESS:
                v = 0.5
            else:
                v = rng.choice([0.0, 0.25, 0.5, 1.0, "dont_know"])
            if rng.random() < 0.03:  # now and then someone sees it differently
                v = rng.choice([0.0, 1.0])
            answers[q.id] = on_answer_set(bank, q, v)
        out.append(
            Response.model_validate(
                {"respondent": p.name, "role": p.role, "date": START.date(), "answers": answers}
            )
        )
    return out


def on_answer_set(bank: Questionnaire, question: Question, value: object) -> object:
    """`value` as the question's answer set can say it: the nearest of its values
    (the lower of two as near), so a yes/no statement is never answered 0.5."""
    if not isinstance(value, float):
        return value
    values = [s.value for s in bank.steps(question) if isinstance(s.value, float)]
    return min(values, key=lambda x: (abs(x - value), x))


def play(session: Session, seed: int, tick: Callable[[], None]) -> None:
    """The scripted workshop: three rounds of scored decisions, then grooming."""
    rng = random.Random(seed)
    spec = session.spec
    parks = iter(PARK_REASONS * 10)
    rejects = iter(REJECT_REASONS * 10)
    while True:
        while (draw := session.current) is not None:
            n = draw.number
            for f in spec.factors:
                if f.key == "reach":
                    continue  # RICE reach comes from the cohort's share
                if f.choices:
                    value = rng.choice([c.value for c in f.choices])
                elif f.key == "effort":
                    value = rng.choice([0.5, 1, 2, 3])
                else:
                    value = rng.randint(3, 9)
                session.score(f.key, value, draw=n)
            decision = PATTERN[(n - 1) % len(PATTERN)]
            if (draw.card.min_capability or Capability.INCIDENTAL).rank > 2:
                decision = Decision.ACCEPTED  # the room wants the ambitious ones on the roadmap
            reason = ""
            if decision is Decision.PARKED:
                reason = next(parks)
            elif decision is Decision.REJECTED:
                reason = next(rejects)
            tick()
            session.decide(decision, reason, draw=n)
        if session.is_last_round:
            break
        session.next_round()
    session.finish()
    groom(session)


def groom(session: Session) -> None:
    """What a facilitator does after the rounds: owners, test plans, one move."""
    from cvo_workshop.engine.backlog import build

    backlog = build(session.state)
    for n, item in enumerate(backlog.items[:6]):
        session.edit_item(item.id, "owner", OWNERS[n % len(OWNERS)])
    for n, item in enumerate(backlog.items[:3]):
        # The new state reaches the cohort less its hold-out: the same value the plan gets.
        treated = 1 - (HOLDOUTS[n % len(HOLDOUTS)] or DEFAULT_HOLDOUT)
        session.edit_item(item.id, "current_state", "what customers get today")
        session.edit_item(
            item.id, "new_state", f"{item.title}, for {typed_percent(treated)} of the cohort"
        )
    # Test-ready: the KPI's rate today, so the test is sized from the cohorts.
    for n, item in enumerate(backlog.items):
        session.edit_item(item.id, "baseline_rate", BASELINES[n % len(BASELINES)])
        if effect := EFFECTS[n % len(EFFECTS)]:
            session.edit_item(item.id, "min_detectable_effect", effect)
        if holdout := HOLDOUTS[n % len(HOLDOUTS)]:
            session.edit_item(item.id, "holdout", typed_percent(holdout))
        if not item.test_plan.hypothesis:
            cohorts = " and ".join(c.name for c in item.cohorts)
            session.edit_item(
                item.id,
                "hypothesis",
                f"Because {cohorts} get the same experience as everyone, we expect "
                f"{item.title.lower()} will move {item.kpi or 'the primary KPI'}",
            )
        if not item.test_plan.guardrails:
            session.edit_item(item.id, "guardrails", "unsubscribe rate; complaints")
    later = [i for i in backlog.items if i.horizon is Horizon.NEXT]
    if later:
        session.move_item(later[-1].id, Horizon.LATER, "the team is busy with peak season")
