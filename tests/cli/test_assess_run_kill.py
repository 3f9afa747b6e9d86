"""`assess run` killed with SIGKILL mid-way resumes at the first unanswered question
with every answer the screen acknowledged."""

from __future__ import annotations

import sys

import pytest

from cvo_workshop.store.questionnaires import load_response
from tests.cli.test_workshop_kill import Terminal

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
