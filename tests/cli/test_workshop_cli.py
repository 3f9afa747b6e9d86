"""`cvo-workshop workshop ...` without the app: summary, list, and the mistakes people make."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from cvo_workshop.model.workshop import Decision
from cvo_workshop.service import workshop as service
from cvo_workshop.store import workshops
from tests import workshop_fixtures as W
from tests.conftest import run_process


@pytest.fixture
def played(tmp_path):
    path = tmp_path / "p.workshop.jsonl"
    running = service.start(
        W.setup(organization="Acme [bold]x[/bold]"), W.deck(), path, clock=W.FakeClock()
    )
    s = running.session
    for key, value in (("impact", 8), ("confidence", 6), ("ease", 4)):
        running.run(s.score, key, value)
    running.run(s.decide, Decision.ACCEPTED)
    running.run(s.score, "impact", 9, participant="Ana")
    running.run(s.score, "impact", 2, participant="Ben")
    running.run(s.decide, Decision.PARKED)
    running.run(s.decide, Decision.REJECTED, "no data yet")
    running.run(s.note, "ask Ben")
    running.run(s.decide, Decision.SKIPPED)
    running.close()
    return path


def test_summary_json_has_every_draw_with_card_cohort_decision_scores(cli, played):
    result = cli("workshop", "summary", played, "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["counts"] == {
        "accepted": 1, "parked": 1, "rejected": 1, "skipped": 1, "undecided": 0, "live": 0
    }  # fmt: skip
    first, second, third = data["draws"][:3]
    assert first["card"] == W.deck().card(first["card"]).id
    assert first["cohort"] in {c.id for c in W.deck().cohorts}
    assert first["decision"] == "accepted"
    assert first["scores"]["value"] == 6
    assert first["scores"]["breakdown"] == "ICE 6 = (8 + 6 + 4) / 3 (average)"
    assert second["scores"]["participants"] == {"Ana": {"impact": 9}, "Ben": {"impact": 2}}
    assert second["scores"]["disagreements"] == ["impact"]
    assert third["reason"] == "no data yet"
    assert data["workshop"]["organization"] == "Acme [bold]x[/bold]"


def test_summary_text_is_for_people_and_literal(cli, played, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    result = cli("workshop", "summary", played)
    assert result.exit_code == 0
    out = result.output
    assert "Acme [bold]x[/bold]" in out
    assert "1 accepted, 1 parked, 1 rejected, 1 skipped" in out
    assert "Accepted (to the backlog)" in out and "no data yet" in out and "ask Ben" in out


def test_summary_text_names_factors_the_room_disagrees_on_by_their_labels(cli, played, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    out = cli("workshop", "summary", played).output
    assert "disagree: Impact" in out and "disagree: impact" not in out


def test_summary_reports_a_torn_last_line_and_still_summarizes(cli, played):
    played.write_bytes(played.read_bytes() + b'{"type": "dec')
    result = cli("workshop", "summary", played, "--format", "json")
    assert result.exit_code == 0
    assert "cut off" in result.stderr
    assert json.loads(result.stdout)["counts"]["accepted"] == 1


def test_a_damaged_file_is_a_located_error(cli, played):
    lines = played.read_bytes().split(b"\n")
    lines[2] = b"{oops"
    played.write_bytes(b"\n".join(lines))
    result = cli("workshop", "summary", played)
    assert result.exit_code == 1
    assert f"{played}:3:1: not valid JSON" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize("command", ["summary", "resume"])
@pytest.mark.parametrize(
    ("line", "said"),
    [
        (b'{"at": "2025-03-04T09:00:00Z"}', "event.type: required field is missing"),
        (b'{"at": "2025-03-04T09:00:00Z", "type": 7}', "event.type: expected text, got int 7"),
    ],
)
def test_an_event_without_its_type_is_a_plain_located_error(cli, played, command, line, said):
    lines = played.read_bytes().split(b"\n")
    lines[2] = line
    played.write_bytes(b"\n".join(lines))
    before = played.read_bytes()
    result = cli("workshop", command, played)
    assert result.exit_code == 1 and "Traceback" not in result.output
    first, advice = result.stderr.splitlines()
    assert first == f"{played}:3:1: {said}"
    assert "--salvage" in advice
    assert played.read_bytes() == before
    assert sorted(p.name for p in played.parent.iterdir() if p.name != "data") == [played.name]


NEWER_LAST_LINES = {
    "event type": (
        b'{"type": "voted", "at": "2025-03-04T09:00:00Z"}\n',
        "with event type 'voted', unknown to this one)",
    ),
    "key": (
        b'{"type": "noted", "at": "2025-03-04T09:00:00Z", "text": "x", "mood": 3}\n',
        "with key 'mood' in a 'noted' event, unknown to this one)",
    ),
}


@pytest.mark.parametrize("command", ["resume", "summary"])
@pytest.mark.parametrize("case", list(NEWER_LAST_LINES))
def test_a_last_line_from_a_newer_version_is_refused_not_cut_off(cli, played, command, case):
    line, words = NEWER_LAST_LINES[case]
    played.write_bytes(played.read_bytes() + line)
    before = played.read_bytes()
    n = before.count(b"\n")
    result = cli("workshop", command, played)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"{played}:{n}:1: event: written by a newer cvo-workshop (format " in result.stderr
    assert words in result.stderr and "the file is unchanged" in result.stderr
    assert played.read_bytes() == before
    assert sorted(p.name for p in played.parent.iterdir() if p.name != "data") == [played.name]


def test_a_setup_line_from_a_newer_version_is_refused_saying_its_format(cli, played):
    lines = played.read_bytes().split(b"\n")
    lines[0] = lines[0].replace(b'"cvo-workshop/workshop-1"', b'"cvo-workshop/workshop-2"')
    played.write_bytes(b"\n".join(lines))
    before = played.read_bytes()
    result = cli("workshop", "resume", played)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{played}:1:1: written by a newer cvo-workshop (format cvo-workshop/workshop-2; "
        "this one reads cvo-workshop/workshop-1)",
        # advice, not a second problem: no "2 problems found."
        f"{played}: the file is unchanged; open it with the cvo-workshop that wrote it (or update)",
    ]
    assert played.read_bytes() == before


def test_a_damaged_line_is_one_problem_and_the_advice_to_salvage(cli, played):
    lines = played.read_bytes().split(b"\n")
    lines[1] = b'{"at": "bad"}'
    played.write_bytes(b"\n".join(lines))
    result = cli("workshop", "summary", played)
    assert result.exit_code == 1
    said = result.stderr.splitlines()
    assert len(said) == 2 and said[0] == f"{played}:2:1: event.type: required field is missing"
    assert "--salvage" in said[1]


@pytest.mark.parametrize(
    "command", [("workshop", "summary"), ("workshop", "resume"), ("backlog", "export")]
)
@pytest.mark.parametrize("where", ["middle", "last"])
def test_a_deeply_nested_line_is_a_located_error(cli, played, tmp_path, command, where):
    lines = played.read_bytes().split(b"\n")
    deep = b'{"type": "noted", "text": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    at = 3 if where == "middle" else len(lines) - 1
    lines.insert(at - 1, deep)
    played.write_bytes(b"\n".join(lines))
    before = played.read_bytes()
    out = tmp_path / "out.csv"
    args = [*command, played, *(["-o", out] if command[0] == "backlog" else [])]
    result = cli(*args)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"{played}:{at}:1: nested more than 32 levels deep" in result.stderr
    assert played.read_bytes() == before and not out.exists()


def test_missing_files_and_bad_options_are_plain_errors(cli, tmp_path):
    result = cli("workshop", "summary", tmp_path / "nope.jsonl")
    assert result.exit_code == 1 and "no such file" in result.stderr
    result = cli("workshop", "resume", tmp_path / "nope.jsonl")
    assert result.exit_code == 1 and "no such file" in result.stderr
    result = cli("workshop", "new", "--yes", "--deck", W.DECK_PATH, "--cohorts", "champion,loyal")
    assert result.exit_code == 1 and "did you mean 'champions'" in result.stderr
    result = cli("workshop", "new", "--yes", "--deck", tmp_path / "none.yaml")
    assert result.exit_code == 1 and "no such file" in result.stderr
    out = tmp_path / "two-lines.workshop.jsonl"
    result = cli("workshop", "new", "--yes", "--org", "Acme\nEvil", "-o", out)
    assert result.exit_code == 1 and not out.exists()
    assert "--org: must be one line (no line breaks)" in result.stderr


def test_new_yes_refuses_every_bad_option_at_once_and_writes_nothing(cli, tmp_path, data_dir):
    out = tmp_path / "bad.workshop.jsonl"
    result = cli(
        "workshop", "new", "--yes", "--deck", W.DECK_PATH, "--org", "Acme", "-o", out,
        "--cohorts", "champions", "--round-minutes", "0.5", "--cards", "0", "--seed", "-1",
    )  # fmt: skip
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "--cohorts: choose 3 to 6 focus cohorts (1 chosen)",
        "--cards: expected a whole number from 1 to 200, got '0'",
        "--round-minutes: expected 0 (no time-box) or 1 minute to 1440 minutes, got '0.5'",
        "--seed: expected a whole number from 0 to 2147483647, got '-1'",
        "4 problems found.",
    ]
    assert not out.exists() and not (data_dir / "workshops").exists()


@pytest.mark.parametrize("option", ["--draw-minutes", "--round-minutes"])
def test_new_yes_refuses_minutes_too_many_for_a_number_of_seconds(cli, tmp_path, option):
    out = tmp_path / "x.workshop.jsonl"
    result = cli("workshop", "new", "--yes", "--org", "Acme", option, "1e308", "-o", out)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{option}: expected 0 (no time-box) or ")
    assert result.stderr.endswith(" minutes, got '1e308'\n")
    assert not out.exists()


def test_new_yes_needs_the_organization(cli, tmp_path, data_dir):
    result = cli("workshop", "new", "--yes", "--deck", W.DECK_PATH)
    assert result.exit_code == 1
    assert result.stderr == "--org: who is the workshop for? (required)\n"
    assert not (data_dir / "workshops").exists()


def test_new_without_yes_leaves_the_organization_to_the_form(cli, monkeypatch):
    from cvo_workshop.tui.app import WorkshopApp

    handed = []

    def for_new(cls, request, *args, **kw):
        handed.append(request)
        return cls.home()

    monkeypatch.setattr(WorkshopApp, "for_new", classmethod(for_new))
    monkeypatch.setattr(WorkshopApp, "run", lambda self: None)
    result = cli("workshop", "new", "--deck", W.DECK_PATH, "--participant", "Ana:CRM")
    assert result.exit_code == 0, result.stderr
    assert handed[0].organization == "" and handed[0].participants == ("Ana:CRM",)
    # What was given wrong is refused before the form opens.
    result = cli("workshop", "new", "--deck", W.DECK_PATH, "--cohorts", "champions")
    assert result.exit_code == 1 and len(handed) == 1
    assert result.stderr == "--cohorts: choose 3 to 6 focus cohorts (1 chosen)\n"


def test_the_options_closed_choices_are_the_records():
    """The choices are spelled out in the command (the records load slowly); they
    must stay the records' own."""
    from cvo_workshop.commands.workshop import LEVELS, PLANS
    from cvo_workshop.engine import setup
    from cvo_workshop.model.card import Capability

    assert [c.value for c in Capability] == LEVELS
    assert list(setup.PLANS) == PLANS


def test_new_refuses_to_overwrite_a_file(cli, played):
    before = played.read_bytes()
    result = cli("workshop", "new", "--yes", "--deck", W.DECK_PATH, "-o", played)
    assert result.exit_code == 1 and "already exists" in result.stderr
    assert played.read_bytes() == before


def test_list_shows_recent_workshops(cli, played, monkeypatch):
    monkeypatch.setenv("COLUMNS", "250")
    workshops.remember(played)
    result = cli("workshop", "list")
    assert result.exit_code == 0
    assert "Acme [bold]x[/bold] · worked on " in result.output
    assert "4 of 4 draws decided" in result.output and "started " in result.output


@pytest.mark.parametrize(
    ("created", "tz"),
    [("9999-12-31T23:00:00Z", "Europe/Amsterdam"), ("0001-01-01T00:00:00Z", "America/New_York")],
)
def test_a_creation_time_beyond_the_local_calendar_is_shown_in_utc(played, created, tz):
    """9999-12-31 23:00 UTC is year 10000 in Amsterdam: no local time to show."""
    header, rest = played.read_text(encoding="utf-8").split("\n", 1)
    setup = json.loads(header)
    setup["created"] = created
    played.write_text(json.dumps(setup) + "\n" + rest, encoding="utf-8")
    shown = f"{created[:10]} {created[11:16]} UTC"
    result = run_process("workshop", "summary", played, env={"TZ": tz})
    assert result.returncode == 0, result.stderr
    assert f"workshop of {shown}" in result.stdout
    workshops.remember(played)
    result = run_process("workshop", "list", env={"TZ": tz, "COLUMNS": "250"})
    assert result.returncode == 0, result.stderr
    assert shown in result.stdout


def test_summary_and_list_never_import_textual(played):
    code = (
        "import sys\nfrom cvo_workshop.cli import cli\n"
        f"try:\n    cli.main(['workshop', 'summary', {str(played)!r}, '--format', 'json'])\n"
        "except SystemExit:\n    pass\n"
        "print('TEXTUAL' if 'textual' in sys.modules else 'CLEAN', file=sys.stderr)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stderr.strip().endswith("CLEAN")


def test_the_home_screen_comes_up_without_the_records():
    """Start-up: pydantic and the workshop records load only when a workshop opens."""
    code = (
        "import sys\nfrom cvo_workshop.tui.app import WorkshopApp\n"
        "from cvo_workshop.tui.screens.home import HomeScreen\n"
        "WorkshopApp.home()\n"
        "print('pydantic' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_list_prints_whole_paths_to_paste_into_resume(cli, played, tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    deep = tmp_path / "clients-of-the-agency" / "acme-corporation-2026" / "workshops-held-here"
    deep.mkdir(parents=True)
    moved = deep / "acme-corporation-spring-kickoff.workshop.jsonl"
    moved.write_bytes(played.read_bytes())
    workshops.remember(moved)
    result = cli("workshop", "list")
    assert result.exit_code == 0
    # On a line of its own, whole, however narrow the terminal (it wraps it, not us).
    assert any(line.strip() == str(moved) for line in result.output.splitlines())
    assert "…" not in result.output


def test_a_tiny_rice_score_reads_less_than_0_01_in_the_summary_never_in_e_notation(
    cli, tmp_path, monkeypatch
):
    """The Score column said "1e-06" where the breakdown beside it says "<0.01"."""
    from cvo_workshop.model.workshop import Framework
    from tests.backlog_fixtures import Play, card, cohort, setup

    play = Play(setup(Framework.RICE, cohorts=[cohort("tiny", 0.00001)]))
    play.draw(card("a"), "tiny", impact=0.25, confidence=50, effort=120)
    path = tmp_path / "tiny.workshop.jsonl"
    play.save(path)
    monkeypatch.setenv("COLUMNS", "200")
    result = cli("workshop", "summary", path)
    assert result.exit_code == 0, result.output
    row = next(line for line in result.output.splitlines() if "│ 1 │" in line)
    assert "<0.01" in row and "e-0" not in result.output, row
