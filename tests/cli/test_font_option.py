"""`--font` on `deck print` and `backlog export`, and the one warning without it."""

from __future__ import annotations

import io
import random

import pytest
from pypdf import PdfReader

from cvo_workshop.model.grooming import ItemEdited
from tests.backlog_fixtures import sample
from tests.conftest import run_process
from tests.export.decks import recipe, write_deck
from tests.export.test_script import CJK_FONT, needs_cjk_font

#: 18 cards, each with a Chinese title of two characters and a prompt of one.
CJK_CARDS = [
    recipe(f"c{n:02d}", title=f"Launch {chr(0x4E00 + n)}{chr(0x4F00 + n)}", prompt=chr(0x5000 + n))
    for n in range(18)
]


def _text(path) -> str:
    return " ".join(p.extract_text() for p in PdfReader(io.BytesIO(path.read_bytes())).pages)


@pytest.fixture
def cjk_workshop(tmp_path):
    p = sample()
    p.add(ItemEdited(at=p.at(), item="d1", field="title", value="Launch in 中国"))
    path = tmp_path / "acme.workshop.jsonl"
    p.save(path)
    return path


def test_characters_the_font_lacks_are_one_warning_not_one_a_character(cli, tmp_path):
    deck = write_deck(tmp_path / "d.yaml", CJK_CARDS)
    result = cli("deck", "print", deck, "-o", tmp_path / "d.pdf")
    assert result.exit_code == 0
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1, result.stderr
    assert warnings[0].startswith("warning: 54 characters (")
    assert "in 36 fields (" in warnings[0]
    assert "pass --font PATH" in warnings[0]


@needs_cjk_font
def test_deck_print_with_a_cjk_font_prints_the_characters_and_warns_of_nothing(cli, tmp_path):
    deck = write_deck(tmp_path / "d.yaml", CJK_CARDS)
    out = tmp_path / "d.pdf"
    result = cli("deck", "print", deck, "-o", out, "--font", CJK_FONT)
    assert result.exit_code == 0 and "warning" not in result.stderr
    text = _text(out)
    assert "Launch 一伀" in text and "\ufffd" not in text


@needs_cjk_font
@pytest.mark.parametrize("fmt", ["pdf", "cards", "poster"])
def test_backlog_export_with_a_cjk_font_prints_the_characters(cli, cjk_workshop, tmp_path, fmt):
    out = tmp_path / f"out.{fmt}.pdf"
    result = cli("backlog", "export", cjk_workshop, "--format", fmt, "-o", out, "--font", CJK_FONT)
    assert result.exit_code == 0 and "warning" not in result.stderr
    assert "Launch in 中国" in _text(out)


@pytest.mark.parametrize("command", ["deck", "backlog"])
def test_a_file_that_is_not_a_font_is_refused_located_and_nothing_is_written(
    command, cjk_workshop, tmp_path
):
    bad = tmp_path / "notes.ttf"
    bad.write_text("not a font", encoding="utf-8")
    out = tmp_path / "out.pdf"
    if command == "deck":
        deck = write_deck(tmp_path / "d.yaml", CJK_CARDS[:1])
        args = ["deck", "print", deck, "-o", out]
    else:
        args = ["backlog", "export", cjk_workshop, "--format", "pdf", "-o", out]
    result = run_process(*args, "--font", bad)
    assert result.returncode == 1
    assert f"{bad}: not a font the PDF can embed" in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()


@pytest.mark.parametrize("size", [100, 30_000])
def test_a_font_cut_short_is_refused_located_and_nothing_is_written(cli, tmp_path, size):
    from cvo_workshop.export.fonts import FONT_DIR

    cut = tmp_path / "cut.ttf"
    cut.write_bytes((FONT_DIR / "DejaVuSansCondensed.ttf").read_bytes()[:size])
    deck = write_deck(tmp_path / "d.yaml", CJK_CARDS[:1])
    out = tmp_path / "out.pdf"
    result = cli("deck", "print", deck, "-o", out, "--font", cut)
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"{cut}: not a font the PDF can embed (cut short or damaged): it needs a TrueType font"
    ), result.stderr
    assert not out.exists()


@needs_cjk_font
@pytest.mark.parametrize("command", ["deck", "backlog"])
def test_a_font_damaged_where_only_printing_reads_is_refused_and_nothing_written(
    command, cjk_workshop, tmp_path
):
    """A broken glyph index reads as a font; it breaks when the glyphs are copied."""
    from reportlab.pdfbase.ttfonts import TTFontFile

    loca = TTFontFile(str(CJK_FONT)).table["loca"]
    data = bytearray(CJK_FONT.read_bytes())
    spots = random.Random(4)
    for _ in range(loca["length"] // 4):  # glyphs said to lie past the end of the file
        data[loca["offset"] + spots.randrange(loca["length"])] = 0xFF
    bad = tmp_path / "broken.ttf"
    bad.write_bytes(data)
    out = tmp_path / "out.pdf"
    if command == "deck":
        deck = write_deck(tmp_path / "d.yaml", CJK_CARDS[:1])
        args = ["deck", "print", deck, "-o", out]
    else:
        args = ["backlog", "export", cjk_workshop, "--format", "pdf", "-o", out]
    result = run_process(*args, "--font", bad)
    assert result.returncode == 1, result.stderr
    assert result.stderr == (
        f"{bad}: not a font the PDF can embed (cut short or damaged: its glyphs lie past "
        "their table): it needs a TrueType font, a .ttf (or a .ttc or .otf with TrueType "
        "outlines)\n"
    )
    assert not out.exists()


def test_a_missing_font_file_is_refused_located(cli, tmp_path):
    deck = write_deck(tmp_path / "d.yaml", CJK_CARDS[:1])
    result = run_process("deck", "print", deck, "-o", tmp_path / "o.pdf", "--font", "nope.ttf")
    assert result.returncode == 1
    assert "nope.ttf: cannot read the font" in result.stderr


def test_the_poster_names_characters_the_font_lacks_in_one_warning(cli, cjk_workshop, tmp_path):
    out = tmp_path / "out.poster.pdf"
    result = cli("backlog", "export", cjk_workshop, "--format", "poster", "-o", out)
    assert result.exit_code == 0
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1 and "pass --font PATH" in warnings[0], result.stderr


@needs_cjk_font
def test_one_card_as_a_png_prints_the_characters_of_the_font_given(cli, tmp_path):
    from cvo_workshop.export.card_png import card_pdf
    from cvo_workshop.export.deck_cards import deck_faces
    from cvo_workshop.export.fonts import fallback_font
    from cvo_workshop.store.decks import load_deck

    deck = load_deck(write_deck(tmp_path / "d.yaml", CJK_CARDS))
    face = deck_faces(deck, ("automation",))[0]
    with fallback_font(CJK_FONT):
        pdf, report = card_pdf(face)
    assert not report.missing
    (tmp_path / "card.pdf").write_bytes(pdf)
    assert "一" in _text(tmp_path / "card.pdf")


@pytest.mark.parametrize("fmt", ["pptx", "md", "csv", "json"])
def test_font_with_a_format_that_does_not_use_it_is_refused_and_writes_nothing(
    cli, cjk_workshop, tmp_path, fmt
):
    out = tmp_path / f"out.{fmt}"
    result = cli("backlog", "export", cjk_workshop, "--format", fmt, "-o", out, "--font", "x.ttf")
    assert result.exit_code == 2, result.output
    assert "--font applies to PDF formats only (pdf, cards, poster)" in result.stderr
    assert f"{fmt} does not use it" in result.stderr
    assert not out.exists()
