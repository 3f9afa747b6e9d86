"""A team's result on the result screen (`assess score FILES --app`)."""

from __future__ import annotations

from cvo_workshop.engine.maturity import score
from cvo_workshop.store.questionnaires import load_response
from cvo_workshop.tui.app import WorkshopApp
from cvo_workshop.tui.screens.maturity_result import MaturityResultScreen
from tests.conftest import DATA
from tests.tui.conftest import text_of

TEAM = sorted((DATA / "assess").glob("*.yaml"))
#: Response files saved before the questionnaire changed statement ids (issue 18).
OLDER = sorted((DATA / "assess-before-issue-18").glob("*.yaml"))


async def test_disputed_statements_show_with_answers_by_name(builtin_questionnaire):
    bank = builtin_questionnaire
    result = score(bank, [load_response(p, bank) for p in TEAM])
    app = WorkshopApp.home()
    app.first = MaturityResultScreen(result, bank)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        shown = " ".join(text_of(app.screen.query_one("#summary")).split())
    assert "5 respondents" in shown and "Disagreement on 2 questions" in shown
    disputed = bank.question("strategy.d.used").text
    assert f"{disputed} (No 2, Ad hoc 1, Continuously 2)" in shown


async def test_scoring_an_older_file_in_the_app_shows_its_answers_not_scored(cli, monkeypatch):
    # `assess score --app` runs the app; it is caught here and driven with a Pilot.
    apps: list[WorkshopApp] = []
    monkeypatch.setattr(WorkshopApp, "run", lambda self, *a, **k: apps.append(self))
    older = OLDER[0]
    assert cli("assess", "score", older, "--app").exit_code == 0
    app = apps[0]
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        shown = " ".join(text_of(app.screen.query_one("#summary")).split())
    assert "Answers not scored" in shown
    assert (
        f"{older}: 29 answers saved under earlier ids are not scored: "
        f"`assess run -o {older}` asks those statements again"
    ) in shown


async def test_files_answered_on_the_current_questionnaire_show_no_answers_not_scored(
    cli, monkeypatch
):
    apps: list[WorkshopApp] = []
    monkeypatch.setattr(WorkshopApp, "run", lambda self, *a, **k: apps.append(self))
    assert cli("assess", "score", *TEAM, "--app").exit_code == 0
    async with apps[0].run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        shown = text_of(apps[0].screen.query_one("#summary"))
    assert "not scored" not in shown
