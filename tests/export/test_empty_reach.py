"""An item for a cohort with no customers (a RICE reach of 0) is never low-hanging
fruit and never recommended in the executive summary (PDF and slides): the summary
asks for a decision on it instead."""

from __future__ import annotations

import io

from pptx import Presentation
from pypdf import PdfReader

from cvo_workshop.engine.backlog import build
from cvo_workshop.export.report import render_report
from cvo_workshop.export.report_summary import summarize
from cvo_workshop.export.slides import render_slides
from cvo_workshop.model.card import Capability, CohortCard, Effort, Kind
from cvo_workshop.model.workshop import Framework
from tests.backlog_fixtures import Play, card, setup

SOME = CohortCard(
    id="need-attention",
    name="Need Attention",
    definition="R3 F3.",
    customers=1,
    share=0.5,
    revenue_share=0.886,
)
LOYAL = CohortCard(
    id="loyal", name="Loyal", definition="R3-4 F4-5.", customers=0, share=0.0, revenue_share=0.0
)


def _backlog():
    p = Play(setup(Framework.RICE, cohorts=[SOME, LOYAL]))
    quick = card("exclusion-list", kind=Kind.AUTOMATION, cap=Capability.INCIDENTAL)
    quick = quick.model_copy(update={"effort": Effort.LOW})
    p.draw(quick, "loyal", impact=3, confidence=100, effort=0.5)
    p.draw(card("size-memory"), "need-attention", impact=1, confidence=50, effort=2)
    return build(p.state)


def test_an_item_reaching_nobody_is_not_low_hanging_fruit():
    backlog = _backlog()
    empty = next(i for i in backlog.items if i.title == "Exclusion list")
    assert empty.reach == 0 and not empty.low_hanging
    assert "Low-hanging" not in empty.why
    # The item that reaches customers ranks first.
    assert [i.title for i in backlog.items] == ["Size memory", "Exclusion list"]


def test_the_summary_recommends_no_item_that_reaches_nobody():
    s = summarize(_backlog(), 0)
    assert s.low_hanging == []
    assert s.decisions == [
        "#2 Exclusion list reaches no customers (Loyal: none measured):"
        " drop it or aim it at a cohort with customers"
    ]
    assert "Plan the rest of Now: #1." in s.next_steps
    assert not any("#2" in step for step in s.next_steps)


def test_the_pdf_summary_lists_no_low_hanging_fruit_that_reaches_nobody():
    pdf = render_report(_backlog())[0]
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert "Low-hanging fruit to start now" not in text
    assert "#2 Exclusion list reaches no customers (Loyal: none measured)" in text


def test_the_slides_list_no_low_hanging_fruit_that_reaches_nobody():
    prs = Presentation(io.BytesIO(render_slides(_backlog())[0]))
    said = "\n".join(
        shape.text_frame.text
        for slide in prs.slides
        for shape in slide.shapes
        if shape.has_text_frame
    )
    assert "Low-hanging fruit to start now" not in said
    assert "reaches no customers" in said
