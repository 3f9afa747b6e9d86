"""`cvo-workshop assess ...`: response files in, team results out."""

from __future__ import annotations

import asyncio
import json
import re

import pytest

from tests.conftest import DATA, run_process

# The team answered the questionnaire as it was before issue 18 (63 statements); the
# aggregation rules are checked on that version, so content changes leave them be.
TEAM = sorted((DATA / "assess-before-issue-18").glob("*.yaml"))
V1 = ("--bank", DATA / "questionnaire-before-issue-18.yaml")
#: The same team on the built-in questionnaire (version 2).
TEAM_V2 = sorted((DATA / "assess").glob("*.yaml"))


def test_five_respondents_give_the_team_result_and_exactly_the_disputed_questions(cli):
    assert len(TEAM) == 5
    result = cli("assess", "score", *TEAM, *V1, "--format", "json", "--target", "cross_lifecycle")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["disagreements"] == [
        "strategy.d.used",
        "capability.people.cross_lifecycle.shared-vocabulary",
    ]
    assert data["respondents"] == ["Ana", "Ben", "Cy", "Dee", "Eli"]
    caps = {d["dimension"]: d for d in data["capability"]}
    # Incidental 1 and Disciplined 0.5 met everywhere; people also meets one of
    # three Cross-Life Cycle statements (the disputed one, median 0.5).
    assert caps["people"]["level"] == "disciplined" and caps["people"]["progress"] == 2.3
    assert caps["process"]["progress"] == 2.0 and caps["process"]["gap"] == 1.0
    assert data["overall"] == "disciplined" and data["overall_progress"] == 2.0
    assert data["stage"] == "maturing"  # C is in use
    tactics = {t["tactic"]: t for t in data["strategy"]}
    assert tactics["D"]["coverage"] == 0.25  # median of 0, 0, 1, 1, 0.25
    dispute = next(q for q in data["questions"] if q["id"] == "strategy.d.used")
    assert dispute["counts"] == {"0": 2, "1": 2, "0.25": 1}
    assert dispute["notes"] == ["Cy: the homepage hero changes by segment since June"]


def test_text_output_is_for_people(cli):
    out = cli("assess", "score", *TEAM, *V1).stdout
    assert "Capability: Disciplined (2.0 of 4" in out
    assert "Disagreement on 2 questions:" in out
    assert "Strategy: Maturing" in out


def test_text_output_names_statements_answers_and_notes(cli):
    out = " ".join(cli("assess", "score", *TEAM, *V1).stdout.split())  # unwrap Rich's lines
    assert "Answered: " in out and " of 63 questions" in out
    # A disputed question by its statement, its answers by name, in scale order.
    dispute = next(
        q
        for q in json.loads(cli("assess", "score", *TEAM, *V1, "--format", "json").stdout)[
            "questions"
        ]
        if q["id"] == "strategy.d.used"
    )
    assert dispute["counts"] == {"0": 2, "1": 2, "0.25": 1}
    assert "(No 2, Ad hoc 1, Continuously 2)" in out
    assert "strategy.d.used" not in out


def test_save_then_trend(cli):
    assert cli("assess", "score", *TEAM_V2[:2], "--save").exit_code == 0
    out = cli("assess", "trend").stdout
    assert "2026-11-20" in out and "Maturing" in out


def test_snapshots_of_two_clients_on_one_day_are_both_kept(cli):
    assert cli("assess", "score", *TEAM_V2[:2], "--save", "--org", "Acme").exit_code == 0
    assert cli("assess", "score", *TEAM_V2, "--save", "--org", "Globex").exit_code == 0
    again = cli("assess", "score", *TEAM_V2, "--save", "--org", "Globex")
    assert "Replaced the snapshot" in again.stderr
    rows = json.loads(cli("assess", "trend", "--format", "json").stdout)
    assert sorted((r["organization"], len(r["respondents"])) for r in rows) == [
        ("Acme", 2),
        ("Globex", 5),
    ]
    assert "Organization" in cli("assess", "trend").stdout
    only = json.loads(cli("assess", "trend", "--org", "acme", "--format", "json").stdout)
    assert [r["organization"] for r in only] == ["Acme"]


def test_the_organization_the_responses_record_is_the_results(cli, tmp_path):
    def of(org: str, source):
        path = tmp_path / f"{org}-{source.name}"
        path.write_text(f"organization: {org}\n" + source.read_text())
        return path

    acme = [of("Acme", f) for f in TEAM_V2[:2]]
    scored = cli("assess", "score", *acme, "--save", "--format", "json")
    assert json.loads(scored.stdout)["organization"] == "Acme"
    assert "-acme-personalization-maturity.json" in scored.stderr
    mixed = cli("assess", "score", acme[0], of("Globex", TEAM_V2[2]), "--format", "json")
    assert json.loads(mixed.stdout)["organization"] is None
    assert "warning: the responses are of 2 organizations (Acme, Globex)" in mixed.stderr


def test_nothing_is_overwritten_or_counted_twice(cli, tmp_path):
    filled = tmp_path / "ana.yaml"
    filled.write_bytes(TEAM_V2[0].read_bytes())
    refused = cli("assess", "template", "-o", filled)
    assert refused.exit_code == 1 and "--force" in refused.stderr
    assert filled.read_bytes() == TEAM_V2[0].read_bytes()
    assert cli("assess", "template", "-o", filled, "--force").exit_code == 0
    assert filled.read_bytes() != TEAM_V2[0].read_bytes()

    own = tmp_path / "ben.yaml"
    own.write_bytes(TEAM_V2[1].read_bytes())
    clobber = cli("assess", "score", TEAM_V2[0], own, "-o", own)
    assert clobber.exit_code == 1 and "is also an input of this command" in clobber.stderr
    assert own.read_bytes() == TEAM_V2[1].read_bytes()
    twice = cli("assess", "score", TEAM_V2[0], TEAM_V2[0])
    assert twice.exit_code == 1 and "is the same file as" in twice.stderr


def test_a_sparse_file_gets_no_level_it_did_not_answer_for(cli, tmp_path):
    # One statement a level answered "continuously": it used to read as level 4.
    bank = json.loads(cli("assess", "score", TEAM_V2[0], "--format", "json").stdout)["questions"]
    picked = {}
    for q in bank:
        parts = q["id"].split(".")
        if parts[0] == "capability" and (parts[1], parts[2]) not in picked:
            picked[parts[1], parts[2]] = q["id"]
    sparse = tmp_path / "sparse.yaml"
    sparse.write_text(
        "respondent: Sam\nanswers:\n" + "".join(f"  {q}: 1\n" for q in picked.values())
    )
    data = json.loads(cli("assess", "score", sparse, "--format", "json").stdout)
    assert data["overall"] is None and data["answered"] == 12
    assert {d["unanswered_level"] for d in data["capability"]} == {"incidental"}


def test_a_saved_result_shows_as_score_printed_it(cli, tmp_path):
    saved = tmp_path / "acme.json"
    scored = cli("assess", "score", *TEAM_V2, "-o", saved)
    assert scored.exit_code == 0
    shown = cli("assess", "show", saved)
    assert shown.exit_code == 0 and shown.stdout == scored.stdout
    assert json.loads(cli("assess", "show", saved, "--format", "json").stdout)["respondents"] == [
        "Ana",
        "Ben",
        "Cy",
        "Dee",
        "Eli",
    ]


def test_dash_as_the_output_puts_the_result_on_stdout_once_and_says_the_rest_on_stderr(cli):
    """`-o -` is the JSON on standard output, alone, for a program to read: the
    text result goes to stderr (as `cohorts rfm` says everything there then), and
    --format json does not print it a second time."""
    expected = cli("assess", "score", *TEAM_V2, "--format", "json").stdout
    text = cli("assess", "score", *TEAM_V2).stdout
    for fmt in ("text", "json"):
        result = cli("assess", "score", *TEAM_V2, "-o", "-", "--format", fmt)
        assert result.exit_code == 0, result.output
        assert result.stdout == expected, fmt
        assert json.loads(result.stdout)["respondents"] == ["Ana", "Ben", "Cy", "Dee", "Eli"]
        assert result.stderr == (text if fmt == "text" else ""), fmt


def test_a_broken_result_is_located_and_trend_leaves_it_out_saying_where(cli, tmp_path):
    assert cli("assess", "score", *TEAM_V2, "--save").exit_code == 0
    snapshot = next((tmp_path / "data").rglob("*.json"))
    data = json.loads(snapshot.read_text())
    data["capability"][0]["level"] = "wizard"
    broken = tmp_path / "data" / "x" / "2026-11-21-personalization-maturity.json"
    broken.parent.mkdir()
    broken.write_text(json.dumps(data, indent=2))
    shown = cli("assess", "show", broken)
    assert shown.exit_code == 1
    assert re.search(rf"{re.escape(str(broken))}:\d+:\d+: capability\[0\]\.level", shown.output)
    assert "Traceback" not in shown.output
    copy = snapshot.with_name("2026-11-21-personalization-maturity.json")
    copy.write_text(broken.read_text())
    trend = cli("assess", "trend")
    assert trend.exit_code == 0 and "2026-11-20" in trend.stdout
    assert f"{copy}:" in trend.stderr and "capability[0].level" in trend.stderr


@pytest.mark.parametrize(
    ("where", "value", "message"),
    [
        (("capability", 0, "gap"), "NaN", "capability[0].gap: input should be a finite number"),
        (("strategy", 0, "target"), "1e999", "strategy[0].target: input should be a finite"),
        (("questions", 0, "aggregate"), "8.0", "questions[0].aggregate: input should be less"),
        (("questions", 0, "value"), "-0.5", "questions[0].value: input should be greater"),
    ],
)
def test_a_result_with_a_number_out_of_range_is_a_located_error(
    cli, tmp_path, where, value, message
):
    saved = tmp_path / "acme.json"
    assert cli("assess", "score", *TEAM_V2, "-o", saved).exit_code == 0
    data = json.loads(saved.read_text())
    record = data
    for key in where[:-1]:
        record = record[key]
    record[where[-1]] = "@@"
    saved.write_text(json.dumps(data, indent=2).replace('"@@"', value))
    before = sorted((tmp_path / "data").rglob("*"))
    shown = cli("assess", "show", saved)
    assert shown.exit_code == 1 and shown.stdout == ""
    assert re.search(rf"{re.escape(str(saved))}:\d+:\d+: {re.escape(message)}", shown.stderr)
    assert sorted((tmp_path / "data").rglob("*")) == before


@pytest.mark.parametrize("org", ["", "  ", "Acme\nGlobex"])
def test_an_organization_that_is_empty_or_two_lines_is_refused(cli, tmp_path, org):
    result = cli("assess", "score", *TEAM_V2, "--save", "--org", org)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.stderr.startswith("--org: must ")
    assert not (tmp_path / "data" / "assessments").exists()


def test_template_lists_every_question_and_scores_once_filled(cli, tmp_path, builtin_questionnaire):
    path = tmp_path / "me.yaml"
    assert cli("assess", "template", "--respondent", "Zoë", "-o", path).exit_code == 0
    text = path.read_text()
    for q in builtin_questionnaire.questions:
        assert f"  {q.id}:\n" in text
    # Blank answers score as unanswered; a filled one counts.
    filled = text.replace("  strategy.a.used:\n", "  strategy.a.used: 1\n")
    path.write_text(filled)
    data = json.loads(cli("assess", "score", path, "--format", "json").stdout)
    assert data["respondents"] == ["Zoë"]
    assert {t["tactic"]: t["coverage"] for t in data["strategy"]}["A"] == 1.0


def test_bad_response_files_are_located_errors_for_every_file(tmp_path):
    bad1 = tmp_path / "bad1.yaml"
    bad1.write_text("respondent: Ana\nanswers:\n  strategy.a.usd: 1\n  strategy.b.used: 0.3\n")
    bad2 = tmp_path / "bad2.yaml"
    bad2.write_text("respondent: Ben\nanswers:\n  strategy.a.used: {value: na}\n")
    bad3 = tmp_path / "bad3.yaml"
    bad3.write_text("respondent: Cy\nquestionnaire: other-bank\n")
    result = run_process("assess", "score", bad1, bad2, bad3)
    assert result.returncode == 1
    err = result.stderr
    assert f"{bad1}:3:3: " in err and "did you mean 'strategy.a.used'" in err
    assert f"{bad1}:4:" in err and "0, 0.25, 0.5, 1" in err
    assert f"{bad2}:3:" in err and "needs a note" in err
    assert f"{bad3}:1:1: answers: required field is missing" in err
    assert f"{bad3}:2:16: questionnaire: answers questionnaire 'other-bank'" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("shape", ["{}", "{{value: {}}}"])
def test_an_answer_too_large_for_a_number_is_a_located_error(cli, tmp_path, shape):
    big = "1" + "0" * 400
    bad = tmp_path / "big.yaml"
    bad.write_text(f"respondent: Ana\nanswers:\n  strategy.a.used: {shape.format(big)}\n")
    result = cli("assess", "score", bad)
    assert result.exit_code == 1
    assert f"{bad}:3:" in result.stderr
    assert "expected 0, 0.25, 0.5, 1, dont_know or na" in result.stderr


def test_a_result_of_a_newer_format_says_so_as_a_workshop_file_does(cli, tmp_path):
    saved = tmp_path / "result.json"
    assert cli("assess", "score", *TEAM_V2, "--format", "json", "-o", saved).exit_code == 0
    data = json.loads(saved.read_text(encoding="utf-8"))
    data["format"] = "cvo-workshop/maturity-2"
    saved.write_text(json.dumps(data), encoding="utf-8")
    result = cli("assess", "show", saved)
    assert result.exit_code == 1
    assert (
        "format: written by a newer cvo-workshop (format cvo-workshop/maturity-2; "
        "this one reads cvo-workshop/maturity-1)"
    ) in result.stderr
    assert "did you mean" not in result.stderr


def test_a_bad_target_is_a_plain_error(cli):
    result = cli("assess", "score", TEAM_V2[0], "--target", "people=expert")
    assert result.exit_code == 2 and "--target" in result.output
    assert "Traceback" not in result.output
    # The forms the output shows are taken as they are shown.
    for typed in ("Cross-Life Cycle", "3", "people=3,process=cross_lifecycle,technology=3"):
        result = cli("assess", "score", TEAM_V2[0], "--target", typed, "--format", "json")
        targets = {d["target"] for d in json.loads(result.stdout)["capability"]}
        assert result.exit_code == 0 and targets == {"cross_lifecycle"}, typed


def test_assess_score_imports_neither_textual_nor_reportlab():
    import subprocess
    import sys

    argv = ["assess", "score", *map(str, TEAM_V2)]
    code = (
        "import sys\nfrom cvo_workshop.cli import cli\n"
        f"try:\n    cli.main({argv!r}, prog_name='cvo-workshop')\nexcept SystemExit:\n    pass\n"
        "print(' '.join(sys.modules), file=sys.stderr)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(out.stderr.split())
    assert "textual" not in loaded and "reportlab" not in loaded


def test_scoring_an_older_file_says_per_file_how_many_answers_are_not_scored(cli):
    # The built-in questionnaire replaced 29 of the statements these files answer
    # with ones answered in other words (yes/no, coverage): kept, not scored.
    result = cli("assess", "score", TEAM[0], TEAM_V2[1], "--format", "json")
    assert result.exit_code == 0, result.output
    json.loads(result.stdout)  # the notice stays off the JSON
    notices = [line for line in result.stderr.splitlines() if "earlier ids" in line]
    assert notices == [
        f"warning: {TEAM[0]}: 29 answers saved under earlier ids are not scored: "
        f"`assess run -o {TEAM[0]}` asks those statements again"
    ]


def test_scoring_an_older_file_in_text_says_which_statements_are_asked_again(cli):
    result = cli("assess", "score", *TEAM)
    assert result.exit_code == 0, result.output
    assert result.stderr.count("29 answers saved under earlier ids are not scored") == 5
    assert f"`assess run -o {TEAM[4]}` asks those statements again" in result.stderr


def test_a_file_answered_on_the_current_questionnaire_gets_no_notice(cli):
    result = cli("assess", "score", *TEAM_V2)
    assert result.exit_code == 0, result.output
    assert "earlier ids" not in result.stderr


def test_the_template_header_sends_a_yes_no_statement_to_its_own_answers(cli):
    text = cli("assess", "template").stdout
    header = text.split("answers:")[0]
    assert "a statement with answers of its own lists them above it" in header
    assert "# Answers: 0 (No), 1 (Yes), dont_know" in text


def test_the_template_help_does_not_offer_every_value_to_every_statement(cli):
    help_text = " ".join(cli("assess", "template", "-h").stdout.split())
    assert "Answer each in its own answer set" in help_text
    assert "0, 0.25, 0.5, 1" not in help_text


def test_a_workshop_attaching_an_older_response_file_says_what_is_not_scored(
    cli, tmp_path, monkeypatch
):
    """`workshop new --assessment FILE` scores a response file as `assess score` does,
    and says the same about its answers under earlier ids; a saved result or a
    current file gets no such notice."""
    from cvo_workshop.tui.app import WorkshopApp
    from tests import workshop_fixtures as W

    shown: list[list[str]] = []

    def run(self):  # the app as it opens: what it says on screen
        async def opened():
            async with self.run_test(size=(120, 40)) as pilot:
                await pilot.pause()
                shown.append([str(n.message) for n in self._notifications])

        asyncio.run(opened())

    monkeypatch.setattr(WorkshopApp, "run", run)

    def new(assessment):
        out = tmp_path / f"{assessment.parent.name}-{assessment.stem}.workshop.jsonl"
        base = ["workshop", "new", "--yes", "--deck", W.DECK_PATH, "--org", "Acme", "-o", out]
        return cli(*base, "--assessment", assessment)

    result = new(TEAM[0])
    assert result.exit_code == 0, result.stderr
    assert (
        f"warning: {TEAM[0]}: 29 answers saved under earlier ids are not scored: "
        f"`assess run -o {TEAM[0]}` asks those statements again"
    ) in result.stderr.splitlines()
    # said again in the app, which covers the terminal the warning went to
    assert any("29 answers saved under earlier ids are not scored" in m for m in shown[-1])
    result = new(TEAM_V2[0])
    assert result.exit_code == 0, result.stderr
    assert "earlier ids" not in result.stderr
    assert not any("earlier ids" in m for m in shown[-1])


def test_the_advice_for_answers_not_scored_is_a_command_that_runs(cli):
    """What the notice says to type is what `assess run` takes (its file after -o)."""
    import shlex

    result = cli("assess", "score", TEAM[0])
    advice = next(line for line in result.stderr.splitlines() if "earlier ids" in line)
    command = shlex.split(advice.split("`")[1])
    assert command[:2] == ["assess", "run"]
    from cvo_workshop.commands.assess import assess

    context = assess.commands["run"].make_context("run", command[2:])
    assert context.params["output"] == TEAM[0]
