"""How the room is opened (`--room`, `--host`, `--port`, `--auto-reveal`)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RoomOptions:
    #: 127.0.0.1: this computer only; 0.0.0.0: every network it is on (the room's Wi-Fi).
    host: str = "127.0.0.1"
    #: 0: any free port.
    port: int = 0
    #: Show the votes as soon as every participant has scored.
    auto_reveal: bool = False
