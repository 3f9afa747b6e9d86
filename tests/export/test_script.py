"""Right-to-left text and fallback fonts in every PDF (export/script.py, export/fonts.py).

PDFs are read back with pypdf, which (like poppler and pdf.js) turns the display
order a PDF draws in back into logical order: text typed right to left must
extract as typed. Arabic extracts as presentation forms, the joined letters
that were drawn; NFKC gives the letters back.
"""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from cvo_workshop.export.backlog_cards import print_backlog
from cvo_workshop.export.deck_cards import print_deck
from cvo_workshop.export.fonts import (
    FAMILY,
    covers_all,
    fallback_font,
    load_font,
    register_fonts,
    replace_missing,
)
from cvo_workshop.export.literal import plain_text
from cvo_workshop.export.report import render_report
from cvo_workshop.export.script import isolate, shape, visual
from cvo_workshop.export.sheet import SheetSpec
from cvo_workshop.export.textfit import wrap
from cvo_workshop.model.problem import InputError
from tests.export.decks import cohort, make_deck, recipe
from tests.export.font_files import DEJAVU, groups, with_cmap
from tests.export.pdf_text import edited, text_lines

#: "Loyal customers" in Arabic and Hebrew.
ARABIC = "العملاء الأوفياء"
HEBREW = "לקוחות נאמנים"
#: "عميل" (customer) as it is drawn joined: initial ain, medial meem, medial yeh,
#: final lam. Unjoined, it would be the four isolated letters U+0639 U+0645 U+064A U+0644.
JOINED = "\ufecb\ufee4\ufef4\ufede"
#: A TrueType font with Chinese and Japanese, no Korean (Debian: fonts-droid-fallback).
CJK_FONT = Path("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf")
needs_cjk_font = pytest.mark.skipif(
    not CJK_FONT.exists(), reason="needs a CJK TrueType font: apt-get install fonts-droid-fallback"
)


def _raw(pdf: bytes) -> str:
    return "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)


# --- the report ----------------------------------------------------------------------


def test_an_arabic_title_in_the_report_extracts_as_typed():
    pdf, warnings = render_report(edited(("d1", "title", ARABIC)))
    assert warnings == []
    assert ARABIC in text_lines(pdf)  # its own heading line in the appendix
    assert "".join(reversed(ARABIC)) not in " ".join(text_lines(pdf))


def test_arabic_letters_in_the_report_are_joined():
    pdf, _ = render_report(edited(("d1", "title", f"{ARABIC} عميل")))
    assert JOINED in _raw(pdf)
    assert "عميل" not in _raw(pdf)  # never the unjoined letters


def test_a_hebrew_owner_in_the_report_extracts_as_typed():
    pdf, _ = render_report(edited(("d1", "owner", HEBREW)))
    assert any(HEBREW in line for line in text_lines(pdf))
    assert "".join(reversed(HEBREW)) not in " ".join(text_lines(pdf))


def test_a_mixed_line_keeps_the_english_words_and_the_arabic_run_in_reading_order():
    pdf, _ = render_report(edited(("d1", "title", f"Win back {ARABIC} in 2026")))
    # pypdf puts a space on the wrong side of a direction change: compare words.
    words = [line.split() for line in text_lines(pdf)]
    joined = ["".join(w) for w in words]
    assert f"Winback{ARABIC.replace(' ', '')}in2026" in joined


def test_report_bookmarks_keep_the_original_text_whatever_the_font_lacks():
    backlog = edited(("d1", "title", ARABIC), ("d2", "title", "Launch in 中国"))
    pdf, _ = render_report(backlog)
    titles = []

    def walk(nodes):
        for n in nodes:
            walk(n) if isinstance(n, list) else titles.append(n.title)

    walk(PdfReader(io.BytesIO(pdf)).outline)
    assert any(t.endswith(ARABIC) for t in titles)
    assert any(t.endswith("Launch in 中国") for t in titles)


def test_characters_the_font_lacks_are_one_warning_for_the_whole_report():
    backlog = edited(("d1", "title", "顾客 中国"), ("d2", "owner", "王芳"), ("d3", "notes", "東京"))
    _, warnings = render_report(backlog)
    glyphs = [w for w in warnings if "no glyph" in w]
    assert len(glyphs) == 1, warnings
    assert glyphs[0].startswith("8 characters ('顾' (U+987E")
    assert "--font" in glyphs[0]


# --- wall cards and the printed deck ----------------------------------------------------


def test_wall_cards_print_an_arabic_title_and_a_hebrew_owner_as_typed():
    pdf, warnings = print_backlog(edited(("d1", "title", ARABIC), ("d1", "owner", HEBREW)))
    assert warnings == []
    lines = text_lines(pdf)
    assert ARABIC in lines
    assert any(HEBREW in line for line in lines)


def test_the_printed_deck_prints_arabic_and_hebrew_cards_and_cohorts_as_typed():
    deck = make_deck(
        [recipe("ar", title=f"{ARABIC} عميل"), recipe("he", title=HEBREW)],
        [cohort("c", name="عملاء جدد")],
    )
    pdf, report = print_deck(deck, SheetSpec())
    assert report.warnings() == []
    lines = text_lines(pdf)
    assert f"{ARABIC} عميل" in lines and HEBREW in lines and "عملاء جدد" in lines
    assert JOINED in _raw(pdf)


def test_a_long_arabic_paragraph_wraps_into_lines_that_read_top_to_bottom():
    # "the first ... the tenth": the first words on the first line.
    ordinals = "الأول الثاني الثالث الرابع الخامس السادس السابع الثامن التاسع العاشر"
    # Long enough to wrap at any card's type size: "the first", filler, "the tenth".
    middle = ordinals.split(" ")[1:-1] * 3
    words = ["الأول", *middle, "العاشر"]
    deck = make_deck([recipe("ar", prompt=" ".join(words))])
    pdf, _ = print_deck(deck, SheetSpec())
    lines = [line.split() for line in text_lines(pdf)]
    first = next(n for n, line in enumerate(lines) if words[0] in line)
    last = next(n for n, line in enumerate(lines) if words[-1] in line)
    assert first < last
    assert lines[first][:3] == words[:3]


# --- display order -----------------------------------------------------------------------


def test_a_right_to_left_line_is_drawn_right_to_left_with_numbers_left_to_right():
    assert visual("עדד 25 לקוח") == "חוקל 25 דדע"


def test_a_right_to_left_line_ends_at_the_left_with_its_punctuation():
    assert visual("שלום.") == ".םולש"


def test_brackets_inside_right_to_left_text_face_the_right_way():
    assert visual("שלום (עולם) abc") == "abc (םלוע) םולש"


def test_our_own_words_before_an_isolated_right_to_left_title_stay_on_the_left():
    assert visual(f"1. {isolate('שלום')}") == "1. םולש"


def test_a_paragraph_is_right_to_left_when_its_first_letter_is_as_the_bidi_algorithm_says():
    # Digits and punctuation are not strong: the first letter decides (UAX #9, P2).
    assert visual("1. שלום") == "םולש .1"
    assert visual("Plan שלום") == "Plan םולש"


def test_left_to_right_text_is_untouched():
    assert visual("Plain (text) 25.") == "Plain (text) 25."


def test_a_shown_invisible_character_leaves_a_left_to_right_line_and_its_brackets_alone():
    # A zero-width space pasted from a chat is shown as its code, set apart by our own
    # isolates; those marks are not right-to-left letters (they scrambled the brackets).
    role = plain_text("Data\u200b")
    line = f"Ben ({role}), Cy (E-commerce)"
    assert visual(line) == "Ben (Data\\u200b), Cy (E-commerce)"


def test_a_role_with_a_zero_width_space_keeps_the_cover_s_brackets_in_place():
    backlog = edited(("d1", "owner", "Ana (CRM lead), Ben (Data\u200b), Cy (E-commerce)"))
    pdf, _ = render_report(backlog)
    assert any("Ben (Data\\u200b), Cy (E-commerce)" in line for line in text_lines(pdf))


def test_every_wrapped_line_of_a_right_to_left_paragraph_is_laid_out_right_to_left():
    # The second line starts with an English word; it still reads right to left.
    register_fonts()
    lines = wrap("שלום עולם CRM חדש", FAMILY.regular, 10, 50)
    assert [visual(x) for x in lines] == ["םלוע םולש", "שדח CRM"]


def test_arabic_is_shaped_into_joined_forms_in_logical_order():
    assert shape("عميل") == JOINED


# --- a fallback font ---------------------------------------------------------------------


@needs_cjk_font
def test_with_a_cjk_font_the_characters_print_and_nothing_is_reported():
    backlog = edited(("d1", "title", "Launch in 中国"), ("d2", "owner", "王芳"))
    with fallback_font(CJK_FONT):
        pdf, warnings = render_report(backlog)
        cards, card_warnings = print_backlog(backlog)
    assert warnings == [] and card_warnings == []
    for data in (pdf, cards):
        text = _raw(data)
        assert "Launch in 中国" in text and "王芳" in text and "\ufffd" not in text


@needs_cjk_font
def test_a_cjk_font_is_embedded_only_for_the_characters_the_built_in_font_lacks():
    deck = make_deck([recipe("cjk", title="Launch in 中国")])
    with fallback_font(CJK_FONT):
        pdf, _ = print_deck(deck, SheetSpec())
    fonts = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert any("DroidSansFallback" in f for f in fonts)
    assert any("DejaVuSansCondensed-Bold" in f for f in fonts)  # "Launch in" stays in it


@needs_cjk_font
def test_a_line_mixing_the_fonts_is_measured_in_both():
    deck = make_deck([recipe("cjk", title="顾客" * 40)])  # would overflow if measured in DejaVu
    with fallback_font(CJK_FONT):
        _, report = print_deck(deck, SheetSpec())
    assert report.warnings() == []


def test_a_file_that_is_not_a_font_is_refused_at_its_path(tmp_path):
    bad = tmp_path / "bad.ttf"
    bad.write_bytes(b"not a font at all")
    with pytest.raises(InputError) as e:
        load_font(bad)
    assert str(e.value.problems[0]).startswith(f"{bad}: not a font the PDF can embed")


def test_a_missing_font_file_is_refused_at_its_path(tmp_path):
    with pytest.raises(InputError) as e:
        load_font(tmp_path / "nope.ttf")
    assert str(e.value.problems[0]).startswith(f"{tmp_path / 'nope.ttf'}: cannot read the font")


def test_two_font_files_of_one_name_each_print_their_own_characters(tmp_path):
    """As the app exporting twice, with a font and then another version of it: a
    second file of the same PostScript name is not the first one again."""
    full, capitals = tmp_path / "full.ttf", tmp_path / "capitals.ttf"
    full.write_bytes(DEJAVU)
    capitals.write_bytes(with_cmap(groups(12, (0x41, 0x5A))))  # A-Z only, as DejaVu
    assert covers_all("é", load_font(full))
    assert covers_all("ABC", load_font(capitals))
    assert not covers_all("é", load_font(capitals))


def test_a_font_loaded_before_the_family_leaves_the_family_its_own():
    """The family registered after a fallback of the same PostScript name (DejaVu)
    is still the family: measured shaped and without its marks (register_fonts)."""
    code = (
        "from cvo_workshop.export.fonts import FAMILY, FONT_DIR, load_font, register_fonts\n"
        "from reportlab.pdfbase import pdfmetrics\n"
        "load_font(FONT_DIR / 'DejaVuSansCondensed.ttf')\n"
        "register_fonts()\n"
        "print(pdfmetrics.getFont(FAMILY.regular).fontName)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout == f"{FAMILY.regular}\n"


def test_letters_of_a_script_that_cannot_be_joined_are_one_warning():
    deck = make_deck([recipe("nko", title="ߒߞߏ ߞߊ߲"), recipe("nko2", prompt="ߒߞߏ")])
    _, report = print_deck(deck, SheetSpec())
    warnings = report.warnings()
    assert len(warnings) == 1, warnings
    assert "in 2 fields" in warnings[0] and "printed unjoined" in warnings[0]


def test_persian_letters_join_and_print_without_a_warning():
    persian = "مشتریان وفادار پیگیری"  # "loyal customers follow-up"
    pdf, report = print_deck(make_deck([recipe("fa", title=persian)]), SheetSpec())
    assert report.warnings() == []
    assert persian in text_lines(pdf)


def test_a_letter_without_joined_forms_in_the_font_prints_in_its_own_form_not_as_a_box():
    # U+06C3 TEH MARBUTA GOAL: the font has the letter, not its joined forms.
    text = "\u0628\u06c3\u0628"
    assert shape(text) == "\ufe8f\u06c3\ufe8f"  # isolated behs on either side


def test_a_letter_the_font_lacks_does_not_turn_its_paragraph_right_to_left():
    # Without a CJK font the Chinese name prints as U+FFFD, which has no direction: the
    # Arabic name after it must not make the whole participants line right to left.
    register_fonts()
    line = "李小龙 (数据分析师), محمد (مدير), Zoë (Head of CRM)"
    shown = visual(replace_missing(line))
    assert shown.startswith("\ufffd\ufffd\ufffd (")
    assert shown.endswith("Zoë (Head of CRM)")
