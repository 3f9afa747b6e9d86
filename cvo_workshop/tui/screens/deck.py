"""Browsing a deck: every recipe and cohort card, filtered by kind."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from cvo_workshop.engine.text import counted
from cvo_workshop.model.card import Kind
from cvo_workshop.model.deck import Deck
from cvo_workshop.model.problem import InputError
from cvo_workshop.tui.styles import style
from cvo_workshop.tui.widgets.card_view import cohort_content, kind_label, recipe_content
from cvo_workshop.tui.widgets.key_bar import KeyBar
from cvo_workshop.tui.widgets.text import lit

FILTERS = {"0": None, "1": Kind.AUTOMATION, "2": Kind.CUSTOMIZATION, "3": Kind.PERSONALIZATION}


class DeckScreen(Screen[None]):
    CSS_PATH = style("deck")
    HELP_TITLE = "The deck"
    HELP = "Every card in the deck. Up and down pick a card; digits filter by kind."
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("0", "only('0')", "All"),
        Binding("1", "only('1')", "Automation"),
        Binding("2", "only('2')", "Customization"),
        Binding("3", "only('3')", "Personalization"),
        Binding("4", "only('cohorts')", "Cohorts"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, deck: Deck | None = None, path: Path | None = None) -> None:
        super().__init__()
        self.deck = deck
        self.path = path
        self.filter: str = "0"

    def compose(self) -> ComposeResult:
        yield Static(id="deck-title")
        with Horizontal(id="deck-body"):
            yield OptionList(id="cards")
            with VerticalScroll(id="card-scroll"):
                yield Static(id="card")
        yield KeyBar()

    def on_mount(self) -> None:
        if self.deck is None:
            from cvo_workshop.store.bundled import builtin_deck_path
            from cvo_workshop.store.decks import load_deck

            try:
                self.deck = load_deck(self.path or builtin_deck_path())
            except InputError as e:
                self.query_one("#deck-title", Static).update(
                    Content.styled("The deck cannot be read: " + lit(e.problems[0]), "$error")
                )
                return
        self._fill()
        self.query_one("#cards", OptionList).focus()

    def _fill(self) -> None:
        deck = self.deck
        assert deck is not None
        lst = self.query_one("#cards", OptionList)
        lst.clear_options()
        if self.filter == "cohorts":
            for c in deck.cohorts:
                lst.add_option(
                    Option(
                        Content.assemble(
                            (" COHORT ", "bold reverse $kind-cohort"), " ", lit(c.name)
                        ),
                        id=f"cohort:{c.id}",
                    )
                )
            shown = f"{len(deck.cohorts)} cohort cards"
        else:
            kind = FILTERS[self.filter]
            cards = [r for r in deck.cards if kind is None or r.kind is kind]
            for r in cards:
                lst.add_option(
                    Option(
                        Content.assemble(kind_label(r.kind), " ", lit(r.title)), id=f"card:{r.id}"
                    )
                )
            shown = f"{len(cards)} of {counted(len(deck.cards), 'recipe card')}"
        self.query_one("#deck-title", Static).update(
            Content.assemble((lit(deck.deck.name), "bold"), f" · {shown}")
        )
        if lst.option_count:
            lst.highlighted = 0
        self._show()

    def _show(self) -> None:
        lst = self.query_one("#cards", OptionList)
        view = self.query_one("#card", Static)
        if lst.highlighted is None or self.deck is None:
            view.update("")
            return
        kind, _, ident = (lst.get_option_at_index(lst.highlighted).id or "").partition(":")
        if kind == "cohort":
            view.update(cohort_content(self.deck.cohort(ident)))
        else:
            view.update(recipe_content(self.deck.card(ident)))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show()

    def action_only(self, which: str) -> None:
        if self.deck is not None:
            self.filter = which
            self._fill()

    def action_back(self) -> None:
        self.app.pop_screen()
