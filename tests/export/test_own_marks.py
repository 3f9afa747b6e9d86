"""Our internal marks (Unicode noncharacters, export/script.py: FSI, LRI, PDI,
OWN_LRM, OWN_RLM) cannot be typed in: a noncharacter in a person's text is
shown as its code, as a typed bidi control is, and lays the text out as typed."""

from __future__ import annotations

import io
import subprocess

import pytest

from cvo_workshop.engine.backlog import build
from cvo_workshop.export.backlog_cards import item_face, print_backlog
from cvo_workshop.export.deck_cards import deck_faces, print_deck
from cvo_workshop.export.literal import show_noncharacters
from cvo_workshop.export.report import render_report
from cvo_workshop.export.script import FSI, LRI, OWN_LRM, OWN_RLM, PDI
from cvo_workshop.export.sheet import SheetSpec
from cvo_workshop.model.brand import Brand
from tests.backlog_fixtures import sample
from tests.export.decks import make_deck, recipe
from tests.export.pdf_text import edited, text_lines
from tests.export.test_rtl_paragraphs import needs_poppler

HEBREW = "לקוחות נאמנים"
ARABIC = "عميل"

#: Our own marks, then other noncharacters (never marks, never printable).
OURS = [FSI, LRI, PDI, OWN_LRM, OWN_RLM]
NONCHARACTERS = [*OURS, "\ufdd5", "\ufdef", "\ufffe", "\uffff", "\U0001fffe", "\U0010ffff"]
#: A character a person may type that is already shown as its code (a bidi
#: isolate): a noncharacter in its place must print the same, its code aside.
STAND_IN = "\u2066"
#: A noncharacter that was never one of our marks: one of ours typed in its
#: place must lay out the same (their codes are as wide: figures are).
OTHER = "\ufdd5"


def _code(ch: str) -> str:
    return f"\\u{ord(ch):04x}"


def _drawn(pdf: bytes) -> list[str]:
    """Lines as drawn, left to right (poppler's -raw keeps the content stream's order)."""
    out = subprocess.run(
        ["pdftotext", "-raw", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return [" ".join(line.split()) for line in out.stdout.decode("utf-8").splitlines()]


def _as_stand_in(lines: list[str], ch: str, stand_in: str = OTHER) -> list[str]:
    # Poppler may part the backslash from the rest of a code in a right-to-left line.
    return [line.replace(_code(ch)[1:], _code(stand_in)[1:]) for line in lines]


# --- the function at the boundary ---------------------------------------------


@pytest.mark.parametrize("ch", NONCHARACTERS, ids=_code)
def test_a_typed_noncharacter_becomes_its_shown_code(ch):
    assert show_noncharacters(f"a{ch}b") == f"a{LRI}{_code(ch)}{PDI}b"


def test_text_without_noncharacters_is_the_same_object():
    text = f"plain {HEBREW} \u2066 text"
    assert show_noncharacters(text) is text


def test_records_come_back_shown_and_showing_them_again_changes_nothing():
    backlog = edited(("d1", "title", f"{FSI}({ARABIC}){PDI}"))
    shown = show_noncharacters(backlog)
    title = next(i.title for i in shown.items if i.id == "d1")
    assert title == f"{LRI}{_code(FSI)}{PDI}({ARABIC}){LRI}{_code(PDI)}{PDI}"
    # Our own copy is known: shown once, whatever shows it again.
    assert show_noncharacters(shown) is shown
    # The data itself keeps what was typed.
    assert next(i.title for i in backlog.items if i.id == "d1") == f"{FSI}({ARABIC}){PDI}"


def test_a_clean_record_is_the_same_object():
    backlog = build(sample().state)
    assert show_noncharacters(backlog) is backlog


# --- the PDFs -------------------------------------------------------------------


@pytest.mark.parametrize("ch", NONCHARACTERS, ids=_code)
def test_a_noncharacter_in_a_note_prints_as_its_code(ch):
    notes = f"before {ch}(A) {HEBREW} after"
    pdf, warnings = render_report(edited(("d1", "notes", notes)))
    same, _ = render_report(edited(("d1", "notes", notes.replace(ch, STAND_IN))))
    assert any(_code(ch) in line for line in text_lines(pdf))
    assert _as_stand_in(text_lines(pdf), ch, STAND_IN) == text_lines(same)
    assert warnings == []


@needs_poppler
@pytest.mark.parametrize("ch", OURS, ids=_code)
def test_a_mark_typed_in_a_right_to_left_title_keeps_the_report_layout(ch):
    title = f"{ch}({ARABIC}) {HEBREW} [1]"
    pdf, _ = render_report(edited(("d1", "title", title), ("d1", "owner", title)))
    same, _ = render_report(
        edited(("d1", "title", title.replace(ch, OTHER)), ("d1", "owner", title.replace(ch, OTHER)))
    )
    assert any(_code(ch)[1:] in line for line in _drawn(pdf))
    assert _as_stand_in(_drawn(pdf), ch) == _drawn(same)


@needs_poppler
@pytest.mark.parametrize("ch", OURS, ids=_code)
def test_a_mark_typed_on_a_wall_card_keeps_its_layout(ch):
    title = f"{HEBREW} {ch}(1) {ARABIC}"
    pdf, _ = print_backlog(
        edited(("d1", "title", title), ("d1", "kpi", title)),
        backs="none",
        brand=Brand(confidential=title),
    )
    plain = title.replace(ch, OTHER)
    same, _ = print_backlog(
        edited(("d1", "title", plain), ("d1", "kpi", plain)),
        backs="none",
        brand=Brand(confidential=plain),
    )
    assert any(_code(ch)[1:] in line for line in _drawn(pdf))
    assert _as_stand_in(_drawn(pdf), ch) == _drawn(same)


@needs_poppler
@pytest.mark.parametrize("ch", OURS, ids=_code)
def test_a_mark_typed_on_a_deck_card_keeps_its_layout(ch):
    def deck(c: str):
        return make_deck([recipe("ar", title=f"{c}({ARABIC})", prompt=f"{HEBREW} {c}[2] ok")])

    pdf, _ = print_deck(deck(ch), SheetSpec())
    same, _ = print_deck(deck(OTHER), SheetSpec())
    assert any(_code(ch)[1:] in line for line in _drawn(pdf))
    assert _as_stand_in(_drawn(pdf), ch) == _drawn(same)


@needs_poppler
@pytest.mark.parametrize("ch", OURS, ids=_code)
def test_a_mark_typed_on_the_poster_keeps_its_layout(ch):
    from cvo_workshop.export.poster import render_poster

    def poster(c: str) -> bytes:
        backlog = edited(("d1", "title", f"{c}({ARABIC}) {HEBREW}"))
        return render_poster(backlog, brand=Brand(client=f"{HEBREW}{c}"))[0]

    assert _as_stand_in(_drawn(poster(ch)), ch) == _drawn(poster(OTHER))


def test_faces_built_for_one_card_show_a_typed_mark():
    backlog = edited(("d1", "title", f"{FSI}{ARABIC}"))
    face = item_face(next(i for i in backlog.items if i.id == "d1"), backlog)
    assert face.title == f"{LRI}{_code(FSI)}{PDI}{ARABIC}"
    (face,) = deck_faces(make_deck([recipe("ar", title=f"{OWN_RLM}x")]), kinds=("automation",))
    assert face.title == f"{LRI}{_code(OWN_RLM)}{PDI}x"


@pytest.mark.parametrize("ch", [FSI, "\uffff"], ids=_code)
def test_a_noncharacter_in_a_slide_title_is_shown_and_does_not_break_the_deck(ch):
    import zipfile

    from cvo_workshop.export.slides import render_slides

    # U+FFFF is not allowed in the slides' XML (python-pptx refused it); U+FDD0 was dropped.
    data, _ = render_slides(edited(("d1", "title", f"T{ch}x")))
    slides = zipfile.ZipFile(io.BytesIO(data))
    xml = "".join(slides.read(n).decode() for n in slides.namelist() if "slides/slide" in n)
    assert f"T{_code(ch)}x" in xml
