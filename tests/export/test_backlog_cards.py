"""Backlog cards for the wall (export/backlog_cards.py), read back with pypdf."""

from __future__ import annotations

import io

from pypdf import PdfReader

from cvo_workshop.engine.backlog import build
from cvo_workshop.export.backlog_cards import backlog_faces, print_backlog
from cvo_workshop.model.backlog import Horizon
from cvo_workshop.model.grooming import ItemEdited
from tests.backlog_fixtures import many, sample


def _pages(pdf: bytes) -> list[str]:
    return [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages]


def test_every_item_prints_nine_cards_a_sheet_in_priority_order_after_its_header():
    backlog = build(many(30).state)
    pdf, warnings = print_backlog(backlog, size="poker")
    assert warnings == []
    faces = backlog_faces(backlog)
    headers = [f.key for f in faces if f.key.startswith("header-")]
    assert headers == ["header-now", "header-next", "header-later"]  # no blocked item
    assert len(faces) == 30 + 3
    pages = _pages(pdf)
    assert len(pages) == 4  # 33 cards, nine a sheet
    # Each face is on the page its position says, and titles come in rank order.
    for position, face in enumerate(faces):
        assert face.title in pages[position // 9], face.key
    expected = [f.title for f in faces]
    ranks = [i.title for i in backlog.items]
    assert [t for t in expected if not t.isupper()] == ranks


def test_header_cards_name_each_horizon_and_its_ranks():
    backlog = build(sample().state)
    text = " ".join(_pages(print_backlog(backlog)[0]))
    for name in ("NOW", "NEXT", "LATER", "BLOCKED"):
        assert name in text
    assert "2 · ranks #1–#2" in text


def test_horizon_filter_prints_only_those_horizons():
    backlog = build(sample().state)
    text = " ".join(_pages(print_backlog(backlog, horizons=[Horizon.NEXT])[0]))
    assert "Size memory" in text
    assert "Exclusion list" not in text and "BLOCKED" not in text


def test_duplex_backs_carry_the_test_plan_and_notes():
    backlog = build(sample().state)
    front, back, *_ = _pages(print_backlog(backlog, backs="duplex")[0])
    assert "buyers excluded for 30 days" in back
    assert "buyers excluded for 30 days" not in front
    assert "TEST PLAN" in back


def test_text_prints_literally_in_any_script():
    p = sample()
    p.add(ItemEdited(at=p.at(), item="d1", field="title", value="Zażółć <b>gęślą</b> & [bold]"))
    p.add(ItemEdited(at=p.at(), item="d2", field="title", value="Ελληνικά και Українська мова"))
    text = " ".join(_pages(print_backlog(build(p.state))[0]))
    assert "Zażółć <b>gęślą</b> & [bold]" in text
    assert "Ελληνικά και Українська мова" in text
    assert "Ana <CRM> & [bold]co[/]" in text


def test_an_overflowing_card_is_named_by_rank_and_title_in_the_warnings():
    p = sample()
    p.add(ItemEdited(at=p.at(), item="d1", field="kpi", value="very long words " * 200))
    p.add(ItemEdited(at=p.at(), item="d2", field="owner", value="王芳"))
    backlog = build(p.state)
    d1 = next(i for i in backlog.items if i.id == "d1")
    d2 = next(i for i in backlog.items if i.id == "d2")
    _, warnings = print_backlog(backlog)
    assert any(
        w.startswith(f"#{d1.rank} {d1.title} (page 1): the text does not fit") for w in warnings
    ), warnings
    assert any(f"(#{d2.rank} {d2.title}: " in w and "U+738B" in w for w in warnings), warnings
    assert not any(w.startswith(("d1 ", "d2:")) or "(d2: " in w for w in warnings)


def test_an_empty_backlog_prints_one_blank_sheet_without_error():
    backlog = build(many(0).state)
    pdf, warnings = print_backlog(backlog)
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1 and warnings == []


def _bottom_print(pdf: bytes, page: int, below: float) -> list[tuple[str, float, float]]:
    """Text drawn below `below` points on a page: (text, x, font size)."""
    found: list[tuple[str, float, float]] = []

    def visit(text, cm, tm, font, size):
        x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
        y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
        if text.strip() and y < below:
            found.append((text.strip(), x, size * tm[0]))

    PdfReader(io.BytesIO(pdf)).pages[page].extract_text(visitor_text=visit)
    return found


def test_the_printing_note_prints_in_full_between_the_crop_marks():
    from cvo_workshop.export.fonts import FAMILY
    from cvo_workshop.export.sheet import Backs, SheetSpec, impose
    from cvo_workshop.export.textfit import text_width

    backlog = build(sample().state)
    # Letter's bottom margin is too narrow: its note turns into the left
    # margin (tests/export/test_print_zone.py).
    for paper in ("a4",):
        for backs, page, instruction in (
            ("duplex", 1, "backs (flip on the long edge)"),
            ("fold", 0, "fold on the dashed line, glue, then cut"),
        ):
            pdf, _ = print_backlog(backlog, paper=paper, backs=backs, size="poker")
            imp = impose(SheetSpec(paper=paper, backs=Backs(backs)))
            marks = imp.back_marks if backs == "duplex" else imp.front_marks
            note = _bottom_print(pdf, page, marks.block.y)
            text = " ".join(t for t, _, _ in note)
            assert instruction in text, (paper, backs, text)
            assert "sheet 1 of" in text and "…" not in text, (paper, backs, text)
            for t, x, size in note:
                assert size >= 6
                right = x + text_width(t, FAMILY.regular, size)
                drawn = [m for m in marks.xs if imp.fold_x is None or abs(m - imp.fold_x) > 0.01]
                crossed = [m for m in drawn if x < m < right]
                assert crossed == [], (paper, backs, t)
                assert x >= 0 and right <= imp.width


def _drawn(pdf: bytes, page: int) -> list[tuple[str, float, float]]:
    """Text drawn on a page: (text, y, font size)."""
    found: list[tuple[str, float, float]] = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
            found.append((text.strip(), y, size * tm[0]))

    PdfReader(io.BytesIO(pdf)).pages[page].extract_text(visitor_text=visit)
    return found


def test_a_card_cut_to_fit_says_where_to_read_it_in_full():
    from cvo_workshop.export.report import render_report

    p = sample()
    p.add(ItemEdited(at=p.at(), item="d1", field="kpi", value="very long words " * 200))
    backlog = build(p.state)
    d1 = next(i for i in backlog.items if i.id == "d1")
    pdf, _ = print_backlog(backlog, backs="duplex")
    pages = _pages(pdf)
    note = f"Cut to fit: read it in full in the backlog report, item {d1.rank}."
    front = next(n for n, text in enumerate(pages) if f"{d1.title} " in text and "KPI" in text)
    assert note in pages[front] and note in pages[front + 1]  # its back (the test plan) too
    assert sum(text.count("Cut to fit") for text in pages) == 2  # no other card is cut
    # "item N" is the item's section in the report.
    report = " ".join(_pages(render_report(backlog)[0]))
    assert f"{d1.rank}. {d1.title}" in report


def test_a_long_fact_takes_at_most_two_lines_and_the_card_says_it_was_cut():
    owner = "Ana Maria de la Cruz Fernandez, Benjamin Okonkwo-Smith, Cyrille Dubois, the CRM team"
    p = sample()
    p.add(ItemEdited(at=p.at(), item="d1", field="owner", value=owner))
    backlog = build(p.state)
    d1 = next(i for i in backlog.items if i.id == "d1")
    pdf, warnings = print_backlog(backlog, backs="none")
    page = next(n for n, text in enumerate(_pages(pdf)) if "Ana Maria" in text)
    lines = {y for text, y, _ in _drawn(pdf, page) if text.rstrip("…") in owner and " " in text}
    assert len(lines) == 2
    text = _pages(pdf)[page]
    assert "CRM team" not in text and "…" in text
    assert f"item {d1.rank}." in text
    said = next(w for w in warnings if w.startswith(f"#{d1.rank} "))
    # the owner is set at the facts' size, not the text's: the warning names it
    assert said.endswith("): Owner cut to 2 lines, shown as '…'. Shorten the card."), said


def test_the_back_names_the_item_at_the_body_size_the_front_at_the_title_size():
    from cvo_workshop.export.card_render import TYPE_SCALES

    backlog = build(sample().state)
    title = backlog.items[0].title
    pdf, _ = print_backlog(backlog, backs="duplex", size="a6")
    front = {size for text, _, size in _drawn(pdf, 0) if text == title}
    back = {size for text, _, size in _drawn(pdf, 1) if text == title}
    assert front == {TYPE_SCALES["a6"].title}
    assert back == {TYPE_SCALES["a6"].body}


def test_a_warning_names_a_card_by_rank_and_the_start_of_a_long_title():
    title = "Content variants produced and tagged for every cohort, every channel " * 4
    p = sample()
    p.add(ItemEdited(at=p.at(), item="d1", field="title", value=title.strip()))
    p.add(ItemEdited(at=p.at(), item="d1", field="kpi", value="very long words " * 200))
    backlog = build(p.state)
    d1 = next(i for i in backlog.items if i.id == "d1")
    _, warnings = print_backlog(backlog, backs="duplex")
    cut = [w for w in warnings if w.startswith(f"#{d1.rank} ")]
    assert len(cut) == 2, warnings  # the front and the back
    for w in cut:
        assert w.startswith(f"#{d1.rank} Content variants produced and tagged for… ("), w
        assert "every channel" not in w and len(w) < 160


def test_a_partly_scored_item_s_card_reads_not_scored_as_the_report_does():
    from tests.backlog_fixtures import card

    p = sample()
    p.draw(card("gift-finder"), "new", impact=2)  # accepted with one factor of three
    text = " ".join(" ".join(_pages(print_backlog(build(p.state))[0])).split())
    assert "RICE: not scored" in text
    assert "needs Impact" not in text and "needs Confidence" not in text
