"""Printing on real printers: nothing but bleed in the sheet's outer 5 mm, every
cut marked, offsets that fit, and a PDF that asks for actual size and duplex."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from cvo_workshop.export.backlog_cards import print_backlog
from cvo_workshop.export.deck_cards import print_deck
from cvo_workshop.export.sheet import (
    CARD_SIZES_MM,
    MIN_MARK_MM,
    MM,
    SAFE_MM,
    Backs,
    SheetError,
    SheetSpec,
    impose,
)
from tests.export.decks import cohort, make_deck, numbered

LINE = re.compile(rb"([-\d.]+) ([-\d.]+) m ([-\d.]+) ([-\d.]+) l S")
LAYOUTS = [
    (paper, backs, size)
    for paper in ("a4", "letter")
    for backs in Backs
    for size in CARD_SIZES_MM
    # Two A5 or index cards side by side need a larger sheet than A4 or Letter.
    if not (size in ("a5", "index") and backs is Backs.FOLD)
]


def _deck_pdf(spec: SheetSpec, cards: int = 10) -> PdfReader:
    pdf, _ = print_deck(make_deck(numbered(cards), [cohort("c")]), spec)
    return PdfReader(io.BytesIO(pdf))


def _lines(page) -> list[tuple[float, float, float, float]]:
    data = page.get_contents().get_data()
    return [tuple(float(v) for v in m) for m in LINE.findall(data)]


def _text_origins(page) -> list[tuple[str, float, float]]:
    found: list[tuple[str, float, float]] = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
            y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
            found.append((text.strip(), x, y))

    page.extract_text(visitor_text=visit)
    return found


def _inside(x: float, y: float, page) -> bool:
    w, h = float(page.mediabox.width), float(page.mediabox.height)
    safe = SAFE_MM * MM - 0.01
    return safe <= x <= w - safe and safe <= y <= h - safe


@pytest.mark.parametrize(("paper", "backs", "size"), LAYOUTS)
def test_marks_cut_lines_and_the_fold_line_lie_at_least_5_mm_inside_the_sheet(paper, backs, size):
    reader = _deck_pdf(SheetSpec(paper=paper, backs=backs, size=size))
    for page in reader.pages:
        lines = _lines(page)
        assert lines
        for x0, y0, x1, y1 in lines:
            assert _inside(x0, y0, page) and _inside(x1, y1, page), (x0, y0, x1, y1)


@pytest.mark.parametrize(("paper", "backs", "size"), LAYOUTS)
def test_sheet_notes_and_all_text_lie_at_least_5_mm_inside_the_sheet(paper, backs, size):
    reader = _deck_pdf(SheetSpec(paper=paper, backs=backs, size=size))
    for page in reader.pages:
        texts = _text_origins(page)
        assert any(re.search(r"sheet \d+ of", t) for t, _, _ in texts), "the note is printed"
        for text, x, y in texts:
            assert _inside(x, y, page), (text, x, y)


@pytest.mark.parametrize("backs", [Backs.NONE, Backs.DUPLEX])
def test_on_letter_the_sheet_note_turns_into_the_left_margin(backs):
    reader = _deck_pdf(SheetSpec(paper="letter", backs=backs))
    imp = impose(SheetSpec(paper="letter", backs=backs))
    note = [(t, x, y) for t, x, y in _text_origins(reader.pages[-1]) if "sheet" in t]
    assert note and all(x < imp.front_marks.block.x for _, x, _ in note)


def test_on_letter_the_vertical_cuts_print_as_cut_lines_through_the_sheet():
    imp = impose(SheetSpec(paper="letter"))
    marks = imp.front_marks
    safe = SAFE_MM * MM
    vertical = [line for line in marks.lines if line[0] == line[2]]
    assert sorted(line[0] for line in vertical) == pytest.approx(sorted(marks.xs))
    for _, y0, _, y1 in vertical:
        assert y0 == pytest.approx(safe) and y1 == pytest.approx(imp.height - safe)
    # The horizontal cuts keep their marks in the wide side margins.
    assert all(y0 == y1 for _, y0, _, y1 in (*marks.marks, *marks.cased))
    assert len(marks.marks) + len(marks.cased) == 2 * len(marks.ys)


def test_cut_lines_replace_every_crop_mark_when_asked():
    imp = impose(SheetSpec(paper="a4", cut_lines=True))
    marks = imp.front_marks
    assert marks.marks == () and marks.cased == ()
    assert len(marks.lines) == len(marks.xs) + len(marks.ys)


@pytest.mark.parametrize(("paper", "backs", "size"), LAYOUTS)
def test_every_crop_mark_is_at_least_3_mm_long(paper, backs, size):
    imp = impose(SheetSpec(paper=paper, backs=backs, size=size))
    for marks in (imp.front_marks, imp.back_marks):
        for x0, y0, x1, y1 in (*marks.marks, *marks.cased) if marks else ():
            assert abs(x1 - x0) + abs(y1 - y0) >= MIN_MARK_MM * MM - 0.01


def test_marks_over_the_outer_bleed_stop_short_of_the_cut():
    imp = impose(SheetSpec(paper="a4"))  # A4's margins are too narrow to stay off the bleed
    trims = [s.trim for s in imp.fronts]
    assert imp.front_marks.cased
    for x0, y0, x1, y1 in imp.front_marks.cased:
        for t in trims:
            # No mark reaches into a card's trim box.
            assert not (
                t.x < max(x0, x1)
                and min(x0, x1) < t.right
                and t.y < max(y0, y1)
                and min(y0, y1) < t.top
            )


def test_an_offset_that_pushes_the_backs_into_the_unprintable_edge_is_refused():
    with pytest.raises(SheetError) as e:
        impose(SheetSpec(paper="letter", backs=Backs.DUPLEX, offset_mm=(0, 3)))
    message = str(e.value)
    assert "--offset 0,3" in message and "outer 5 mm" in message
    assert "2.7 mm up or down" in message and "8.5 mm left or right" in message


def test_an_offset_within_the_room_there_is_is_kept():
    imp = impose(SheetSpec(paper="letter", backs=Backs.DUPLEX, offset_mm=(8, -2.5)))
    assert min(s.trim.y for s in imp.backs) >= SAFE_MM * MM


def test_duplex_backs_mirror_the_rows_on_a_landscape_sheet():
    imp = impose(SheetSpec(paper="a4", backs=Backs.DUPLEX, size="index"))
    assert not imp.landscape  # two 6 x 4 in cards, one above the other
    a6 = impose(SheetSpec(paper="a4", backs=Backs.DUPLEX, size="a6"))
    assert a6.landscape and (a6.cols, a6.rows) == (2, 1)
    # A landscape sheet turns over around its horizontal axis: columns stay.
    for front, back in zip(a6.fronts, a6.backs, strict=True):
        assert back.trim.x == pytest.approx(front.trim.x)
        assert back.trim.y == pytest.approx(a6.height - front.trim.top)


def _preferences(pdf: bytes) -> dict:
    root = PdfReader(io.BytesIO(pdf)).trailer["/Root"]
    return {k: str(v) for k, v in root["/ViewerPreferences"].get_object().items()}


def test_a_duplex_deck_asks_for_actual_size_and_long_edge_duplex():
    pdf, _ = print_deck(make_deck(numbered(3)), SheetSpec(backs=Backs.DUPLEX))
    assert _preferences(pdf) == {"/PrintScaling": "/None", "/Duplex": "/DuplexFlipLongEdge"}


@pytest.mark.parametrize("backs", [Backs.NONE, Backs.FOLD])
def test_a_single_sided_deck_asks_for_actual_size_and_no_duplex(backs):
    # Duplex would print one sheet's fronts on the back of another.
    pdf, _ = print_deck(make_deck(numbered(3)), SheetSpec(backs=backs))
    assert _preferences(pdf) == {"/PrintScaling": "/None"}


def test_wall_cards_ask_for_actual_size_and_long_edge_duplex():
    from cvo_workshop.engine.backlog import build
    from tests.backlog_fixtures import sample

    pdf, _ = print_backlog(build(sample().state), backs="duplex")
    assert _preferences(pdf) == {"/PrintScaling": "/None", "/Duplex": "/DuplexFlipLongEdge"}


@pytest.mark.parametrize("bleed", [0, 0.5, 1])
@pytest.mark.parametrize(("paper", "backs", "size"), LAYOUTS)
def test_a_small_bleed_keeps_the_cards_layout_and_their_cuts_off_the_sheets_edge(
    paper, backs, size, bleed
):
    # A bleed under the 5 mm edge used to let cards (and their cuts) run to the
    # paper's edge: four A6 on a portrait sheet, and duplex refused "--offset 0,0".
    usual = impose(SheetSpec(paper=paper, backs=backs, size=size))
    imp = impose(SheetSpec(paper=paper, backs=backs, size=size, bleed_mm=bleed))
    assert (imp.cols, imp.rows, imp.landscape) == (usual.cols, usual.rows, usual.landscape)
    safe = SAFE_MM * MM - 1e-6
    for slot in (*imp.fronts, *imp.backs):
        assert slot.trim.x >= safe and imp.width - slot.trim.right >= safe
        assert slot.trim.y >= safe and imp.height - slot.trim.top >= safe
