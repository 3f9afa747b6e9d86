"""The key bar: one line at the bottom of a screen with its keys, most used
first, `? Help` always; what does not fit is in the help and the palette (the
rule is `tui/keys.fit_keys`). Textual's Footer scrolls sideways instead, and
at 80 columns half the keys would be out of sight. Click a key to press it."""

from __future__ import annotations

from dataclasses import dataclass

from textual import events
from textual.app import RenderResult
from textual.content import Content
from textual.widget import Widget

from cvo_workshop.tui.keys import bar_keys, fit_keys, key_size


@dataclass(frozen=True, slots=True)
class _Hit:
    start: int
    end: int
    key: str
    enabled: bool


class KeyBar(Widget):
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-foreground;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._hits: list[_Hit] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def _bindings_changed(self, _screen: object) -> None:
        self.refresh()

    def render(self) -> RenderResult:
        self._hits = []
        parts: list[tuple[str, str]] = []
        x = 0
        for key, label in fit_keys(bar_keys(self.screen), self.size.width or 80):
            key_style = "bold $footer-key-foreground" if key.enabled else "dim"
            parts += [(f" {key.display} ", key_style), (f"{label} ", "" if key.enabled else "dim")]
            size = key_size(key, label)
            self._hits.append(_Hit(x, x + size, key.press, key.enabled))
            x += size
        return Content.assemble(*parts)

    def on_click(self, event: events.Click) -> None:
        for hit in self._hits:
            if hit.start <= event.x < hit.end:
                if hit.enabled:
                    self.app.simulate_key(hit.key)
                else:
                    self.app.bell()
                return
