"""The table: scoring, deciding, undo, notes, wildcards, timers, rounds."""

from __future__ import annotations

import json

from textual import events

from cvo_workshop.model.workshop import Decision
from cvo_workshop.store.journal import read_journal
from cvo_workshop.tui.app import WorkshopApp
from cvo_workshop.tui.screens.draw import DrawScreen
from cvo_workshop.tui.screens.summary import SummaryScreen
from tests import workshop_fixtures as W
from tests.tui.conftest import text_of


async def test_digits_score_the_factors_in_turn_and_a_accepts(start, clock):
    running = start()
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        first = running.session.current
        await pilot.press("7", "5", "0")
        assert first.number == running.session.current.number
        assert running.session.current.consensus == {"impact": 7, "confidence": 5, "ease": 10}
        assert "ICE 7.33 = (7 + 5 + 10) / 3" in text_of(app.screen.query_one("#scores"))
        await pilot.press("a")
        assert running.session.state.draw(first.number).decision is Decision.ACCEPTED
        assert running.session.current.number == first.number + 1
        # on disk, not only on screen
        events = read_journal(running.path).events
        assert [e.type for e in events][-2:] == ["decided", "dealt"]


async def test_tab_moves_between_factors_and_backspace_clears(start, clock):
    running = start()
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("tab", "tab", "4")
        assert running.session.current.consensus == {"ease": 4}
        await pilot.press("shift+tab", "shift+tab", "backspace")
        assert running.session.current.consensus == {"ease": 4}
        await pilot.press("tab", "tab", "backspace")
        assert running.session.current.consensus == {}


async def test_reject_asks_for_an_optional_reason(start, clock):
    running = start()
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        n = running.session.current.number
        await pilot.press("r")
        await pilot.press(*"too costly", "enter")
        d = running.session.state.draw(n)
        assert d.decision is Decision.REJECTED and d.reason == "too costly"
        # Escape keeps the card on the table
        m = running.session.current.number
        await pilot.press("r", "escape")
        assert running.session.current.number == m and running.session.current.decision is None


async def test_undo_and_redo_many_steps(start, clock):
    running = start()
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        first = running.session.current.number
        await pilot.press("a", "p", "s")
        assert running.session.state.counts()["skipped"] == 1
        await pilot.press("u", "u", "u")
        assert running.session.current.number == first
        assert running.session.state.counts()["accepted"] == 0
        await pilot.press("ctrl+r", "ctrl+r")
        assert running.session.state.counts() == {
            "accepted": 1,
            "parked": 1,
            "rejected": 0,
            "skipped": 0,
            "undecided": 1,
            "live": 0,
        }


async def test_a_note_on_the_draw(start, clock):
    running = start()
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n", *"ask IT", "enter")
        assert running.session.current.note == "ask IT"
        assert "ask IT" in text_of(app.screen.query_one("#note"))


async def test_n_on_a_draw_with_a_note_adds_to_it_where_typed(start, clock):
    """The note opened selected: the first key replaced it."""
    running = start()
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n", *"ask IT", "enter")
        await pilot.press("n", *" today", "enter")
        assert running.session.current.note == "ask IT today"


async def test_a_wildcard_is_put_on_the_table(start, clock):
    running = start()
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("w", *"Text the courier ETA", "enter")
        cur = running.session.current
        assert cur.wildcard and cur.card.title == "Text the courier ETA"
        assert "WILDCARD" in str(app.screen.query_one("#recipe").border_title)
        await pilot.press("8", "8", "8", "a")
        assert running.session.state.draw(cur.number).decision is Decision.ACCEPTED


async def test_c_pairs_the_card_with_another_cohort_and_u_takes_it_back(start, clock):
    running = start()
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        first = running.session.current
        await pilot.press("c")
        names = [str(o.prompt) for o in app.screen.query_one("#cohorts").options]
        cohort_of = running.session.setup.cohort
        assert len(names) == 3 and not any(
            n.startswith(cohort_of(first.cohort).name) for n in names
        )
        await pilot.press("down", "enter")
        again = running.session.current
        assert (again.card, again.again, again.number) == (first.card, True, 2)
        assert cohort_of(again.cohort).name in text_of(app.screen.query_one("#cohort"))
        assert "PAIRED AGAIN" in str(app.screen.query_one("#recipe").border_title)
        await pilot.press("7", "7", "7", "a")  # decided on its own; the first is back
        assert running.session.current == first
        await pilot.press(*"uuuuu")  # the decision, three scores, the pairing
        assert running.session.current == first and len(running.session.state.draws) == 1
        await pilot.press("(", "x", ")", "enter")  # no modal open: keys that mean nothing
    paired = [(e.type, getattr(e, "source", None)) for e in read_journal(running.path).events]
    assert ("paired_again", 1) in paired


def _join_dialog(app) -> tuple[str, str]:
    """The P dialog's text as typed, and what it says is wrong."""
    from textual.widgets import Input, Static

    from cvo_workshop.tui.screens.note import NoteModal

    assert isinstance(app.screen, NoteModal)
    problem = app.screen.query_one("#problem", Static)
    said = text_of(problem) if problem.display else ""
    return app.screen.query_one("#text", Input).value, said


async def test_someone_joining_with_no_name_is_told_so(start, clock):
    running = start(participants=[])
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("P", *"(Finance)", "enter")
        await pilot.pause()
        assert running.session.setup.participants == []
        assert _join_dialog(app) == ("(Finance)", "name: must not be empty")


async def test_a_name_refused_keeps_the_dialog_open_with_the_typing_and_says_why(start, clock):
    """The dialog closed, the typing lost, and a toast said "'Ｂｅｎ' is already a
    participant" (Python's quotes)."""
    running = start()  # Ana and Ben
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("P", *"Dana (Finance), Ｂｅｎ", "enter")
        await pilot.pause()
        assert _join_dialog(app) == (
            "Dana (Finance), Ｂｅｎ",
            "Ｂｅｎ is the same name as Ben, who is already a participant",
        )
        assert [p.name for p in running.session.setup.participants] == ["Ana", "Ben"]  # not Dana
        await pilot.press(*"ny, Ben", "enter")  # "Benny" now, and Ben himself
        await pilot.pause()
        assert _join_dialog(app)[1] == "Ben is already a participant"
        app.screen.query_one("#text").value = "Dana (Finance), Eli, eli"
        await pilot.press("enter")
        await pilot.pause()
        assert _join_dialog(app)[1] == "Eli and eli are the same name"
        await pilot.press("backspace", "backspace", "backspace", "backspace", "backspace")
        await pilot.press("enter")  # "Dana (Finance), Eli"
        await pilot.pause()
        assert not any(n.message.startswith("'") for n in app._notifications)
        assert [p.name for p in running.session.setup.participants] == ["Ana", "Ben", "Dana", "Eli"]


async def test_per_participant_scores_show_median_and_spread(start, clock):
    running = start()
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("v", "9")  # Ana: impact 9
        await pilot.press("v", "2")  # Ben: impact 2
        cur = running.session.current
        assert cur.by_participant == {"Ana": {"impact": 9}, "Ben": {"impact": 2}}
        await pilot.press("v")  # back to the room
        panel = text_of(app.screen.query_one("#scores"))
        assert "⚠ wide spread" in panel and "Ana 9, Ben 2 (median 5.5)" in panel


async def test_someone_who_joins_late_scores_for_themselves_and_is_kept_on_resume(
    start, clock, tmp_path
):
    from cvo_workshop.service.workshop import resume

    running = start(participants=[])
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.screen.check_action("voter", ()) is False  # nobody to score for yet
        await pilot.press("P")
        await pilot.press(*"Dana (Finance), Eli", "enter")
        assert app.screen.check_action("voter", ()) is True
        assert [(p.name, p.role) for p in running.session.setup.participants] == [
            ("Dana", "Finance"),
            ("Eli", None),
        ]
        await pilot.press("v", "8", "v", "4")  # Dana: impact 8; Eli: impact 4
        assert running.session.current.by_participant == {
            "Dana": {"impact": 8},
            "Eli": {"impact": 4},
        }
    running.close()
    again = resume(running.path, clock=clock)
    try:
        assert [p.name for p in again.session.setup.participants] == ["Dana", "Eli"]
        assert again.session.current.by_participant["Dana"] == {"impact": 8}
    finally:
        again.close()


async def test_the_timer_pauses_and_extends_but_never_blocks(start, clock):
    running = start(draw_seconds=60)
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        clock.advance(90)
        await pilot.pause()
        status = app.screen.query_one("#status")
        status.refresh()
        assert "+0:30 over" in text_of(status)
        await pilot.press("x")
        assert running.session.state.draw_budget() == 180
        await pilot.press("t")
        assert running.session.paused and "PAUSED" in text_of(status)
        await pilot.press("a")  # deciding still works while paused or over time
        assert running.session.state.counts()["accepted"] == 1
        await pilot.press("t")
        assert not running.session.paused


async def test_x_extra_time_stays_with_its_draw_after_undo_and_a_wildcard(start, clock):
    running = start(draw_seconds=60)
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        status = app.screen.query_one("#status")
        await pilot.press("a", "x")  # two more minutes for draw 2
        assert running.session.current.number == 2
        status.refresh()
        await pilot.pause()
        assert "draw 0:00/3:00" in text_of(status)
        await pilot.press("u", "u")  # the extra time, then draw 2, taken back
        await pilot.press("w", *"Text the courier ETA", "enter")
        cur = running.session.current
        assert cur.number == 2 and cur.wildcard
        status.refresh()
        await pilot.pause()
        assert "draw 0:00/1:00" in text_of(status)
    # resumed from the file: the same
    assert read_journal(running.path).state.draw_budget() == 60


async def test_u_right_after_x_takes_back_the_extra_time_and_ctrl_r_gives_it_again(start, clock):
    running = start(draw_seconds=60)
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        status = screen.query_one("#status")
        await pilot.press("a", "x")  # draw 1 accepted, two more minutes for draw 2 by mistake
        await pilot.pause()
        assert screen.long_label("undo") == "Undo: +2 min for draw 2"
        await pilot.press("u")
        await pilot.pause()
        said = [str(n.message) for n in app._notifications]
        assert "Undone: +2 min for draw 2" in said, said
        assert running.session.state.draw(1).decision is Decision.ACCEPTED  # still accepted
        status.refresh()
        await pilot.pause()
        assert "draw 0:00/1:00" in text_of(status)
        assert screen.long_label("undo") == "Undo: accepted draw 1"
        await pilot.press("ctrl+r")
        await pilot.pause()
        said = [str(n.message) for n in app._notifications]
        assert "Redone: +2 min for draw 2" in said, said
        status.refresh()
        await pilot.pause()
        assert "draw 0:00/3:00" in text_of(status)
    assert read_journal(running.path).state.draw_budget() == 180  # resumed: the same


async def test_rounds_move_on_with_enter_and_finish_with_the_summary(start, clock):
    running = start(cards_per_round=2)
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("a", "p")
        assert running.session.round_complete
        assert "Round 1 (Automation) is done" in text_of(app.screen.query_one("#round-done"))
        await pilot.press("enter")
        assert running.session.state.round == 2
        await pilot.press("s", "s", "enter", "a", "a", "enter")
        assert running.session.state.ended
        assert isinstance(app.screen, SummaryScreen)


async def test_ending_a_round_early_asks_first(start, clock):
    running = start()
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("a", "e", "n")
        assert running.session.state.round == 1
        await pilot.press("e", "y")
        assert running.session.state.round == 2
        await pilot.press("u")
        assert running.session.state.round == 1


async def test_e_in_the_last_round_ends_the_workshop_after_asking(start, clock):
    running = start()
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("e", "y", "e", "y")
        assert running.session.is_last_round
        await pilot.press("a", "e")
        assert "End the workshop now?" in text_of(app.screen.query_one(".dialog-title"))
        await pilot.press("n")
        assert not running.session.state.ended
        await pilot.press("e", "y")
        assert running.session.state.ended
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("escape", "u")
        assert not running.session.state.ended and running.session.current is not None


async def test_card_and_user_text_is_never_read_as_markup(start, clock):
    from cvo_workshop.model.deck import Deck
    from tests import workshop_fixtures as W

    evil = "[bold red]x[/] <b>&amp;"
    base = W.deck()
    cards = [c.model_copy(update={"title": evil, "prompt": evil}) for c in base.cards]
    cohorts = [c.model_copy(update={"name": evil}) for c in base.cohorts]
    deck = Deck(deck=base.deck, cards=cards, cohorts=cohorts)
    running = start(deck=deck, organization=evil)
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n", *evil, "enter")
        assert text_of(app.screen.query_one("#recipe")).startswith(evil)
        assert evil in text_of(app.screen.query_one("#cohort"))
        assert evil in text_of(app.screen.query_one("#status"))
        assert evil in text_of(app.screen.query_one("#note"))
        await pilot.press("f2")
        assert isinstance(app.screen, SummaryScreen)
        assert evil in text_of(app.screen.query_one("#headline"))
        assert evil in text_of(app.screen.query_one("#detail"))


async def test_escape_goes_home_and_the_workshop_is_saved(start, clock):
    from cvo_workshop.tui.screens.home import HomeScreen

    running = start()
    app = WorkshopApp.home(clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        app.show_running(running)
        await pilot.pause()
        assert isinstance(app.screen, DrawScreen)
        await pilot.press("a", "escape")
        assert isinstance(app.screen, HomeScreen)
        assert app.running is None
    assert "workshop resume" in app.messages[-1]


async def test_rice_choices_by_digit_and_numbers_typed(start, clock):
    from cvo_workshop.model.workshop import Framework

    running = start(framework=Framework.RICE)
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        cohort = running.session.setup.cohort(running.session.current.cohort)
        panel = app.screen.query_one("#scores")
        # the cohort gives reach (tests/tui/test_given_reach.py): impact comes first
        assert f"{cohort.share * 100:g}% (cohort)" in text_of(panel)
        await pilot.press("1", "2")  # impact: Massive (3); confidence: Medium (80%)
        await pilot.press("1", "full_stop", "5")  # effort: typed
        assert "1.5_" in text_of(panel)
        await pilot.press("tab")
        cur = running.session.current
        assert cur.consensus == {"impact": 3, "confidence": 80, "effort": 1.5}
        expected = round(cohort.share * 100 * 3 * 0.8 / 1.5, 2)
        assert f"RICE {expected:g} =" in text_of(panel)
        await pilot.press("shift+tab", "3", "enter")  # typed effort: 3, and Enter stays there
        assert running.session.current.consensus["effort"] == 3


async def test_a_stretch_card_says_so(start, clock):
    from cvo_workshop.model.card import Capability

    running = start(maturity=Capability.INCIDENTAL, seed=4, cards_per_round=12)
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(12):
            cur = running.session.current
            if cur is None:
                break
            title = str(app.screen.query_one("#recipe").border_title)
            assert ("STRETCH" in title) == cur.stretch
            await pilot.press("s")
        assert any(d.stretch for d in running.session.state.draws)


async def test_the_key_bar_is_clickable(start, clock):
    from cvo_workshop.tui.widgets.key_bar import KeyBar

    running = start()
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        bar = text_of(app.screen.query_one(KeyBar))
        assert bar.startswith(" 0-9 Score  a Accept  p Park")
        await pilot.click(KeyBar, offset=(bar.index("a Accept") + 3, 0))  # on "Accept"
        await pilot.pause()
        assert running.session.state.counts()["accepted"] == 1
        await pilot.press("X")
        assert running.session.state.round_budget() == 2400 + 600


async def test_time_up_is_said_once_and_blocks_nothing(start, clock):
    running = start(draw_seconds=60)
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        clock.advance(61)
        app.screen._check_time()
        app.screen._check_time()
        await pilot.pause()
        said = [n.message for n in app._notifications if "Time is up" in n.message]
        assert len(said) == 1
        await pilot.press("a")
        assert running.session.state.counts()["accepted"] == 1


async def test_a_new_draw_under_an_undone_draws_number_gets_its_own_time_up(start, clock):
    running = start(draw_seconds=60)
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("a")  # draw 2
        clock.advance(61)
        app.screen._check_time()
        await pilot.press("u", "w", *"Text the courier ETA", "enter")  # a wildcard is draw 2
        assert running.session.current.number == 2 and running.session.current.wildcard
        clock.advance(61)
        app.screen._check_time()
        await pilot.pause()
        said = [n.message for n in app._notifications if "Time is up" in n.message]
        assert len(said) == 2


async def test_resuming_a_cut_off_file_says_so_first(start, clock, tmp_path):
    from cvo_workshop.tui.screens.message import MessageModal

    running = start()
    running.run(running.session.decide, Decision.ACCEPTED)
    path = running.path
    running.close()
    path.write_bytes(path.read_bytes() + b'{"type": "decided", "dr')
    app = WorkshopApp.home(clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.resume_workshop(path)
        await pilot.pause()
        assert isinstance(app.screen, MessageModal)
        body = text_of(app.screen.query_one(".dialog-body"))
        assert "cut off" in body and ".bak" in body
        await pilot.press("enter")
        assert isinstance(app.screen, DrawScreen)
        assert app.running.session.state.counts()["accepted"] == 1


async def test_clicking_a_factor_highlights_it(start, clock):
    from cvo_workshop.tui.widgets.score_panel import ScorePanel

    running = start()
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.click(ScorePanel, offset=(4, 3))  # border, "Scoring for", Impact, Confidence
        await pilot.pause()
        await pilot.press("9")
        assert running.session.current.consensus == {"confidence": 9}


async def test_escape_after_opening_straight_onto_the_table_goes_home(start, clock):
    """`workshop new --yes` and `workshop resume` open the table first: escape still
    lands on the home screen (it crashed: the table was the app's bottom screen)."""
    from cvo_workshop.tui.screens.home import HomeScreen

    running = start()
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, DrawScreen)
        await pilot.press("a", "escape")
        assert isinstance(app.screen, HomeScreen)
        assert app.running is None
        await pilot.press("r")  # and the workshop resumes from there
        await pilot.pause()
        assert isinstance(app.screen, DrawScreen)
        assert app.running.session.state.counts()["accepted"] == 1


async def test_h_on_the_summary_of_an_ended_workshop_goes_home(start, clock):
    from cvo_workshop.tui.screens.home import HomeScreen

    running = start()
    running.run(running.session.decide, Decision.ACCEPTED)
    running.run(running.session.finish)
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("escape")  # back to the table, which says it ended
        assert isinstance(app.screen, DrawScreen)
        await pilot.press("f2", "h")
        assert isinstance(app.screen, HomeScreen)


async def test_keys_pressed_right_after_q_do_nothing(start, clock):
    """q, then e (a confirmation), w (a form), c or f2 (another screen) at once: they
    used to run against screens being taken down (NoMatches)."""
    for key in ("e", "w", "c", "f2"):
        running = start(name=f"{key}.workshop.jsonl")
        app = WorkshopApp.for_running(running, clock=clock)
        async with app.run_test(size=(80, 24)) as pilot:  # raises what the app raised
            # Both in the queue before q is handled, as a terminal sends a quick pair.
            for k in ("q", key):
                app.post_message(events.Key(k, k if len(k) == 1 else None))
            await pilot.pause()
        assert app.return_code == 0, key
        assert "workshop resume" in app.messages[-1]


async def test_rice_reach_on_the_table_follows_grooming_as_the_backlog_does(start, clock, cli):
    """After grooming switched reach to revenue, the table and `workshop summary`
    said '10% reach' while the backlog and exports said '40% reach': one reach rule."""
    from cvo_workshop.engine.backlog import build
    from cvo_workshop.model.grooming import ReachBasis
    from cvo_workshop.model.workshop import Framework

    cohorts = [c for c in W.deck().cohorts if c.revenue_share is not None][:3]
    running = start(framework=Framework.RICE, cohorts=cohorts, seed=4)
    s = running.session
    running.run(s.set_reach_basis, ReachBasis.REVENUE)
    cohort = s.setup.cohort(s.current.cohort)
    revenue = f"{cohort.revenue_share * 100:g}%"
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        panel = app.screen.query_one("#scores")
        assert f"{revenue} (revenue)" in text_of(panel)
        await pilot.press("1", "1", "2", "enter")  # Massive, High, 2 person-months
        on_table = text_of(panel).splitlines()[-1].strip()
        assert on_table.startswith("RICE ") and f"= {revenue} reach x 3 impact" in on_table
        number = s.current.number
        await pilot.press("a")
    item = next(i for i in build(s.state).items if i.draws == [number])
    assert item.breakdown.text == on_table
    assert item.breakdown.factors["reach"].source == "revenue share"
    data = json.loads(cli("workshop", "summary", running.path, "--format", "json").output)
    summary = next(d for d in data["draws"] if d["number"] == number)
    assert summary["scores"]["breakdown"] == on_table


async def test_rice_choices_show_their_keys_and_a_wrong_key_says_which_keys_work(start, clock):
    """The digit picks a position in the choice list (1 is Massive 3, 3 is Medium 1),
    which nothing on screen said; 6 was silently ignored."""
    from cvo_workshop.model.workshop import Framework

    running = start(framework=Framework.RICE)
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        panel = app.screen.query_one("#scores")
        lines = [" ".join(line.split()) for line in text_of(panel).splitlines()]
        at = lines.index("▸ Impact –")
        # under it, in lines that fit the panel at 80 columns
        assert lines[at + 1 : at + 4] == [
            "1 Massive 3 · 2 High 2",
            "3 Medium 1 · 4 Low 0.5",
            "5 Minimal 0.25",
        ]
        await pilot.press("6")
        assert running.session.current.consensus == {}
        said = [str(n.message) for n in app._notifications]
        assert (
            "Impact: press 1-5 (1 Massive 3 · 2 High 2 · 3 Medium 1 · 4 Low 0.5 · 5 Minimal 0.25)"
            in said
        ), said
        await pilot.press("3")  # Medium: 1
        assert running.session.current.consensus == {"impact": 1}
        shown = text_of(panel)
        assert all(k in shown for k in ("1 High 100%", "2 Medium 80%", "3 Low 50%"))
        assert "Massive" not in shown  # only the highlighted factor's keys
        # clicks land on the factor clicked, its keys' lines and all
        await pilot.click("#scores", offset=(4, 6))  # border, Scoring, Reach, Impact, Con.., keys
        await pilot.pause()
        await pilot.press("2")
        assert running.session.current.consensus == {"impact": 1, "confidence": 80}
        await pilot.click("#scores", offset=(4, 3))  # Impact
        await pilot.pause()
        await pilot.press("1")
        assert running.session.current.consensus == {"impact": 3, "confidence": 80}
        await pilot.press("tab")  # now on effort: the keys of confidence went
        assert "High 100%" not in text_of(panel)
        await pilot.click("#scores", offset=(4, 5))  # Effort, right under Confidence
        await pilot.pause()
        await pilot.press("2", "enter")
        assert running.session.current.consensus["effort"] == 2


async def test_the_round_done_panel_counts_in_words_and_the_live_draw_too(start, clock):
    running = start(rounds=W.rounds(3, 1))
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("a", "p", "l")
        panel = " ".join(text_of(app.screen.query_one("#round-done")).split())
        assert "1 accepted, 1 parked, 0 rejected, 0 skipped, 1 already live of 3 draws" in panel
        assert "(Customization, 1 card)." in panel


async def test_one_voter_and_one_card_left_are_said_in_the_singular(start, clock):
    running = start()
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("v", "9", "v", "V")  # Ana alone scores, then a re-vote
        body = text_of(app.screen.query_one(".dialog-body"))
        assert "Clears the scores 1 participant gave" in body
        await pilot.press("n", "a", "a", "e")  # 3 of 4 cards dealt, the third on the table
        body = text_of(app.screen.query_one(".dialog-body"))
        assert body.startswith("1 card of this round will not be dealt.")


async def test_a_resumed_draw_starts_at_its_first_factor_without_a_score(start, clock):
    from cvo_workshop.service.workshop import resume

    running = start()
    running.run(running.session.score, "impact", 9)
    running.run(running.session.score, "confidence", 4)
    running.close()  # as after kill -9: the scores are in the file
    app = WorkshopApp.for_running(resume(running.path, clock=clock), clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        assert "▸ Ease" in text_of(app.screen.query_one("#scores"))
        await pilot.press("6")
        assert app.running.session.current.consensus == {"impact": 9, "confidence": 4, "ease": 6}
