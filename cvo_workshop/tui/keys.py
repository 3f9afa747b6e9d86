"""The keys of a screen, in one order for the key bar, the help and the palette:
the screen's own keys as the screen lists them, then the app's. Keys of the
focused widget (scrolling, and so on) are left to that widget."""

from __future__ import annotations

from typing import NamedTuple

from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import Screen


class ScreenKey(NamedTuple):
    node: DOMNode
    binding: Binding
    enabled: bool


def _declared(node: DOMNode) -> list[Binding]:
    out: list[Binding] = []
    for cls in type(node).__mro__:
        out.extend(b for b in cls.__dict__.get("BINDINGS", []) if isinstance(b, Binding))
    return out


def screen_keys(screen: Screen) -> list[ScreenKey]:
    found = []
    for active in screen.active_bindings.values():
        node = active.node
        if node is not screen and node is not screen.app:
            continue
        declared = _declared(node)
        order = next((i for i, b in enumerate(declared) if b.action == active.binding.action), 999)
        found.append((node is screen.app, order, ScreenKey(node, active.binding, active.enabled)))
    found.sort(key=lambda item: (item[0], item[1]))
    return [key for _app, _order, key in found]
