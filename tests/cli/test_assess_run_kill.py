"""`assess run` killed with SIGKILL mid-way resumes at the first unanswered question
with every answer the screen acknowledged."""

from __future__ import annotations

import sys

import pytest

from cvo_workshop.store.questionnaires import load_response
from tests.cli.test_workshop_kill import Terminal
from tests.conftest import run_process

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pty")


def test_kill_9_mid_questionnaire_then_resume(tmp_path, builtin_questionnaire):
    env = {"CVO_WORKSHOP_DATA": str(tmp_path / "data"), "TEXTUAL_ANIMATIONS": "none"}
    out = tmp_path / "ana.yaml"
    args = ["assess", "run", "--respondent", "Ana", "-o", str(out)]
    term = Terminal(args, env)
    try:
        term.wait_for("question 1 of")
        for n, key in enumerate("4321d", start=2):
            term.press(key)
            term.wait_for(f"question {n} of")  # shown only after the answer is saved
    finally:
        term.kill()

    response = load_response(out, builtin_questionnaire)
    first = [q.id for q in builtin_questionnaire.questions[:5]]
    assert [response.answers[q].value for q in first] == [1.0, 0.5, 0.25, 0.0, "dont_know"]

    term = Terminal(["assess", "run", "-o", str(out)], env)
    try:
        term.wait_for("question 6 of")  # the first unanswered one
    finally:
        term.kill()


def test_a_second_assess_run_on_the_same_file_is_refused(tmp_path):
    env = {"CVO_WORKSHOP_DATA": str(tmp_path / "data"), "TEXTUAL_ANIMATIONS": "none"}
    out = tmp_path / "same.yaml"
    term = Terminal(["assess", "run", "--respondent", "Ana", "-o", str(out)], env)
    try:
        term.wait_for("question 1 of")
        term.press("4")
        term.wait_for("question 2 of")
        before = out.read_bytes()
        second = run_process("assess", "run", "-o", out, env=env, timeout=30)
        assert second.returncode == 1, second.stderr
        assert second.stderr.startswith(
            f"{out}: is being answered in another cvo-workshop; close that one first"
        )
        assert "Traceback" not in second.stderr and out.read_bytes() == before
        term.press("3")
        term.wait_for("question 3 of")  # the first one still saves
    finally:
        term.kill()
    # Killed, it holds nothing: the file opens again where it stopped.
    term = Terminal(["assess", "run", "-o", str(out)], env)
    try:
        term.wait_for("question 3 of")
    finally:
        term.kill()


def test_assess_run_asks_the_organization_and_keeps_its_answers_apart(tmp_path):
    data = tmp_path / "data"
    env = {"CVO_WORKSHOP_DATA": str(data), "TEXTUAL_ANIMATIONS": "none"}
    for org, key in (("Acme", "4"), ("Globex", "1")):
        term = Terminal(["assess", "run"], env)
        try:
            term.wait_for("Organization assessed")
            term.press(f"{org}\r")
            term.wait_for("question 1 of")
            term.press(key)
            term.wait_for("question 2 of")
        finally:
            term.kill()
    files = sorted((data / "responses").glob("*.yaml"))
    assert [f.name.split("-team-")[0] for f in files] == ["acme", "globex"]
    answers = [load_response(f) for f in files]
    assert [(r.organization, r.respondent) for r in answers] == [
        ("Acme", "Team"),
        ("Globex", "Team"),
    ]
    assert [next(iter(r.answers.values())).value for r in answers] == [1.0, 0.0]
