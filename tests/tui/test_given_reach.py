"""RICE reach a cohort gives (its measured share) is shown as given on the table,
with where it came from, and never asked: the keys score impact, confidence and
effort. A cohort with no share still has its reach typed, as before."""

from __future__ import annotations

from cvo_workshop.engine.summary import voters
from cvo_workshop.model.workshop import Framework
from cvo_workshop.tui.app import WorkshopApp
from tests import workshop_fixtures as W
from tests.tui.conftest import text_of


def _rows(app) -> list[str]:
    return [
        " ".join(line.split()) for line in text_of(app.screen.query_one("#scores")).splitlines()
    ]


def _row(app, label: str) -> str:
    return next(r for r in _rows(app) if r.removeprefix("▸ ").startswith(label))


async def test_a_measured_cohort_s_reach_is_shown_as_given_and_the_keys_skip_it(start, clock):
    running = start(framework=Framework.RICE)
    s = running.session
    cohort = s.setup.cohort(s.current.cohort)
    assert cohort.share is not None  # the test deck's cohorts are measured
    reach = f"{cohort.share * 100:g}%"
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        assert _row(app, "Reach") == f"Reach {reach} (cohort)"  # given: not highlighted
        assert _row(app, "Impact").startswith("▸ Impact")  # the first factor asked
        await pilot.press("1", "2", "1", "full_stop", "5", "enter")  # Massive, Medium, 1.5 pm
        assert s.current.consensus == {"impact": 3, "confidence": 80, "effort": 1.5}
        expected = round(cohort.share * 100 * 3 * 0.8 / 1.5, 2)
        assert _rows(app)[-1].startswith(f"RICE {expected:g} = {reach} reach x 3 impact")
        # Tab goes round the factors asked, never to reach: a digit always scores one
        for _ in range(4):
            await pilot.press("tab")
            assert not _row(app, "Reach").startswith("▸")
        await pilot.press("shift+tab")
        assert not _row(app, "Reach").startswith("▸")
        # a click on the reach line does not make it the factor to score either
        await pilot.click("#scores", offset=(4, 2))  # border, Scoring, Reach
        await pilot.pause()
        assert not _row(app, "Reach").startswith("▸")
        assert "reach" not in s.current.consensus


async def test_scoring_for_a_participant_shows_the_cohort_s_reach_too(start, clock):
    running = start(framework=Framework.RICE, blind=False)
    s = running.session
    reach = f"{s.setup.cohort(s.current.cohort).share * 100:g}%"
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("v")  # Ana
        assert _row(app, "Reach") == f"Reach {reach} (cohort)"
        await pilot.press("2", "1", "2", "enter")
        assert s.current.votes["Ana"] == {"impact": 2, "confidence": 100, "effort": 2}
        # every factor asked of her: she has scored, and the score uses the cohort's reach
        assert voters(s.state, s.current) == ["Ana"]
        assert _rows(app)[-1].startswith(f"RICE {2 * float(reach[:-1]) / 2:g} = {reach} reach")


async def test_a_cohort_without_a_share_has_its_reach_typed_as_before(start, clock):
    unmeasured = [
        c.model_copy(update={"share": None, "revenue_share": None}) for c in W.deck().cohorts[:4]
    ]
    running = start(framework=Framework.RICE, cohorts=unmeasured)
    s = running.session
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        assert _row(app, "Reach").startswith("▸ Reach")
        await pilot.press("4", "0", "enter", "1")
        assert s.current.consensus == {"reach": 40, "impact": 3}
