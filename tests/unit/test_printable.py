"""engine.text.printable and one_line: what a terminal or a reader would not see, shown."""

from __future__ import annotations

import pytest

from cvo_workshop.engine.text import one_line, printable


def test_c0_controls_show_as_control_pictures_and_c1_as_codes():
    assert printable("\x1b[2J\x07\x9b") == "␛[2J␇\\x9b"


def test_tab_and_newline_stay_for_layout():
    assert printable("a\tb\nc") == "a\tb\nc"


@pytest.mark.parametrize(
    "ch", ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]
)
def test_bidi_embeddings_overrides_and_isolates_are_shown(ch):
    assert printable(f"a{ch}b") == f"a\\u{ord(ch):04x}b"


@pytest.mark.parametrize("ch", ["\u200b", "\u200e", "\u200f", "\u2060", "\ufeff"])
def test_zero_width_characters_are_shown(ch):
    assert printable(f"pay{ch}pal") == f"pay\\u{ord(ch):04x}pal"


def test_joiners_between_visible_characters_stay_alone_they_are_shown():
    family = "👨\u200d👩\u200d👧"
    persian = "می\u200cخواهم"
    assert printable(family) == family and printable(persian) == persian
    assert printable("\u200dx y\u200c") == "\\u200dx y\\u200c"


def test_text_in_right_to_left_scripts_is_untouched():
    assert printable("שלום עולם") == "שלום עולם"


def test_one_line_shows_line_breaks_and_tabs_too():
    assert one_line("a\nb\tc\r\nd\u2028e") == "a␊b␉c␍␊d\\u2028e"
