"""The embedded font covers the scripts we promise, and text prints as typed."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from cvo_workshop.export.fonts import (
    FAMILY,
    FONT_DIR,
    LICENSE_FILE,
    REPLACEMENT,
    describe,
    missing_glyphs,
    register_fonts,
    replace_missing,
)
from cvo_workshop.export.literal import paragraph_text, plain_text
from cvo_workshop.export.script import OWN_LRM, unmarked
from cvo_workshop.export.textfit import resolve, wrap

POLISH = "Zażółć gęślą jaźń ZAŻÓŁĆ GĘŚLĄ JAŹŃ"
GREEK = "Καλημέρα κόσμε ΚΑΛΗΜΈΡΑ"
UKRAINIAN = "Ґанок, їжак, Європа ҐАНОК ЇЖАК"


def _paragraph_pdf(markup: str) -> str:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    register_fonts()
    buf = io.BytesIO()
    style = ParagraphStyle("body", fontName=FAMILY.regular, fontSize=10)
    SimpleDocTemplate(buf).build([Paragraph(markup, style)])
    return PdfReader(io.BytesIO(buf.getvalue())).pages[0].extract_text()


def test_markup_in_a_paragraph_prints_exactly_as_typed():
    typed = "<b>bold</b> & [bold]rich[/bold] &amp; </para> <font color=red>x</font>"
    assert typed in _paragraph_pdf(paragraph_text(typed))


def test_without_the_helper_reportlab_would_read_it_as_markup():
    # What paragraph_text() protects against: the tags vanish and the text turns bold.
    extracted = _paragraph_pdf("<b>bold</b> &amp; more")
    assert "<b>" not in extracted and "&amp;" not in extracted


def test_paragraph_text_keeps_line_breaks_and_runs_of_spaces():
    assert paragraph_text("a\nb") == "a<br/>b"
    assert paragraph_text("a   b") == "a \u00a0\u00a0b"


def test_control_characters_are_shown_not_sent():
    # (Each code is isolated left to right by marks that are never drawn.)
    assert unmarked(plain_text("red \x1b[31m bell \x07")) == "red \\x1b[31m bell \\x07"
    assert plain_text("a\tb") == "a    b"
    assert plain_text(None) == ""


@pytest.mark.parametrize("text", [POLISH, GREEK, UKRAINIAN, "Ærø Straße façade naïve"])
@pytest.mark.parametrize("face", [FAMILY.regular, FAMILY.bold, FAMILY.italic, FAMILY.bold_italic])
def test_every_face_covers_latin_extended_greek_and_cyrillic(text, face):
    assert missing_glyphs(text, face) == []


def test_missing_glyphs_are_found_once_each_in_order():
    assert missing_glyphs("中文 and 中 again, 🜁") == ["中", "文", "🜁"]


def test_missing_glyphs_are_replaced_with_a_visible_mark():
    # (with our left-to-right mark: 中 is a left-to-right letter, U+FFFD has no direction)
    assert replace_missing("a中b") == f"a{REPLACEMENT}{OWN_LRM}b"
    assert replace_missing(POLISH) == POLISH


def test_a_character_the_fonts_lack_prints_in_its_compatibility_form_when_they_have_it():
    # Full-width letters, as a phone types look-alike names (engine/names.py takes
    # "Ｂｅｎ" to be Ben): the fonts have no glyph for them, but have Ben.
    assert missing_glyphs("Ｂｅｎ and 中") == ["中"]
    assert replace_missing("Ｂｅｎ and 中") == f"Ben and {REPLACEMENT}{OWN_LRM}"
    r = resolve("Ｃｈｌｏｅ", (FAMILY.bold, FAMILY.regular))
    assert (r.text, r.missing) == ("Chloe", ())


def test_describe_names_the_code_point():
    assert describe("中") == "'中' (U+4E2D CJK UNIFIED IDEOGRAPH-4E2D)"


def test_text_an_oblique_face_lacks_falls_back_to_the_upright_face():
    arabic = "مرحبا"
    assert missing_glyphs(arabic, FAMILY.italic)  # the premise
    r = resolve(arabic, (FAMILY.italic, FAMILY.regular))
    assert (r.font, r.text, r.missing) == (FAMILY.regular, arabic, ())


def test_text_no_face_has_is_printed_with_replacement_marks_and_reported():
    r = resolve("ok 中", (FAMILY.bold, FAMILY.regular))
    assert r.font == FAMILY.bold and r.text == f"ok {REPLACEMENT}{OWN_LRM}" and r.missing == ("中",)


def test_the_fonts_and_their_license_ship_in_the_package():
    ttfs = sorted(p.name for p in FONT_DIR.glob("*.ttf"))
    assert len(ttfs) == 4
    license_text = LICENSE_FILE.read_text()
    assert "Bitstream Vera" in license_text and "Arev" in license_text


def test_wrap_breaks_at_spaces_and_splits_words_wider_than_the_line():
    register_fonts()
    lines = wrap("short words here " + "x" * 80, FAMILY.regular, 10, 100)
    assert lines[0] == "short words here"
    assert all(len(line) > 0 for line in lines)
    # A word broken between letters shows a hyphen at each break, as printed words do.
    assert all(line.endswith("-") for line in lines[1:-1])
    assert "".join(line.removesuffix("-") for line in lines[1:]) == "x" * 80
    assert wrap("one\n\ntwo", FAMILY.regular, 10, 100) == ["one", "", "two"]


def test_a_number_or_a_code_wider_than_the_line_breaks_without_a_hyphen():
    register_fonts()
    lines = wrap("4" * 60 + " " + "a/b_" * 20, FAMILY.regular, 10, 100)
    assert not any(line.endswith("-") for line in lines)
    assert "".join(lines) == "4" * 60 + "a/b_" * 20


def test_one_missing_character_has_no_glyph_two_have_none():
    from cvo_workshop.export.fonts import missing_summary

    one = missing_summary([("#1: title", "中")])
    assert len(one) == 1 and one[0].startswith("1 character ('中'"), one
    assert "in 1 field (#1: title) has no glyph in the built-in font" in one[0], one
    two = missing_summary([("#1: title", "中"), ("#1: title", "国"), ("#2: title", "中")])
    assert two[0].startswith("2 characters (") and "in 2 fields (" in two[0], two
    assert ") have no glyph in the built-in font" in two[0], two


def test_missing_korean_names_a_font_with_hangul_not_droid_sans_fallback():
    from cvo_workshop.export.fonts import missing_summary

    said = missing_summary([("#1: title", "한"), ("#1: title", "국")])[0]
    assert "NanumGothic for Korean, in Debian's fonts-nanum" in said, said
    assert "Droid" not in said, said


def test_missing_chinese_or_japanese_names_droid_sans_fallback_for_those_only():
    from cvo_workshop.export.fonts import missing_summary

    said = missing_summary([("#1: title", "中"), ("#1: title", "か")])[0]
    assert "Droid Sans Fallback for Chinese and Japanese" in said, said
    assert "Korean" not in said, said


def test_a_droid_fallback_that_lacks_korean_is_followed_by_a_font_that_has_it():
    from tests.export.test_script import CJK_FONT

    if not CJK_FONT.exists():
        pytest.skip("needs fonts-droid-fallback")
    from cvo_workshop.export.fonts import fallback_font, missing_summary

    with fallback_font(CJK_FONT):
        said = missing_summary([("#1: title", "한")])[0]
    assert "in the built-in font or in --font" in said, said
    assert "pass a --font that has them (e.g. NanumGothic for Korean" in said, said


@pytest.mark.parametrize("unit", ["person-months", "person-month", "pm"])
def test_wrap_keeps_a_number_on_the_line_of_its_unit(unit):
    register_fonts()
    text = f"Incidental capability, low effort (0.5 {unit}). Ranked by RICE 160."
    for width in range(130, 320, 4):  # wherever the line would break, "(0.5 ...)." fitting
        lines = wrap(text, FAMILY.regular, 10, width)
        assert not any(line.endswith("0.5") for line in lines), (width, lines)
        assert " ".join(lines) == text, (width, lines)


def test_a_paragraph_keeps_a_number_and_its_unit_together_with_a_no_break_space():
    said = paragraph_text("Effort: 0.5 person-months (consensus); 1 person-month; 2 pm; 3 pmx")
    assert "0.5\u00a0person-months" in said and "1\u00a0person-month;" in said
    assert "2\u00a0pm;" in said and "3 pmx" in said
    assert "Effort: 0.5" in said  # a space not before a unit still breaks
