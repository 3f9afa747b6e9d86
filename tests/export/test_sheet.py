"""Where the cards go on the sheet: sizes, grid, bleed, mirrored backs, fold, offset."""

from __future__ import annotations

import itertools

import pytest

from cvo_workshop.export.sheet import MM, PAPERS_MM, Backs, Box, SheetSpec, impose


def _mm(points: float) -> float:
    return points / MM


def _overlap(a: Box, b: Box) -> bool:
    eps = 1e-6
    return a.x < b.right - eps and b.x < a.right - eps and a.y < b.top - eps and b.y < a.top - eps


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_nine_poker_cards_a_sheet_all_on_the_paper(paper):
    imp = impose(SheetSpec(paper=paper))
    assert imp.per_sheet == 9
    pw, ph = PAPERS_MM[paper]
    assert (round(_mm(imp.width), 1), round(_mm(imp.height), 1)) == (pw, ph)
    for slot in imp.fronts:
        assert (round(_mm(slot.trim.w), 3), round(_mm(slot.trim.h), 3)) == (63, 88)
        assert slot.bleed.x >= 0 and slot.bleed.y >= 0
        assert slot.bleed.right <= imp.width and slot.bleed.top <= imp.height


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("backs", list(Backs))
def test_neighbours_never_paint_over_each_other(paper, backs):
    imp = impose(SheetSpec(paper=paper, backs=backs))
    same_page = imp.fronts + (imp.backs if backs is Backs.FOLD else ())
    for a, b in itertools.combinations(same_page, 2):
        assert not _overlap(a.bleed, b.bleed)


def test_cards_keep_their_own_bleed_where_the_sheet_has_room():
    # A4 is tall enough for 6 mm gaps between rows, not wide enough between columns.
    imp = impose(SheetSpec(paper="a4", bleed_mm=3))
    top_left, right_of_it, below_it = imp.fronts[0], imp.fronts[1], imp.fronts[3]
    assert round(_mm(right_of_it.trim.x - top_left.trim.right), 3) == 0
    assert round(_mm(top_left.trim.y - below_it.trim.top), 3) == 6
    assert round(_mm(top_left.trim.top - top_left.bleed.top), 3) == -3
    assert round(_mm(top_left.trim.x - top_left.bleed.x), 3) == 3


def test_the_grid_is_centred_and_rows_run_from_the_top_left():
    imp = impose(SheetSpec(paper="letter"))
    xs = [s.trim.x for s in imp.fronts]
    assert xs[0] < xs[1] < xs[2] and xs[0] == xs[3]
    assert imp.fronts[0].trim.y > imp.fronts[3].trim.y > imp.fronts[6].trim.y
    left = imp.fronts[0].trim.x
    right = imp.width - imp.fronts[2].trim.right
    assert left == pytest.approx(right)


def test_zero_bleed_means_the_artwork_stops_at_the_cut():
    imp = impose(SheetSpec(bleed_mm=0))
    assert all(s.bleed == s.trim for s in imp.fronts)


def test_duplex_backs_mirror_the_columns_for_a_long_edge_flip():
    imp = impose(SheetSpec(backs=Backs.DUPLEX))
    assert imp.back_page
    for front, back in zip(imp.fronts, imp.backs, strict=True):
        # Turned over around the vertical axis, the front's x lands here.
        assert back.trim.x == pytest.approx(imp.width - front.trim.right)
        assert back.trim.y == pytest.approx(front.trim.y)


def test_the_offset_shifts_the_back_page_and_its_marks_only():
    plain = impose(SheetSpec(backs=Backs.DUPLEX))
    shifted = impose(SheetSpec(backs=Backs.DUPLEX, offset_mm=(1.5, -2)))
    assert shifted.fronts == plain.fronts
    for a, b in zip(plain.backs, shifted.backs, strict=True):
        assert _mm(b.trim.x - a.trim.x) == pytest.approx(1.5)
        assert _mm(b.trim.y - a.trim.y) == pytest.approx(-2)
    assert _mm(shifted.back_marks.xs[0] - plain.back_marks.xs[0]) == pytest.approx(1.5)


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_fold_puts_fronts_and_their_backs_either_side_of_the_fold(paper):
    imp = impose(SheetSpec(paper=paper, backs=Backs.FOLD))
    assert imp.width > imp.height  # landscape
    assert imp.per_sheet == 4
    for front, back in zip(imp.fronts, imp.backs, strict=True):
        assert front.trim.right <= imp.fold_x + 1e-6
        assert back.trim.x >= imp.fold_x - 1e-6
        # Folded over, the back lies exactly behind its front.
        assert imp.fold_x - front.trim.right == pytest.approx(back.trim.x - imp.fold_x)
        assert back.trim.y == front.trim.y


def test_crop_marks_cover_every_cut_line():
    imp = impose(SheetSpec(paper="a4"))
    edges_x = sorted({round(v, 2) for s in imp.fronts for v in (s.trim.x, s.trim.right)})
    edges_y = sorted({round(v, 2) for s in imp.fronts for v in (s.trim.y, s.trim.top)})
    assert list(imp.front_marks.xs) == pytest.approx(edges_x, abs=0.01)
    assert list(imp.front_marks.ys) == pytest.approx(edges_y, abs=0.01)
    assert len(edges_x) == 4 and len(edges_y) == 6  # butted columns, separate rows


def test_pages_count_sheets_and_back_pages():
    assert impose(SheetSpec()).pages(10) == 2
    assert impose(SheetSpec(backs=Backs.DUPLEX)).pages(10) == 4
    assert impose(SheetSpec(backs=Backs.FOLD)).pages(10) == 3


def test_bad_paper_and_impossible_bleed_are_refused():
    with pytest.raises(ValueError, match="unknown paper"):
        impose(SheetSpec(paper="a3"))
    with pytest.raises(ValueError, match="do not fit"):
        impose(SheetSpec(paper="a4", size="a5", backs=Backs.FOLD))


def test_a_bleed_that_is_not_a_number_is_refused():
    for bleed in (float("nan"), float("inf"), -1.0):
        with pytest.raises(ValueError, match="bleed"):
            impose(SheetSpec(bleed_mm=bleed))


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_the_fold_sits_in_a_gutter_with_bleed_either_side(paper):
    imp = impose(SheetSpec(paper=paper, backs=Backs.FOLD, bleed_mm=3))
    assert not imp.fold_on_cut
    assert imp.fold_x not in [pytest.approx(x) for x in imp.front_marks.xs]
    inner = [
        s
        for s in (*imp.fronts, *imp.backs)
        if abs(s.trim.x - imp.fold_x) < 10 * MM or abs(s.trim.right - imp.fold_x) < 10 * MM
    ]
    assert len(inner) == 4  # two rows, a card each side of the fold
    for s in inner:
        # Three millimetres from the cut to the fold, coloured right up to the fold.
        gap = s.trim.x - imp.fold_x if s.trim.x > imp.fold_x else imp.fold_x - s.trim.right
        assert _mm(gap) == pytest.approx(3)
        assert min(abs(s.bleed.x - imp.fold_x), abs(s.bleed.right - imp.fold_x)) < 1e-6
    # The crop marks still leave the sheet's edge room.
    assert imp.front_marks.block.x >= 0 and imp.front_marks.block.right <= imp.width


def test_a_bleed_too_large_for_a_fold_gutter_is_warned_about():
    from cvo_workshop.export.card_sheets import DocInfo, render_cards

    assert not impose(SheetSpec(paper="letter", backs=Backs.FOLD, bleed_mm=5)).fold_on_cut
    wide = SheetSpec(paper="letter", backs=Backs.FOLD, bleed_mm=6.9)
    assert impose(wide).fold_on_cut
    _, report = render_cards([], wide, DocInfo("x"))
    assert any("fold line is also a cut line" in w for w in report.warnings())
    # No bleed asked for: nothing to warn about.
    _, report = render_cards([], SheetSpec(backs=Backs.FOLD, bleed_mm=0), DocInfo("x"))
    assert report.warnings() == []
