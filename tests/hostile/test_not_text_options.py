"""An argument holding a byte that is not part of any character (`--respondent
$'Ana\\xff'` in a UTF-8 terminal) arrives as a lone surrogate, which no file,
terminal or PDF can hold. Every option and argument that takes text refuses it
the same way, before anything is read or written: the option named, exit 1, no
traceback, no file."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from cvo_workshop.commands._text import TEXT, Text
from cvo_workshop.model.problem import InputError
from tests.backlog_fixtures import sample
from tests.cli.test_assess_cli import TEAM_V2
from tests.conftest import run_process

DATA = Path(__file__).parent.parent / "data"
#: What Python makes of `$'Ana\xff'` on the command line.
BAD = "Ana\udcff"
SAID = "holds a character that is not text (the stray byte \\xff): type it again"

#: Each command, what it is given besides the bad value (files it would write in
#: the current folder; a missing --bank or --deck where it would open the app or
#: a room), and every option of it that takes text. `CARD_ID`: the argument.
COMMANDS: dict[tuple[str, ...], tuple[list[str], list[str]]] = {
    ("assess", "template"): (["-o", "t.yaml"], ["--respondent", "--role"]),
    ("assess", "run"): (
        ["--bank", "{in}/missing.yaml", "-o", "r.yaml"],
        ["--respondent", "--role", "--org"],
    ),
    ("assess", "score"): (["{ana}", "-o", "r.json", "--save"], ["--target", "--org"]),
    ("assess", "trend"): ([], ["--questionnaire", "--org"]),
    ("assess", "room"): (
        ["--dir", "team", "--bank", "{in}/missing.yaml"],
        ["--org", "--host", "--free"],
    ),
    ("backlog", "export"): (
        ["{workshop}", "--format", "md", "-o", "b.md"],
        [
            "--horizon",
            "--offset",
            "--png",
            "--consultant",
            "--client",
            "--title",
            "--confidential",
            "--version",
        ],
    ),
    ("cohorts", "rfm"): (
        ["{orders}", "-o", "c.yaml", "--members", "m.csv"],
        [
            "--customer",
            "--date",
            "--amount",
            "--order",
            "--quantity",
            "--price",
            "--status",
            "--exclude-status",
            "--timezone",
            "--delimiter",
            "--date-format",
            "--table",
        ],
    ),
    ("deck", "import-csv"): (
        ["{cards}", "-o", "d.yaml"],
        ["--id", "--name", "--version", "--language"],
    ),
    ("deck", "print"): (["-o", "d.pdf"], ["--offset", "--png"]),
    ("deck", "show"): ([], ["CARD_ID"]),
    ("workshop", "new"): (
        ["--deck", "{in}/missing.yaml", "--yes", "-o", "w.jsonl"],
        [
            "--org",
            "--facilitator",
            "--participant",
            "--goal",
            "--cohorts",
            "--framework",
            "--cards",
            "--draw-minutes",
            "--round-minutes",
            "--live",
            "--seed",
            "--host",
        ],
    ),
    ("workshop", "resume"): (["{in}/missing.jsonl"], ["--host"]),
}

CASES = [
    pytest.param(command, option, id=f"{' '.join(command)} {option}")
    for command, (_, options) in COMMANDS.items()
    for option in options
]


def _text_parameters() -> set[tuple[tuple[str, ...], str]]:
    """Every (command, option) of the CLI whose value is a string of any kind."""
    from cvo_workshop.cli import cli

    found = set()
    ctx = click.Context(cli)

    def walk(command: click.Command, path: tuple[str, ...]) -> None:
        if isinstance(command, click.Group):
            for name in command.list_commands(ctx):
                sub = command.get_command(ctx, name)
                assert sub is not None
                walk(sub, (*path, name))
        for param in command.params:
            if isinstance(param.type, click.types.StringParamType):
                name = (
                    max(param.opts, key=len)
                    if isinstance(param, click.Option)
                    else param.human_readable_name
                )
                found.add((path, name))
                assert isinstance(param.type, Text), f"{' '.join(path)} {name}: not TEXT"

    walk(cli, ())
    return found


def test_every_option_that_takes_text_is_checked_and_tested_here():
    """A new text option gets the check (type=TEXT), and a line in COMMANDS."""
    tested = {(command, option) for command, (_, options) in COMMANDS.items() for option in options}
    assert _text_parameters() == tested


@pytest.fixture
def inputs(tmp_path) -> dict[str, str]:
    """Valid input files, in a folder of their own."""
    from cvo_workshop.store.bundled import builtin_deck_path
    from cvo_workshop.store.deck_csv import cards_csv
    from cvo_workshop.store.decks import load_deck

    folder = tmp_path / "in"
    folder.mkdir()
    workshop = folder / "acme.workshop.jsonl"
    sample().save(workshop)
    cards = folder / "cards.csv"
    cards.write_text(cards_csv(load_deck(builtin_deck_path())), encoding="utf-8")
    return {
        "in": str(folder),
        "ana": str(TEAM_V2[0]),
        "workshop": str(workshop),
        "orders": str(DATA / "rfm" / "hand.csv"),
        "cards": str(cards),
    }


@pytest.fixture
def here(tmp_path, monkeypatch) -> Path:
    """The current folder, empty: where the commands would write."""
    folder = tmp_path / "out"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


def _args(command: tuple[str, ...], option: str, inputs: dict[str, str]) -> list[str]:
    given, _ = COMMANDS[command]
    bad = [BAD] if option == "CARD_ID" else [option, BAD]
    return [*command, *bad, *(arg.format(**inputs) for arg in given)]


def _nothing_written(here: Path, data_dir: Path) -> None:
    assert list(here.iterdir()) == []
    assert not data_dir.exists() or not any(data_dir.rglob("*")), "the data folder was written"


@pytest.mark.parametrize(("command", "option"), CASES)
def test_refused_in_process(cli, inputs, here, data_dir, command, option):
    result = cli(*_args(command, option, inputs))
    assert result.exit_code == 1, result.output
    assert result.stderr == f"{option}: {SAID}\n"
    assert result.stdout == ""
    _nothing_written(here, data_dir)


@pytest.mark.parametrize(("command", "option"), CASES)
def test_refused_by_the_command(inputs, here, data_dir, command, option):
    """As a shell runs it: the byte \\xff itself on the command line."""
    done = run_process(*_args(command, option, inputs), cwd=here, timeout=30)
    assert done.returncode == 1, done.stderr
    assert done.stderr == f"{option}: {SAID}\n"
    assert "Traceback" not in done.stderr
    assert done.stdout == ""
    _nothing_written(here, data_dir)


def test_a_template_on_stdout_is_refused_too(here):
    """The report: `assess template --respondent $'Ana\\xff'` stopped with a
    UnicodeEncodeError traceback (in a UTF-8 terminal; elsewhere the byte went out)."""
    done = run_process(
        "assess", "template", "--respondent", BAD, cwd=here, env={"LC_ALL": "C.UTF-8"}
    )
    assert done.returncode == 1
    assert done.stderr == f"--respondent: {SAID}\n"
    assert done.stdout == ""


def test_org_typed_at_the_prompt_is_still_refused_in_words():
    """`assess run` asks for the organization when there is no -o: the same words
    as the options' check (organization_name, which also wants one line)."""
    from cvo_workshop.commands.assess import organization_name

    with pytest.raises(InputError, match="holds a character that is not text"):
        organization_name(BAD)


def test_a_surrogate_that_is_no_byte_is_shown_as_its_code():
    with pytest.raises(InputError) as caught:
        TEXT.convert("a\ud800", None, None)
    assert (
        str(caught.value) == "argument: holds a character that is not text (\\ud800): type it again"
    )


def test_text_passes_as_typed():
    assert TEXT.convert("Zoë 😀 \ufffe", None, None) == "Zoë 😀 \ufffe"
