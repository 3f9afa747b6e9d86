"""The facilitator follows the questionnaire answered from the phones: "N of M
finished" without a key press, and the team's result as `assess score` gives it."""

from __future__ import annotations

import json

from aiohttp import ClientSession

from cvo_workshop.room.options import RoomOptions
from cvo_workshop.service import workshop as service
from cvo_workshop.tui.app import WorkshopApp
from cvo_workshop.tui.screens.maturity_result import MaturityResultScreen
from cvo_workshop.tui.screens.room_assess import RoomAssessScreen
from tests import workshop_fixtures as wf
from tests.room.conftest import Phone


def _text(app, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


async def _answering_app(tmp_path):
    running = service.start(wf.setup(blind=True), wf.deck(), tmp_path / "w.cvows")
    app = WorkshopApp.for_running(running)
    app.room_options = RoomOptions()
    return app


async def _answer_all(phone: Phone, value_of) -> None:
    ids = [q["id"] for q in (await phone.questionnaire())["questions"]]
    for i, qid in enumerate(ids):
        assert (await phone.answer(qid, value_of(i)))["type"] == "saved"


async def test_the_facilitator_sees_who_has_finished_without_a_key_press(tmp_path):
    app = await _answering_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot, ClientSession() as http:
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, RoomAssessScreen)
        assert _text(app, "#finished") == "0 of 2 finished"
        ana, ben = Phone(app.room, http), Phone(app.room, http)
        await ana.join("Ana")
        await ben.join("Ben")
        await _answer_all(ana, lambda i: 1)
        questions = (await ben.questionnaire())["questions"]
        await ben.answer(questions[0]["id"], 0.5)
        await pilot.pause()
        assert _text(app, "#finished") == "1 of 2 finished"
        people = _text(app, "#people").splitlines()
        assert people[0].startswith("Ana") and people[0].endswith("finished")
        assert people[1].startswith("Ben") and people[1].endswith(f"1 of {len(questions)}")


async def test_the_teams_result_is_what_assess_score_gives_for_the_same_files(tmp_path, cli):
    app = await _answering_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot, ClientSession() as http:
        await pilot.pause()
        ana, ben = Phone(app.room, http), Phone(app.room, http)
        await ana.join("Ana")
        await ben.join("Ben")
        await _answer_all(ana, lambda i: 0 if i % 3 else 1)
        await _answer_all(ben, lambda i: 1)
        await pilot.press("m", "r")
        await pilot.pause()
        assert isinstance(app.screen, MaturityResultScreen)
        shown = app.screen.result
        files = app.room.questionnaire.team.files(["Ana", "Ben"])
        assert [f.name for f in files] == ["ana.yaml", "ben.yaml"]
        scored = cli("assess", "score", *files, "--format", "json")
        assert scored.exit_code == 0
        assert json.loads(scored.stdout) == json.loads(shown.model_dump_json())
        assert shown.respondents == ["Ana", "Ben"] and shown.disagreements


async def test_the_result_of_those_who_have_started_says_so_and_counts_only_them(tmp_path):
    app = await _answering_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot, ClientSession() as http:
        await pilot.pause()
        ana = Phone(app.room, http)
        await ana.join("Ana")
        first = (await ana.questionnaire())["questions"][0]["id"]
        await ana.answer(first, 0.25)
        await pilot.press("m", "r")
        await pilot.pause()
        assert isinstance(app.screen, RoomAssessScreen)  # nobody has finished: nothing to show
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, MaturityResultScreen)
        assert app.screen.result.respondents == ["Ana"] and app.screen.result.answered == 1


async def test_the_teams_result_names_an_older_file_whose_answers_are_not_scored(tmp_path, cli):
    import shutil

    from tests.conftest import DATA

    app = await _answering_app(tmp_path)
    folder = tmp_path / "w.cvows.responses"
    folder.mkdir()
    shutil.copy(DATA / "assess-before-issue-18" / "ana.yaml", folder / "ana.yaml")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("m", "a")  # her older file is not finished: those who started
        await pilot.pause()
        assert isinstance(app.screen, MaturityResultScreen)
        shown = " ".join(str(app.screen.query_one("#summary").render()).split())
    said = cli("assess", "score", folder / "ana.yaml").stderr
    notice = said.split("warning: ", 1)[1].strip()
    assert notice.startswith(f"{folder / 'ana.yaml'}: 29 answers")
    # The same count as `assess score`, with what to do in the room's words: the
    # phones answer, nobody there types `assess run`.
    counted = notice.split(": `assess run", 1)[0]
    said_here = f"{counted}: the phone page's Maturity questionnaire asks those statements again"
    # (compared without spaces: at 80 columns the long path is cut across lines)
    assert "".join(said_here.split()) in "".join(shown.split())
    assert "assess run" not in shown
