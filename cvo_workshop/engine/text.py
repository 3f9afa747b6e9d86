"""Text from files and people, made safe to show: control characters made visible."""

from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, C1 controls: a terminal would act on
# them (ESC starts colour, title and clipboard sequences), so show them instead.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _visible(m: re.Match[str]) -> str:
    code = ord(m.group())
    return chr(0x2400 + code) if code < 0x20 else f"\\x{code:02x}"


def printable(value: object) -> str:
    """`value` as text with control characters shown, never executed."""
    s = "" if value is None else str(value)
    return CONTROL.sub(_visible, s)
