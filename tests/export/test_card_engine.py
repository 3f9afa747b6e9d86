"""The card engine on cards of its own making: any card type, one type scale, overflow."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from cvo_workshop.export.card_render import MIN_LABEL_PT, TYPE_SCALES, draw_face
from cvo_workshop.export.card_sheets import DocInfo, render_cards
from cvo_workshop.export.cards import Band, CardBack, CardFace, Fact, Grid, Palette, Section
from cvo_workshop.export.fonts import register_fonts
from cvo_workshop.export.sheet import Backs, SheetSpec, impose

PALETTE = Palette(colour="#336699", ink="#ffffff", accent="#223344", tint="#ccddee")


def face(key: str, body: str = "Short body.", **kw) -> CardFace:
    # A "backlog card", say: nothing recipe-specific in it.
    return CardFace(
        key=key,
        band=Band("Backlog", PALETTE, symbol="★", index="1"),
        title=kw.pop("title", f"Item {key}"),
        lead=kw.pop("lead", "Why we do it"),
        sections=(Section("Plan", (body,)), Section("Steps", ("one", "two"), bullets=True)),
        facts=(Fact("Owner", "Ana"), Fact("Horizon", "Now")),
        corner_left=key,
        corner_right="workshop",
        back=CardBack("Backlog", PALETTE, symbol="★", small_print="ACME"),
        group=kw.pop("group", "Now"),
        **kw,
    )


def _pdf(faces, spec=None, **kw):
    spec = spec or SheetSpec()
    data, report = render_cards(faces, spec, DocInfo(title="Backlog cards"), **kw)
    return PdfReader(io.BytesIO(data)), report


def _fit(card: CardFace):
    from reportlab.pdfgen.canvas import Canvas

    register_fonts()
    canvas = Canvas(io.BytesIO())
    return draw_face(canvas, card, impose(SheetSpec()).fronts[0])


def test_any_card_type_prints_its_text():
    reader, report = _pdf([face(f"item-{i}") for i in range(3)])
    text = reader.pages[0].extract_text()
    for i in range(3):
        assert f"Item item-{i}" in text and f"item-{i}" in text
    for word in ("BACKLOG", "PLAN", "STEPS", "OWNER", "Ana", "Why we do it", "workshop"):
        assert word in text
    assert report.overflows == [] and report.missing == []


def _sizes(reader) -> list[set[float]]:
    """The font sizes each page sets text in, from its content stream."""
    # Skip reportlab's own opening "BT /F1 12 Tf", which sets no text.
    pattern = re.compile(rb"/F[\w+]+ ([\d.]+) Tf")
    pages = []
    for page in reader.pages:
        data = page.get_contents().get_data().split(b"/F1 12 Tf", 1)[-1]
        pages.append({float(v) for v in pattern.findall(data)})
    return pages


def test_a_long_card_and_a_short_card_are_set_in_the_same_sizes():
    long = face("long", body="A plan that takes a fair number of words to explain. " * 13)
    short, _ = _pdf([face("short")])
    longer, _ = _pdf([long])
    assert _sizes(short)[0] == _sizes(longer)[0]


@pytest.mark.parametrize("size", list(TYPE_SCALES))
def test_every_card_size_sets_text_in_its_title_body_and_label_sizes_only(size):
    ts = TYPE_SCALES[size]
    reader, _ = _pdf([face("a"), face("b", body="Words. " * 400)], SheetSpec(size=size))
    sizes = _sizes(reader)[0]
    assert sizes <= {ts.title, ts.body, ts.label, MIN_LABEL_PT}  # the sheet note is 6 pt
    assert min(sizes) >= MIN_LABEL_PT


def test_wall_card_sizes_have_a_title_of_20_pt_or_more():
    assert all(TYPE_SCALES[s].title >= 20 for s in ("a6", "a5", "index"))


def test_text_that_does_not_fit_is_cut_and_reported_at_the_body_size_not_shrunk():
    ink = _fit(face("c", body="Far too much to say on one card. " * 80))
    assert ink.overflow and ink.cut_lines > 10
    _, report = _pdf([face("c", body="Far too much to say on one card. " * 80)])
    assert [o.size for o in report.overflows] == [TYPE_SCALES["poker"].body]
    assert "does not fit at 6 pt" in report.warnings()[0]


def test_an_overflowing_card_is_named_and_ends_in_an_ellipsis():
    reader, report = _pdf([face("fine"), face("long", body="word " * 2000)])
    assert [(o.key, o.page) for o in report.overflows] == [("long", 1)]
    assert "…" in reader.pages[0].extract_text()


def test_a_long_unbroken_word_is_split_rather_than_running_off_the_card():
    ink = _fit(face("e", title="x" * 120))
    assert not ink.overflow


def test_a_grid_section_prints_beside_its_text():
    grid = Grid(2, 3, frozenset({(0, 1)}), "Y", "X", ("a", "b"), ("1", "2", "3"))
    card = CardFace(
        key="g",
        band=Band("Grid", PALETTE),
        title="Grid card",
        sections=(Section("Cells", ("beside the grid",), grid=grid),),
    )
    reader, report = _pdf([card])
    assert "beside the grid" in reader.pages[0].extract_text()
    assert report.overflows == []


def test_duplex_pages_alternate_fronts_and_backs():
    reader, report = _pdf([face(f"i{n}") for n in range(10)], SheetSpec(backs=Backs.DUPLEX))
    assert len(reader.pages) == report.pages == 4
    fronts = [reader.pages[i].extract_text() for i in (0, 2)]
    backs = [reader.pages[i].extract_text() for i in (1, 3)]
    assert all("Item i" in t for t in fronts)
    assert all("Item i" not in t and "BACKLOG" in t and "ACME" in t for t in backs)
    assert backs[1].count("ACME") == 1  # one card on the second sheet: one back


def test_bookmarks_group_the_cards():
    cards = [face("a", group="Now"), face("b", group="Now"), face("c", group="Later")]
    reader, _ = _pdf(cards)
    outline = reader.outline
    titles = [e.title for e in outline if not isinstance(e, list)]
    assert titles == ["Now", "Later"]
    assert [e.title for e in outline[1]] == ["Item a", "Item b"]


def test_no_cards_still_make_a_valid_pdf():
    reader, report = _pdf([])
    assert len(reader.pages) == 1 and report.cards == 0
