"""Running the maturity questionnaire from the setup screen: its result comes back
attached, as if its file had been typed in the assessment field, and the form is
as it was."""

from __future__ import annotations

from textual.widgets import Input, Select, SelectionList

from cvo_workshop.service.assessments import load_assessment
from cvo_workshop.store.journal import read_journal
from cvo_workshop.tui.app import Hooks, WorkshopApp
from cvo_workshop.tui.screens.draw import DrawScreen
from cvo_workshop.tui.screens.maturity_result import MaturityResultScreen
from cvo_workshop.tui.screens.message import MessageModal
from cvo_workshop.tui.screens.questionnaire import QuestionnaireScreen, keyed_steps
from cvo_workshop.tui.screens.setup import SetupScreen
from tests import workshop_fixtures as W
from tests.tui.conftest import text_of


async def open_setup(pilot, app):
    app.push_screen(SetupScreen(deck=W.deck(), deck_path=W.DECK_PATH))
    await pilot.pause()
    return app.screen


async def test_the_questionnaire_from_setup_comes_back_attached_and_the_form_is_kept(
    clock, tmp_path
):
    app = WorkshopApp.home(clock=clock)
    out = tmp_path / "acme.workshop.jsonl"
    async with app.run_test(size=(80, 24)) as pilot:
        setup = await open_setup(pilot, app)
        await pilot.press(*"Acme")
        setup.query_one("#participants", Input).value = "Ana (CRM), Ben (Data)"
        setup.query_one("#maturity", Select).value = "disciplined"
        setup.query_one("#seed", Input).value = "77"
        setup.query_one("#output", Input).value = str(out)
        goals = list(setup.query_one("#goals", SelectionList).selected)
        # ctrl+t works while the organization field (an Input) has the focus.
        await pilot.press("ctrl+t")
        await pilot.pause()
        questionnaire = app.screen
        assert isinstance(questionnaire, QuestionnaireScreen)
        assert questionnaire.response.respondent == "Team"  # as from the home screen
        await pilot.press("4", "4", "3", "2")
        assert questionnaire.path.exists() and questionnaire.answered() == 4
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, MaturityResultScreen)
        assert "back to the workshop setup" in text_of(app.screen.query_one("#summary"))
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is setup
        assert setup.query_one("#organization", Input).value == "Acme"
        assert setup.query_one("#participants", Input).value == "Ana (CRM), Ben (Data)"
        assert setup.query_one("#seed", Input).value == "77"
        assert setup.query_one("#output", Input).value == str(out)
        assert list(setup.query_one("#goals", SelectionList).selected) == goals
        # Attached as if the response file had been entered in the assessment field.
        assert setup.query_one("#assessment", Input).value == str(questionnaire.path)
        expected, _ = load_assessment(questionnaire.path)
        assert setup.attached == expected and setup.attached.respondents == ["Team"]
        # Four answers reach no level: the maturity field says so, not "disciplined"
        # (nor "not assessed", which deals every card).
        assert expected.overall is None
        assert setup.query_one("#maturity", Select).value == "below_incidental"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, DrawScreen)
    saved = read_journal(out).setup
    assert saved.organization == "Acme" and saved.seed == 77
    assert [p.name for p in saved.participants] == ["Ana", "Ben"]
    assert saved.assessment == expected and saved.maturity is None


def top_key(bank, question):
    keys = [k for k, step in keyed_steps(bank, question).items() if step.value == 1.0]
    return keys[0]


async def test_finishing_the_questionnaire_from_setup_sets_the_maturity_level(clock, tmp_path):
    app = WorkshopApp.home(clock=clock)
    out = tmp_path / "acme.workshop.jsonl"
    async with app.run_test(size=(80, 24)) as pilot:
        setup = await open_setup(pilot, app)
        await pilot.press(*"Acme")
        setup.query_one("#output", Input).value = str(out)
        await pilot.press("ctrl+t")
        await pilot.pause()
        questionnaire = app.screen
        assert isinstance(questionnaire, QuestionnaireScreen)
        # Every statement at its top answer (Continuously, Yes, All): the last
        # answer shows the result.
        bank = questionnaire.bank
        await pilot.press(*[top_key(bank, q) for q in bank.questions])
        await pilot.pause()
        assert isinstance(app.screen, MaturityResultScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is setup
        assert setup.query_one("#maturity", Select).value == "personalized_business"
        assert "Personalized Business" in setup.query_one("#assessment", Input).placeholder
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, DrawScreen)
    saved = read_journal(out).setup
    assert saved.maturity is not None and saved.maturity.value == "personalized_business"
    assert saved.assessment is not None and saved.assessment.respondents == ["Team"]


async def test_the_button_opens_it_and_leaving_with_no_answers_attaches_nothing(clock):
    app = WorkshopApp.home(clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        setup = await open_setup(pilot, app)
        await pilot.press(*"Acme")
        setup.query_one("#maturity", Select).value = "disciplined"
        button = setup.query_one("#assess-now")
        button.scroll_visible(animate=False)
        await pilot.pause()
        await pilot.click(button)
        await pilot.pause()
        assert isinstance(app.screen, QuestionnaireScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is setup
        assert setup.attached is None
        assert setup.query_one("#assessment", Input).value == ""
        assert setup.query_one("#maturity", Select).value == "disciplined"
        assert setup.query_one("#organization", Input).value == "Acme"
        # A questionnaire left early after some answers: they are attached.
        await pilot.press("ctrl+t")
        await pilot.pause()
        await pilot.press("1", "escape")
        await pilot.pause()
        assert app.screen is setup and setup.attached is not None
        assert setup.attached.respondents == ["Team"]


async def test_without_the_assessment_the_setup_says_so():
    app = WorkshopApp.home(hooks=Hooks())
    async with app.run_test(size=(80, 24)) as pilot:
        await open_setup(pilot, app)
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert isinstance(app.screen, MessageModal)


async def test_an_assessment_below_incidental_is_said_everywhere_and_deals_as_incidental(
    clock, tmp_path, cli
):
    """It switched gating off: the least mature organization was dealt Personalized
    Business cards, the form said 'Not known' and grooming 'not assessed'."""
    import json

    from cvo_workshop.model.card import Capability
    from cvo_workshop.tui.screens.grooming import GroomingScreen
    from cvo_workshop.tui.screens.summary import SummaryScreen
    from tests.maturity_fixtures import result

    below = tmp_path / "below.json"
    below.write_text(result(overall=None, progress=(0.5, 1.2, 1.0)).model_dump_json())
    out = tmp_path / "least.workshop.jsonl"
    app = WorkshopApp.home(clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        setup = await open_setup(pilot, app)
        setup.query_one("#organization", Input).value = "Least Mature"
        setup.query_one("#output", Input).value = str(out)
        field = setup.query_one("#assessment", Input)
        field.focus()
        field.value = str(below)
        await pilot.press("enter")
        await pilot.pause()
        maturity = setup.query_one("#maturity", Select)
        assert maturity.value == "below_incidental"
        assert "Below Incidental (assessed)" in text_of(maturity.query_one("SelectCurrent #label"))
        assert "below Incidental" in field.placeholder
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, DrawScreen)
        session = app.running.session
        # dealt as Incidental: Disciplined is a stretch, nothing further up is dealt
        pool = session.pool()
        assert pool and max(c.min_capability.rank for c in pool) == 2
        assert any(c.min_capability is Capability.PERSONALIZED_BUSINESS for c in session.cards)
        for _ in range(6):
            await pilot.press("a")
        for d in session.state.draws:
            assert d.card.min_capability.rank <= 2
            assert d.stretch == (d.card.min_capability is Capability.DISCIPLINED)
        await pilot.press("f2")
        assert isinstance(app.screen, SummaryScreen)
        head = text_of(app.screen.query_one("#headline"))
        assert "maturity below Incidental (assessed)" in head, head
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, GroomingScreen)
        head = text_of(app.screen.query_one("#headline"))
        assert "maturity below Incidental (assessed)" in head, head
    assert "maturity below Incidental (assessed)" in cli("workshop", "summary", out).output
    data = json.loads(cli("workshop", "summary", out, "--format", "json").output)["workshop"]
    assert (data["maturity"], data["maturity_label"]) == (
        "below_incidental",
        "below Incidental (assessed)",
    )


async def test_an_assessment_saved_for_another_organization_is_attached_with_a_warning(
    clock, tmp_path
):
    from tests.conftest import DATA

    result = tmp_path / "acme.json"
    scored = score_to(result, DATA / "assess" / "ana.yaml", "Acme")
    app = WorkshopApp.home(clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        setup = await open_setup(pilot, app)
        await pilot.press(*"Globex")

        async def attach() -> list[str]:
            app._notifications.clear()
            field = setup.query_one("#assessment", Input)
            field.value = str(result)
            field.focus()
            await pilot.press("enter")
            await pilot.pause()
            return [str(n.message) for n in app._notifications]

        said = await attach()
        assert any(
            "this assessment was saved for Acme, not Globex; check it is this client's" in m
            for m in said
        ), said
        assert setup.attached == scored
        setup.query_one("#organization", Input).value = "ACME"
        said = await attach()
        assert said and not any("saved for" in m for m in said)


async def test_the_questionnaire_from_setup_needs_the_organization_first(clock):
    app = WorkshopApp.home(clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        setup = await open_setup(pilot, app)
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert app.screen is setup
        assert any("Enter the organization first" in str(n.message) for n in app._notifications)


def score_to(path, response, org):
    from click.testing import CliRunner

    from cvo_workshop.cli import cli
    from cvo_workshop.store.results import load_result

    done = CliRunner().invoke(
        cli, ["assess", "score", str(response), "--org", org, "-o", str(path)]
    )
    assert done.exit_code == 0, done.output
    return load_result(path)
