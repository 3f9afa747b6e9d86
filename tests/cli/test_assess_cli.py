"""`cvo-workshop assess ...`: response files in, team results out."""

from __future__ import annotations

import json
import re

import pytest

from tests.conftest import DATA, run_process

TEAM = sorted((DATA / "assess").glob("*.yaml"))


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("CVO_WORKSHOP_DATA", str(tmp_path / "data"))


def test_five_respondents_give_the_team_result_and_exactly_the_disputed_questions(cli):
    assert len(TEAM) == 5
    result = cli("assess", "score", *TEAM, "--format", "json", "--target", "cross_lifecycle")
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
    out = cli("assess", "score", *TEAM).stdout
    assert "Capability: Disciplined (2.0 of 4" in out
    assert "Disagreement on 2 questions:" in out
    assert "Strategy: Maturing" in out


def test_save_then_trend(cli):
    assert cli("assess", "score", *TEAM[:2], "--save").exit_code == 0
    out = cli("assess", "trend").stdout
    assert "2026-11-20" in out and "Maturing" in out


def test_a_saved_result_shows_as_score_printed_it(cli, tmp_path):
    saved = tmp_path / "acme.json"
    scored = cli("assess", "score", *TEAM, "-o", saved)
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


def test_a_broken_result_is_located_and_trend_leaves_it_out_saying_where(cli, tmp_path):
    assert cli("assess", "score", *TEAM, "--save").exit_code == 0
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
    result = run_process("assess", "score", bad1, bad2)
    assert result.returncode == 1
    err = result.stderr
    assert f"{bad1}:3:3: " in err and "did you mean 'strategy.a.used'" in err
    assert f"{bad1}:4:" in err and "0, 0.25, 0.5, 1" in err
    assert f"{bad2}:3:" in err and "needs a note" in err
    assert "Traceback" not in err


def test_a_bad_target_is_a_plain_error(cli):
    result = cli("assess", "score", TEAM[0], "--target", "people=expert")
    assert result.exit_code == 1 and "--target" in result.output


def test_assess_score_imports_neither_textual_nor_reportlab():
    import subprocess
    import sys

    argv = ["assess", "score", *map(str, TEAM)]
    code = (
        "import sys\nfrom cvo_workshop.cli import cli\n"
        f"try:\n    cli.main({argv!r}, prog_name='cvo-workshop')\nexcept SystemExit:\n    pass\n"
        "print(' '.join(sys.modules), file=sys.stderr)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(out.stderr.split())
    assert "textual" not in loaded and "reportlab" not in loaded
