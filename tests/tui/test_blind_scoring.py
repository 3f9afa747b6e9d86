"""Blind scoring at the table: the room sees who has scored, never what, until
the facilitator reveals; a re-vote clears the votes (after a yes)."""

from __future__ import annotations

import pytest

from cvo_workshop.model.workshop import Framework
from cvo_workshop.tui.app import WorkshopApp
from cvo_workshop.tui.commands import ScreenCommands
from cvo_workshop.tui.screens.confirm import ConfirmModal
from cvo_workshop.tui.screens.help import key_rows
from cvo_workshop.tui.widgets.key_bar import KeyBar
from tests.tui.conftest import text_of

SIZES = [(80, 24), (120, 40)]


def _panel(app: WorkshopApp) -> str:
    return text_of(app.screen.query_one("#scores"))


def _keys(app: WorkshopApp) -> str:
    return text_of(app.screen.query_one(KeyBar))


def _row(app: WorkshopApp, label: str) -> list[str]:
    return next(line for line in _panel(app).splitlines() if label in line).split()


async def _finish(running, pilot, *names: str) -> None:
    """The rest of each one's vote (a vote is every factor), given from a phone."""
    for name in names:
        for key in ("confidence", "ease"):
            running.run(running.session.score, key, 5, participant=name)
    await pilot.pause()


async def _vote_ana_9_ben_2(pilot) -> None:
    await pilot.press("v", "9")  # Ana: impact 9
    await pilot.press("v", "2")  # Ben: impact 2
    await pilot.press("v")  # back to the room


@pytest.mark.parametrize("size", SIZES)
async def test_while_hidden_the_table_shows_who_scored_and_no_value(start, clock, size):
    running = start(blind=True)
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=size) as pilot:
        await pilot.press("v", "9")  # Ana: impact 9
        await pilot.press("v")  # Ben, who has not scored
        assert "Ana not yet · Ben not yet" in _panel(app)  # one factor is not yet a vote
        await _finish(running, pilot, "Ana")
        panel = _panel(app)
        assert "Ana scored · Ben not yet" in panel
        assert "1 of 2 scored, hidden" in panel
        assert "9" not in panel and "median" not in panel
        await pilot.press("v")  # the room: no value either, so no score from Ana's 9
        assert _row(app, "Impact") == ["▸", "Impact", "–"]
        assert "9" not in _panel(app)


@pytest.mark.parametrize("size", SIZES)
async def test_the_person_being_typed_for_sees_scored_and_not_their_value(start, clock, size):
    running = start(blind=True)
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=size) as pilot:
        await pilot.press("v", "7")
        assert running.session.current.gave == ("Ana",)
        assert _row(app, "Impact") == ["Impact", "scored"]
        assert _row(app, "Confidence") == ["▸", "Confidence", "–"]
        assert "Scoring for Ana (hidden)" in _panel(app)
        await pilot.press("v", "v")  # Ben, then the room: not typing for anyone
        assert "Scoring for the room" in _panel(app)


async def test_a_wide_key_bar_says_whom_hidden_scores_are_typed_for(start, clock):
    running = start(blind=True)
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(240, 24)) as pilot:  # room for the keys' longer words
        await pilot.press("v", "7")
        assert "v typing for Ana: hidden" in _keys(app)
        await pilot.press("v", "v")  # Ben, then the room: not typing for anyone
        assert "typing for" not in _keys(app) and "v Who" in _keys(app)


@pytest.mark.parametrize("size", SIZES)
async def test_reveal_shows_each_persons_values_the_range_median_and_agreement(start, clock, size):
    running = start(blind=True)
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=size) as pilot:
        await _vote_ana_9_ben_2(pilot)
        await _finish(running, pilot, "Ana", "Ben")
        await pilot.press("o")
        assert running.session.current.revealed
        panel = _panel(app)
        assert "Ana 9, Ben 2 (median 5.5) 2–9, far apart" in panel
        assert "⚠ wide spread" in panel
        assert "2 of 2 scored, shown · Far apart" in panel
        assert _row(app, "Impact")[:4] == ["▸", "Impact", "⚠", "5.5"]


@pytest.mark.parametrize("size", SIZES)
async def test_the_reveal_key_shows_only_when_there_is_something_to_reveal(start, clock, size):
    running = start(blind=True)
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=size) as pilot:
        assert "Reveal" not in _keys(app)  # nobody has scored
        await pilot.press("v", "5")
        assert "Reveal" in _keys(app)
        await pilot.press("o")
        assert "Reveal" not in _keys(app)  # shown already


async def test_an_open_workshop_shows_values_as_typed_and_offers_no_reveal(start, clock):
    running = start()  # files written before blind scoring, or --open-scoring
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("v", "9")
        assert _row(app, "Impact")[:2] == ["Impact", "9"]
        assert "Reveal" not in _keys(app) and "hidden" not in _keys(app)
        assert "scored" not in _panel(app)


async def test_undo_hides_a_revealed_draw_again(start, clock):
    running = start(blind=True)
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await _vote_ana_9_ben_2(pilot)
        await _finish(running, pilot, "Ana", "Ben")
        await pilot.press("o")
        assert "Ana 9" in _panel(app)
        await pilot.press("u")
        assert running.session.current.hidden
        assert "Ana 9" not in _panel(app) and "2 of 2 scored, hidden" in _panel(app)


@pytest.mark.parametrize("size", SIZES)
async def test_revealed_before_everyone_scored_the_table_says_who_has_not_and_scores_on(
    start, clock, size
):
    running = start(blind=True)
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=size) as pilot:
        await pilot.press("v", "9")  # Ana: impact 9, and no more yet
        await pilot.press("o")
        assert running.session.current.revealed
        panel = _panel(app)
        assert "Ana 9 (median 9)" in panel  # what was given is shown
        assert "Ana not yet · Ben not yet" in panel
        # nobody has scored yet: revealed, not "0 of 2 scored, shown"
        assert "0 of 2 scored, revealed" in panel and "shown" not in panel
        await pilot.press("5", "4")  # the rest of Ana's vote
        assert "Ana scored · Ben not yet" in _panel(app)
        # one person's values: no agreement yet, and shown as two people's are
        assert "1 of 2 scored, shown" in _panel(app) and "shown ·" not in _panel(app)
        await pilot.press("v", "2", "3", "4")  # Ben's, all of it
        panel = _panel(app)
        assert "Ana 9, Ben 2 (median 5.5)" in panel
        assert "2 of 2 scored, shown · Far apart" in panel
        assert "not yet" not in panel  # everyone has scored: the values say the rest
        votes = {"Ana": {"impact": 9, "confidence": 5, "ease": 4}}
        votes["Ben"] = {"impact": 2, "confidence": 3, "ease": 4}
        assert running.session.current.votes == votes
        assert "Reveal" not in _keys(app)


async def test_a_revote_asks_first_and_keeps_the_votes_on_no(start, clock):
    running = start(blind=True)
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await _vote_ana_9_ben_2(pilot)
        await pilot.press("V")
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("n")
        assert running.session.current.gave == ("Ana", "Ben")


async def test_a_confirmed_revote_clears_the_votes_and_says_so(start, clock):
    running = start(blind=True)
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await _vote_ana_9_ben_2(pilot)
        await pilot.press("o", "V", "y")
        cur = running.session.current
        assert cur.gave == () and cur.revotes == 1 and not cur.revealed
        panel = _panel(app)
        assert "0 of 2 scored" in panel and "Re-voted once" in panel
        assert "Ana not yet · Ben not yet" in panel


@pytest.mark.parametrize("size", SIZES)
async def test_a_vote_from_outside_updates_the_count_without_a_key_press(start, clock, size):
    running = start(blind=True)
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=size) as pilot:
        assert "0 of 2 scored" in _panel(app)
        running.run(running.session.score, "impact", 3, participant="Ben")  # a phone
        await _finish(running, pilot, "Ben")
        assert "1 of 2 scored, hidden" in _panel(app) and "Ben scored" in _panel(app)
        assert "Reveal" in _keys(app)


async def test_deciding_a_hidden_draw_reveals_its_votes_first(start, clock):
    running = start(blind=True)
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await _vote_ana_9_ben_2(pilot)
        await pilot.press("p")
        first = running.session.state.draws[0]
        assert first.revealed
        assert first.by_participant == {"Ana": {"impact": 9}, "Ben": {"impact": 2}}


@pytest.mark.parametrize("size", SIZES)
async def test_help_and_palette_list_reveal_and_revote(start, clock, size):
    running = start(blind=True)
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=size) as pilot:
        await pilot.press("v", "5")
        rows = dict(key_rows(app.screen))
        assert rows["o"].startswith("Reveal the hidden scores")
        assert rows["V"].startswith("Re-vote")
        names = [name for name, *_ in ScreenCommands(app.screen)._commands()]
        assert "Reveal" in names and "Re-vote" in names


async def test_a_number_typed_for_a_participant_shows_as_dots_while_hidden(start, clock):
    running = start(blind=True, framework=Framework.RICE)
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("v", "1", "2", "4", "0")  # Ana's effort, not yet ended with tab
        assert _row(app, "Effort") == ["▸", "Effort", "••_"]
        await pilot.press("tab")
        assert running.session.current.gave == ("Ana",)
        assert "40" not in _panel(app) and _row(app, "Effort") == ["Effort", "scored"]
