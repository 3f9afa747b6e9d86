"""Recipe and cohort cards as people see them on the table: colored by kind,
with a text label too, and every word from the deck shown literally."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.widgets import Static

from cvo_workshop.engine.past import past_words
from cvo_workshop.engine.text import counted, share_percent
from cvo_workshop.model.card import CohortCard, Kind, RecipeCard, Scope
from cvo_workshop.model.grooming import PastResult
from cvo_workshop.model.workshop import WildcardCard
from cvo_workshop.tui.widgets.text import lit

KIND_VAR = {
    Kind.AUTOMATION: "$kind-automation",
    Kind.CUSTOMIZATION: "$kind-customization",
    Kind.PERSONALIZATION: "$kind-personalization",
}


def kind_label(kind: Kind) -> Content:
    return Content.styled(f" {kind.label.upper()} ", f"bold reverse {KIND_VAR[kind]}")


def _field(label: str, values: list[str] | str) -> Content | None:
    if isinstance(values, str):
        values = [values] if values else []
    if not values:
        return None
    if len(values) == 1:
        return Content.assemble((f"{label}: ", "bold $text-muted"), lit(values[0]))
    return Content.assemble((f"{label}:", "bold $text-muted"), *(f"\n • {lit(v)}" for v in values))


def card_label(
    card: RecipeCard | WildcardCard,
    *,
    stretch: bool = False,
    again: bool = False,
    live: bool = False,
) -> Content:
    """The card's kind in words (and wildcard, stretch, paired again, already
    live): shown on its border."""
    parts = [Content.styled(card.kind.label, f"bold {KIND_VAR[card.kind]}")]
    if live:
        parts.append(Content.styled(" ALREADY LIVE ", "bold reverse $success"))
    if isinstance(card, WildcardCard):
        parts.append(Content.styled(" WILDCARD ", "bold reverse $warning"))
    if stretch:
        parts.append(Content.styled(" STRETCH ", "bold reverse $warning"))
    if again:
        parts.append(Content.styled(" PAIRED AGAIN ", "bold reverse $accent"))
    return Content(" · ").join(parts)


def recipe_content(card: RecipeCard | WildcardCard, past: Sequence[PastResult] = ()) -> Content:
    """Everything on a recipe card, title first (the kind is on the border), and
    what earlier tests of it found (newest first)."""
    parts: list[Content | None] = []
    parts.append(Content.styled(lit(card.title), "bold"))
    if card.prompt:
        parts.append(Content.styled(lit(card.prompt), "italic"))
    if past:
        parts.append(
            Content("\n").join(
                Content.assemble(("Tested before: ", "bold $accent"), lit(past_words(r)))
                for r in past[:2]
            )
        )
    if isinstance(card, RecipeCard):
        if card.description:
            parts.append(Content(lit(card.description)))
        parts.append(_field("Example", card.examples))
        facts = [
            card.tactic.words,
            *([f"Scope: {card.scope.label}"] if card.scope is not Scope.EXPERIENCE else []),
            f"Minimum capability: {card.min_capability.label}",
            f"Goal: {card.goal.label}",
            f"Effort: {card.effort.value}",
        ]
        parts.append(Content.styled(" · ".join(facts), "$text-muted"))
        parts.append(_field("Data", card.data))
        parts.append(_field("Content", card.content))
        parts.append(_field("KPIs", card.kpis))
        parts.append(_field("Hypothesis", card.hypothesis))
        parts.append(_field("Primary KPI", card.primary_kpi or ""))
        parts.append(_field("Guardrails", card.guardrails))
        parts.append(_field("Privacy", card.privacy))
        parts.append(_field("Touchpoints", ", ".join(card.touchpoints)))
        parts.append(_field("Lifecycle", ", ".join(s.label for s in card.lifecycle)))
        parts.append(_field("Builds on", ", ".join(card.requires)))
        parts.append(_field("Source", card.source))
    else:
        facts = []
        if card.tactic:
            facts.append(card.tactic.words)
        if card.min_capability:
            facts.append(f"Minimum capability: {card.min_capability.label}")
        if card.effort:
            facts.append(f"Effort: {card.effort.value}")
        if facts:
            parts.append(Content.styled(" · ".join(facts), "$text-muted"))
        parts.append(Content.styled("Written by the room during the workshop.", "$text-muted"))
    return Content("\n\n").join(p for p in parts if p is not None)


def cohort_content(cohort: CohortCard) -> Content:
    parts: list[Content | None] = [
        Content.styled(lit(cohort.name), "bold"),
        Content(lit(cohort.definition)),
    ]
    if cohort.description:
        parts.append(Content(lit(cohort.description)))
    facts = []
    if cohort.customers is not None:
        facts.append(counted(cohort.customers, "customer"))
    if cohort.share is not None:
        facts.append(f"{share_percent(cohort.share)} of customers")
    if cohort.revenue_share is not None:
        facts.append(f"{share_percent(cohort.revenue_share)} of revenue")
    if cohort.lifecycle is not None:
        facts.append(cohort.lifecycle.label)
    if facts:
        parts.append(Content.styled(" · ".join(facts), "$text-muted"))
    parts.append(_field("Plays", cohort.plays))
    return Content("\n").join(p for p in parts if p is not None)


class RecipeCardView(Static):
    """A recipe card; its border takes the color of the card's kind."""

    def show(
        self,
        card: RecipeCard | WildcardCard | None,
        *,
        stretch: bool = False,
        again: bool = False,
        live: bool = False,
        past: Sequence[PastResult] = (),
    ) -> None:
        for kind in Kind:
            self.set_class(card is not None and card.kind is kind, f"kind-{kind.value}")
        self.update(recipe_content(card, past) if card else Content(""))
        self.border_title = (
            card_label(card, stretch=stretch, again=again, live=live) if card else None
        )
        self.border_subtitle = Content(lit(card.id)) if card else None


class CohortCardView(Static):
    def show(self, cohort: CohortCard | None) -> None:
        self.update(cohort_content(cohort) if cohort else Content(""))
        self.border_title = Content.styled("Cohort", "bold $kind-cohort") if cohort else None
        self.border_subtitle = Content(lit(cohort.id)) if cohort else None
