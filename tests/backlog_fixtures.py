"""Workshops made event by event, with cards made to measure, for backlog tests."""

from __future__ import annotations

import datetime as dt

from cvo_workshop.engine.fold import Folder, State
from cvo_workshop.model.card import (
    Capability,
    CohortCard,
    Effort,
    Goal,
    Kind,
    RecipeCard,
    Stage,
    Tactic,
)
from cvo_workshop.model.workshop import (
    Dealt,
    Decided,
    Decision,
    DeckRef,
    Event,
    Framework,
    PairedAgain,
    Scored,
    WorkshopSetup,
)

T0 = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)


def card(
    id: str,
    *,
    kind: Kind = Kind.CUSTOMIZATION,
    cap: Capability = Capability.INCIDENTAL,
    effort: Effort = Effort.MEDIUM,
    requires: tuple[str, ...] = (),
    title: str | None = None,
) -> RecipeCard:
    return RecipeCard(
        id=id,
        kind=kind,
        title=title or id.replace("-", " ").capitalize(),
        prompt="Who would notice?",
        goal=Goal.LOYALTY,
        tactic=Tactic.A,
        min_capability=cap,
        lifecycle=[Stage.RETENTION],
        data=["order history"],
        kpis=["repeat purchase rate"],
        effort=effort,
        requires=list(requires),
        examples=["A shop did it and measured it."],
    )


def cohort(id: str, share: float | None = None, revenue: float | None = None) -> CohortCard:
    return CohortCard(
        id=id,
        name=id.replace("-", " ").title(),
        definition=f"The {id} customers.",
        share=share,
        revenue_share=revenue,
    )


COHORTS = [cohort("champions", 0.1, 0.4), cohort("everyone", 1.0, 1.0), cohort("new", 0.2, 0.05)]


def setup(
    framework: Framework = Framework.ICE,
    maturity: Capability | None = Capability.DISCIPLINED,
    cohorts=COHORTS,
    **more,
) -> WorkshopSetup:
    return WorkshopSetup(
        id="w1",
        created=T0,
        organization="Acme Outdoor",
        facilitator="Fran",
        goals=["Improve retention"],
        deck=DeckRef(path="builtin:test", id="test", name="Test deck", content_hash="x"),
        cohorts=list(cohorts),
        framework=framework,
        seed=1,
        maturity=maturity,
        **more,
    )


class Play:
    """Deal, score and decide draws one call each; `.state` folds them."""

    def __init__(self, workshop: WorkshopSetup):
        self.folder = Folder(workshop)
        self.events: list[Event] = []
        self.t = T0

    def _at(self) -> dt.datetime:
        self.t += dt.timedelta(seconds=1)
        return self.t

    def add(self, event: Event) -> Play:
        self.folder.apply(event)
        self.events.append(event)
        return self

    def draw(
        self,
        c: RecipeCard,
        cohort_id: str = "champions",
        decision: Decision | None = Decision.ACCEPTED,
        reason: str = "",
        **factors: float,
    ) -> int:
        n = len(self.folder.state.draws) + 1
        first = next((d.number for d in self.state.draws if d.card.id == c.id), None)
        if first is None:
            self.add(Dealt(at=self._at(), draw=n, round=1, card=c, cohort=cohort_id))
        else:  # the same card for another cohort, as the room pairs it again
            self.add(PairedAgain(at=self._at(), draw=n, round=1, source=first, cohort=cohort_id))
        if factors:
            self.add(Scored(at=self._at(), draw=n, factors=dict(factors)))
        if decision is not None:
            self.add(Decided(at=self._at(), draw=n, decision=decision, reason=reason))
        return n

    def at(self) -> dt.datetime:
        return self._at()

    @property
    def state(self) -> State:
        return self.folder.state

    def save(self, path) -> None:
        """Write the workshop file, as the app would have."""
        from cvo_workshop.store.journal import Journal

        with Journal.create(path, self.folder.state.setup) as journal:
            for event in self.events:
                journal.append(event)


def sample(framework: Framework = Framework.RICE, **more) -> Play:
    """A small groomed workshop: every horizon, a merge, parked and rejected draws."""
    from cvo_workshop.model.grooming import ItemEdited, ItemsMerged

    p = Play(setup(framework, **more))
    easy = card("exclusion-list", kind=Kind.AUTOMATION, effort=Effort.LOW, title="Exclusion list")
    p.draw(easy, "everyone", impact=1, confidence=80, effort=0.5)
    p.draw(
        card("size-memory", cap=Capability.CROSS_LIFECYCLE),
        "champions",
        impact=2,
        confidence=80,
        effort=2,
    )
    p.draw(
        card("made-to-order", cap=Capability.PERSONALIZED_BUSINESS),
        "champions",
        impact=3,
        confidence=50,
        effort=6,
    )
    p.draw(
        card("consent-reuse", requires=("consent-center",)),
        "new",
        impact=1,
        confidence=50,
        effort=1,
    )
    p.draw(card("welcome-series"), "new", impact=2, confidence=100, effort=1)
    p.draw(card("welcome-series"), "champions", impact=2, confidence=100, effort=1)  # again
    p.add(ItemsMerged(at=p.at(), items=["d5", "d6"]))
    p.add(ItemEdited(at=p.at(), item="d1", field="owner", value="Ana <CRM> & [bold]co[/]"))
    p.add(ItemEdited(at=p.at(), item="d1", field="current_state", value="=1+1 everyone gets it"))
    p.add(ItemEdited(at=p.at(), item="d1", field="new_state", value="buyers excluded for 30 days"))
    p.draw(card("price-drop"), "everyone", Decision.PARKED, "after the replatform")
    p.draw(card("spin-the-wheel"), "new", Decision.REJECTED, "cheapens the brand")
    return p


def many(n: int, framework: Framework = Framework.ICE, titles=None) -> Play:
    """n accepted draws across the capability levels, scored 1-10 in a scrambled order."""
    caps = list(Capability)
    p = Play(setup(framework))
    cohort_ids = [c.id for c in COHORTS]
    for i in range(n):
        title = titles[i % len(titles)] + f" {i}" if titles else f"Item {i:04d}"
        c = card(f"card-{i}", cap=caps[i % 4], title=title)
        v = (i * 7) % 10 + 1
        if framework == Framework.RICE:
            p.draw(c, cohort_ids[i % 3], impact=1, confidence=80, effort=(i % 5) + 0.5)
        else:
            p.draw(c, cohort_ids[i % 3], impact=v, confidence=5, ease=(i % 3) + 1)
    return p
