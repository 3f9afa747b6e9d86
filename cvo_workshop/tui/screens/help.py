"""Help: the keys of the screen underneath first (every one, in the key bar's
order, in their longer words), then what the screen is for."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from cvo_workshop.tui.styles import style
from cvo_workshop.tui.widgets.key_bar import KeyBar

PALETTE_HELP = "Command palette: every action by name, themes too"


def key_rows(screen: Screen) -> list[tuple[str, str]]:
    """(key, what it does) for every described key of `screen`, app keys included."""
    from cvo_workshop.tui.keys import PALETTE_ACTIONS, key_label, screen_keys, shown_key

    keys: dict[str, list[str]] = {}
    texts: dict[str, str] = {}
    for found in screen_keys(screen):
        binding = found.binding
        help_text = binding.tooltip or key_label(found.node, binding, long=True)
        if binding.action in PALETTE_ACTIONS:
            help_text = PALETTE_HELP
        if not help_text:
            continue
        key = shown_key(found.node, binding)
        # One line an action, its keys together (q and ^q both quit).
        if key not in keys.setdefault(binding.action, []):
            keys[binding.action].append(key)
        texts.setdefault(binding.action, help_text)
    rows = [(" ".join(sorted(k, key=len)), texts[action]) for action, k in keys.items()]
    if not screen.is_modal and not any(text == PALETTE_HELP for _key, text in rows):
        rows.append(("^p", PALETTE_HELP))
    return rows


class HelpModal(ModalScreen[None]):
    CSS_PATH = style("modals")
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,f1,question_mark,q", "close", "Close")]

    def __init__(self, under: Screen) -> None:
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        self._rows = key_rows(self.under)
        with Vertical(classes="dialog wide"), VerticalScroll():
            yield Static(self._text(None), id="help-text")
        yield KeyBar()  # its own keys, not those of the screen beneath

    def on_resize(self) -> None:
        # Wrapped under their own column, not back at the margin: known once laid out.
        self.call_after_refresh(self._rewrap)

    def _rewrap(self) -> None:
        text = self.query_one("#help-text", Static)
        text.update(self._text(text.content_size.width or None))

    def _text(self, width: int | None) -> Content:
        """The help, each key's words wrapped to `width` columns beside the keys."""
        from cvo_workshop.tui.hanging import hanging

        keys = max(len(k) for k, _ in self._rows) + 2
        lines = [Content.styled(getattr(self.under, "HELP_TITLE", "Keys"), "bold"), Content("")]
        for key, what in self._rows:
            lines += hanging(Content.styled(f"{key:>{keys}}  ", "bold $accent"), what, width)
        lines.append(Content(""))
        intro = getattr(self.under, "HELP", "")
        if intro:
            lines += [Content(intro), Content("")]
        # (A dialog keeps nothing until it is sent: its own words say how.)
        saved = "" if self.under.is_modal else "Everything is saved as you go. "
        lines.append(Content.styled(f"{saved}Escape closes this.", "$text-muted"))
        return Content("\n").join(lines)

    def action_close(self) -> None:
        self.dismiss(None)
