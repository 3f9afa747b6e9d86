"""App-wide messages: what a screen hears from outside itself."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from cvo_workshop.model.workshop import Event


@dataclass
class WorkshopChanged(Message, bubble=False):
    """The running workshop applied `events` (a key on any screen, or a change from
    outside the app): the screens showing it redraw."""

    events: tuple[Event, ...]
