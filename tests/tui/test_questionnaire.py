"""The questionnaire screen: keys answer, every answer saved, notes, N/A needs a reason."""

from __future__ import annotations

from textual.widgets import Input

from cvo_workshop.store.questionnaires import load_response
from cvo_workshop.tui.app import WorkshopApp, questionnaire_screen
from cvo_workshop.tui.screens.maturity_result import MaturityResultScreen
from cvo_workshop.tui.screens.questionnaire import QuestionnaireScreen
from tests.tui.conftest import text_of


def app_for(path, respondent="Ana"):
    app = WorkshopApp.home()
    app.first = questionnaire_screen(path, respondent, "CRM")
    return app


async def test_keys_answer_and_move_on_and_every_answer_is_on_disk(tmp_path, builtin_questionnaire):
    path = tmp_path / "ana.yaml"
    app = app_for(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuestionnaireScreen)
        await pilot.press("4", "2")
        assert screen.index == 2
        saved = load_response(path, builtin_questionnaire)
        ids = [q.id for q in builtin_questionnaire.questions]
        assert saved.answers[ids[0]].value == 1.0 and saved.answers[ids[1]].value == 0.25
        await pilot.press("left", "3")  # back to question 2, change the answer
        assert load_response(path, builtin_questionnaire).answers[ids[1]].value == 0.5
        assert "2 answered" in text_of(screen.query_one("#where"))


async def test_not_applicable_asks_why_and_keeps_the_note(tmp_path, builtin_questionnaire):
    path = tmp_path / "ana.yaml"
    app = app_for(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        app.screen.query_one(Input).value = "we sell <b>no</b> ads & [bold]never[/]"
        await pilot.press("enter")
        await pilot.pause()
        first = builtin_questionnaire.questions[0].id
        answer = load_response(path, builtin_questionnaire).answers[first]
        assert (answer.value, answer.note) == ("na", "we sell <b>no</b> ads & [bold]never[/]")


async def test_an_existing_file_resumes_at_the_first_unanswered_question(tmp_path):
    path = tmp_path / "ana.yaml"
    app = app_for(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("1", "1", "1")
    app = app_for(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.screen.index == 3


async def test_result_screen_shows_levels_and_next_steps(tmp_path):
    app = app_for(tmp_path / "ana.yaml")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("4", "4", "r")
        await pilot.pause()
        assert isinstance(app.screen, MaturityResultScreen)
        text = text_of(app.screen.query_one("#summary"))
        assert "Capability: below Incidental" in text
        assert "What to work on next" in text
        await pilot.press("escape")
        assert isinstance(app.screen, QuestionnaireScreen)


async def test_home_assess_asks_the_organization_then_opens_its_team_questionnaire():
    app = WorkshopApp.home()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("enter")  # no organization: still asked
        await pilot.pause()
        assert not isinstance(app.screen, QuestionnaireScreen)
        await pilot.press(*"Acme Ltd", "enter")
        await pilot.pause()
        assert isinstance(app.screen, QuestionnaireScreen)
        assert app.screen.response.respondent == "Team"
        assert app.screen.response.organization == "Acme Ltd"
        assert app.screen.path.name.startswith("acme-ltd-team-")
        await pilot.press("1")
        assert "organization: Acme Ltd\n" in app.screen.path.read_text()


async def test_a_second_person_whose_name_makes_the_same_file_name_gets_their_own_file(
    builtin_questionnaire,
):
    first_id = builtin_questionnaire.questions[0].id

    async def answer(respondent: str, keys: tuple[str, ...]):
        app = WorkshopApp.home()
        app.first = questionnaire_screen(None, respondent, "CRM")
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, QuestionnaireScreen)
            await pilot.press(*keys)
            return screen.path, screen.index

    mine, _ = await answer("Ana B", ("4",))
    theirs, at = await answer("Ana-B", ())
    # "Ana-B" does not resume Ana B's answers: a new file, from the first question.
    assert theirs != mine and at == 0 and not theirs.exists()
    again, at = await answer("ana b", ())
    assert again == mine and at == 1
    assert load_response(mine, builtin_questionnaire).answers[first_id].value == 1.0


async def test_a_yes_no_statement_takes_1_no_and_2_yes_and_refuses_3(
    tmp_path, builtin_questionnaire
):
    from cvo_workshop.model.questionnaire import AnswerSet

    path = tmp_path / "ana.yaml"
    qs = builtin_questionnaire.questions
    at = next(i for i, q in enumerate(qs) if q.answers is AnswerSet.YES_NO)
    app = app_for(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press(*["right"] * at)
        assert "1  ○ No" in text_of(screen.query_one("#options"))
        assert "2  ○ Yes" in text_of(screen.query_one("#options"))
        await pilot.press("3")
        await pilot.pause()
        assert screen.index == at and not path.exists()
        assert any("1 No, 2 Yes" in str(n.message) for n in app._notifications)
        await pilot.press("2")
        assert load_response(path, builtin_questionnaire).answers[qs[at].id].value == 1.0


async def test_the_criteria_and_the_evidence_of_an_answer_are_shown(
    tmp_path, builtin_questionnaire
):
    q = builtin_questionnaire.questions[0]
    path = tmp_path / "ana.yaml"
    path.write_text(
        "respondent: Ana\nrole: CRM\nanswers:\n"
        f"  {q.id}: {{value: 0.5, evidence: {{link: 'https://wiki/[b]x', owner: Ben}}}}\n"
    )
    app = app_for(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        screen.action_step(-screen.index)
        await pilot.pause()
        assert all(c in text_of(screen.query_one("#criteria")) for c in q.criteria)
        assert "Evidence: https://wiki/[b]x · owner Ben" in text_of(screen.query_one("#note"))


async def _type_evidence(pilot, app, **fields):
    from cvo_workshop.tui.screens.evidence import EvidenceModal

    await pilot.press("e")
    await pilot.pause()
    assert isinstance(app.screen, EvidenceModal)
    for key, value in fields.items():
        app.screen.query_one(f"#{key}", Input).value = value
    await pilot.press("ctrl+s")
    await pilot.pause()


async def test_evidence_typed_for_a_statement_is_saved_with_its_answer_and_shown_again(
    tmp_path, builtin_questionnaire
):
    path = tmp_path / "ana.yaml"
    first = builtin_questionnaire.questions[0].id
    app = app_for(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("4", "left")  # answer the first statement, then back to it
        await _type_evidence(
            pilot, app, link="https://wiki/[b]crm", owner="Ben <b>", date="2026-11-02"
        )
        assert isinstance(app.screen, QuestionnaireScreen)
    answer = load_response(path, builtin_questionnaire).answers[first]
    assert answer.value == 1.0
    e = answer.evidence
    assert (e.link, e.owner, e.date.isoformat()) == ("https://wiki/[b]crm", "Ben <b>", "2026-11-02")
    app = app_for(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.screen.action_step(-app.screen.index)
        await pilot.pause()
        shown = text_of(app.screen.query_one("#note"))
        assert "Evidence: https://wiki/[b]crm · owner Ben <b> · checked 2026-11-02" in shown
        await pilot.press("e")
        await pilot.pause()
        assert app.screen.query_one("#owner", Input).value == "Ben <b>"


async def test_evidence_can_be_given_before_the_answer_and_the_answer_keeps_it(
    tmp_path, builtin_questionnaire
):
    path = tmp_path / "ana.yaml"
    first = builtin_questionnaire.questions[0].id
    app = app_for(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await _type_evidence(pilot, app, what="the campaign calendar")
        await pilot.press("2")
    answer = load_response(path, builtin_questionnaire).answers[first]
    assert (answer.value, answer.evidence.what) == (0.25, "the campaign calendar")


async def test_a_date_that_is_not_a_date_is_said_in_the_dialog_and_nothing_is_saved(
    tmp_path, builtin_questionnaire
):
    from cvo_workshop.tui.screens.evidence import EvidenceModal

    path = tmp_path / "ana.yaml"
    app = app_for(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await _type_evidence(pilot, app, owner="Ben", date="last week")
        assert isinstance(app.screen, EvidenceModal)
        assert "Last checked (YYYY-MM-DD):" in text_of(app.screen.query_one("#problem"))
        assert app.screen.focused is app.screen.query_one("#date", Input)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, QuestionnaireScreen)
    assert not path.exists()


async def test_emptying_every_evidence_field_clears_the_evidence(tmp_path, builtin_questionnaire):
    q = builtin_questionnaire.questions[0]
    path = tmp_path / "ana.yaml"
    path.write_text(
        f"respondent: Ana\nrole: CRM\nanswers:\n  {q.id}: {{value: 1, evidence: {{owner: Ben}}}}\n"
    )
    app = app_for(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.screen.action_step(-app.screen.index)
        await _type_evidence(pilot, app, owner="")
    answer = load_response(path, builtin_questionnaire).answers[q.id]
    assert answer.value == 1.0 and not answer.evidence
    assert "evidence" not in path.read_text()


async def test_evidence_is_typed_field_by_field_with_enter_and_saved_on_the_last(
    tmp_path, builtin_questionnaire
):
    path = tmp_path / "ana.yaml"
    first = builtin_questionnaire.questions[0].id
    app = app_for(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        for text in ("crm plan", "https://w/x", "Ben", "2026-11-02"):
            await pilot.press(*text, "enter")
            await pilot.pause()
        assert isinstance(app.screen, QuestionnaireScreen)
    e = load_response(path, builtin_questionnaire).answers[first].evidence
    assert (e.what, e.link, e.owner, e.date.isoformat()) == (
        "crm plan",
        "https://w/x",
        "Ben",
        "2026-11-02",
    )


async def test_the_result_of_an_older_file_says_how_many_of_its_answers_are_not_scored(tmp_path):
    import shutil

    from tests.conftest import DATA

    path = tmp_path / "ana.yaml"
    shutil.copy(DATA / "assess-before-issue-18" / "ana.yaml", path)
    app = app_for(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, MaturityResultScreen)
        text = " ".join(text_of(app.screen.query_one("#summary")).split())
    assert (
        f"{path}: 29 answers saved under earlier ids are not scored: "
        "this questionnaire asks those statements again"
    ) in text
    assert "assess run" not in text  # it is the screen open already


async def test_the_results_lines_that_wrap_go_on_under_their_own_words(tmp_path):
    import shutil

    from tests.conftest import DATA

    path = tmp_path / "ana.yaml"
    shutil.copy(DATA / "assess-before-issue-18" / "ana.yaml", path)
    app = app_for(path)
    async with app.run_test(size=(80, 40)) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        lines = text_of(app.screen.query_one("#summary")).splitlines()
    notice = next(i for i, line in enumerate(lines) if line.startswith(f"  {path}"))
    # the file's notice is longer than the screen: its next line is indented like it
    assert lines[notice + 1].startswith("  ") and lines[notice + 1][2] != " "
    indented = [line for line in lines if line.startswith("  ")]  # titles wrap at the margin
    assert all(len(line) <= 80 for line in indented), [x for x in indented if len(x) > 80]


async def test_the_key_bar_and_the_help_name_the_answers_of_the_statement_on_screen(
    tmp_path, builtin_questionnaire
):
    from cvo_workshop.model.questionnaire import AnswerSet
    from cvo_workshop.tui.screens.help import HelpModal
    from cvo_workshop.tui.widgets.key_bar import KeyBar

    qs = builtin_questionnaire.questions
    at = next(i for i, q in enumerate(qs) if q.answers is AnswerSet.YES_NO)
    assert qs[0].answers is not AnswerSet.YES_NO
    app = app_for(tmp_path / "ana.yaml")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert " 1-4 Answer " in text_of(app.screen.query_one(KeyBar))
        await pilot.press(*["right"] * at)
        await pilot.pause()
        bar = text_of(app.screen.query_one(KeyBar))
        assert " 1-2 Answer" in bar and "1-4" not in bar
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpModal)
        keys = [
            line.split()[0]
            for line in text_of(app.screen.query_one("#help-text")).splitlines()[2:]
            if line.strip()
        ]
        assert keys[0] == "1-2" and not {"1-4", "2", "3", "4"} & set(keys)
        assert "Answer: 1 No, 2 Yes" in text_of(app.screen.query_one("#help-text"))
