"""The keys of a screen, in one order for the key bar, the help and the palette:
the screen's own keys as the screen lists them (its BINDINGS, most used first),
then the app's. Keys of the focused widget (scrolling, and so on) are left to
that widget.

The key bar's rule, kept here once (`fit_keys`): one line, whatever the width.
Keys in that order, each with its short words (the binding's description),
skipped when the line has no room left; the help key always (`? Help`, or
`f1 Help` while ? is typed text), and the keys a screen pins (the table's
`u Undo`, the facilitator's safety net); the room left then gives keys their
longer words (`key_label(..., long=True)`), most used first. From
LONG_FIRST_WIDTH columns a pinned key has its longer words before the keys
after it have any room ("u Undo: Ben leaving" at 120 columns, where the keys
after it would leave it none). Every key stays in the help and the palette,
named in its longer words."""

from __future__ import annotations

from typing import ClassVar, NamedTuple

from rich.cells import cell_len
from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import Screen

HELP_ACTIONS = ("help", "app.help")
#: From this width a pinned key's longer words come before the keys after it.
LONG_FIRST_WIDTH = 120
PALETTE_ACTIONS = ("command_palette", "app.command_palette")


class ScreenKey(NamedTuple):
    node: DOMNode
    binding: Binding
    enabled: bool


class LongLabels:
    """Mixed into a screen: longer words for its keys (by action), shown where the
    key bar has room, and in the help and the palette. A screen whose words
    change with its state overrides `long_label`; one whose keys change (1-2 or
    1-4, as the statement on screen has answers) overrides `shown_key`."""

    LONG_LABELS: ClassVar[dict[str, str]] = {}
    #: Actions always on the key bar, as the help key is (fit_keys).
    PINNED: ClassVar[tuple[str, ...]] = ()

    def long_label(self, action: str) -> str | None:
        return self.LONG_LABELS.get(action)

    def shown_key(self, action: str) -> str | None:
        return None


def key_label(node: DOMNode, binding: Binding, *, long: bool = False) -> str:
    """The words for `binding` of `node`: its description (short, for a full key
    bar); with `long`, the longer words its screen gives for the key now, if any."""
    if long and isinstance(node, LongLabels):
        words = node.long_label(binding.action)
        if words:
            return words
    return binding.description


def shown_key(node: DOMNode, binding: Binding) -> str:
    """The key of `binding` as the key bar, the help and the palette show it: as its
    screen shows it now, if the screen says, else its display (^r, ?, 0-9)."""
    if isinstance(node, LongLabels):
        shown = node.shown_key(binding.action)
        if shown:
            return shown
    return node.app.get_key_display(binding)


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


class BarKey(NamedTuple):
    """A key as the key bar may show it."""

    press: str  # the key a click on it presses
    display: str  # the key as shown (?, ^r, 0-9)
    short: str
    long: str
    enabled: bool
    always: bool = False  # the help key, a pinned key: shown whatever the width
    #: a pinned key: its longer words before the keys after it (from LONG_FIRST_WIDTH)
    long_first: bool = False


def bar_keys(screen: Screen) -> list[BarKey]:
    """The keys the bar may show, in their order: one for each action, those shown
    (`show=True`), and the help key (? while it opens the help, f1 while ? is
    typed text), then the command palette."""
    app = screen.app
    out: list[BarKey] = []
    seen: set[str] = set()
    found = screen_keys(screen)
    active = {key.binding.key for key in found}
    for key in found:
        binding = key.binding
        is_help = binding.action in HELP_ACTIONS
        if binding.action in seen or binding.action in PALETTE_ACTIONS:
            continue
        if is_help:
            # ? when it opens the help; f1 when ? is typed text (a field has focus).
            if binding.key != "question_mark" and "question_mark" in active:
                continue
        elif not binding.show:
            continue
        seen.add(binding.action)
        pinned = isinstance(key.node, LongLabels) and binding.action in key.node.PINNED
        out.append(
            BarKey(
                press=binding.key.split(",")[0],
                display=shown_key(key.node, binding),
                short=key_label(key.node, binding),
                long=key_label(key.node, binding, long=True),
                enabled=key.enabled,
                always=is_help or pinned,
                long_first=pinned,
            )
        )
    if app.ENABLE_COMMAND_PALETTE and not screen.is_modal:  # a dialog takes no app key
        palette = app.COMMAND_PALETTE_BINDING
        shown = app.get_key_display(Binding(palette, ""))
        out.append(BarKey(palette, shown, "Commands", "Commands", enabled=True))
    return out


def key_size(key: BarKey, label: str) -> int:
    """The cells a key takes on the bar: " ^r Redo "."""
    return cell_len(key.display) + cell_len(label) + 3


def fit_keys(keys: list[BarKey], width: int) -> list[tuple[BarKey, str]]:
    """The keys on a bar `width` cells wide, with their words (the rule above)."""
    room = width - sum(key_size(k, k.short) for k in keys if k.always)
    shown: list[int] = []
    labels: dict[int, str] = {}

    def lengthen(i: int) -> None:
        nonlocal room
        extra = cell_len(keys[i].long) - cell_len(keys[i].short)
        if 0 < extra <= room:
            labels[i] = keys[i].long
            room -= extra

    for i, key in enumerate(keys):
        size = key_size(key, key.short)
        if key.always:
            shown.append(i)
            labels[i] = key.short
            if key.long_first and width >= LONG_FIRST_WIDTH:
                lengthen(i)
        elif size <= room:
            shown.append(i)
            labels[i] = key.short
            room -= size
    for i in shown:
        if labels[i] == keys[i].short:
            lengthen(i)
    return [(keys[i], labels[i]) for i in shown]
