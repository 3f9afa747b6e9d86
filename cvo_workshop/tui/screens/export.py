"""Export the backlog from the app: pick a format, confirm the file, written in the background.

The brand file and the font are the command line's `--brand` and `--font`,
read and refused in the same words (service/exports.branding, fonts.load_font).
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from cvo_workshop.engine.text import counted
from cvo_workshop.model.backlog import Backlog
from cvo_workshop.service.exports import FORMATS, default_output
from cvo_workshop.tui.screens.dialog import Dialog
from cvo_workshop.tui.widgets.text import lit


class ExportModal(Dialog[Path | None]):
    """Returns the path written, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Close")]

    def __init__(self, backlog: Backlog, workshop_file: Path) -> None:
        super().__init__()
        self.backlog = backlog
        self.workshop_file = workshop_file
        self.fmt = next(iter(FORMATS))

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(
                Content.styled(
                    f"Export the backlog ({counted(len(self.backlog.items), 'item')})", "bold"
                ),
                classes="dialog-title",
            )
            yield OptionList(*[Option(f.label, id=f.name) for f in FORMATS.values()], id="formats")
            yield Label("File")
            yield Input(
                value=str(default_output(self.workshop_file, self.fmt)),
                id="path",
                select_on_focus=False,  # the cursor after the name, to change it
            )
            yield Label("Brand file and font (optional, as --brand and --font)")
            with Horizontal(classes="field"):
                yield Input(placeholder="brand.yaml", id="brand", select_on_focus=False)
                yield Input(placeholder="font.ttf (CJK, emoji)", id="font", select_on_focus=False)
            yield Static(
                Content.styled(
                    "Choose a format with the arrows and Enter, check the file name, Enter "
                    "writes it (an existing file is replaced). Escape closes.",
                    "$text-muted",
                ),
                id="status",
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.fmt = event.option.id or next(iter(FORMATS))
        self.query_one("#path", Input).value = str(default_output(self.workshop_file, self.fmt))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.query_one("#path", Input).focus()

    def _given(self, name: str) -> Path | None:
        value = self.query_one(f"#{name}", Input).value.strip()
        return Path(value).expanduser() if value else None

    def on_input_submitted(self, event: Input.Submitted) -> None:
        path = self._given("path")
        if path is None:
            return
        self.query_one("#status", Static).update(Content.styled("Writing…", "$text-muted"))
        self._write(path, self.fmt, self._given("brand"), self._given("font"))

    @work(thread=True, exclusive=True)
    def _write(self, path: Path, fmt: str, brand: Path | None, font: Path | None) -> None:
        from cvo_workshop.model.problem import InputError
        from cvo_workshop.service.exports import ExportOptions, branding, write_export
        from cvo_workshop.store.output import is_stdout

        try:
            if is_stdout(path):  # the app owns the terminal: '-' would scribble over it
                raise InputError("'-' (standard output) is for the command line: give a file")
            options = ExportOptions(font=font, **branding(brand))
            written = write_export(self.backlog, fmt, path, options, source=str(self.workshop_file))
        except InputError as e:
            self.app.call_from_thread(self._failed, "\n".join(str(p) for p in e.problems))
            return
        self.app.call_from_thread(self._done, path, written.warnings)

    def _failed(self, message: str) -> None:
        status = self.query_one("#status", Static)
        status.update(Content.styled(lit(f"Not written: {message}"), "$error"))
        # At the dialog's foot, below the fold on a small terminal: shown whole
        # once the message's lines are laid out.
        self.call_after_refresh(status.scroll_visible)

    def _done(self, path: Path, warnings: list[str]) -> None:
        n = len(warnings)
        note = f"Wrote {path}" + (f" ({n} warning{'' if n == 1 else 's'})" if n else "")
        self.app.notify(note, timeout=6, markup=False)
        for w in warnings[:3]:
            self.app.notify(w, severity="warning", timeout=8, markup=False)
        self.dismiss(path)

    def action_cancel(self) -> None:
        self.dismiss(None)
