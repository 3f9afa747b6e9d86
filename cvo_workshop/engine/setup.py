"""Building a workshop setup: the rules for what a facilitator types, and the
defaults they get when they say nothing.

Both ways in (`workshop new` and the app's setup screen) fill in a
`SetupRequest` and call `build_setup`: the rules live here, once.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pydantic import ValidationError

from cvo_workshop.engine.frameworks import FRAMEWORKS
from cvo_workshop.engine.frameworks import known as known_frameworks
from cvo_workshop.engine.names import clean_name, name_key
from cvo_workshop.model.card import Capability, CohortCard, RecipeCard
from cvo_workshop.model.maturity import MaturityResult
from cvo_workshop.model.messages import describe, messages
from cvo_workshop.model.workshop import (
    OUTCOME_SUGGESTIONS,
    DeckRef,
    Framework,
    Participant,
    Round,
    WorkshopSetup,
    progressive_rounds,
)

#: A workshop focuses on three to six cohorts.
MIN_COHORTS, MAX_COHORTS, DEFAULT_COHORTS = 3, 6, 4
DEFAULT_CARDS_PER_ROUND = 10
MIN_CARDS_PER_ROUND, MAX_CARDS_PER_ROUND = 1, 200
MAX_GOALS = 3
#: The goal a workshop has when none is given.
DEFAULT_GOAL = OUTCOME_SUGGESTIONS[0]
MAX_SEED = 2**31 - 1
#: Time-boxes: the defaults, and the shortest the workshop file allows
#: (WorkshopSetup.draw_seconds / round_seconds); 0 minutes means none.
DEFAULT_DRAW_SECONDS, MIN_DRAW_SECONDS, MAX_DRAW_MINUTES = 240, 10, 600
DEFAULT_ROUND_SECONDS, MIN_ROUND_SECONDS, MAX_ROUND_MINUTES = 2400, 60, 1440
#: The rounds plans: one round of each kind in turn, or one round of any kind.
PLANS = ("progressive", "mixed")
#: The maturity a facilitator says is not assessed (None in a request: not said).
NOT_ASSESSED = "none"


def new_seed() -> int:
    return secrets.randbelow(1_000_000)


def default_cohorts(available: Sequence[CohortCard], n: int = DEFAULT_COHORTS) -> list[CohortCard]:
    """The cohorts worth most: by revenue share, then share of customers, then deck order.

    Never an empty segment (no customers in an RFM file): its RICE reach is 0, so
    nothing dealt for it would be worth doing. A small shop with fewer than `n`
    segments that hold customers gets those only."""
    ranked = sorted(
        (ic for ic in enumerate(available) if not is_empty(ic[1])),
        key=lambda ic: (-(ic[1].revenue_share or 0), -(ic[1].share or 0), ic[0]),
    )
    return [c for _, c in ranked[:n]]


def is_empty(cohort: CohortCard) -> bool:
    """A cohort measured to hold no customers (an RFM segment nobody falls in)."""
    return cohort.customers == 0


def empty_cohort_warnings(cohorts: Sequence[CohortCard]) -> list[str]:
    """What to tell a facilitator who chose cohorts with no customers, one line each."""
    return [
        f"{c.name} ({c.id}) has no customers in the cohort file: its RICE reach is 0,"
        " so no item for it will be recommended"
        for c in cohorts
        if is_empty(c)
    ]


def new_setup(
    *,
    deck: DeckRef,
    cohorts: Sequence[CohortCard],
    organization: str,
    facilitator: str | None = None,
    participants: Sequence[Participant] = (),
    goals: Sequence[str] = (),
    framework: Framework = Framework.ICE,
    rounds: Sequence[Round] | None = None,
    cards_per_round: int = DEFAULT_CARDS_PER_ROUND,
    draw_seconds: int | None = DEFAULT_DRAW_SECONDS,
    round_seconds: int | None = DEFAULT_ROUND_SECONDS,
    seed: int | None = None,
    maturity: Capability | None = None,
    deal_beyond_stretch: bool = False,
    created: dt.datetime | None = None,
    assessment: MaturityResult | None = None,
    blind: bool = False,
    live: Sequence[str] = (),
) -> WorkshopSetup:
    """A setup with defaults for whatever is not given (raises pydantic's ValidationError)."""
    created = created or dt.datetime.now(dt.UTC)
    seed = new_seed() if seed is None else seed
    return WorkshopSetup(
        id=f"{created:%Y%m%d-%H%M%S}-{seed}",
        created=created,
        organization=organization,
        facilitator=facilitator or None,
        participants=list(participants),
        goals=list(goals) or [DEFAULT_GOAL],
        deck=deck,
        cohorts=list(cohorts),
        framework=framework,
        rounds=list(rounds) if rounds else progressive_rounds(cards_per_round),
        draw_seconds=draw_seconds,
        round_seconds=round_seconds,
        seed=seed,
        maturity=maturity,
        deal_beyond_stretch=deal_beyond_stretch,
        assessment=assessment,
        blind=blind,
        live=list(live),
    )


# --- participants ------------------------------------------------------------


def split_participants(text: str) -> list[str]:
    """'Ana (CRM), Ben (Data, BI); Cy' -> one entry a person: commas, semicolons and
    line breaks separate them, except inside a role's parentheses."""
    parts: list[str] = []
    depth = 0
    current = ""
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        if ch in ",;\n" and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += ch
    parts.append(current)
    return [p.strip() for p in parts if p.strip()]


def parse_participant(text: str) -> Participant:
    """'Ana (CRM)', 'Ana:CRM' or 'Ana' (raises pydantic's ValidationError for a bad name).

    Whichever comes first is the way the role is written: 'Zoë:Head of CRM (EMEA)'
    has the role 'Head of CRM (EMEA)', 'Ana (CRM: EMEA)' the role 'CRM: EMEA'."""
    text = text.strip()
    name, role = text, ""
    before, colon, after = text.partition(":")
    if colon and "(" not in before:
        name, role = before, after
    elif text.endswith(")") and "(" in text:
        name, _, rest = text.partition("(")
        role = rest[:-1]
    return Participant(name=clean_name(name), role=role.strip() or None)


def parse_participants(text: str) -> list[Participant]:
    """Everyone in `text`, in either way of writing a role (see split_participants)."""
    return [parse_participant(part) for part in split_participants(text)]


# --- a request, checked --------------------------------------------------------

Typed = str | float | None  # as typed (a form field, an option), or a number; None: not given


@dataclass(frozen=True)
class SetupRequest:
    """Everything a facilitator says about a new workshop, as they said it.

    Blank text and None mean "not given": the default. Numbers may be text as
    typed; `build_setup` reads them the same way for every door."""

    organization: str = ""
    facilitator: str = ""
    #: Texts naming people, each one or several ('Ana (CRM), Ben:Data').
    participants: Sequence[str] = ()
    goals: Sequence[str] = ()
    #: Ids of the focus cohorts; None: the ones worth most (default_cohorts).
    cohorts: Sequence[str] | None = None
    framework: str | None = None
    plan: str | None = None
    cards_per_round: Typed = None
    draw_minutes: Typed = None
    round_minutes: Typed = None
    #: A capability level, NOT_ASSESSED, or None: the attached assessment's level.
    maturity: str | None = None
    deal_beyond_stretch: bool = False
    seed: Typed = None
    assessment: MaturityResult | None = None
    #: Participants' values hidden until revealed: what a new workshop does
    #: unless the facilitator asks for open scoring.
    blind: bool = True
    #: Ids of the deck's cards the organization already runs.
    live: Sequence[str] = ()


@dataclass(frozen=True, slots=True)
class SetupProblem:
    """What is wrong with one field of a request (`field`: its SetupRequest name)."""

    field: str
    message: str


def build_setup(
    request: SetupRequest,
    *,
    deck: DeckRef,
    available: Sequence[CohortCard],
    created: dt.datetime | None = None,
    recipes: Sequence[RecipeCard] = (),
) -> WorkshopSetup | list[SetupProblem]:
    """The setup `request` describes, dealing from `deck` (whose recipe cards
    are `recipes`) and focusing on cohorts from `available`; or every problem with
    it, each naming its field."""
    problems: list[SetupProblem] = []

    def refuse(field: str, message: str) -> None:
        problems.append(SetupProblem(field, message))

    organization = request.organization.strip()
    if not organization:
        refuse("organization", "who is the workshop for? (required)")
    participants = _participants(request.participants, refuse)
    goals = [g.strip() for g in request.goals if g.strip()] or [DEFAULT_GOAL]
    if len(goals) > MAX_GOALS:
        refuse("goals", f"one to {MAX_GOALS} goals ({len(goals)} given)")
    cohorts = _cohorts(request.cohorts, available, refuse)
    framework = _framework(request.framework, refuse)
    plan = request.plan or PLANS[0]
    if plan not in PLANS:
        refuse("plan", f"expected {_one_of(PLANS)}, got {plan!r}")
    cards = _whole(
        request.cards_per_round,
        DEFAULT_CARDS_PER_ROUND,
        (MIN_CARDS_PER_ROUND, MAX_CARDS_PER_ROUND),
        "cards_per_round",
        refuse,
    )
    draw_seconds = _seconds(
        request.draw_minutes,
        DEFAULT_DRAW_SECONDS,
        (MIN_DRAW_SECONDS, MAX_DRAW_MINUTES),
        "draw_minutes",
        refuse,
    )
    round_seconds = _seconds(
        request.round_minutes,
        DEFAULT_ROUND_SECONDS,
        (MIN_ROUND_SECONDS, MAX_ROUND_MINUTES),
        "round_minutes",
        refuse,
    )
    seed = _whole(request.seed, None, (0, MAX_SEED), "seed", refuse)
    maturity = _maturity(request.maturity, request.assessment, refuse)
    live = _live(request.live, deck, recipes, refuse)
    if problems:
        return problems
    assert cards is not None  # it has a default
    mixed = [Round(kind=None, cards=cards)]
    rounds = progressive_rounds(cards) if plan == "progressive" else mixed
    try:
        return new_setup(
            deck=deck,
            cohorts=cohorts,
            organization=organization,
            facilitator=request.facilitator.strip() or None,
            participants=participants,
            goals=goals,
            framework=framework,
            rounds=rounds,
            draw_seconds=draw_seconds,
            round_seconds=round_seconds,
            seed=seed,
            maturity=maturity,
            deal_beyond_stretch=request.deal_beyond_stretch,
            created=created,
            assessment=request.assessment,
            blind=request.blind,
            live=live,
        )
    except ValidationError as e:
        # What only the record checks (one-line text, lengths), named by the
        # request's field.
        out = []
        for err in e.errors(include_url=False):
            record_field, *rest = err["loc"] or ("",)
            field = _REQUEST_FIELD.get(str(record_field), str(record_field))
            where = " ".join(f"item {p + 1}" if isinstance(p, int) else str(p) for p in rest)
            message = describe(err)
            out.append(SetupProblem(field, f"{where}: {message}" if where else message))
        return out


#: A WorkshopSetup field -> the SetupRequest field it comes from, where they differ.
_REQUEST_FIELD = {
    "rounds": "cards_per_round",
    "draw_seconds": "draw_minutes",
    "round_seconds": "round_minutes",
}

#: How the checks below report a problem: refuse(field, message).
_Refuse = Callable[[str, str], None]


def _participants(texts: Sequence[str], refuse: _Refuse) -> list[Participant]:
    out: list[Participant] = []
    for text in texts:
        for part in split_participants(text):
            try:
                out.append(parse_participant(part))
            except ValidationError as e:
                refuse("participants", f"{part!r}: {messages(e)[0]}")
    names = [name_key(p.name) for p in out]
    if len(set(names)) != len(names):
        refuse("participants", "two participants have the same name")
    return out


def _cohorts(
    ids: Sequence[str] | None, available: Sequence[CohortCard], refuse: _Refuse
) -> list[CohortCard]:
    if not available:
        refuse("cohorts", "there are no cohorts to choose from (no cohort cards)")
        return []
    if ids is None:
        chosen = default_cohorts(available)
        if not chosen:
            refuse("cohorts", "no cohort has any customers; choose the focus cohorts by hand")
        return chosen
    by_id = {c.id: c for c in available}
    wanted = [i.strip() for i in ids if i.strip()]
    for cid in wanted:
        if cid not in by_id:
            close = difflib.get_close_matches(cid, list(by_id), n=1)
            hint = f"did you mean {close[0]!r}?" if close else f"known: {', '.join(by_id)}"
            refuse("cohorts", f"no cohort {cid!r} ({hint})")
    if len(set(wanted)) != len(wanted):
        refuse("cohorts", "a cohort is listed twice")
    # A small shop's cohort file may have fewer than three segments: all of them, then.
    # Nor fewer than three when the default would be fewer (segments with customers).
    low = min(MIN_COHORTS, len([c for c in available if not is_empty(c)]) or len(available))
    if not low <= len(wanted) <= MAX_COHORTS:
        span = f"{low} to {MAX_COHORTS}" if low < MAX_COHORTS else f"{low}"
        refuse("cohorts", f"choose {span} focus cohorts ({len(wanted)} chosen)")
    # In the order offered: the order they were typed or ticked in must not change the deal.
    return [c for c in available if c.id in wanted]


def _live(
    ids: Sequence[str], deck: DeckRef, cards: Sequence[RecipeCard], refuse: _Refuse
) -> list[str]:
    """The live cards' ids, in deck order (the order ticked must not change the deal)."""
    wanted = {i.strip() for i in ids if i.strip()}
    known = [c.id for c in cards]
    for cid in sorted(wanted - set(known)):
        close = difflib.get_close_matches(cid, known, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        refuse("live", f"no card {cid!r} in the deck {deck.name!r}{hint}")
    return [c for c in known if c in wanted]


def _framework(value: str | None, refuse: _Refuse) -> Framework:
    if not value or not value.strip():
        return Framework.ICE
    wanted = value.strip().casefold()
    if wanted not in FRAMEWORKS:
        refuse("framework", f"expected {known_frameworks()}, got {value!r}")
        return Framework.ICE
    return FRAMEWORKS[wanted].id


def _one_of(values: Sequence[str]) -> str:
    return ", ".join(values[:-1]) + f" or {values[-1]}" if len(values) > 1 else values[0]


def _given(value: Typed) -> str | float | None:
    """The value, or None if it was not given (blank text is not given)."""
    if isinstance(value, str) and not value.strip():
        return None
    return value


def _number(value: str | float) -> float:
    """A number as typed; NaN if it is not one."""
    try:
        return float(value)
    except ValueError:
        return math.nan


def _whole(
    value: Typed, default: int | None, span: tuple[int, int], field: str, refuse: _Refuse
) -> int | None:
    given = _given(value)
    if given is None:
        return default
    n = _number(given)
    low, high = span
    if not (n.is_integer() and low <= n <= high):
        refuse(field, f"expected a whole number from {low} to {high}, got {value!r}")
        return default
    return int(n)


def _seconds(
    minutes: Typed, default: int, span: tuple[int, int], field: str, refuse: _Refuse
) -> int | None:
    """Minutes as typed -> seconds; 0 means no time-box."""
    given = _given(minutes)
    if given is None:
        return default
    m = _number(given)
    if m == 0:
        return None
    shortest, longest = span  # seconds, minutes
    # 1e308 minutes is a finite number of minutes but no number of seconds
    seconds = round(m * 60) if math.isfinite(m * 60) else -1
    if not shortest <= seconds <= longest * 60:
        refuse(
            field,
            f"expected 0 (no time-box) or {_duration(shortest)} to {longest} minutes, "
            f"got {minutes!r}",
        )
        return default
    return seconds


def _duration(seconds: int) -> str:
    if seconds % 60:
        return f"{seconds} seconds"
    return "1 minute" if seconds == 60 else f"{seconds // 60} minutes"


def _maturity(
    value: str | None, assessment: MaturityResult | None, refuse: _Refuse
) -> Capability | None:
    if value is None or not value.strip():
        return assessment.overall if assessment else None
    if value == NOT_ASSESSED:
        return None
    try:
        return Capability.parse(value)
    except ValueError:
        levels = [*(c.value for c in Capability), NOT_ASSESSED]
        refuse("maturity", f"expected {_one_of(levels)}, got {value!r}")
        return None
