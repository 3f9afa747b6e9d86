"""Lines that wrap under their own words (a hanging indent), not back at the margin."""

from __future__ import annotations

from textual.content import Content

#: Narrower than this, a hanging indent would leave too little room: one line, wrapped
#: by the widget.
MIN_ROOM = 20


def hanging(lead: Content | str, body: Content | str, width: int | None) -> list[Content]:
    """`lead` then `body`, wrapped to `width` columns in all: further lines start under
    the body's first. Without a width (not laid out yet) it is one line."""
    lead = Content(lead) if isinstance(lead, str) else lead
    body = Content(body) if isinstance(body, str) else body
    room = (width or 0) - lead.cell_length
    if room < MIN_ROOM:
        return [lead + body]
    first, *rest = body.wrap(room)
    pad = Content(" " * lead.cell_length)
    return [lead + first, *(pad + line for line in rest)]
