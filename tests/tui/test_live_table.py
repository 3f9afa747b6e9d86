"""The table and cards already live, and the past results of earlier workshops."""

from __future__ import annotations

from cvo_workshop.model.workshop import Decision
from cvo_workshop.store.journal import read_journal
from cvo_workshop.store.workshops import remember
from cvo_workshop.tui.app import WorkshopApp
from tests.tui.conftest import text_of

LIVE = ["abandoned-cart-reminder", "welcome-series"]


def key_bar(app) -> str:
    return " ".join(text_of(app.screen.query_one("KeyBar")).split())


async def test_l_says_we_already_do_this_of_the_card_on_the_table(start, clock):
    running = start()
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        first = running.session.current
        await pilot.press("l")
        assert running.session.setup.live == [first.card.id]
        assert running.session.current.number == first.number + 1
        events = read_journal(running.path).events
        assert [e.type for e in events][-2:] == ["already_live", "dealt"]
        await pilot.press("u")
        assert running.session.current == first and running.session.setup.live == []


async def test_i_deals_live_cards_to_improve_what_we_have_and_the_key_bar_says_so(start, clock):
    running = start(live=LIVE)
    app = WorkshopApp.for_running(running, clock=clock)
    # 140 columns: at 120 what u takes back comes first ("u Undo: dealing live cards"),
    # and i is then in the help and the palette (the card says ALREADY LIVE).
    async with app.run_test(size=(140, 24)) as pilot:
        assert running.session.current.card.id not in LIVE
        assert "i Deal new" in key_bar(app)
        await pilot.press("i")
        assert "i Deal live" in key_bar(app)
        await pilot.press("s")
        cur = running.session.current
        assert cur.card.id in LIVE
        assert "ALREADY LIVE" in str(app.screen.query_one("#recipe").border_title)


async def test_the_round_says_when_no_live_card_is_left_to_improve(start, clock):
    running = start()
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("i", "s")
        assert running.session.current is None
        done = " ".join(text_of(app.screen.query_one("#round-done")).split())
        assert "No more live automation cards to improve: i deals new cards again." in done


def _earlier_result(start, outcome: str) -> None:
    """An earlier workshop of the same organization (same seed, so the same first
    card) whose first card was tested, as grooming or the tracker CSV records it."""
    earlier = start(name="earlier.workshop.jsonl")
    s = earlier.session
    number = s.current.number
    earlier.run(s.decide, Decision.ACCEPTED)
    earlier.run(s.edit_item, f"d{number}", "outcome", outcome)
    earlier.run(s.edit_item, f"d{number}", "measured_lift", "+4%")
    earlier.close()
    remember(earlier.path)


async def test_a_card_tested_after_an_earlier_workshop_shows_what_the_test_found(start, clock):
    _earlier_result(start, "won")
    running = start(name="now.workshop.jsonl")
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(100, 40)) as pilot:
        await app.workers.wait_for_complete()  # earlier workshops are read off-thread
        await pilot.pause()
        card = " ".join(text_of(app.screen.query_one("#recipe")).split())
        assert "Tested before: Won, +4% measured (04 Mar 2025, earlier.workshop.jsonl)" in card


async def test_scoring_a_card_with_a_past_result_prefills_confidence_marked_so(start, clock):
    _earlier_result(start, "lost")
    running = start(name="now.workshop.jsonl")
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(100, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("7")
        assert running.session.current.consensus == {"impact": 7, "confidence": 2}
        scores = " ".join(text_of(app.screen.query_one("#scores")).split())
        assert "Confidence 2*" in scores
        assert "* Confidence pre-filled from the past result: lost (04 Mar 2025)" in scores
        await pilot.press("6")  # the highlighted factor is confidence now: the room's own
        assert running.session.current.prefilled == {}
        assert "pre-filled" not in " ".join(text_of(app.screen.query_one("#scores")).split())


async def test_the_summary_screen_counts_and_marks_a_draw_said_already_live(start, clock):
    from textual.widgets import DataTable

    running = start()
    running.run(running.session.already_live)
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f2")
        head = text_of(app.screen.query_one("#headline"))
        assert "1 undecided · 1 already live" in head
        table = app.screen.query_one(DataTable)
        assert "already live" in [str(cell) for cell in table.get_row_at(0)]
        for width in (120, 80):  # shown whole, not cut to 'already l'
            await pilot.resize_terminal(width, 40)
            await pilot.pause()
            shown = "".join(segment.text for segment in table.render_line(1))
            assert "already live" in shown, shown


async def test_l_keeps_a_number_typed_but_not_entered_on_the_card(start, clock):
    from cvo_workshop.model.workshop import Framework

    running = start(framework=Framework.RICE)
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        first = running.session.current.number
        await pilot.press("1", "2", "1", "full_stop", "5")  # effort typed, no enter
        await pilot.press("l")
        draw = running.session.state.draws[first - 1]
        assert draw.live and draw.consensus["effort"] == 1.5


async def test_accepting_a_card_said_live_on_its_other_pairing_is_refused_in_words(start, clock):
    running = start()
    s = running.session
    first = s.current
    running.run(s.pair_again, s.unpaired_cohorts()[0].id)
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("l")  # on the pairing: the first draw is back on the table
        assert s.current.number == first.number
        await pilot.press("a")
        await pilot.pause()
        said = [str(n.message) for n in app._notifications]
        assert any(f"“{first.card.title}” was said to be already live" in m for m in said)
        assert s.current.number == first.number and s.current.decision is None


KILLED_AFTER_THE_FIRST_SCORE = """
import os, signal, sys
from pathlib import Path
from cvo_workshop.service import workshop as service
from cvo_workshop.service.backlog import past_results
from tests import workshop_fixtures as W

path = Path(sys.argv[1])
running = service.start(W.setup(), W.deck(), path)
s = running.session
running.run(s.know_past, past_results(s.setup.organization, besides=path))
append = running._journal.append


def append_then_die(event):
    append(event)  # on disk (fsynced) ...
    if event.type == "scored":  # ... and killed before the pre-fill it causes
        os.kill(os.getpid(), signal.SIGKILL)


running._journal.append = append_then_die
running.run(s.score, "impact", 7)
"""


async def test_a_kill_between_the_first_score_and_its_prefill_prefills_on_resume(
    start, clock, tmp_path
):
    import subprocess
    import sys
    from pathlib import Path

    from cvo_workshop.service import workshop as service

    _earlier_result(start, "lost")
    path = tmp_path / "now.workshop.jsonl"
    root = Path(__file__).resolve().parents[2]
    args = [sys.executable, "-c", KILLED_AFTER_THE_FIRST_SCORE, str(path)]
    killed = subprocess.run(args, cwd=root, capture_output=True, text=True, timeout=60)
    assert killed.returncode == -9, killed.stderr
    assert [e.type for e in read_journal(path).events][-1] == "scored"  # no pre-fill on disk
    running = service.resume(path, clock=clock)
    app = WorkshopApp.for_running(running, clock=clock)
    try:
        async with app.run_test(size=(100, 40)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert running.session.current.consensus == {"impact": 7, "confidence": 2}
            scores = " ".join(text_of(app.screen.query_one("#scores")).split())
            assert "* Confidence pre-filled from the past result: lost (04 Mar 2025)" in scores
        assert [e.type for e in read_journal(path).events][-1] == "prefilled"
    finally:
        running.close()


async def test_the_summary_screen_does_not_accept_a_draw_said_already_live(start, clock):
    running = start()
    running.run(running.session.already_live)
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f2", "a")  # the first row: draw 1, said live
        await pilot.pause()
        said = [str(n.message) for n in app._notifications]
        assert any(
            "draw 1 is closed as already live: undo “already live”, or take it back "
            "(Not live, l on the summary), to decide it" in m
            for m in said
        ), said
        assert running.session.state.draws[0].decision is None
        await pilot.press("l", "a")  # as it says: taken back, then accepted
        await pilot.pause()
        assert running.session.state.draws[0].decision is Decision.ACCEPTED


async def test_l_on_the_summary_screen_takes_back_already_live_and_u_brings_it_back(start, clock):
    from textual.widgets import DataTable

    running = start()
    s = running.session
    said = s.current.card
    running.run(s.already_live)
    app = WorkshopApp.for_running(running, clock=clock)

    def not_live_offered() -> bool:
        return app.screen.check_action("take_back_live", ()) is True

    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f2")
        assert "l Not live" in key_bar(app) and not_live_offered()  # row 1: draw 1, live
        await pilot.press("l")
        assert s.setup.live == [] and not s.state.draws[0].live
        assert [e.type for e in read_journal(running.path).events][-1] == "live_taken_back"
        row = [str(cell) for cell in app.screen.query_one(DataTable).get_row_at(0)]
        assert "undecided" in row and "already live" not in row
        assert not not_live_offered()  # its card is not live now
        await pilot.press("a")  # open again: it can be decided now
        assert s.state.draws[0].decision is Decision.ACCEPTED
        await pilot.press("u", "u")
        assert s.setup.live == [said.id] and s.state.draws[0].live
        assert not_live_offered()
        await pilot.press("down")  # draw 2: its card is not live
        assert not not_live_offered()
