"""Setting up a workshop in the app, and `workshop new` handing over to it."""

from __future__ import annotations

import asyncio

import pytest
from textual.widgets import Input, Select, SelectionList, Static

from cvo_workshop.engine.setup import SetupRequest
from cvo_workshop.model.card import Capability
from cvo_workshop.model.workshop import Framework
from cvo_workshop.store.journal import read_journal
from cvo_workshop.tui.app import WorkshopApp
from cvo_workshop.tui.screens.draw import DrawScreen
from cvo_workshop.tui.screens.setup import SetupScreen
from tests import workshop_fixtures as W
from tests.tui.conftest import text_of


async def open_setup(pilot, app, **kw):
    app.push_screen(SetupScreen(deck=W.deck(), deck_path=W.DECK_PATH, **kw))
    await pilot.pause()
    return app.screen


async def test_filling_the_form_starts_the_workshop(clock, tmp_path):
    app = WorkshopApp.home(clock=clock)
    out = tmp_path / "acme.workshop.jsonl"
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_setup(pilot, app)
        await pilot.press(*"Acme")
        screen.query_one("#participants", Input).value = "Ana (CRM), Ben (Data), Cy"
        screen.query_one("#framework", Select).value = Framework.RICE
        screen.query_one("#maturity", Select).value = "disciplined"
        screen.query_one("#cards", Input).value = "5"
        screen.query_one("#seed", Input).value = "77"
        screen.query_one("#output", Input).value = str(out)
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, DrawScreen)
    setup = read_journal(out).setup
    assert setup.organization == "Acme"
    assert [p.name for p in setup.participants] == ["Ana", "Ben", "Cy"]
    assert setup.participants[0].role == "CRM"
    assert setup.framework == Framework.RICE and setup.maturity is Capability.DISCIPLINED
    assert setup.seed == 77 and [r.cards for r in setup.rounds] == [5, 5, 5]
    assert [c.id for c in setup.cohorts] == ["champions", "loyal", "at-risk", "hibernating"]


async def test_problems_are_listed_and_nothing_is_written(clock, tmp_path, data_dir):
    app = WorkshopApp.home(clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_setup(pilot, app)
        screen.query_one("#cohorts", SelectionList).deselect_all()
        screen.query_one("#cards", Input).value = "many"
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, SetupScreen)
        errors = text_of(screen.query_one("#setup-errors", Static))
        assert "Organization: who is the workshop for?" in errors
        assert "Focus cohorts: choose 3 to 6 focus cohorts (0 chosen)" in errors
        assert "Cards a round: expected a whole number from 1 to 200, got 'many'" in errors
    assert not (data_dir / "workshops").exists()


async def test_workshop_new_fills_the_form_with_what_was_given(clock, tmp_path):
    given = SetupRequest(
        organization="Given Org",
        participants=["Ana:CRM", "Ben (Data)"],
        goals=["Improve retention", "Sell more tents"],
        cohorts=["loyal", "browsers", "champions"],
        framework="pie",
        plan="mixed",
        round_minutes="0",
        seed="5",
    )
    app = WorkshopApp.for_new(
        given, W.deck(), W.DECK_PATH, tmp_path / "g.workshop.jsonl", clock=clock
    )
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, SetupScreen)
        assert screen.query_one("#organization", Input).value == "Given Org"
        assert screen.query_one("#participants", Input).value == "Ana:CRM, Ben (Data)"
        assert screen.query_one("#goals", SelectionList).selected == ["Improve retention"]
        assert screen.query_one("#goal-other", Input).value == "Sell more tents"
        assert screen.query_one("#framework", Select).value == Framework.PIE
        assert screen.query_one("#plan", Select).value == "mixed"
        assert screen.query_one("#round-minutes", Input).value == "0"
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, DrawScreen)
        setup = app.running.session.setup
    assert setup.framework == Framework.PIE and setup.seed == 5
    assert setup.goals == ["Improve retention", "Sell more tents"]
    assert sorted(c.id for c in setup.cohorts) == ["browsers", "champions", "loyal"]
    assert [r.kind for r in setup.rounds] == [None] and setup.round_seconds is None
    assert [(p.name, p.role) for p in setup.participants] == [("Ana", "CRM"), ("Ben", "Data")]


async def test_text_fields_of_the_form_add_to_what_they_hold_numbers_are_typed_over(
    clock, tmp_path
):
    """A text field selected on focus lost its text to the first key; a number field
    (cards, minutes, seed) still selects its number, to be typed over."""
    given = SetupRequest(organization="Given Org", participants=["Ana"], cards_per_round="12")
    app = WorkshopApp.for_new(
        given, W.deck(), W.DECK_PATH, tmp_path / "g.workshop.jsonl", clock=clock
    )
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        screen.query_one("#organization", Input).focus()
        await pilot.press(*" Ltd")
        assert screen.query_one("#organization", Input).value == "Given Org Ltd"
        screen.query_one("#participants", Input).focus()
        await pilot.press(*", Ben")
        assert screen.query_one("#participants", Input).value == "Ana, Ben"
        screen.query_one("#cards", Input).focus()
        await pilot.press("8")
        assert screen.query_one("#cards", Input).value == "8"


def test_workshop_new_yes_goes_straight_to_the_first_draw(cli, tmp_path, monkeypatch):
    out = tmp_path / "y.workshop.jsonl"
    shown = []

    def run(self):
        async def look():
            async with self.run_test(size=(80, 24)):
                shown.append((type(self.screen).__name__, self.running.session.current))

        asyncio.run(look())

    monkeypatch.setattr(WorkshopApp, "run", run)
    result = cli("workshop", "new", "--yes", "--deck", W.DECK_PATH, "--org", "Y", "-o", out)
    assert result.exit_code == 0, result.output
    assert shown[0][0] == "DrawScreen" and shown[0][1] is not None
    assert read_journal(out).setup.organization == "Y"
    assert "workshop resume" in result.output


def test_an_app_that_crashes_exits_non_zero_and_still_says_where_the_file_is(
    cli, tmp_path, monkeypatch
):
    """A bug in a screen (here: f2 raising) ends the app with a traceback: the command
    exits 1, not 0, after saying where the workshop is saved."""
    out = tmp_path / "crash.workshop.jsonl"

    def broken(self):
        raise RuntimeError("a bug")

    def run(self):
        async def crash():
            try:
                async with self.run_test(size=(80, 24)) as pilot:
                    await pilot.press("f2")
            except RuntimeError:
                pass  # run_test re-raises it; app.run() would have printed it

        asyncio.run(crash())

    monkeypatch.setattr(DrawScreen, "action_summary", broken)
    monkeypatch.setattr(WorkshopApp, "run", run)
    result = cli("workshop", "new", "--yes", "--org", "Acme", "--deck", W.DECK_PATH, "-o", out)
    assert result.exit_code == 1, result.output
    assert f"cvo-workshop workshop resume {out}" in result.output
    assert read_journal(out).events  # the workshop is there to resume


async def test_the_cohorts_to_choose_from_can_be_handed_in(clock, tmp_path):
    """An RFM cohort file's cohorts, say, instead of the deck's."""
    from cvo_workshop.model.card import CohortCard

    mine = [CohortCard(id=f"seg-{i}", name=f"Segment {i}", definition="from RFM") for i in range(5)]
    app = WorkshopApp.home(clock=clock)
    out = tmp_path / "c.workshop.jsonl"
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_setup(pilot, app, cohorts=mine)
        assert screen.query_one("#cohorts", SelectionList).option_count == 5
        await pilot.press(*"Acme")
        screen.query_one("#output", Input).value = str(out)
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, DrawScreen)
    assert [c.id for c in read_journal(out).setup.cohorts] == ["seg-0", "seg-1", "seg-2", "seg-3"]


async def test_an_assessment_file_attaches_and_sets_the_maturity(tmp_path):
    from textual.widgets import Input, Select

    from cvo_workshop.tui.app import WorkshopApp
    from cvo_workshop.tui.screens.setup import SetupScreen
    from tests.conftest import DATA

    app = WorkshopApp.home()
    async with app.run_test(size=(100, 60)) as pilot:
        app.push_screen(SetupScreen())
        await pilot.pause()
        screen = app.screen
        box = screen.query_one("#assessment", Input)
        box.value = str(DATA / "assess" / "ana.yaml")
        box.focus()
        await pilot.press("enter")
        await pilot.pause()
        # Ana's answers meet Incidental and Disciplined on every dimension.
        assert screen.query_one("#maturity", Select).value == "disciplined"
        screen.query_one("#organization", Input).value = "Acme"
        setup, problems = screen.collect()
        assert problems == []
        assert setup.assessment.respondents == ["Ana"] and setup.maturity.value == "disciplined"


async def test_a_cohort_file_gives_the_cohorts_to_choose_from_with_their_shares(tmp_path):
    from textual.widgets import Input, SelectionList

    from cvo_workshop.tui.app import WorkshopApp
    from cvo_workshop.tui.screens.setup import SetupScreen
    from tests.conftest import DATA, run_process

    cohorts = tmp_path / "cohorts.yaml"
    made = run_process("cohorts", "rfm", DATA / "rfm" / "shopify.csv", "-o", cohorts)
    assert made.returncode == 0, made.stderr
    app = WorkshopApp.home()
    async with app.run_test(size=(100, 60)) as pilot:
        app.push_screen(SetupScreen())
        await pilot.pause()
        screen = app.screen
        box = screen.query_one("#cohorts-file", Input)
        box.value = str(cohorts)
        box.focus()
        await pilot.press("enter")
        await pilot.pause()
        offered = screen.available_cohorts()
        assert all(c.source.value == "rfm" and c.share is not None for c in offered)
        assert screen.query_one("#cohorts", SelectionList).selected
        screen.query_one("#organization", Input).value = "Acme"
        setup, problems = screen.collect()
        assert problems == [] and all(c.share is not None for c in setup.cohorts)


# --- the two doors: the same input, the same workshop or the same refusal --------


def _select_cohorts(*ids):
    def fill(screen):
        cohorts = screen.query_one("#cohorts", SelectionList)
        cohorts.deselect_all()
        for cid in ids:
            cohorts.select(cid)

    return fill


def _type(widget_id, text):
    def fill(screen):
        screen.query_one(f"#{widget_id}", Input).value = text

    return fill


def _other_goals(text):
    def fill(screen):
        screen.query_one("#goals", SelectionList).deselect_all()
        screen.query_one("#goal-other", Input).value = text

    return fill


def _plan(plan):
    def fill(screen):
        screen.query_one("#plan", Select).value = plan

    return fill


REFUSED = {
    "one focus cohort": (
        ["--cohorts", "champions"],
        _select_cohorts("champions"),
        ("--cohorts", "Focus cohorts", "choose 3 to 6 focus cohorts (1 chosen)"),
    ),
    "half a minute a round": (
        ["--round-minutes", "0.5"],
        _type("round-minutes", "0.5"),
        (
            "--round-minutes",
            "Minutes a round",
            "expected 0 (no time-box) or 1 minute to 1440 minutes, got '0.5'",
        ),
    ),
    "four goals": (
        ["--goal", "a", "--goal", "b", "--goal", "c", "--goal", "d"],
        _other_goals("a; b; c; d"),
        ("--goal", "Outcome goals", "one to 3 goals (4 given)"),
    ),
    "no cards": (
        ["--cards", "0"],
        _type("cards", "0"),
        ("--cards", "Cards a round", "expected a whole number from 1 to 200, got '0'"),
    ),
    "a participant without a name": (
        ["--participant", "(CRM)"],
        _type("participants", "(CRM)"),
        ("--participant", "Participants", "'(CRM)': name: must not be empty"),
    ),
}

ACCEPTED = {
    "half a minute a draw": (["--draw-minutes", "0.5"], _type("draw-minutes", "0.5")),
    "roles written either way": (
        ["--participant", "Ana:CRM", "--participant", "Ben (Data)"],
        _type("participants", "Ana:CRM, Ben (Data)"),
    ),
    "one round of any kind": (["--rounds", "mixed"], _plan("mixed")),
    "cohorts in another order": (
        ["--cohorts", "browsers,champions,loyal"],
        _select_cohorts("loyal", "browsers", "champions"),
    ),
}


def _by_cli(cli, tmp_path, monkeypatch, args):
    """`workshop new --yes` for Acme, seed 7: (exit code, stderr, the setup written)."""
    monkeypatch.setattr(WorkshopApp, "run", lambda self: None)
    out = tmp_path / "cli.workshop.jsonl"
    base = ["workshop", "new", "--yes", "--deck", W.DECK_PATH, "--org", "Acme", "--seed", "7"]
    result = cli(*base, "-o", out, *args)
    return result.exit_code, result.stderr, read_journal(out).setup if out.exists() else None


async def _by_form(clock, tmp_path, fill):
    """The setup form for Acme, seed 7, filled in by `fill`: (its errors, the setup written)."""
    app = WorkshopApp.home(clock=clock)
    out = tmp_path / "form.workshop.jsonl"
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_setup(pilot, app)
        _type("organization", "Acme")(screen)
        _type("seed", "7")(screen)
        _type("output", str(out))(screen)
        fill(screen)
        await pilot.press("ctrl+s")
        started = isinstance(app.screen, DrawScreen)
        errors = "" if started else text_of(screen.query_one("#setup-errors", Static))
    return errors, read_journal(out).setup if out.exists() else None


@pytest.mark.parametrize("case", REFUSED)
async def test_both_doors_refuse_the_same_input_the_same_way(
    case, cli, clock, tmp_path, monkeypatch
):
    args, fill, (option, label, message) = REFUSED[case]
    code, stderr, by_cli = _by_cli(cli, tmp_path, monkeypatch, args)
    errors, by_form = await _by_form(clock, tmp_path, fill)
    assert (code, stderr, by_cli) == (1, f"{option}: {message}\n", None)
    assert (errors, by_form) == (f"{label}: {message}", None)


@pytest.mark.parametrize("case", ACCEPTED)
async def test_both_doors_make_the_same_workshop_of_the_same_input(
    case, cli, clock, tmp_path, monkeypatch
):
    args, fill = ACCEPTED[case]
    code, stderr, by_cli = _by_cli(cli, tmp_path, monkeypatch, args)
    assert code == 0, stderr
    errors, by_form = await _by_form(clock, tmp_path, fill)
    assert errors == "" and by_form is not None
    # The same workshop but for when it was made (and the id, which says when).
    assert by_form.model_dump(exclude={"id", "created"}) == by_cli.model_dump(
        exclude={"id", "created"}
    )


async def test_workshop_new_with_an_assessment_below_incidental_says_so_in_the_form(
    clock, tmp_path
):
    from tests.maturity_fixtures import result

    below = result(overall=None, progress=(0.5, 1.2, 1.0))
    request = SetupRequest(organization="Acme", assessment=below)
    app = WorkshopApp.for_new(request, W.deck(), W.DECK_PATH, tmp_path / "b.jsonl", clock=clock)
    async with app.run_test(size=(80, 24)):
        field = app.screen.query_one("#maturity", Select)
        assert field.value == "below_incidental"
        assert "Below Incidental (assessed)" in text_of(field.query_one("SelectCurrent #label"))


async def test_the_form_words_an_unassessed_organization_as_the_exports_do(clock):
    app = WorkshopApp.home(clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_setup(pilot, app)
        maturity = screen.query_one("#maturity", Select)
        assert maturity.value == "none"
        shown = " ".join(text_of(s) for s in maturity.query("SelectCurrent Static"))
        assert "Not assessed: deal every card" in shown
