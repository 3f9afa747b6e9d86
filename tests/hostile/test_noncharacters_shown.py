"""Unicode noncharacters (U+FDD0-U+FDEF, U+nFFFE/U+nFFFF) in a person's text are
shown as codes wherever a bidi override is (the terminal, Markdown), and kept
exactly where the data is kept (CSV and JSON files written with -o)."""

from __future__ import annotations

import json

import pytest

from cvo_workshop.engine.text import printable, printable_document
from cvo_workshop.export.backlog_files import read_csv
from tests.export.decks import deck_yaml, recipe
from tests.hostile.hostile_files import RLO, backlog_file

NON = "\ufdd0"
LAST = "\uffff"
TEXT = f"a{NON}b{LAST}c{RLO}d"
SHOWN = "a\\ufdd0b\\uffffc\\u202ed"
#: The same in Markdown, which escapes the backslashes.
MD_SHOWN = SHOWN.replace("\\", "\\\\")


def raw_free(output: str) -> None:
    assert NON not in output and LAST not in output and RLO not in output


# --- the function -------------------------------------------------------------


@pytest.mark.parametrize(
    "ch", ["\ufdd0", "\ufdd4", "\ufdef", "\ufffe", "\uffff", "\U0001fffe", "\U0010ffff"]
)
def test_printable_shows_a_noncharacter_as_its_code(ch):
    assert printable(f"x{ch}y") == f"x\\u{ord(ch):04x}y"


def test_characters_next_to_the_noncharacters_stay():
    for ch in ("\ufdcf", "\ufdf0", "\ufffd", "\U0001fffd", "\U00020000"):
        assert printable(f"x{ch}y") == f"x{ch}y"


def test_printable_document_keeps_its_byte_order_mark_and_shows_the_rest():
    assert printable_document(f"\ufeff{TEXT}\r\n") == f"\ufeff{SHOWN}\r\n"


# --- the commands -------------------------------------------------------------


def _deck(tmp_path):
    deck_file = tmp_path / "deck.yaml"
    card = recipe("a", title=f"Title {TEXT}", description=f"Says {TEXT}")
    deck_file.write_text(deck_yaml([card], name=f"Deck {TEXT}"), encoding="utf-8")
    return deck_file


def test_deck_list_and_show_print_noncharacters_as_codes(cli, tmp_path):
    deck_file = _deck(tmp_path)
    for args in (("deck", "list", deck_file), ("deck", "show", "a", "--deck", deck_file)):
        result = cli(*args)
        assert result.exit_code == 0, result.output
        raw_free(result.output)
        assert SHOWN in result.output


def test_backlog_show_and_workshop_summary_print_noncharacters_as_codes(cli, tmp_path):
    workshop = backlog_file(tmp_path, organization=f"Acme {TEXT}", title=f"Title {TEXT}")
    for args in (("backlog", "show", workshop), ("workshop", "summary", workshop)):
        result = cli(*args)
        assert result.exit_code == 0, result.output
        raw_free(result.output)
        assert SHOWN in result.output


def test_exports_on_the_terminal_show_noncharacters_as_codes(cli, tmp_path):
    workshop = backlog_file(tmp_path, title=f"Title {TEXT}", notes=f"Notes {TEXT}")
    for fmt in ("md", "csv", "json"):
        for dash in ((), ("-o", "-")):
            result = cli("backlog", "export", workshop, "--format", fmt, *dash)
            assert result.exit_code == 0, result.output
            raw_free(result.stdout)
            assert (MD_SHOWN if fmt == "md" else SHOWN) in result.stdout, (fmt, dash)
    # JSON escapes: the same data to a program.
    data = json.loads(cli("backlog", "export", workshop, "--format", "json").stdout)
    assert data["items"][0]["title"] == f"Title {TEXT}"


def test_json_on_the_terminal_escapes_a_noncharacter_past_the_first_plane_as_json(cli, tmp_path):
    workshop = backlog_file(tmp_path, title="Title \U0001fffe\U0010ffff")
    out = cli("backlog", "export", workshop, "--format", "json").stdout
    assert "\U0001fffe" not in out and "\U0010ffff" not in out
    assert "\\ud83f\\udffe\\udbff\\udfff" in out
    assert json.loads(out)["items"][0]["title"] == "Title \U0001fffe\U0010ffff"


def test_a_markdown_file_shows_noncharacters_as_codes(cli, tmp_path):
    workshop = backlog_file(tmp_path, title=f"Title {TEXT}", notes=f"Notes {TEXT}")
    out = tmp_path / "backlog.md"
    assert cli("backlog", "export", workshop, "--format", "md", "-o", out).exit_code == 0
    text = out.read_text(encoding="utf-8")
    raw_free(text)
    assert MD_SHOWN in text


def test_csv_and_json_files_keep_noncharacters_exactly(cli, tmp_path):
    workshop = backlog_file(tmp_path, title=f"Title {TEXT}")
    csv_file, json_file = tmp_path / "backlog.csv", tmp_path / "backlog.json"
    assert cli("backlog", "export", workshop, "--format", "csv", "-o", csv_file).exit_code == 0
    assert cli("backlog", "export", workshop, "--format", "json", "-o", json_file).exit_code == 0
    rows = read_csv(csv_file.read_text(encoding="utf-8-sig"))
    assert any(f"Title {TEXT}" in cell for cell in rows[0].values()), rows[0]
    data = json.loads(json_file.read_text(encoding="utf-8"))
    assert data["items"][0]["title"] == f"Title {TEXT}"


def test_a_later_part_of_a_document_shows_a_byte_order_mark_that_starts_it():
    assert printable_document(f"\ufeff{TEXT}\r\n", start=False) == f"\\ufeff{SHOWN}\r\n"
