"""A footer that shows the keys of the screen, wrapping onto a second line when
the terminal is narrow (Textual's Footer scrolls sideways instead, and at 80
columns half the keys would be out of sight). Click a key to press it."""

from __future__ import annotations

from dataclasses import dataclass

from textual import events
from textual.app import RenderResult
from textual.binding import Binding
from textual.content import Content
from textual.widget import Widget


@dataclass(frozen=True, slots=True)
class _Hit:
    line: int
    start: int
    end: int
    key: str
    enabled: bool


class KeyBar(Widget):
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: auto;
        max-height: 3;
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
        self.refresh(layout=True)

    def _items(self) -> list[tuple[Binding, bool]]:
        from cvo_workshop.tui.keys import screen_keys

        seen: set[str] = set()
        out = []
        for key in screen_keys(self.screen):
            if not key.binding.show or key.binding.action in seen:
                continue
            seen.add(key.binding.action)
            out.append((key.binding, key.enabled))
        palette = self.app.COMMAND_PALETTE_BINDING
        if self.app.ENABLE_COMMAND_PALETTE:
            out = [item for item in out if item[0].key != palette]
            out.append((Binding(palette, "app.command_palette", "Commands"), True))
        return out

    def _lines(self, width: int) -> list[list[tuple[str, str, Binding, bool]]]:
        lines: list[list[tuple[str, str, Binding, bool]]] = [[]]
        used = 0
        for binding, enabled in self._items():
            key = self.app.get_key_display(binding)
            desc = binding.description
            size = len(key) + len(desc) + 3
            if used and used + size > width:
                lines.append([])
                used = 0
            lines[-1].append((key, desc, binding, enabled))
            used += size
        return lines

    def get_content_height(self, container, viewport, width: int) -> int:  # type: ignore[override]
        return max(1, len(self._lines(width)))

    def render(self) -> RenderResult:
        width = self.size.width or 80
        self._hits = []
        rows = []
        for n, line in enumerate(self._lines(width)):
            parts: list[str | tuple[str, str]] = []
            x = 0
            for key, desc, binding, enabled in line:
                key_style = "bold $footer-key-foreground" if enabled else "dim"
                desc_style = "" if enabled else "dim"
                chunk = [(f" {key} ", key_style), (f"{desc} ", desc_style)]
                parts.extend(chunk)
                size = len(key) + len(desc) + 3
                self._hits.append(_Hit(n, x, x + size, binding.key.split(",")[0], enabled))
                x += size
            rows.append(Content.assemble(*parts))
        return Content("\n").join(rows)

    def on_click(self, event: events.Click) -> None:
        for hit in self._hits:
            if hit.line == event.y and hit.start <= event.x < hit.end:
                if hit.enabled:
                    self.app.simulate_key(hit.key)
                else:
                    self.app.bell()
                return
