"""A team's result on the result screen (`assess score FILES --app`)."""

from __future__ import annotations

from cvo_workshop.engine.maturity import score
from cvo_workshop.store.questionnaires import load_response
from cvo_workshop.tui.app import WorkshopApp
from cvo_workshop.tui.screens.maturity_result import MaturityResultScreen
from tests.conftest import DATA
from tests.tui.conftest import text_of

TEAM = sorted((DATA / "assess").glob("*.yaml"))


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
