"""A wildcard: the room writes its own recipe, and it is dealt like any card."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Input, Label, Select, Static

from cvo_workshop.model.card import CohortCard, Kind
from cvo_workshop.tui.screens.dialog import Dialog
from cvo_workshop.tui.widgets.text import lit


@dataclass(frozen=True)
class WildcardSpec:
    title: str
    kind: Kind
    prompt: str
    cohort: str


#: How the dialog is sent, beside its buttons and in its help (the item editor and the
#: evidence dialog save alike: Enter, or ctrl+s from any field).
ADD_HINT = "Enter or ctrl+s: Add"


class WildcardModal(Dialog[WildcardSpec | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "add", "Add"),
        Binding("escape", "cancel", "Cancel"),
    ]
    HELP = (
        "Enter in Title or Prompt, or ctrl+s anywhere, adds the wildcard to the table "
        "(as Add does); Tab moves between the fields; Escape cancels."
    )

    def __init__(
        self, cohorts: Sequence[CohortCard], kind: Kind | None, cohort: str | None
    ) -> None:
        super().__init__()
        self.cohorts = list(cohorts)
        self.kind = kind or Kind.AUTOMATION
        self.cohort = cohort or self.cohorts[0].id

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(
                Content.styled("A wildcard: the room's own recipe", "bold"), classes="dialog-title"
            )
            yield Label("Title")
            yield Input(
                placeholder="What would we do?",
                max_length=300,
                id="title",
                compact=True,
                select_on_focus=False,
            )
            yield Label("Kind")
            yield Select(
                [(k.label, k) for k in Kind],
                value=self.kind,
                allow_blank=False,
                id="kind",
                compact=True,
            )
            yield Label("Prompt (optional)")
            yield Input(
                placeholder="The question it answers",
                max_length=4000,
                id="prompt",
                compact=True,
                select_on_focus=False,
            )
            yield Label("Cohort")
            yield Select(
                [(Content(lit(c.name)), c.id) for c in self.cohorts],
                value=self.cohort,
                allow_blank=False,
                id="cohort",
                compact=True,
            )
            with Horizontal(classes="buttons"):
                yield Static(Content.styled(ADD_HINT, "$text-muted"), classes="buttons-hint")
                yield Button("Add", variant="primary", id="add")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#title", Input).focus()

    def _submit(self) -> None:
        title = self.query_one("#title", Input).value.strip()
        if not title:
            self.notify("Give the wildcard a title.", severity="warning")
            self.query_one("#title", Input).focus()
            return
        self.dismiss(
            WildcardSpec(
                title=title,
                kind=self.query_one("#kind", Select).value,  # type: ignore[arg-type]
                prompt=self.query_one("#prompt", Input).value.strip(),
                cohort=self.query_one("#cohort", Select).value,  # type: ignore[arg-type]
            )
        )

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self._submit()

    def action_add(self) -> None:
        self._submit()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "add":
            self._submit()
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)
