"""Bold text in the --font fallback is drawn bold (export/script.py): the
fallback has one weight, so its runs in a bold style are filled and stroked
(text render mode 2) in the text's colour."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader

from cvo_workshop.export.backlog_cards import print_backlog
from cvo_workshop.export.fonts import fallback_font
from cvo_workshop.export.report import render_report
from tests.export.pdf_text import edited
from tests.export.test_script import CJK_FONT, needs_cjk_font

pytestmark = needs_cjk_font


def _content(pdf: bytes) -> bytes:
    return b"\n".join(p.get_contents().get_data() for p in PdfReader(io.BytesIO(pdf)).pages)


def test_a_cjk_title_on_a_wall_card_is_drawn_bold():
    with fallback_font(CJK_FONT):
        pdf, warnings = print_backlog(edited(("d1", "title", "顾客 中国")), backs="none")
    assert warnings == []
    assert b" 2 Tr " in _content(pdf)


def test_cjk_in_regular_text_is_not_stroked():
    with fallback_font(CJK_FONT):
        pdf, _ = print_backlog(edited(("d1", "kpi", "顾客 中国")), backs="none")
    assert b"2 Tr" not in _content(pdf)


def test_a_cjk_heading_in_the_report_is_drawn_bold_and_the_stroke_ends_with_it():
    with fallback_font(CJK_FONT):
        pdf, warnings = render_report(edited(("d1", "title", "顾客 中国")))
    assert warnings == []
    content = _content(pdf)
    assert content.count(b" 2 Tr ") >= 1
    assert content.count(b" 2 Tr ") == content.count(b" 0 Tr ")  # back to filling after each run


def test_the_stroke_of_bold_cjk_is_the_text_s_colour_and_grows_with_the_type_size():
    with fallback_font(CJK_FONT):
        pdf, _ = print_backlog(edited(("d1", "title", "顾客")), backs="none", size="a6")
    content = _content(pdf).decode("latin-1")
    found = re.search(r"([\d. ]+) RG ([\d.]+) w 2 Tr /\S+ ([\d.]+) Tf", content)
    assert found is not None
    stroke, width, size = found.groups()
    fill = re.findall(r"([\d. ]+) rg", content[: found.start()])[-1]  # the text's colour
    assert fill.split() == stroke.split()
    assert abs(float(width) - 0.035 * float(size)) < 0.01
