"""`cvo-workshop deck ...` as a user runs it: output, files and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from cvo_workshop import __version__
from tests.conftest import DATA, run_process


def test_version(cli):
    result = cli("--version")
    assert result.exit_code == 0 and __version__ in result.output


def test_validate_the_builtin_files_prints_a_summary(cli, builtin_deck):
    result = cli("deck", "validate")
    assert result.exit_code == 0, result.output
    assert f"{len(builtin_deck.cards)} recipe cards" in result.output
    assert "questionnaire 'personalization-maturity'" in result.output
    for heading in (
        "Kind",
        "Tactic",
        "Minimum capability",
        "Lifecycle stage",
        "Cross-Life Cycle",
        "Win-back",
    ):
        assert heading in result.output


def test_validate_a_broken_deck_lists_every_problem_and_exits_1():
    # A real process: the user sees stderr, no traceback, exit code 1.
    result = run_process("deck", "validate", DATA / "six-mistakes.yaml")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = [ln for ln in result.stderr.splitlines() if ln.startswith(str(DATA))]
    assert len(lines) == 7
    assert result.stderr.rstrip().endswith("7 problems found.")


def test_validate_reports_problems_of_several_files_together(cli):
    result = cli("deck", "validate", DATA / "six-mistakes.yaml", DATA / "broken-questionnaire.yaml")
    assert result.exit_code == 1
    assert "six-mistakes.yaml:21:11" in result.output
    assert "broken-questionnaire.yaml:4:3" in result.output


def test_usage_errors_exit_2(cli):
    assert cli("deck", "list", "--kind", "magic").exit_code == 2
    assert cli("deck", "nonsense").exit_code == 2


def test_list_filters_by_kind_and_lifecycle(cli, builtin_deck):
    result = cli("deck", "list", "--kind", "automation", "--lifecycle", "win_back")
    assert result.exit_code == 0
    expected = [
        c
        for c in builtin_deck.cards
        if c.kind.value == "automation" and any(s.value == "win_back" for s in c.lifecycle)
    ]
    assert f"{len(expected)} of {len(builtin_deck.cards)} recipe cards" in result.output
    for card in expected:
        assert card.id in result.output
    other = next(c for c in builtin_deck.cards if c.kind.value == "personalization")
    assert other.id not in result.output


def test_show_a_card_and_a_cohort(cli, builtin_deck):
    card = builtin_deck.cards[0]
    result = cli("deck", "show", card.id)
    assert result.exit_code == 0
    assert card.title in result.output and card.kpis[0][:20] in result.output
    result = cli("deck", "show", "champions")
    assert result.exit_code == 0 and "Champions" in result.output


def test_show_unknown_id_suggests_close_ones(cli):
    result = cli("deck", "show", "champoins")
    assert result.exit_code == 1
    assert "did you mean champions" in result.output


def test_show_prints_markup_literally(cli, tmp_path):
    deck = tmp_path / "d.yaml"
    deck.write_text(
        (DATA.parent / "data" / "six-mistakes.yaml")
        .read_text()
        .split("  - id: broken")[0]
        .replace("title: Welcome series", "title: '[bold red]x[/] <b>&amp;'")
    )
    result = cli("deck", "show", "welcome-series", "--deck", deck)
    assert result.exit_code == 0, result.output
    assert "[bold red]x[/] <b>&amp;" in result.output


def test_schema_is_json_schema_for_decks(cli):
    result = cli("deck", "schema")
    schema = json.loads(result.output)
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert set(schema["properties"]) == {"deck", "cards", "cohorts"}
    assert "RecipeCard" in schema["$defs"]


def test_csv_round_trip_through_the_commands(cli, tmp_path, builtin_deck):
    out = tmp_path / "cards.csv"
    cohorts = tmp_path / "cohorts.csv"
    assert cli("deck", "export-csv", "-o", out, "--cohorts", cohorts).exit_code == 0
    deck_file = tmp_path / "deck.yaml"
    result = cli(
        "deck",
        "import-csv",
        out,
        "--cohorts",
        cohorts,
        "-o",
        deck_file,
        "--id",
        builtin_deck.deck.id,
        "--name",
        builtin_deck.deck.name,
    )
    assert result.exit_code == 0, result.output
    from cvo_workshop.store.decks import load_deck

    back = load_deck(deck_file)
    assert back.cards == builtin_deck.cards and back.cohorts == builtin_deck.cohorts


def test_import_of_a_bad_csv_writes_nothing(cli, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("id,kind\nx,automaton\n")
    target = tmp_path / "deck.yaml"
    result = cli("deck", "import-csv", bad, "-o", target)
    assert result.exit_code == 1
    assert "bad.csv:2:2: cards[0].kind" in result.output
    assert not target.exists()


def test_import_of_a_csv_with_a_column_twice_is_refused_and_writes_nothing(cli, tmp_path):
    """Which of the two titles is the card's? Neither is kept silently."""
    cards = tmp_path / "cards.csv"
    assert cli("deck", "export-csv", "-o", cards).exit_code == 0
    header, rest = cards.read_text(encoding="utf-8").split("\n", 1)
    names = header.split(",")
    col = names.index("title") + 1
    cards.write_text(f"{header},title\n{rest}", encoding="utf-8")
    target = tmp_path / "deck.yaml"
    result = cli("deck", "import-csv", cards, "-o", target)
    assert result.exit_code == 1
    assert (
        f"{cards}:1:{len(names) + 1}: title: the column is given twice (also column {col}); "
        "keep one" in result.stderr
    ), result.stderr
    assert not target.exists()


def test_no_command_runs_without_a_traceback_on_the_builtin_deck():
    result = run_process("deck", "list")
    assert result.returncode == 0 and "recipe cards" in result.stdout


def test_files_that_do_not_exist_exit_1(cli, tmp_path):
    result = cli("deck", "validate", tmp_path / "nope.yaml")
    assert result.exit_code == 1 and "no such file" in result.output
    assert Path(tmp_path / "nope.yaml").exists() is False


def test_a_card_and_a_cohort_with_the_same_id_are_refused(cli, tmp_path):
    deck = tmp_path / "deck.yaml"
    text = (DATA / "workshop-deck.yaml").read_text()
    deck.write_text(text.replace("- id: abandoned-cart-reminder\n", "- id: champions\n", 1))
    result = cli("deck", "validate", deck)
    assert result.exit_code == 1
    assert (
        f"{deck}:918:7: cohorts[0].id: id 'champions' is also a card's id; give the cohort its own"
    ) in result.stderr


def test_a_deck_over_the_size_limit_is_refused_before_it_is_read(cli, tmp_path):
    deck = tmp_path / "big.yaml"
    text = (DATA / "workshop-deck.yaml").read_text()
    deck.write_text(text + "# " + "x" * (6 * 1024 * 1024) + "\n")
    result = cli("deck", "validate", deck)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{deck}: file is 6.") and "the limit is 5 MB" in result.stderr
    folder = tmp_path / "folder"
    folder.mkdir()
    for i in range(3):
        (folder / f"part{i}.yaml").write_text("# " + "x" * (2 * 1024 * 1024) + "\n")
    result = cli("deck", "validate", folder)
    assert result.exit_code == 1 and "the limit for a deck is 5 MB" in result.stderr


def test_a_deck_of_one_card_is_one_recipe_card(cli, tmp_path):
    import csv

    out = tmp_path / "cards.csv"
    cohorts = tmp_path / "cohorts.csv"
    assert cli("deck", "export-csv", "-o", out, "--cohorts", cohorts).exit_code == 0
    for path in (out, cohorts):  # the header and the first row
        with path.open(newline="", encoding="utf-8-sig") as f:
            rows = list(csv.reader(f))[:2]
        with path.open("w", newline="", encoding="utf-8") as f:
            csv.writer(f).writerows(rows)
    deck_file = tmp_path / "deck.yaml"
    result = cli("deck", "import-csv", out, "--cohorts", cohorts, "-o", deck_file)
    assert result.exit_code == 0, result.output
    assert "with 1 recipe card and 1 cohort card to" in result.output
