"""Every line the commands print shows control and invisible characters from files
(ESC sequences, OSC 52 clipboard writes, bidi overrides) instead of obeying them."""

from __future__ import annotations

import json

from tests.export.decks import deck_yaml, recipe
from tests.hostile.hostile_files import CLEAR, OSC52, RLO, TITLE, backlog_file


def no_terminal_control(output: str) -> None:
    assert "\x1b" not in output and "\x07" not in output and RLO not in output


def test_deck_list_prints_the_deck_name_literally(cli, tmp_path):
    deck_file = tmp_path / "deck.yaml"
    name = f"[bold red]Deck[/] {CLEAR}{OSC52}{RLO}kced"
    deck_file.write_text(deck_yaml([recipe("a", title=TITLE)], name=name), encoding="utf-8")
    for args in ((), ("--cohorts",)):
        result = cli("deck", "list", deck_file, *args)
        assert result.exit_code == 0, result.output
        no_terminal_control(result.output)
        title = " ".join(result.output.split())  # the title wraps at the table's width
        assert "[bold red]Deck[/] ␛[2J␛]52;c;ZXZpbA==␇\\u202ekced" in title
    assert "␛]0;pwned␇" in cli("deck", "list", deck_file).output


def test_deck_validate_prints_keys_and_file_names_literally(cli, tmp_path):
    deck_file = tmp_path / f"deck{CLEAR}.yaml"
    deck_file.write_text(
        deck_yaml([recipe("a")]).replace(
            "  title: Title of a\n", '  title: Title of a\n  "\\e]52;c;ZXZpbA==\\a\\nx": 1\n'
        ),
        encoding="utf-8",
    )
    result = cli("deck", "validate", deck_file)
    assert result.exit_code == 1
    no_terminal_control(result.output)
    lines = result.output.splitlines()
    assert len(lines) == 1, lines  # the newline in the key makes no second line
    assert "/deck␛[2J.yaml:8:3: cards[0]." in lines[0]
    assert "␛]52;c;ZXZpbA==␇␊x" in lines[0]


def test_deck_show_prints_control_and_bidi_characters_visibly(cli, tmp_path):
    deck_file = tmp_path / "deck.yaml"
    card = recipe("a", title=f"{TITLE}Title", description=f"{OSC52} {RLO}txet\u200b")
    deck_file.write_text(deck_yaml([card]), encoding="utf-8")
    result = cli("deck", "show", "a", "--deck", deck_file)
    assert result.exit_code == 0, result.output
    no_terminal_control(result.output)
    assert "␛]0;pwned␇Title" in result.output
    assert "␛]52;c;ZXZpbA==␇ \\u202etxet\\u200b" in result.output


def test_backlog_show_and_stdout_exports_show_control_characters(cli, tmp_path):
    workshop = backlog_file(
        tmp_path, organization=f"Acme{CLEAR}", title=f"[b]{OSC52}", notes=f"{RLO}n\r\nx"
    )
    shown = cli("backlog", "show", workshop)
    assert shown.exit_code == 0, shown.output
    no_terminal_control(shown.output)
    assert "Acme␛[2J" in shown.output and "[b]␛]52;c;ZXZpbA==␇" in shown.output

    for fmt in ("csv", "md"):
        result = cli("backlog", "export", workshop, "--format", fmt)
        assert result.exit_code == 0, result.output
        no_terminal_control(result.output)
        # (Markdown escapes the `]` and the backslash as well)
        assert "52;c;ZXZpbA==␇" in result.output and "u202en" in result.output

    data = cli("backlog", "export", workshop, "--format", "json").output
    no_terminal_control(data)
    item = json.loads(data)["items"][0]  # escapes in JSON: the same data to a program
    assert item["title"] == f"[b]{OSC52}" and item["notes"] == f"{RLO}n\r\nx"


def test_dash_as_an_output_shows_what_a_terminal_would_act_on(cli, tmp_path):
    """`-o -` is standard output, which may be a terminal: the same rule as printing."""
    deck_file = tmp_path / "deck.yaml"
    deck_file.write_text(deck_yaml([recipe("a", title=TITLE)]), encoding="utf-8")
    workshop = backlog_file(tmp_path, title=TITLE)
    for args in (
        ("deck", "export-csv", deck_file, "-o", "-"),
        ("deck", "import-csv", tmp_path / "cards.csv", "-o", "-"),
        ("backlog", "export", workshop, "--format", "md", "-o", "-"),
        ("backlog", "export", workshop, "--format", "csv", "-o", "-"),
    ):
        if args[1] == "import-csv":
            assert cli("deck", "export-csv", deck_file, "-o", tmp_path / "cards.csv").exit_code == 0
        result = cli(*args)
        assert result.exit_code == 0, result.output
        no_terminal_control(result.stdout)
        assert "pwned" in result.stdout  # shown (as ␛, or YAML's own \e), not acted on


def test_a_file_printed_line_by_line_shows_a_byte_order_mark_that_starts_a_line(cli, tmp_path):
    """The members CSV goes to stdout line by line (too large to hold): only the
    document's first line may start with its own byte-order mark."""
    from tests.cli.test_rfm_cli import HAND

    orders = tmp_path / "orders.csv"
    source = HAND.read_text(encoding="utf-8")
    orders.write_text(source.replace("c01,", "\ufeffc01,").replace("c02,", f"{RLO}c02,"), "utf-8")
    result = cli("cohorts", "rfm", orders, "--members", "-")
    assert result.exit_code == 0, result.output
    assert "\ufeff" not in result.stdout and RLO not in result.stdout
    lines = result.stdout.splitlines()
    assert any(line.startswith("\\ufeffc01,") for line in lines), lines
    assert any(line.startswith("\\u202ec02,") for line in lines), lines


def test_csv_and_markdown_on_stdout_keep_their_rows_cells_and_tables(cli, tmp_path):
    """Shown for a terminal, an export is still the same document: the same CSV
    rows and cells (each shown as the terminal shows text), the same Markdown lines
    and table columns. (backlog export prints its own; deck export-csv -o - goes
    through the output writer.)"""
    import csv
    import io

    from cvo_workshop.engine.text import printable_document
    from tests.hostile.test_json_on_stdout import HOSTILE, ONE_LINE

    workshop = backlog_file(
        tmp_path, organization=ONE_LINE, title=ONE_LINE, owner=ONE_LINE, notes=HOSTILE, kpi=HOSTILE
    )
    deck_file = tmp_path / "deck.yaml"
    deck_file.write_text(
        deck_yaml([recipe("a", title=ONE_LINE, description=HOSTILE)]), encoding="utf-8"
    )
    commands = [
        (fmt, ("backlog", "export", workshop, "--format", fmt), dash)
        for fmt in ("csv", "md")
        for dash in ((), ("-o", "-"))
    ]
    commands.append(("csv", ("deck", "export-csv", deck_file), ("-o", "-")))
    for fmt, command, dash in commands:
        written = tmp_path / f"written.{fmt}"
        assert cli(*command, "-o", written).exit_code == 0
        kept = written.read_bytes().decode("utf-8")
        result = cli(*command, *dash)
        assert result.exit_code == 0, result.output
        shown = result.stdout_bytes.decode("utf-8")  # .stdout turns CR LF into LF
        no_terminal_control(shown)
        if fmt == "csv":
            rows = list(csv.reader(io.StringIO(kept.removeprefix("\ufeff"), newline="")))
            out = list(csv.reader(io.StringIO(shown.removeprefix("\ufeff"), newline="")))
            assert out == [[printable_document(cell) for cell in row] for row in rows], command
            assert rows[1] != out[1]  # the hostile cells are there, shown
        else:
            lines, out = kept.split("\n"), shown.split("\n")
            assert [line.count("|") for line in out] == [line.count("|") for line in lines]
            assert any(line.startswith("| 1 | **N ␛") for line in out), out
