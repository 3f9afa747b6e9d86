"""The evidence for one answer: what shows it, a link, who can vouch for it, and when
it was last checked. Keyboard-first: Enter or Tab to the next field, Enter on the
last (or Ctrl+S) saves."""

from __future__ import annotations

from typing import ClassVar

from pydantic import ValidationError
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Label, Static

from cvo_workshop.model.messages import describe
from cvo_workshop.model.response import Evidence
from cvo_workshop.tui.screens.dialog import Dialog
from cvo_workshop.tui.widgets.text import lit

#: The fields in the order they are asked, with their labels.
FIELDS = (
    ("what", "What shows it (optional)", "a report, a screenshot, a contract"),
    ("link", "Link", "https://..."),
    ("owner", "Owner: who can show it", "a name"),
    ("date", "Last checked (YYYY-MM-DD)", "2026-11-20"),
)

HINT = "Enter or Tab: the next field; Enter on the last, or Ctrl+S: save; Escape: cancel."


class EvidenceModal(Dialog[Evidence | None]):
    """Returns the evidence (empty to clear it), or None if cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save"),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, statement: str, evidence: Evidence) -> None:
        super().__init__()
        self.statement = statement
        self.evidence = evidence

    def compose(self) -> ComposeResult:
        shown = self.evidence.model_dump(mode="json")
        with Vertical(classes="dialog"):
            yield Static(Content.styled("Evidence", "bold"), classes="dialog-title")
            yield Static(Content.styled(lit(self.statement), "$text-muted"), classes="dialog-body")
            for key, label, placeholder in FIELDS:
                yield Label(label)
                yield Input(
                    value=shown[key] or "",
                    placeholder=placeholder,
                    max_length=4000,
                    id=key,
                    compact=True,
                    select_on_focus=False,  # typing adds to what is there
                )
            yield Static(id="problem", classes="dialog-hint")
            yield Static(Content.styled(HINT, "$text-muted"), classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#what", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        # As in the item editor: Enter goes to the next field, and saves on the last.
        event.stop()
        if event.input.id == FIELDS[-1][0]:
            self.action_save()
        else:
            self.focus_next()

    def action_save(self) -> None:
        values = {key: self.query_one(f"#{key}", Input).value.strip() for key, _, _ in FIELDS}
        try:
            evidence = Evidence.model_validate(
                {**values, "owner": values["owner"] or None, "date": values["date"] or None}
            )
        except ValidationError as e:
            error = e.errors()[0]
            field = str(error["loc"][0]) if error["loc"] else "what"
            label = next(label for key, label, _ in FIELDS if key == field)
            self.query_one("#problem", Static).update(
                Content.styled(f"{label}: {describe(error)}", "$error")
            )
            self.query_one(f"#{field}", Input).focus()
            return
        self.dismiss(evidence)

    def action_cancel(self) -> None:
        self.dismiss(None)
