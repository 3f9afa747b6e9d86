"""What a phone is told: the workshop as far as it may be shown.

Built from who has scored (`summary.present_voters`) and `Draw.by_participant`
(empty while votes are hidden), so no message carries another's hidden value; the
one hidden value a message holds is the person's own (`mine`), and it goes to
their own device only (`state(session, you)`)."""

from __future__ import annotations

from typing import Any

from cvo_workshop.engine.frameworks import FrameworkDef, definition, show_number, show_reach
from cvo_workshop.engine.session import Session
from cvo_workshop.engine.summary import asked_factors, given_factors, present_voters


def framework(spec: FrameworkDef) -> dict[str, Any]:
    return {
        "name": spec.name,
        "factors": [
            {
                "key": f.key,
                "label": f.label,
                "help": f.help,
                "entry": f.entry,
                "low": f.low,
                "high": f.high,
                "unit": f.unit,
                "choices": [{"value": c.value, "label": c.label} for c in f.choices],
            }
            for f in spec.factors
        ],
    }


def state(session: Session, you: str | None = None) -> dict[str, Any]:
    """The whole state the phone of `you` shows; sent on connect and after every change."""
    setup = session.setup
    spec = definition(setup.framework)
    s = session.state
    cur = session.current or (s.draws[-1] if s.draws else None)
    draw: dict[str, Any] | None = None
    if cur is not None:
        cohorts = {c.id: c for c in setup.cohorts}
        cohort = cohorts.get(cur.cohort)
        team = cur.team_score(setup)
        spread = {}
        for key in spec.keys:
            values = team.values(key)
            if not values:
                continue
            agreement = team.agreement(key)
            spread[key] = {
                "values": {name: v[key] for name, v in cur.by_participant.items() if key in v},
                "median": show_number(team.median(key)),
                "agreement": agreement.label if agreement else "",
            }
        overall = team.overall_agreement()
        # what is not asked because the cohort gives it (RICE reach), shown as given
        asked = asked_factors(s, cur)
        given = {
            key: {"shown": show_reach(value, origin), "source": origin}
            for key, (value, origin) in given_factors(s, cur).items()
        }
        draw = {
            "number": cur.number,
            "card": {
                "title": cur.card.title,
                "prompt": cur.card.prompt,
                "kind": str(cur.card.kind),
            },
            "cohort": {
                "name": cohort.name if cohort else cur.cohort,
                "description": cohort.description if cohort else "",
            },
            # (the participants': who has left is no longer counted, phone.html)
            "voters": present_voters(s, cur),
            # what is asked of each person, and what this one gave (shown again after a
            # reload, and what is still to go): their own, hidden from everyone else
            "asked": list(asked),
            "given": given,
            "mine": dict(cur.votes.get(you, {})) if you else {},
            "hidden": cur.hidden,
            "blind": cur.blind,
            "revealed": cur.revealed,
            "revotes": cur.revotes,
            "spread": spread if cur.by_participant else {},
            "agreement": overall.label if overall and cur.by_participant else "",
            "decision": str(cur.decision) if cur.decision else None,
            "note": cur.note,
        }
    return {
        "type": "state",
        "organization": setup.organization,
        "participants": [p.name for p in setup.participants],
        "framework": framework(spec),
        "draw": draw,
        "ended": s.ended,
    }
