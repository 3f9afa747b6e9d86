"""A workshop's outcome as plain data: what `workshop summary` prints and the
summary screen shows. One function, so both say the same thing."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cvo_workshop.engine.dealing import below_incidental, deal_mode, maturity_label, org_level
from cvo_workshop.engine.fold import Draw, State
from cvo_workshop.engine.frameworks import REACH, Breakdown, cohort_reach, definition, score
from cvo_workshop.engine.team_scores import Agreement
from cvo_workshop.model.workshop import Decision


def reach(state: State, draw: Draw) -> tuple[float | None, str]:
    """RICE reach from the draw's cohort card, in percent, and where it came from
    (its share of customers, or of revenue as grooming set it)."""
    try:
        cohort = state.setup.cohort(draw.cohort)
    except KeyError:
        return None, ""
    return cohort_reach(cohort.share, cohort.revenue_share, state.grooming.reach_basis)


def draw_score(state: State, draw: Draw) -> tuple[float | None, Breakdown]:
    """One draw's score and breakdown, as the table, the summary and `workshop
    summary` show it (the backlog gives a lone draw's item the same)."""
    team = draw.team_score(state.setup)
    value, origin = reach(state, draw)
    sources = team.sources()
    if value is not None:
        sources.setdefault(REACH, origin)
    return score(state.setup.framework, team.factors(), reach=value, sources=sources)


def scored_words(state: State, draw: Draw) -> str:
    """Who has scored, never what: "4 of 6 scored" (the table and the phones). Only
    the participants count: the vote of someone who has left stays on the draw, set
    aside (Draw.away), and they are not one of the people asked."""
    people = state.setup.participants
    return f"{len(present_voters(state, draw))} of {len(people)} scored"


def revealed_word(state: State, draw: Draw) -> str:
    """What a revealed blind draw's count says of its votes: "shown" ("1 of 3 scored,
    shown"); "revealed" while nobody has scored ("0 of 3 scored, shown" read as if
    something were there to see). The table, the room screen and the phones alike."""
    return "shown" if present_voters(state, draw) else "revealed"


def given_factors(state: State, draw: Draw) -> dict[str, tuple[float, str]]:
    """The factors a draw does not ask because its cohort gives them, with the value
    and where it came from: RICE reach, from the cohort's measured share."""
    if REACH not in definition(state.setup.framework).keys:
        return {}
    value, origin = reach(state, draw)
    return {} if value is None else {REACH: (value, origin)}


def asked_factors(state: State, draw: Draw) -> tuple[str, ...]:
    """The factors each person is asked to score on a draw: all of the framework's
    but those its cohort gives (`given_factors`)."""
    given = given_factors(state, draw)
    return tuple(k for k in definition(state.setup.framework).keys if k not in given)


def voters(state: State, draw: Draw) -> list[str]:
    """Who has scored the draw, in the order they did: everyone who gave every factor
    asked of them (one factor each is not yet a vote) and whose vote counts (on a draw
    decided before someone left, theirs too; never one set aside, `Draw.away`)."""
    asked = asked_factors(state, draw)
    return [
        name for name, values in draw.counted.items() if values and all(k in values for k in asked)
    ]


def present_voters(state: State, draw: Draw) -> list[str]:
    """Who of the participants has scored the draw, in the order they did."""
    people = {p.name for p in state.setup.participants}
    return [name for name in voters(state, draw) if name in people]


def everyone_scored(state: State, draw: Draw) -> bool:
    """Every participant has scored every factor asked of them: the moment an
    auto-reveal shows the votes."""
    people = state.setup.participants
    return bool(people) and len(present_voters(state, draw)) == len(people)


def scored_factors(draw: Draw, participant: str) -> frozenset[str]:
    """The factors one participant has scored, never the values: the table shows
    "scored" against them while the draw's votes are hidden."""
    return frozenset(draw.votes.get(participant, {}))


def revote_words(revotes: int) -> str:
    """ "re-voted once", "re-voted twice", "re-voted 3 times" ("" for none)."""
    if not revotes:
        return ""
    times = {1: "once", 2: "twice"}.get(revotes, f"{revotes} times")
    return f"re-voted {times}"


def agreement_words(agreement: Agreement | None) -> str:
    """ "agreement: close" ("" when fewer than two people scored a factor)."""
    return f"agreement: {agreement.value}" if agreement else ""


def voting_words(state: State, draw: Draw) -> str:
    """How the room voted on a draw, in one line, values never named while
    hidden: "3 scored, hidden", or "re-voted once; agreement: close"."""
    parts = [revote_words(draw.revotes)]
    if draw.hidden:
        parts.append(f"{len(voters(state, draw))} scored, hidden")
    else:
        parts.append(agreement_words(draw.team_score(state.setup).overall_agreement()))
    return "; ".join(p for p in parts if p)


def draw_scores(state: State, draw: Draw) -> dict[str, Any]:
    team = draw.team_score(state.setup)
    value, breakdown = draw_score(state, draw)
    return {
        "framework": str(state.setup.framework),
        "value": value,
        "factors": team.factors(),
        "breakdown": breakdown.text,
        **team.as_dict(),
        # Who scored is no secret; what they gave is, until revealed (`participants`).
        "voters": voters(state, draw),
        "hidden": draw.hidden,
        "revotes": draw.revotes,
        "agreement": (a.value if (a := team.overall_agreement()) else None),
        "voting": voting_words(state, draw),
        # factor -> where its value came from, while it is still the pre-filled one
        "prefilled": draw.prefilled,
    }


def draw_data(state: State, draw: Draw) -> dict[str, Any]:
    setup = state.setup
    try:
        cohort_name = setup.cohort(draw.cohort).name
    except KeyError:
        cohort_name = draw.cohort
    card = draw.card
    return {
        "number": draw.number,
        "round": draw.round,
        "card": card.id,
        "title": card.title,
        "kind": card.kind.value,
        "wildcard": draw.wildcard,
        "again": draw.again,
        "min_capability": card.min_capability.value if card.min_capability else None,
        "stretch": draw.stretch,
        "cohort": draw.cohort,
        "cohort_name": cohort_name,
        "decision": draw.decision.value if draw.decision else None,
        "live": draw.live,
        "reason": draw.reason,
        "note": draw.note,
        "scores": draw_scores(state, draw),
    }


def summary(state: State, titles: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Everything decided so far, as JSON-ready data; `titles` (card id -> title,
    the deck's) names the live cards never dealt."""
    from cvo_workshop.engine.backlog import live_cards

    setup = state.setup
    names = {**(titles or {}), **{d.card.id: d.card.title for d in state.draws}}
    counts = state.counts()
    level = org_level(setup)
    return {
        "workshop": {
            "id": setup.id,
            "organization": setup.organization,
            "facilitator": setup.facilitator,
            "participants": [p.model_dump(mode="json") for p in setup.participants],
            "goals": list(setup.goals),
            "created": setup.created.isoformat(),
            "framework": str(setup.framework),
            "seed": setup.seed,
            # the level's id, "below_incidental" (assessed), or None (not assessed)
            "maturity": level.value
            if level
            else ("below_incidental" if below_incidental(setup) else None),
            "maturity_label": maturity_label(level, setup.assessment),
            "deck": {
                "id": setup.deck.id,
                "name": setup.deck.name,
                "version": setup.deck.version,
                "path": setup.deck.path,
                "content_hash": setup.deck.content_hash,
            },
            "cohorts": [c.id for c in setup.cohorts],
            "rounds": [
                {"kind": r.kind.value if r.kind else None, "cards": r.cards} for r in setup.rounds
            ],
        },
        "round": state.round,
        "ended": state.ended,
        "elapsed_seconds": round(state.elapsed(), 1),
        "counts": counts,
        "draws": [draw_data(state, d) for d in state.draws],
        "dealing": deal_mode(state.improve),
        "live": [c.model_dump(mode="json") for c in live_cards(state, names)],
    }


def by_decision(state: State) -> dict[Decision | None, list[Draw]]:
    out: dict[Decision | None, list[Draw]] = {d: [] for d in Decision}
    out[None] = []
    for d in state.draws:
        out[d.decision].append(d)
    return out


def duration(seconds: float) -> str:
    """1:05:09 or 5:09: how people read a clock."""
    s = round(max(seconds, 0))
    h, rest = divmod(s, 3600)
    m, sec = divmod(rest, 60)
    return f"{h}:{m:02d}:{sec:02d}" if h else f"{m}:{sec:02d}"
