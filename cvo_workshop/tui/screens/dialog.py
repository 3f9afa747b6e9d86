"""A dialog over a screen: its own key bar and help, never the keys of the screen
beneath (Textual gives a modal screen none of the app's keys, ? and f1 too).

In a text field ? is typed text: the bar then offers f1 (tui/keys.py)."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.screen import ModalScreen, ScreenResultType

from cvo_workshop.tui.styles import style
from cvo_workshop.tui.widgets.key_bar import KeyBar


class Dialog(ModalScreen[ScreenResultType]):
    CSS_PATH = style("modals")
    HELP_TITLE = "Keys of this dialog"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "app.help", "Help", key_display="?"),
        Binding("f1", "app.help", "Help", show=False),
    ]

    def on_mount(self) -> None:
        # Mounted here, not composed: every dialog's compose stays its own.
        self.mount(KeyBar())
