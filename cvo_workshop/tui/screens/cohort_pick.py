"""Pick one of the workshop's focus cohorts: the same card against another cohort."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from cvo_workshop.model.card import CohortCard
from cvo_workshop.tui.screens.dialog import Dialog
from cvo_workshop.tui.widgets.text import lit


class CohortPickModal(Dialog[str | None]):
    """Returns the chosen cohort's id, or None if cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, cohorts: Sequence[CohortCard]) -> None:
        super().__init__()
        self.title_text = title
        self.cohorts = list(cohorts)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content.styled(lit(self.title_text), "bold"), classes="dialog-title")
            yield OptionList(
                *[
                    Option(
                        Content.assemble(
                            lit(c.name), (f"  {lit(c.definition)}", "$text-muted")
                        ).truncate(60, ellipsis=True),
                        id=c.id,
                    )
                    for c in self.cohorts
                ],
                id="cohorts",
            )
            yield Static(
                Content.styled(
                    "A new draw of the same card, scored and decided on its own (it does not "
                    "use up a card of the round). Arrows and Enter choose; Escape cancels.",
                    "$text-muted",
                ),
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
