"""A note on a draw, or the reason for rejecting it: one line of text (below the
notes others wrote, listed in full, when there are some)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Input, Static

from cvo_workshop.tui.screens.dialog import Dialog
from cvo_workshop.tui.widgets.text import lit


class NoteModal(Dialog[str | None]):
    """Returns the text (maybe empty), or None if cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]
    # Enter is the field's own key, not the dialog's: the help says it here.
    HELP = "Enter takes what is typed (it may be empty); Escape cancels."
    AUTO_FOCUS = "#text"  # the note, not the notes listed above it

    def __init__(
        self,
        title: str,
        text: str = "",
        hint: str = "",
        notes: Sequence[str] = (),
        check: Callable[[str], str | None] | None = None,
    ) -> None:
        super().__init__()
        #: why the text typed cannot be taken (None: it can): said in the dialog, which
        #: stays open with the typing, to be put right
        self.check = check
        self.title_text = title
        self.text = text
        self.hint = hint or "Enter to save, Escape to cancel."
        #: what others wrote (phones' notes): shown, every line, not edited here
        self.notes = list(notes)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content.styled(lit(self.title_text), "bold"), classes="dialog-title")
            if self.notes:
                with VerticalScroll(id="notes"):
                    yield Static(Content("\n").join(Content(lit(n)) for n in self.notes))
            # An edited note opens with the cursor after it, nothing selected: typing adds.
            yield Input(value=self.text, max_length=4000, id="text", select_on_focus=False)
            problem = Static(id="problem", classes="dialog-hint")
            problem.display = False
            yield problem
            yield Static(Content.styled(self.hint, "$text-muted"), classes="dialog-hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if self.check is not None and (problem := self.check(event.value)):
            shown = self.query_one("#problem", Static)
            shown.update(Content.styled(lit(problem), "$error"))
            shown.display = True
            return
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
