"""engine.text.printable, one_line and printable_json: what a terminal or a reader
would not see, shown (in JSON, as JSON escapes)."""

from __future__ import annotations

import json

import pytest

from cvo_workshop.engine.text import one_line, printable, printable_json


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


@pytest.mark.parametrize(
    ("ch", "escaped"),
    [
        ("\x85", "\\u0085"),
        ("\x9b", "\\u009b"),
        ("\x7f", "\\u007f"),
        ("\u202e", "\\u202e"),
        ("\ufeff", "\\ufeff"),
        ("\ufdd0", "\\ufdd0"),
        ("\U0001fffe", "\\ud83f\\udffe"),
        ("\U0010ffff", "\\udbff\\udfff"),
    ],
)
def test_json_shows_what_a_terminal_would_not_as_json_escapes(ch, escaped):
    data = json.dumps({"k": f"a{ch}b"}, ensure_ascii=False)
    out = printable_json(data)
    assert out == '{"k": "a' + escaped + 'b"}'
    assert json.loads(out) == {"k": f"a{ch}b"}


def test_json_keeps_its_layout_and_its_own_escapes():
    data = json.dumps({"k": ['a\x1b\n\t"\\', "é 中"]}, indent=2, ensure_ascii=False)
    assert printable_json(data) == data


def test_a_lone_surrogate_in_json_is_an_escape_not_an_error_writing_it():
    """No file we read can hold one (pydantic refuses it), but JSON can: written as
    its escape, the text encodes as UTF-8 and reads back the same."""
    out = printable_json(json.dumps("a\ud800b\udfffc", ensure_ascii=False))
    assert out == '"a\\ud800b\\udfffc"'
    assert json.loads(out.encode("utf-8")) == "a\ud800b\udfffc"
