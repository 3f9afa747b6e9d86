"""The cards already live in the report, the Markdown and the JSON export."""

from __future__ import annotations

import io
import json

import pytest
from pypdf import PdfReader

from cvo_workshop.engine.backlog import build
from cvo_workshop.export.backlog_files import to_json, to_markdown
from cvo_workshop.export.report import render_report
from cvo_workshop.model.workshop import AlreadyLive
from tests.backlog_fixtures import Play, card, setup


@pytest.fixture(scope="module")
def backlog():
    p = Play(setup(live=["consent-center"]))
    p.draw(card("needs-consent", requires=("consent-center",)))
    n = p.draw(card("size-memory", title="Size memory <b>&"), decision=None)
    p.add(AlreadyLive(at=p.at(), draw=n))
    return build(p.state, titles={"consent-center": "Consent centre"})


def test_the_markdown_lists_the_live_cards_and_where_they_were_said(backlog):
    text = to_markdown(backlog)
    section = text[text.index("## Already live (2)") :]
    assert "- Consent centre (ticked at setup)" in section
    assert "(said at draw 2)" in section


def test_the_json_lists_the_live_cards(backlog):
    live = json.loads(to_json(backlog))["live"]
    assert live == [
        {"card": "consent-center", "title": "Consent centre", "draw": None},
        {"card": "size-memory", "title": "Size memory <b>&", "draw": 2},
    ]


def test_the_report_has_an_already_live_section_bookmarked(backlog):
    pdf, warnings = render_report(backlog)
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert warnings == []
    assert "Already live (2)" in [o.title for o in reader.outline if not isinstance(o, list)]
    assert "Consent centre ticked at setup" in text
    assert "Size memory <b>& said at draw 2" in text


def test_a_card_whose_already_live_was_taken_back_is_off_every_export():
    from cvo_workshop.model.workshop import LiveTakenBack

    p = Play(setup(live=["consent-center"]))
    p.draw(card("needs-consent", requires=("consent-center",)))
    n = p.draw(card("size-memory", title="Size memory"), decision=None)
    p.add(AlreadyLive(at=p.at(), draw=n))
    p.add(LiveTakenBack(at=p.at(), card="size-memory"))
    p.add(LiveTakenBack(at=p.at(), card="consent-center"))
    taken_back = build(p.state, titles={"consent-center": "Consent centre"})
    assert "Already live" not in to_markdown(taken_back)
    assert json.loads(to_json(taken_back))["live"] == []
    # what required it is blocked again: nothing meets its requirement now
    assert "consent-center" in taken_back.items[0].blocked_by
