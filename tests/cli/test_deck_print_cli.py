"""`cvo-workshop deck print` as a user runs it: files, warnings, exit codes."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from tests.conftest import DATA, run_process
from tests.export.decks import LONG, cohort, recipe, write_deck


def test_prints_a_deck_and_says_what_it_wrote(cli, tmp_path):
    deck = write_deck(tmp_path / "d.yaml", [recipe(f"r{i}") for i in range(10)], [cohort("c")])
    out = tmp_path / "deck.pdf"
    result = cli("deck", "print", deck, "-o", out, "--backs", "duplex", "--paper", "letter")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == (
        f"Wrote 11 cards (10 recipe, 1 cohort) on 2 sheets, 4 pages (Letter, duplex backs) to {out}"
    )
    assert result.stderr == ""
    reader = PdfReader(out)
    assert len(reader.pages) == 4
    assert round(float(reader.pages[0].mediabox.height)) == 792


def test_one_card_is_one_card(cli, tmp_path):
    deck = write_deck(tmp_path / "d.yaml", [recipe("r1")])
    out = tmp_path / "deck.pdf"
    result = cli("deck", "print", deck, "-o", out, "--backs", "duplex")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Wrote 1 recipe card on 1 sheet, 2 pages (A4, ")


def test_the_builtin_deck_prints_with_no_path(cli, tmp_path, builtin_deck):
    out = tmp_path / "core.pdf"
    result = cli("deck", "print", "-o", out, "--kind", "cohort")
    assert result.exit_code == 0
    assert f"{len(builtin_deck.cohorts)} cohort" in result.stdout
    assert len(PdfReader(out).pages) == -(-len(builtin_deck.cohorts) // 9)


def test_kind_is_repeatable(cli, tmp_path):
    cards = [
        recipe("a", "automation"),
        recipe("p", "personalization"),
        recipe("c", "customization"),
    ]
    deck = write_deck(tmp_path / "d.yaml", cards, [cohort("h")])
    out = tmp_path / "deck.pdf"
    result = cli("deck", "print", deck, "-o", out, "--kind", "automation", "--kind", "cohort")
    assert result.exit_code == 0
    assert "2 cards (1 recipe, 1 cohort)" in result.stdout
    text = PdfReader(out).pages[0].extract_text()
    assert "Title of a" in text and "Name of h" in text and "Title of p" not in text


def test_fold_bleed_and_offset_options(cli, tmp_path):
    deck = write_deck(tmp_path / "d.yaml", [recipe(f"r{i}") for i in range(5)])
    out = tmp_path / "deck.pdf"
    result = cli("deck", "print", deck, "-o", out, "--backs", "fold", "--bleed", "0")
    assert result.exit_code == 0 and "2 sheets, 2 pages (A4, fold-over backs)" in result.stdout
    page = PdfReader(out).pages[0]
    assert float(page.mediabox.width) > float(page.mediabox.height)
    result = cli("deck", "print", deck, "-o", out, "--backs", "duplex", "--offset", "0.5,-1")
    assert result.exit_code == 0 and result.stderr == ""


def test_offset_without_duplex_is_a_warning(cli, tmp_path):
    deck = write_deck(tmp_path / "d.yaml", [recipe("r")])
    result = cli("deck", "print", deck, "-o", tmp_path / "x.pdf", "--offset", "1,1")
    assert result.exit_code == 0
    assert "--offset moves duplex back pages; ignored" in result.stderr


def test_overflowing_cards_and_missing_glyphs_are_warnings_on_stderr(cli, tmp_path):
    cards = [
        recipe("fine"),
        recipe("wordy", examples=[LONG]),
        recipe("cjk", title="Launch in 中国"),
    ]
    deck = write_deck(tmp_path / "d.yaml", cards)
    out = tmp_path / "deck.pdf"
    result = cli("deck", "print", deck, "-o", out)
    assert result.exit_code == 0 and out.exists()
    err = result.stderr
    assert "warning: wordy (page 1): the text does not fit at 6 pt" in err
    assert "Shorten the card." in err
    assert "warning: 2 characters ('中' (U+4E2D" in err
    assert "in 1 field (cjk: title) have no glyph in the built-in font" in err
    assert "fine" not in err
    assert err.rstrip().endswith("1 card overflows: see the warnings above.")
    assert "Wrote 3 recipe cards" in result.stdout


def test_an_invalid_deck_exits_1_and_writes_nothing(tmp_path):
    out = tmp_path / "deck.pdf"
    out.write_bytes(b"the previous PDF")
    result = run_process("deck", "print", DATA / "six-mistakes.yaml", "-o", out)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "six-mistakes.yaml:" in result.stderr
    assert out.read_bytes() == b"the previous PDF"


def test_a_missing_folder_exits_1(cli, tmp_path):
    deck = write_deck(tmp_path / "d.yaml", [recipe("r")])
    result = cli("deck", "print", deck, "-o", tmp_path / "nope" / "deck.pdf")
    assert result.exit_code == 1
    assert "no such folder" in result.stderr


def test_nothing_to_print_exits_1(cli, tmp_path):
    deck = write_deck(tmp_path / "d.yaml", [recipe("r")])
    result = cli("deck", "print", deck, "-o", tmp_path / "x.pdf", "--kind", "cohort")
    assert result.exit_code == 1
    assert "nothing to print: the deck has no cohort cards" in result.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_bad_options_are_usage_errors(cli, tmp_path):
    deck = write_deck(tmp_path / "d.yaml", [recipe("r")])
    out = tmp_path / "x.pdf"
    for args in (
        ["--offset", "1"],
        ["--offset", "a,b"],
        ["--offset", "nan,0"],
        ["--offset", "20,0"],
        ["--bleed", "9"],
        ["--paper", "a3"],
        ["--backs", "both"],
        ["--kind", "magic"],
    ):
        result = cli("deck", "print", deck, "-o", out, *args)
        assert result.exit_code == 2, args
    assert not out.exists()
    assert cli("deck", "print", deck).exit_code == 2  # -o is required


def test_printing_never_imports_textual_and_help_imports_no_reportlab(tmp_path):
    import subprocess
    import sys

    deck = write_deck(tmp_path / "d.yaml", [recipe("r")])
    for argv, banned in (
        (["deck", "print", str(deck), "-o", str(tmp_path / "x.pdf")], {"textual"}),
        (["deck", "print", "--help"], {"textual", "reportlab"}),
    ):
        code = (
            "import sys\nfrom cvo_workshop.cli import cli\n"
            f"try:\n    cli.main({argv!r}, prog_name='cvo-workshop')\n"
            "except SystemExit:\n    pass\n"
            "print(' '.join(sys.modules))"
        )
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        loaded = set(out.stdout.split())
        assert not banned & loaded, argv


@pytest.mark.parametrize("value", ["nan", "NaN", "-nan", "inf"])
def test_a_bleed_that_is_not_a_number_is_a_usage_error(cli, tmp_path, value):
    deck = write_deck(tmp_path / "d.yaml", [recipe("r")])
    out = tmp_path / "x.pdf"
    result = cli("deck", "print", deck, "-o", out, "--bleed", value)
    assert result.exit_code == 2
    assert "--bleed" in result.stderr and "Traceback" not in result.stderr
    assert not out.exists()


def test_a_missing_output_folder_is_refused_in_the_shared_wording(cli, tmp_path):
    deck = write_deck(tmp_path / "d.yaml", [recipe("r")])
    out = tmp_path / "missing" / "x.pdf"
    result = cli("deck", "print", deck, "-o", out)
    assert result.exit_code == 1
    assert result.stderr.strip() == f"{out}: no such folder: {out.parent}"
    assert not out.parent.exists()


def test_printing_recipes_without_backs_says_what_their_backs_hold(cli, tmp_path):
    deck = write_deck(tmp_path / "d.yaml", [recipe("r1")], [cohort("c")])
    result = cli("deck", "print", deck, "-o", tmp_path / "deck.pdf")
    assert result.exit_code == 0
    assert (
        "(A4, no backs; the recipes' hypothesis, privacy note and source are on their "
        "backs: --backs duplex or fold prints them)"
    ) in result.stdout


def test_printing_only_cohorts_without_backs_says_nothing_of_recipe_backs(cli, tmp_path):
    deck = write_deck(tmp_path / "d.yaml", [recipe("r1")], [cohort("c")])
    result = cli("deck", "print", deck, "-o", tmp_path / "deck.pdf", "--kind", "cohort")
    assert result.exit_code == 0
    assert "(A4, no backs) to" in result.stdout


def test_a_character_missing_from_a_prompt_is_named_at_the_prompt(cli, tmp_path):
    """The warning names the deck's own field (prompt, definition), not the card's slot."""
    deck = write_deck(
        tmp_path / "d.yaml",
        [recipe("r1", prompt="Do we greet 客人 by name?")],
        [cohort("c1", definition="Bought 三 times")],
    )
    result = cli("deck", "print", deck, "-o", tmp_path / "deck.pdf")
    assert result.exit_code == 0, result.output
    assert "in 2 fields (c1: definition; r1: prompt)" in result.stderr
