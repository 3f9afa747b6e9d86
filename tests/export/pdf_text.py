"""What a PDF says, for tests that compare text laid out: its lines as extracted,
and a backlog with some fields edited to put the text there."""

from __future__ import annotations

import io
import unicodedata

from pypdf import PdfReader

from cvo_workshop.engine.backlog import build
from cvo_workshop.model.grooming import ItemEdited
from tests.backlog_fixtures import sample


def text_lines(pdf: bytes) -> list[str]:
    """Every extracted line, whitespace collapsed, Arabic forms made letters again."""
    out = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for line in page.extract_text().splitlines():
            out.append(" ".join(unicodedata.normalize("NFKC", line).split()))
    return out


def edited(*edits: tuple[str, str, str]):
    """The sample backlog with (item, field, value) edits."""
    p = sample()
    for item, field, value in edits:
        p.add(ItemEdited(at=p.at(), item=item, field=field, value=value))
    return build(p.state)
