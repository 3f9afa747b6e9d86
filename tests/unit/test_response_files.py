"""Which response file the questionnaire opens: carry on yours, never someone else's."""

from __future__ import annotations

import datetime as dt
import os

import pytest

from cvo_workshop.model.problem import InputError
from cvo_workshop.model.response import Response
from cvo_workshop.store.responses import default_response_path, save_response
from cvo_workshop.tui.app import questionnaire_screen


def started(builtin_questionnaire, who: str, day: dt.date, answered: int, org: str | None = None):
    ids = [q.id for q in builtin_questionnaire.questions]
    path = default_response_path(who, day, organization=org)
    path.parent.mkdir(parents=True, exist_ok=True)
    answers = {qid: 1 for qid in ids[:answered]}
    save_response(
        path,
        Response.model_validate(
            {"respondent": who, "date": day, "answers": answers, "organization": org}
        ),
    )
    return path


def test_an_unfinished_file_from_another_day_is_carried_on(builtin_questionnaire):
    last_week = started(builtin_questionnaire, "Cy", dt.date(2026, 11, 16), 5)
    screen = questionnaire_screen(None, "Cy", "")
    assert screen.path == last_week and len(screen.response.answers) == 5


def test_a_finished_file_is_left_alone_and_the_newest_unfinished_one_wins(
    builtin_questionnaire,
):
    n = len(builtin_questionnaire.questions)
    done = started(builtin_questionnaire, "Cy", dt.date(2026, 11, 2), n)
    older = started(builtin_questionnaire, "Cy", dt.date(2026, 11, 9), 3)
    newer = started(builtin_questionnaire, "Cy", dt.date(2026, 11, 16), 7)
    os.utime(older, (1, 1))
    assert questionnaire_screen(None, "cy", "").path == newer
    newer.unlink()
    older.unlink()
    fresh = questionnaire_screen(None, "Cy", "")
    assert fresh.path not in (done, older) and fresh.response.answers == {}


def test_another_respondents_file_is_refused_by_name(builtin_questionnaire, tmp_path):
    ana = started(builtin_questionnaire, "Ana", dt.date(2026, 11, 16), 2)
    with pytest.raises(InputError) as e:
        questionnaire_screen(ana, "Ben", "IT")
    assert "is Ana's response, not Ben's" in str(e.value.problems[0])
    # Without a name given, the file's respondent carries on.
    assert questionnaire_screen(ana, None, "").response.respondent == "Ana"


def test_two_organizations_assessed_the_same_day_get_a_file_each(builtin_questionnaire):
    today = dt.date.today()
    acme = started(builtin_questionnaire, "Team", today, 5, org="Acme")
    globex = questionnaire_screen(None, "Team", "", organization="Globex")
    assert globex.path != acme and globex.response.answers == {}
    assert globex.response.organization == "Globex" and "globex" in globex.path.name
    globex.file_lock.release()
    again = questionnaire_screen(None, "Team", "", organization="ACME")  # any spelling
    assert again.path == acme and len(again.response.answers) == 5
    again.file_lock.release()
    # A file without an organization (from before) is no client's to carry on.
    assert questionnaire_screen(None, "Team", "", organization="Initech").response.answers == {}


def test_another_organizations_file_is_refused_by_name(builtin_questionnaire):
    acme = started(builtin_questionnaire, "Team", dt.date(2026, 11, 16), 2, org="Acme")
    with pytest.raises(InputError) as e:
        questionnaire_screen(acme, None, "", organization="Globex")
    assert "holds Acme's answers, not Globex's" in str(e.value.problems[0])
