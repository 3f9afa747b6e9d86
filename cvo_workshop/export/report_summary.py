"""The executive summary of the report, as sentences (report.py lays them out).

What a client's executive reads first: where the organization stands and how
far from its target, what to start now, what unblocks the rest, the effort
and the owners, the decisions left open and the next steps. Parts with
nothing to say are left out. No command lines: this is client-facing text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from cvo_workshop.engine.backlog import HORIZONS, reaches_nobody
from cvo_workshop.engine.frameworks import definition
from cvo_workshop.engine.text import and_list
from cvo_workshop.export.script import isolate
from cvo_workshop.model.backlog import Backlog, BacklogItem, Horizon

#: The mark of a low-hanging fruit beside its horizon (the report's table, the slides).
LOW_HANGING = "(low-hanging fruit)"

#: Items named in one list before the rest are counted ("and 4 more").
LIST_AT_MOST = 6


@dataclass
class Summary:
    headline: str
    gaps: list[str] = field(default_factory=list)
    low_hanging: list[str] = field(default_factory=list)
    unlocks: list[str] = field(default_factory=list)
    #: (horizon, items, effort in person-months or "") a row, horizons with items only.
    effort: list[tuple[str, str, str]] = field(default_factory=list)
    owners: list[str] = field(default_factory=list)
    decisions: list[str] = field(default_factory=list)
    next_steps: list[str] = field(default_factory=list)


def date_words(d: dt.date) -> str:
    """The deliverables' one date format: '5 December 2026'."""
    return f"{d.day} {d:%B %Y}"


def ref(i: BacklogItem) -> str:
    """An item as the table and the matrix number it: '#3 Second purchase nudge'."""
    return f"#{i.rank} {isolate(i.title)}"


def effort(i: BacklogItem) -> float | None:
    """The item's effort in person-months, where its framework has that factor."""
    f = i.breakdown.factors.get("effort")
    return f.value if f is not None else None


def summarize(b: Backlog, disagreements: int, client: str | None = None) -> Summary:
    """The summary of `b`; its headline names `client` (the brand's) when given,
    else the workshop's organization, as the cover and every page's head do."""
    s = Summary(headline=_headline(b, client or b.workshop.organization))
    s.gaps = _gaps(b)
    wins = [i for i in b.horizon(Horizon.NOW) if i.low_hanging and not nobody(i)]
    s.low_hanging = _capped([ref(i) for i in wins])
    s.unlocks = _unlocks(b)
    for h in HORIZONS:
        items = b.horizon(h)
        if not items:
            continue
        pm = ""
        if "effort" in definition(b.framework).keys:  # person-months (RICE's effort)
            pm = _effort_words(b, items)
        s.effort.append((h.label, f"{len(items)} item{'s' if len(items) != 1 else ''}", pm))
    s.owners = _owners(b)
    s.decisions = _decisions(b, disagreements)
    s.next_steps = _next_steps(b, wins, disagreements)
    return s


def nobody(i: BacklogItem) -> bool:
    """The item reaches no customer (a RICE reach of 0, or cohorts of 0% of customers)."""
    return reaches_nobody(i.reach, i.cohorts)


def _effort_words(b: Backlog, items: list[BacklogItem]) -> str:
    """The items' effort summed, and those without one counted, never left out
    silently: '1 person-month + 1 not estimated', '2 not estimated'."""
    known = [e for e in map(effort, items) if e is not None]
    unknown = len(items) - len(known)
    parts = []
    if known:
        parts.append(definition(b.framework).factor("effort").show(round(sum(known), 2)))
    if unknown:
        parts.append(f"{unknown} not estimated")
    return " + ".join(parts)


def _headline(b: Backlog, org: str) -> str:
    a = b.assessment
    if a is not None:
        level = a.overall.label if a.overall else "below Incidental"
        return f"{org} is at {level} capability ({a.overall_progress:.1f} of 4)."
    if b.maturity is not None:
        return f"{org} is at {b.maturity.label} capability (set by the facilitator)."
    return f"{org}'s maturity was not assessed; the backlog takes it as Incidental."


def _gaps(b: Backlog) -> list[str]:
    a = b.assessment
    if a is None:
        return []
    out = []
    for d in a.capability:
        if d.target is None:
            continue
        level = d.level.label if d.level else "below Incidental"
        gap = f"{d.gap:.1f} to go" if d.gap else "target reached"
        out.append(
            f"{d.dimension.label}: {level} ({d.progress:.1f}), target {d.target.label}: {gap}"
        )
    return out


def required_names(i: BacklogItem) -> list[str]:
    """The cards a blocked item requires, by title where the backlog knows it.

    The backlog keeps their ids; its why names them in the same order, each as
    “Title” when the title is known, else by id ("requires “A” and b-id, not in
    the backlog"). Read back in that order; the ids when the why is not that."""
    why = i.why
    pos = why.find("requires ")
    if pos < 0:
        return list(i.blocked_by)
    pos += len("requires ")
    names = []
    for card in i.blocked_by:
        if why.startswith(card, pos):
            names.append(card)
            pos += len(card)
        elif why.startswith("“", pos) and "”" in why[pos:]:
            end = why.index("”", pos)
            names.append(why[pos + 1 : end])
            pos = end + 1
        else:
            return list(i.blocked_by)
        for sep in (", ", " and "):
            if why.startswith(sep, pos):
                pos += len(sep)
                break
    return names


def _unlocks(b: Backlog) -> list[str]:
    """The cards the blocked items wait for, with the items they would unlock: an item
    that requires several cards is said to need them together, never one alone."""
    waits: dict[tuple[str, ...], list[BacklogItem]] = {}
    for i in b.horizon(Horizon.BLOCKED):
        names = tuple(required_names(i))
        if names:  # blocked by hand, not by a card
            waits.setdefault(names, []).append(i)
    out = [
        f"{_together(names)} {', '.join(ref(i) for i in items)}"
        for names, items in sorted(waits.items(), key=lambda kv: (-len(kv[1]), kv[1][0].rank))
    ]
    return _capped(out)


def _together(names: tuple[str, ...]) -> str:
    """'A unlocks', 'A and B together unlock', 'A, B and C together unlock'."""
    shown = and_list([isolate(n) for n in names])
    return f"{shown} unlocks" if len(names) == 1 else f"{shown} together unlock"


def _owners(b: Backlog) -> list[str]:
    by: dict[str, list[int]] = {}
    for i in b.items:
        by.setdefault(i.owner.strip(), []).append(i.rank)
    out = [
        f"{isolate(owner)}: {ranks_text(ranks)}"
        for owner, ranks in sorted(by.items(), key=lambda kv: kv[1][0])
        if owner
    ]
    if by.get(""):
        out.append(f"No owner yet: {ranks_text(by[''])}")
    return out


#: Ranks listed in one line before the rest are counted.
RANKS_AT_MOST = 15


def ranks_text(ranks: list[int]) -> str:
    """'#1, #4, #7', the first RANKS_AT_MOST of them and how many more."""
    shown = ", ".join(f"#{r}" for r in ranks[:RANKS_AT_MOST])
    rest = len(ranks) - RANKS_AT_MOST
    return shown + (f" and {rest} more" if rest > 0 else "")


def _decisions(b: Backlog, disagreements: int) -> list[str]:
    out = [
        f"Parked: {isolate(p.title)} for {isolate(p.cohort.name)}"
        + (f" ({isolate(p.reason)})" if p.reason else "")
        for p in b.parked
    ]
    out = _capped(out)
    # Never recommended: an item for cohorts with no customers reaches nobody.
    empty = [
        f"{ref(i)} reaches no customers"
        f" ({and_list([isolate(c.name) for c in i.cohorts])}: none measured):"
        " drop it or aim it at a cohort with customers"
        for i in b.items
        if nobody(i)
    ]
    out += _capped(empty)
    if disagreements:
        out.append(
            f"Respondents disagree on {disagreements} assessment"
            f" question{'s' if disagreements != 1 else ''}: agree on them before acting"
            " on the levels (listed under Maturity)."
        )
    return out


def _next_steps(b: Backlog, wins: list[BacklogItem], disagreements: int) -> list[str]:
    out = []
    if wins:
        out.append(f"Start the low-hanging fruit: {ranks_text([i.rank for i in wins])}.")
    now = [i for i in b.horizon(Horizon.NOW) if i not in wins and not nobody(i)]
    if now:
        out.append(f"Plan the rest of Now: {ranks_text([i.rank for i in now])}.")
    # An item that reaches nobody waits for its decision (above), not for an owner or a test.
    unowned = [
        i.rank
        for i in b.items
        if not i.owner.strip() and i.horizon is not Horizon.BLOCKED and not nobody(i)
    ]
    if unowned:
        out.append(f"Name an owner for {ranks_text(unowned)}.")
    untested = [
        i.rank for i in b.items[:5] if not i.test_plan.current_state.strip() and not nobody(i)
    ]
    if untested:
        out.append(f"Describe today's state to test against for {ranks_text(untested)}.")
    if b.parked or disagreements or any(nobody(i) for i in b.items):
        out.append("Take the open decisions above.")
    nxt = b.horizon(Horizon.NEXT)
    if nxt:
        out.append(
            f"Build the capability one level up to open Next ({len(nxt)}"
            f" item{'s' if len(nxt) != 1 else ''})."
        )
    return out


def _capped(lines: list[str]) -> list[str]:
    if len(lines) <= LIST_AT_MOST:
        return lines
    return [*lines[: LIST_AT_MOST - 1], f"and {len(lines) - LIST_AT_MOST + 1} more"]
