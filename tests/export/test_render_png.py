"""The deck rendered to pixels by poppler: it renders, at the right size, with marks to the edge."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from cvo_workshop.export.deck_cards import print_deck
from cvo_workshop.export.sheet import MM, Backs, SheetSpec, impose
from tests.export.decks import cohort, make_deck, numbered

pytestmark = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler-utils")

DPI = 72  # one pixel a point: PDF coordinates map straight onto pixels


def _render(tmp_path: Path, spec: SheetSpec, cards: int = 9) -> list:
    from PIL import Image

    deck = make_deck(numbered(cards), [cohort("c")])
    pdf, _ = print_deck(deck, spec)
    (tmp_path / "deck.pdf").write_bytes(pdf)
    subprocess.run(
        # No anti-aliasing: a 0.3 pt line becomes solid pixels that can be tested.
        [
            "pdftoppm",
            "-r",
            str(DPI),
            "-gray",
            "-png",
            "-aa",
            "no",
            "-aaVector",
            "no",
            str(tmp_path / "deck.pdf"),
            str(tmp_path / "page"),
        ],
        check=True,
        timeout=60,
    )
    return [Image.open(p).convert("L") for p in sorted(tmp_path.glob("page-*.png"))]


@pytest.mark.parametrize(("paper", "size"), [("a4", (595, 842)), ("letter", (612, 792))])
def test_pages_render_at_the_paper_size(tmp_path, paper, size):
    images = _render(tmp_path, SheetSpec(paper=paper, backs=Backs.DUPLEX))
    assert len(images) == 4
    for image in images:
        assert image.size[0] in (size[0], size[0] + 1) and image.size[1] == size[1]
        lo, hi = image.getextrema()
        assert lo < 60 and hi == 255  # ink on white, not a blank page


def _dark(image, x: int, y: int) -> bool:
    w = image.size[0]
    return any(image.getpixel((xx, y)) < 128 for xx in (x - 1, x, x + 1) if 0 <= xx < w)


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_every_cut_is_marked_inside_the_printable_zone_and_the_edge_stays_blank(tmp_path, paper):
    spec = SheetSpec(paper=paper)
    front = _render(tmp_path, spec)[0]
    marks = impose(spec).front_marks
    w, h = front.size
    inside = round(6 * MM)  # a millimetre inside the printable zone
    for x in marks.xs:
        col = round(x)
        assert _dark(front, col, inside) and _dark(front, col, h - 1 - inside), f"x={x}"
    for y in marks.ys:
        row = h - 1 - round(y)  # pixels count from the top, PDF points from the bottom
        assert any(_dark(front, inside, r) for r in (row - 1, row, row + 1)), f"y={y}"
        assert any(_dark(front, w - 1 - inside, r) for r in (row - 1, row, row + 1)), f"y={y}"
    # The outer 4.5 mm, where printers cannot print, holds nothing at all.
    edge = int(4.5 * MM)
    strips = (
        front.crop((0, 0, w, edge)),
        front.crop((0, h - edge, w, h)),
        front.crop((0, 0, edge, h)),
        front.crop((w - edge, 0, w, h)),
    )
    assert all(strip.getextrema() == (255, 255) for strip in strips)


def test_the_band_colour_reaches_into_the_bleed(tmp_path):
    spec = SheetSpec(paper="a4", bleed_mm=3)
    front = _render(tmp_path, spec)[0]
    slot = impose(spec).fronts[0]
    top_row = front.size[1] - 1 - round(slot.trim.top)
    x = round(slot.trim.x + 20)
    # 1.5 mm above the cut line, still the band's colour, not white paper.
    assert front.getpixel((x, top_row - 4)) < 200


def _pages_png(tmp_path: Path, pdf: bytes, dpi: int = 20) -> list:
    from PIL import Image

    (tmp_path / "out.pdf").write_bytes(pdf)
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            str(dpi),
            "-gray",
            "-png",
            str(tmp_path / "out.pdf"),
            str(tmp_path / "p"),
        ],
        check=True,
        timeout=120,
    )
    return [Image.open(p).convert("L") for p in sorted(tmp_path.glob("p-*.png"))]


@pytest.mark.parametrize("size", ["a6", "a5", "index", "poker"])
def test_every_page_of_the_wall_cards_renders(tmp_path, size):
    from cvo_workshop.engine.backlog import build
    from cvo_workshop.export.backlog_cards import print_backlog
    from tests.backlog_fixtures import sample

    pdf, _ = print_backlog(build(sample().state), backs="duplex", size=size)
    images = _pages_png(tmp_path, pdf)
    assert len(images) % 2 == 0 and images
    for image in images:
        lo, hi = image.getextrema()
        assert lo < 100 and hi == 255  # ink on white, not a blank page


@pytest.mark.parametrize("backs", list(Backs))
def test_every_page_of_the_printed_deck_renders(tmp_path, backs):
    deck = make_deck(numbered(10), [cohort("c")])
    pdf, _ = print_deck(deck, SheetSpec(backs=backs), blanks=True)
    for image in _pages_png(tmp_path, pdf):
        lo, hi = image.getextrema()
        assert lo < 100 and hi == 255


@pytest.mark.parametrize(("paper", "size"), [("a3", (331, 234)), ("a2", (468, 331))])
def test_the_poster_renders_at_its_paper_size(tmp_path, paper, size):
    from cvo_workshop.engine.backlog import build
    from cvo_workshop.export.poster import render_poster
    from tests.backlog_fixtures import sample

    pdf, _ = render_poster(build(sample().state), paper=paper)
    (image,) = _pages_png(tmp_path, pdf)
    assert image.size == size  # at 20 dpi, landscape
    lo, hi = image.getextrema()
    assert lo < 100 and hi == 255
