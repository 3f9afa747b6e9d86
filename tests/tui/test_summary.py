"""The summary screen: counts, every draw, decisions changed after the fact."""

from __future__ import annotations

from textual.widgets import DataTable

from cvo_workshop.model.workshop import Decision
from cvo_workshop.tui.app import WorkshopApp
from cvo_workshop.tui.screens.draw import DrawScreen
from cvo_workshop.tui.screens.summary import SummaryScreen
from tests.tui.conftest import text_of


async def test_summary_shows_counts_and_every_draw(start, clock):
    running = start()
    s = running.session
    running.run(s.score, "impact", 7)
    running.run(s.decide, Decision.ACCEPTED)
    running.run(s.decide, Decision.REJECTED, "no data")
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f2")
        assert isinstance(app.screen, SummaryScreen)
        head = text_of(app.screen.query_one("#headline"))
        assert "1 accepted" in head and "1 rejected" in head and "1 undecided" in head
        assert app.screen.query_one(DataTable).row_count == 3
        await pilot.press("down")
        assert "Reason: no data" in text_of(app.screen.query_one("#detail"))
        await pilot.press("escape")
        assert isinstance(app.screen, DrawScreen)


async def test_the_summary_names_factors_with_a_wide_spread_by_their_labels(start, clock):
    running = start()
    s = running.session
    running.run(s.score, "impact", 9, participant="Ana")
    running.run(s.score, "impact", 2, participant="Ben")
    running.run(s.decide, Decision.ACCEPTED)
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f2")
        assert isinstance(app.screen, SummaryScreen)
        detail = text_of(app.screen.query_one("#detail"))
    assert "Wide spread on: Impact" in detail, detail


async def test_a_decision_can_be_changed_from_the_summary_and_undone(start, clock):
    running = start()
    running.run(running.session.decide, Decision.ACCEPTED)
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f2", "p")
        assert running.session.state.draw(1).decision is Decision.PARKED
        await pilot.press("u")
        assert running.session.state.draw(1).decision is Decision.ACCEPTED


async def test_an_ended_workshop_opens_on_its_summary(start, clock):
    running = start(cards_per_round=1)
    s = running.session
    running.run(s.decide, Decision.ACCEPTED)
    running.run(s.finish)
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, SummaryScreen)
        assert "ended" in text_of(app.screen.query_one("#headline"))
        await pilot.press("u", "escape")
        assert isinstance(app.screen, DrawScreen) and not s.state.ended


async def test_workshop_time_stops_at_the_end_and_the_app_and_the_command_agree(start, clock, cli):
    """It kept counting after the end, so the app (time now) and `workshop summary`
    (time of the last event) disagreed."""
    import json

    running = start()
    running.run(running.session.open)
    clock.advance(10 * 60 + 5)
    running.run(running.session.finish)
    clock.advance(3 * 3600)  # the summary left on the projector over lunch
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(120, 40)):
        assert isinstance(app.screen, SummaryScreen)
        head = text_of(app.screen.query_one("#headline"))
    assert " 10:05 of workshop time" in head, head  # not 3:10:05
    path = running.path
    assert " 10:05 of workshop time" in cli("workshop", "summary", path).output
    data = json.loads(cli("workshop", "summary", path, "--format", "json").output)
    assert data["elapsed_seconds"] == 605


async def test_time_the_app_was_open_counts_after_it_quits(start, clock, cli):
    """The minutes after the last key press were lost: the app said 1:11, `workshop
    summary` (and the app, reopened) 0:46."""
    import json

    from cvo_workshop.service.workshop import resume

    running = start()
    clock.advance(46)
    running.run(running.session.score, "impact", 5)
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        clock.advance(25)  # open, nobody typing
        await pilot.press("f2")
        assert " 1:11 of workshop time" in text_of(app.screen.query_one("#headline"))
        await pilot.press("q")
    path = running.path
    assert " 1:11 of workshop time" in cli("workshop", "summary", path).output
    data = json.loads(cli("workshop", "summary", path, "--format", "json").output)
    assert data["elapsed_seconds"] == 71
    clock.advance(3600)  # closed for an hour: that does not count
    again = resume(path, clock=clock)
    try:
        assert again.session.state.elapsed(again.session.now()) == 71
    finally:
        again.close()


async def test_after_a_crash_the_time_up_to_the_last_heartbeat_counts(start, clock, cli):
    import json

    running = start()
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        clock.advance(95)  # open, nobody typing
        await pilot.pause(1.5)  # the app notes every second that it is open, if it is due
        # killed now: the file holds what it holds
        data = json.loads(cli("workshop", "summary", running.path, "--format", "json").output)
        assert data["elapsed_seconds"] == 95
        written = len(running.session.events)
        clock.advance(10)
        await pilot.pause(1.5)  # not due yet (a heartbeat after 30 quiet seconds)
        assert len(running.session.events) == written
