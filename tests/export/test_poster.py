"""The roadmap poster (export/poster.py), read back with pypdf."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from cvo_workshop.engine.backlog import build
from cvo_workshop.export.poster import ITEM_PT, POSTER_PAPERS_MM, render_poster
from cvo_workshop.export.sheet import MM
from cvo_workshop.model.backlog import Horizon
from cvo_workshop.model.grooming import ItemEdited
from tests.backlog_fixtures import many, sample


def _reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def _text(pdf: bytes) -> str:
    return " ".join(_reader(pdf).pages[0].extract_text().split())


@pytest.mark.parametrize("paper", list(POSTER_PAPERS_MM))
def test_the_poster_is_one_landscape_page_of_its_paper(paper):
    pdf, warnings = render_poster(build(sample().state), paper=paper)
    reader = _reader(pdf)
    assert len(reader.pages) == 1 and warnings == []
    box = reader.pages[0].mediabox
    w, h = POSTER_PAPERS_MM[paper]
    assert (round(float(box.width) / MM, 1), round(float(box.height) / MM, 1)) == (w, h)


def test_every_item_s_rank_title_cohorts_and_score_are_on_the_poster():
    backlog = build(sample().state)
    text = _text(render_poster(backlog)[0])
    for item in backlog.items:
        assert f"#{item.rank}" in text and item.title in text
        assert item.cohorts[0].name in text
        assert item.breakdown.text.split(" = ")[0] in text


def test_columns_run_now_next_later_from_left_to_right():
    backlog = build(many(12).state)
    found: dict[str, float] = {}

    def visit(text, cm, tm, font, size):
        for word in ("NOW", "NEXT", "LATER"):
            if word in text.split() and word not in found:
                found[word] = tm[4]

    _reader(render_poster(backlog)[0]).pages[0].extract_text(visitor_text=visit)
    assert found["NOW"] < found["NEXT"] < found["LATER"]


def test_titles_print_at_22_pt_on_a3_when_the_columns_have_room():
    pdf, _ = render_poster(build(sample().state))
    data = _reader(pdf).pages[0].get_contents().get_data()
    sizes = {float(v) for v in re.findall(rb"/F[\w+]+ ([\d.]+) Tf", data)}
    assert ITEM_PT in sizes


def test_a2_sets_the_same_poster_larger():
    backlog = build(sample().state)

    def largest_item_size(paper):
        data = _reader(render_poster(backlog, paper=paper)[0]).pages[0].get_contents().get_data()
        return max(float(v) for v in re.findall(rb"/F[\w+]+ ([\d.]+) Tf", data))

    assert largest_item_size("a2") > 1.3 * largest_item_size("a3")


def test_a_column_too_long_for_the_poster_names_the_items_left_off_and_warns():
    backlog = build(many(240).state)
    pdf, warnings = render_poster(backlog)
    assert any("left off" in w and "column" in w for w in warnings)
    assert "more:" in _text(pdf)


def test_the_horizon_filter_leaves_the_other_columns_off():
    backlog = build(sample().state)
    text = _text(render_poster(backlog, horizons=[Horizon.NOW])[0])
    assert "NOW" in text and "NEXT" not in text and "LATER" not in text


def test_text_from_the_workshop_prints_literally():
    backlog = build(many(1, titles=["<b>Plan</b> & [bold]co[/]"]).state)
    text = _text(render_poster(backlog)[0])
    assert "<b>Plan</b> & [bold]co[/] 0" in text


def test_the_missing_glyph_warning_names_every_item_a_character_is_missing_in():
    p = sample()
    for item in ("d1", "d2"):
        p.add(ItemEdited(at=p.at(), item=item, field="title", value=f"中 {item}"))
    warnings = render_poster(build(p.state))[1]
    assert len(warnings) == 1 and "in 2 fields (#1; #3)" in warnings[0], warnings


def test_the_poster_asks_for_actual_size():
    pdf, _ = render_poster(build(sample().state))
    prefs = _reader(pdf).trailer["/Root"]["/ViewerPreferences"].get_object()
    assert str(prefs["/PrintScaling"]) == "/None"


def _title_lines(pdf: bytes) -> list[str]:
    """Each line drawn in the item titles' bold font, as drawn."""
    found: list[str] = []

    def visit(text, cm, tm, font, size):
        if text.strip() and "Bold" in str(font.get("/BaseFont", "")):
            found.append(text.strip())

    _reader(pdf).pages[0].extract_text(visitor_text=visit)
    return found


@pytest.mark.parametrize("word", ["long", "wait...", "wait…", "and so on …"])
def test_a_title_cut_to_three_lines_ends_in_one_ellipsis(word):
    from cvo_workshop.model.grooming import ItemEdited

    p = sample()
    p.add(ItemEdited(at=p.at(), item="d1", field="title", value=" ".join([word] * 60)[:300]))
    lines = _title_lines(render_poster(build(p.state))[0])
    assert any(line.endswith("…") for line in lines), lines
    assert not any(re.search(r"(…|\.\.\.)\s*…$", line) for line in lines), lines


def _more_line(pdf: bytes) -> str:
    text = _reader(pdf).pages[0].extract_text()
    return next(line for line in text.splitlines() if " more: " in line)


def test_the_items_left_off_are_named_in_letters_every_script_prints_in():
    titles = ["حملة ترحيب للعملاء الجدد", "Welcome series", "עגלה נטושה"]
    pdf, warnings = render_poster(build(many(120, titles=titles).state))
    line = _more_line(pdf)
    assert "\x00" not in line  # no empty boxes where the Arabic titles are
    assert re.search("[\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufeff]", line), line
    assert not any("character" in w for w in warnings)


@pytest.mark.parametrize(
    ("left_off", "cut"), [(2, False), (200, True)], ids=["all-named", "cut-to-fit"]
)
def test_the_line_of_items_left_off_ends_in_an_ellipsis_only_when_cut(left_off, cut):
    from reportlab.pdfgen.canvas import Canvas

    from cvo_workshop.export.poster import _Glyphs, _more

    rest = build(many(left_off).state).items
    out = io.BytesIO()
    c = Canvas(out)
    _more(c, _Glyphs({}), rest, 20, 800, 500, 1.0)
    c.save()
    line = _more_line(out.getvalue())
    assert line.startswith(f"+ {left_off} more: #1 Item ")
    assert line.endswith("…") is cut, line


def test_one_item_is_one_item_under_the_title():
    text = _text(render_poster(build(many(1).state))[0])
    assert "1 item, in priority order" in text and "1 items" not in text


def test_a_long_client_wraps_the_heading_and_keeps_client_and_title_whole():
    from cvo_workshop.model.brand import Brand

    client = "Société Générale des Magasins Réunis de l'Outre-Mer — Division Commerce Électronique"
    brand = Brand(client=client, title="Personalization roadmap")
    pdf, _ = render_poster(build(sample().state), brand=brand)
    assert f"{client}: Personalization roadmap" in _text(pdf)
    heading = _title_lines(pdf)[:2]  # drawn first, in bold
    assert " ".join(heading) == f"{client}: Personalization roadmap", heading


def test_a_word_wider_than_the_column_breaks_with_a_hyphen_the_others_between_words():
    from cvo_workshop.model.grooming import ItemEdited

    p = sample()
    title = "Ein persönlicher Einkaufsassistentenkunde"
    p.add(ItemEdited(at=p.at(), item="d1", field="title", value=title))
    lines = _title_lines(render_poster(build(p.state))[0])
    shown = lines[lines.index("Ein persönlicher") :][:3]
    assert shown[1].endswith("-"), shown
    # Read back: a hyphen joins the pieces of a word, a line break is a space.
    assert " ".join(shown).replace("- ", "") == title, shown


def test_a_title_and_cohorts_cut_on_the_poster_are_named_in_a_warning():
    p = sample()
    p.add(ItemEdited(at=p.at(), item="d1", field="title", value=" ".join(["long"] * 60)[:300]))
    warnings = render_poster(build(p.state))[1]
    said = [w for w in warnings if "does not fit" in w]
    assert len(said) == 1, warnings
    assert said[0].startswith("#1 long long") and "title cut to 3 lines" in said[0], said
    assert "Shorten the item" in said[0]


def test_a_poster_whose_text_fits_says_nothing_was_cut_and_shows_every_breakdown_whole():
    backlog = build(sample().state)
    pdf, warnings = render_poster(backlog)
    assert not any("does not fit" in w for w in warnings), warnings
    text = " ".join(_text(pdf).split())
    for item in backlog.items:
        assert item.breakdown.text in text


def test_a_partly_scored_item_on_the_poster_reads_not_scored_as_the_report_does():
    from tests.backlog_fixtures import card

    p = sample()
    p.draw(card("gift-finder"), "new", impact=2)  # accepted with one factor of three
    text = " ".join(_text(render_poster(build(p.state))[0]).split())
    assert "RICE: not scored" in text
    assert "needs Impact" not in text and "needs Confidence" not in text


def test_a_cut_heading_line_under_it_or_foot_line_is_a_warning():
    from cvo_workshop.model.brand import Brand

    long = " ".join(["Acme Outdoor International Holdings"] * 12)[:300]
    brand = Brand(client=long, consultant=long, confidential=long, title="Roadmap")
    warnings = render_poster(build(sample().state), brand=brand)[1]
    assert any(w.startswith("the poster's heading (client: title) does not fit") for w in warnings)
    assert any(w.startswith("the line under the poster's heading") for w in warnings), warnings
    assert any(w.startswith("the poster's foot line") for w in warnings), warnings
    fits = render_poster(build(sample().state), brand=Brand(client="Acme", confidential="Internal"))
    assert fits[1] == []
