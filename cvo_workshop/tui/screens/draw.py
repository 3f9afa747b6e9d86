"""The table: a cohort card beside a recipe card; the room scores and decides.

Every key calls the session (engine/session.py), which saves the event before
the screen shows it. The screen holds only what is being typed: the
highlighted factor, who is scoring, and a number half typed."""

from __future__ import annotations

from typing import ClassVar

from pydantic import ValidationError
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from cvo_workshop.engine.dealing import deal_mode
from cvo_workshop.engine.fold import Draw
from cvo_workshop.engine.session import SessionError
from cvo_workshop.engine.summary import asked_factors
from cvo_workshop.engine.text import counted
from cvo_workshop.model.grooming import PastResult
from cvo_workshop.model.messages import messages
from cvo_workshop.model.workshop import Decision
from cvo_workshop.service.workshop import RunningWorkshop
from cvo_workshop.tui.keys import LongLabels
from cvo_workshop.tui.messages import WorkshopChanged
from cvo_workshop.tui.styles import style
from cvo_workshop.tui.widgets.card_view import CohortCardView, RecipeCardView
from cvo_workshop.tui.widgets.key_bar import KeyBar
from cvo_workshop.tui.widgets.score_panel import ScorePanel
from cvo_workshop.tui.widgets.status_bar import StatusBar
from cvo_workshop.tui.widgets.text import lit

DRAW_EXTENSION = 120
ROUND_EXTENSION = 600
UNDO_LABEL = 28  # characters of what "Undo: ..." takes back, in the key bar
UNDO_NAME = 14  # characters of a name or title in it ("Undo: Maximilian-Al… leaving")
NOTE_ROWS = 4  # the table's lines for notes (DrawScreen #note's max-height)


def note_rows(draw: Draw, width: int) -> Content:
    """The draw's notes in NOTE_ROWS lines of `width`, literally: the facilitator's
    note, then the phones' notes, each on its line. When they do not all fit, the
    latest show, under a line saying how many there are and that n lists them all."""
    rows = [Content(lit(line)) for line in draw.facilitator_note.splitlines()]
    if rows:
        rows[0] = Content.assemble(("Note: ", "bold"), rows[0])
    rows += [Content(lit(line)) for line in draw.phone_notes]
    if len(rows) <= NOTE_ROWS and all(row.cell_length <= width for row in rows):
        return Content("\n").join(rows)
    cut = [row.truncate(width, ellipsis=True) for row in rows[-(NOTE_ROWS - 1) :]]
    count = len(draw.phone_notes) + bool(draw.facilitator_note)
    head = Content.styled(
        f"{count} note{'s' if count != 1 else ''}; n reads them all", "$text-muted"
    )
    return Content("\n").join([head, *cut])


def _short(what: str) -> str:
    return what if len(what) <= UNDO_LABEL else what[: UNDO_LABEL - 1] + "…"


class DrawScreen(LongLabels, Screen[None]):
    CSS_PATH = style("draw")
    HELP_TITLE = "The table"
    HELP = (
        "A recipe card is dealt against a cohort. Score it with digit keys: "
        "1-9, and 0 for 10 (RICE impact and confidence: the keys of the choices show "
        "under the highlighted one, 1 Massive 3, 2 High 2...; reach and effort: type the "
        "number, then tab; reach is the cohort's share when its cohort is measured, "
        "shown and not asked). Tab moves "
        "between factors. Press v to score for one participant at a time: the "
        "room's value is then their median, and a wide spread is flagged. Then "
        "decide: accept (to the backlog), park, reject (with an optional reason) "
        "or skip. Undo and redo go back and forth over any number of steps. "
        "Blind scoring (new workshops): each participant shows only as scored or "
        "not yet, even while you type for them, until o reveals everyone's values "
        "with their spread and agreement; V clears them for a re-vote. Deciding "
        "reveals them too. Cards the organization already runs (ticked at setup) are "
        "not dealt: i switches the table to improving what we have (only live cards "
        'are dealt) and back; l says "we already do this" of the card on the table '
        "(it joins the live list and is not decided). A card tested after an earlier "
        "workshop of the same organization shows what the test found, and its "
        "confidence is pre-filled (won: high, inconclusive: medium, lost: low; "
        "marked *) when scoring starts: type to change it."
    )

    # In the order of the key bar, the help and the palette: most used first.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "1",
            "digit('1')",
            "Score",
            key_display="0-9",
            tooltip="Score the highlighted factor (0 means 10)",
        ),
        *[Binding(k, f"digit('{k}')", show=False) for k in "234567890"],
        Binding("full_stop", "digit('.')", show=False),
        # In the help and the palette; the bar leaves it out for u (digits move on by
        # themselves, Enter ends a typed number).
        Binding(
            "tab",
            "factor(1)",
            "Factor",
            show=False,
            tooltip="Next score factor (shift+tab: previous)",
        ),
        Binding("shift+tab", "factor(-1)", show=False),
        Binding(
            "backspace,delete", "clear_factor", show=False, tooltip="Clear the highlighted factor"
        ),
        # Shown only while there are hidden scores to reveal.
        Binding(
            "o",
            "reveal",
            "Reveal",
            tooltip="Reveal the hidden scores: each person's values, spread and agreement",
        ),
        Binding("a", "decide('accepted')", "Accept", tooltip="Accept: to the backlog"),
        Binding("p", "decide('parked')", "Park", tooltip="Park: to the parking lot"),
        Binding("r", "reject", "Reject", tooltip="Reject, with an optional reason"),
        Binding("s", "decide('skipped')", "Skip", tooltip="Skip: not discussed"),
        Binding("u", "undo", "Undo"),
        Binding("v", "voter", "Who", tooltip="Score for the room or for one participant"),
        Binding("n", "note", "Note", tooltip="A note on this draw"),
        Binding("w", "wildcard", "Wildcard", tooltip="Add the room's own recipe"),
        # i means one thing while new cards are dealt, another while live ones are:
        # bound twice, check_action shows the one for the table's state.
        Binding(
            "i",
            "improve(True)",
            "Deal new",
            tooltip="Dealing new cards; i deals the live cards, to improve what we have",
        ),
        Binding(
            "i",
            "improve(False)",
            "Deal live",
            tooltip="Dealing the live cards, to improve what we have; i deals new cards again",
        ),
        Binding("ctrl+r", "redo", "Redo"),
        Binding("t", "timer", "Timer", tooltip="Pause or resume the timers"),
        Binding("x", "extend('draw')", "+2 min", tooltip="Two more minutes for this draw"),
        # The app's key, shown here where the room is run from (the table).
        Binding(
            "ctrl+o",
            "app.open_room",
            "Room",
            tooltip="The room: participants join and vote from their phones",
        ),
        Binding(
            "V",
            "revote",
            "Re-vote",
            key_display="V",
            show=False,
            tooltip="Re-vote: clear the participants' scores for this draw and score again",
        ),
        Binding(
            "P",
            "join",
            "Join",
            key_display="P",
            show=False,
            tooltip="Someone joins the room: add a participant, who can then score (v)",
        ),
        Binding(
            "l",
            "already_live",
            "Already live",
            show=False,
            tooltip="We already do this: the card joins the live list, not the backlog",
        ),
        Binding(
            "c",
            "pair_again",
            "Another cohort",
            show=False,
            tooltip="The same card against another focus cohort, as a new draw",
        ),
        Binding(
            "X",
            "extend('round')",
            "+10 min",
            key_display="X",
            show=False,
            tooltip="Ten more minutes for this round",
        ),
        # Shown on the round's closing panel rather than in the key bar.
        Binding(
            "enter",
            "proceed",
            "Next round",
            show=False,
            tooltip="Start the next round, or finish; also ends a typed number",
        ),
        Binding(
            "e",
            "end_round",
            "End round",
            show=False,
            tooltip="End this round now and start the next (in the last round: end the workshop)",
        ),
        Binding("f2", "summary", "Summary", show=False, tooltip="The summary so far"),
        Binding("escape", "home", "Home", show=False, tooltip="Back to the home screen"),
    ]

    # Undo is the facilitator's safety net: on the key bar at every width, and from 120
    # columns with what it takes back (tui/keys.fit_keys).
    PINNED = ("undo",)

    def __init__(self, running: RunningWorkshop) -> None:
        super().__init__()
        self.running = running
        self.session = running.session
        self.focus_index = 0
        self.voter: str | None = None
        self.buffer = ""
        #: The draw told its time is up (as its clock knows it: WorkshopTime.on_table).
        self._warned_draw: tuple[int, int] | None = None
        self._shown_draw: int | None = None

    # --- layout ------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield StatusBar(self.session, id="status")
        with Horizontal(id="table"):
            with VerticalScroll(id="recipe-scroll"):
                yield RecipeCardView(id="recipe")
                yield Static(id="round-done")
            with Vertical(id="side"):
                with VerticalScroll(id="cohort-scroll"):
                    yield CohortCardView(id="cohort")
                yield ScorePanel(id="scores")
                yield Static(id="note")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#recipe-scroll").focus()
        self.set_interval(1.0, self._check_time)
        self.refresh_view()
        if not self.session.past:
            self._load_past()

    @work(thread=True, exclusive=True, group="past")
    def _load_past(self) -> None:
        """Earlier workshops' results, read once, off the screen's thread: reading
        every workshop of the folder must not hold up the table."""
        from cvo_workshop.service.backlog import past_results

        past = past_results(self.session.setup.organization, besides=self.running.path)
        self.app.call_from_thread(self._know_past, past)

    def _know_past(self, past: dict[str, list[PastResult]]) -> None:
        self._do(self.session.know_past, past)  # it may pre-fill the card on the table

    def on_screen_resume(self) -> None:
        self.refresh_view()

    def on_workshop_changed(self, message: WorkshopChanged) -> None:
        # From a key here or a change from outside the app (a vote): shown at once.
        self.refresh_view()

    # --- showing -----------------------------------------------------------
    def refresh_view(self) -> None:
        session = self.session
        state = session.state
        cur = state.current
        if cur is not None and cur.number != self._shown_draw:
            self._shown_draw = cur.number
            self.focus_index = self._first_unscored()
            self.buffer = ""
            self.query_one("#recipe-scroll", VerticalScroll).scroll_home(animate=False)
        recipe = self.query_one("#recipe", RecipeCardView)
        done = self.query_one("#round-done", Static)
        if cur is not None:
            recipe.display = True
            done.display = False
            recipe.show(
                cur.card,
                stretch=cur.stretch,
                again=cur.again,
                live=cur.card.id in state.setup.live,
                past=session.past.get(cur.card.id, ()),
            )
            cohort = self.query_one("#cohort", CohortCardView)
            cohort.show(state.setup.cohort(cur.cohort))
            # Its frame is the scroll's (draw.tcss): whole, whatever part of it shows.
            frame = self.query_one("#cohort-scroll")
            frame.border_title, frame.border_subtitle = cohort.border_title, cohort.border_subtitle
        else:
            recipe.display = False
            done.display = True
            done.update(self._round_done())
            self.query_one("#cohort", CohortCardView).show(None)
        self.query_one("#cohort-scroll").display = cur is not None
        self.query_one("#scores", ScorePanel).show(
            state, cur, focus=self.focus_index, voter=self.voter, buffer=self.buffer
        )
        self._show_notes()
        self.query_one(StatusBar).refresh()
        self.refresh_bindings()  # the keys and their words follow the table
        self.call_after_refresh(self._fit_side)

    def long_label(self, action: str) -> str | None:
        """The key bar's longer words, where it has room: whose scores are being
        typed when they are hidden ("typing for Ana: hidden"), so the facilitator
        knows the screen is blank on purpose; and what u takes back ("Undo:
        accepted draw 3"): the facilitator's own last action, never a phone's vote."""
        if action == "voter":
            cur = self.session.current
            if self.voter and cur is not None and cur.hides_votes:
                return f"typing for {self.voter}: hidden"
        elif action == "undo":
            # names and titles cut, the words around them whole; u's message says the rest
            what = self.session.next_undo(short=True, cut=UNDO_NAME)
            return f"Undo: {_short(what)}" if what else None
        return None

    def _show_notes(self) -> None:
        cur = self.session.current
        note = self.query_one("#note", Static)
        note.display = bool(cur and cur.note)
        if cur and cur.note:
            width = self.query_one("#side").content_size.width - 2  # (#note's padding)
            note.update(note_rows(cur, width if width > 0 else 32))

    def on_resize(self) -> None:
        self._show_notes()
        self.call_after_refresh(self._fit_side)

    def _fit_side(self) -> None:
        """Let the cohort card have the height the scores and the note leave."""
        if not self.is_current:
            # Called after a refresh, by when the screen may be gone (going home):
            # it fits itself again when it comes back (on_screen_resume).
            return
        side = self.query_one("#side")
        used = sum(
            w.outer_size.height
            for w in (self.query_one("#scores"), self.query_one("#note"))
            if w.display
        )
        room = max(4, side.content_size.height - used)
        scroll = self.query_one("#cohort-scroll")
        if scroll.styles.max_height is None or scroll.styles.max_height.value != room:
            scroll.styles.max_height = room

    def _round_done(self) -> Content:
        session = self.session
        state = session.state
        if state.ended:
            return Content("\n").join(
                [
                    Content.styled("The workshop has ended.", "bold"),
                    Content(""),
                    Content.assemble(("f2", "bold $accent"), ": the summary."),
                    Content.assemble(("u", "bold $accent"), ": undo the end and carry on."),
                    Content.assemble(("esc", "bold $accent"), ": back to the home screen."),
                ]
            )
        draws = state.round_draws()
        counts = {d.value: sum(1 for x in draws if x.decision is d) for d in Decision}
        live = sum(1 for x in draws if x.live and x.decision is None)
        if live:  # closed without a decision: counted, so the parts add up to the draws
            counts["already live"] = live
        plan = session.round_plan
        lines = [
            Content.styled(f"Round {state.round} ({plan.label}) is done.", "bold"),
            Content(
                ", ".join(f"{n} {what}" for what, n in counts.items())
                + f" of {counted(len(draws), 'draw')} this round."
            ),
        ]
        if state.dealt_in_round() < plan.cards:
            if session.cards is None:
                lines.append(
                    Content.styled("The deck cannot be read, so no card can be dealt.", "$warning")
                )
            elif state.improve:
                lines.append(
                    Content.styled(
                        f"No more live {plan.label.lower()} cards to improve: "
                        "i deals new cards again.",
                        "$text-muted",
                    )
                )
            else:
                lines.append(
                    Content.styled(
                        f"The deck has no more {plan.label.lower()} cards for this maturity level.",
                        "$text-muted",
                    )
                )
        lines.append(Content(""))
        if session.is_last_round:
            lines.append(
                Content.assemble(
                    ("Enter", "bold $accent"), ": finish the workshop and see the summary."
                )
            )
        else:
            nxt = state.setup.rounds[state.round]
            lines.append(
                Content.assemble(
                    ("Enter", "bold $accent"),
                    f": start round {state.round + 1} ({nxt.label}, {counted(nxt.cards, 'card')}).",
                )
            )
        lines.append(
            Content.assemble(("w", "bold $accent"), ": add a wildcard to this round first.")
        )
        lines.append(Content.assemble(("u", "bold $accent"), ": undo the last decision."))
        return Content("\n").join(lines)

    def _check_time(self) -> None:
        """Tell the facilitator once when a draw's time-box is used up; never block."""
        s = self.session.state
        cur = s.current
        budget = s.draw_budget()
        if cur is None or budget is None or self.session.paused:
            return
        if s.draw_elapsed(self.session.now()) > budget and self._warned_draw != s.time.on_table:
            self._warned_draw = s.time.on_table
            self.notify("Time is up for this draw: decide, or x for two more minutes.", timeout=6)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        session = self.session
        on_table = session.current is not None
        if action == "already_live":
            cur = session.current
            known = cur is not None and not cur.wildcard
            return True if known and cur.card.id not in session.setup.live else None  # type: ignore[union-attr]
        if action == "improve":  # i: the binding for the way cards are dealt now
            if parameters != (not session.state.improve,):
                return False
            return None if session.state.ended or session.cards is None else True
        if action in ("decide", "reject", "digit", "factor", "clear_factor", "note", "voter"):
            if action == "voter" and not session.setup.participants:
                return False
            return True if on_table else None
        if action == "reveal":
            return bool(session.current and session.current.hidden)
        if action == "revote":
            return True if session.current and session.current.gave else None
        if action == "proceed":
            return bool(self.buffer) or session.round_complete
        if action == "undo":
            return True if session.can_undo else None
        if action == "redo":  # (one that no longer fits says why: action_redo)
            return True if session.can_redo or session.redo_refused() else None
        if action == "wildcard":
            return None if session.state.ended else True
        if action == "pair_again":
            return True if on_table and session.unpaired_cohorts() else None
        if action == "end_round":
            return not session.state.ended
        return True

    # --- doing -------------------------------------------------------------
    def _do(self, fn, *args, **kwargs) -> bool:  # type: ignore[no-untyped-def]
        """Run a session action through the workshop's one door; say so if it was
        refused or could not be saved."""
        try:
            self.running.run(fn, *args, **kwargs)
        except SessionError as e:
            self.notify(str(e), severity="warning", markup=False)
            return False
        except OSError as e:
            self.notify(
                f"Could not save to {self.running.path}: {e}. Nothing was changed.",
                severity="error",
                markup=False,
                timeout=15,
            )
            return False
        finally:
            self.refresh_view()
        return True

    def action_decide(self, decision: str, reason: str = "") -> None:
        if self.buffer:
            self._commit_buffer()
        self._do(self.session.decide, Decision(decision), reason)

    def action_already_live(self) -> None:
        cur = self.session.current
        if cur is None:
            return
        if self.buffer and not self._commit_buffer():  # a typed number is kept, as on a decision
            return
        if self._do(self.session.already_live):
            self.notify(
                f"Already live: {cur.card.title} (not in the backlog; u undoes)",
                timeout=4,
                markup=False,
            )

    def action_improve(self, improve: bool) -> None:
        if self.buffer and not self._commit_buffer():
            return
        if self._do(self.session.set_improve, improve):
            if improve:
                live = len(self.session.setup.live)
                cards = "live card" if live == 1 else deal_mode(True)
                self.notify(
                    f"Improve what we have: the next cards come from the {live} {cards}",
                    timeout=4,
                )
            else:
                self.notify("Dealing new cards again", timeout=3)

    def action_reject(self) -> None:
        from cvo_workshop.tui.screens.note import NoteModal

        cur = self.session.current
        if cur is None:
            return

        def done(reason: str | None) -> None:
            if reason is not None:
                self.action_decide("rejected", reason)

        self.app.push_screen(
            NoteModal(
                f"Reject {cur.card.title!r}: why? (optional)",
                hint="Enter to reject (the reason may be empty), Escape to keep the card.",
            ),
            done,
        )

    def _asked(self) -> list[int]:
        """The factors the table asks for, by position: all of the framework's but
        RICE reach when the cohort gives it (shown, never scored)."""
        factors = self.session.spec.factors
        cur = self.session.current
        if cur is None:
            return list(range(len(factors)))
        asked = asked_factors(self.session.state, cur)
        return [n for n, f in enumerate(factors) if f.key in asked]

    def _next_factor(self) -> int:
        """The factor after the highlighted one, or itself when it is the last."""
        return next((n for n in self._asked() if n > self.focus_index), self.focus_index)

    def _first_unscored(self) -> int:
        """The first factor the one typing (the room, or the voter) has not scored:
        a resumed draw carries on there, and the next digit does not overwrite a score."""
        cur = self.session.current
        asked = self._asked()
        if cur is None:
            return asked[0]
        given = cur.by_participant.get(self.voter, {}) if self.voter else cur.consensus
        factors = self.session.spec.factors
        return next((n for n in asked if factors[n].key not in given), asked[0])

    @property
    def _factor(self):  # type: ignore[no-untyped-def]
        return self.session.spec.factors[self.focus_index]

    def action_digit(self, key: str) -> None:
        factor = self._factor
        if factor.entry == "number":
            if (key == "." and "." in self.buffer) or len(self.buffer) >= 6:
                self.app.bell()
                return
            self.buffer += key
            self.refresh_view()  # also refreshes the bindings: enter now ends the number
            return
        value = factor.from_key(key)
        if value is None:  # "6" on a five-choice impact: say which keys there are
            self.app.bell()
            self.notify(factor.key_problem(key), severity="warning", timeout=5, markup=False)
            return
        if self._do(self.session.score, factor.key, value, participant=self.voter):
            self.focus_index = self._next_factor()
            self.refresh_view()

    def _commit_buffer(self) -> bool:
        text, self.buffer = self.buffer, ""
        try:
            value = float(text)
        except ValueError:
            self.notify(f"{text!r} is not a number", severity="warning", markup=False)
            self.refresh_view()
            return False
        return self._do(self.session.score, self._factor.key, value, participant=self.voter)

    def action_factor(self, step: int) -> None:
        if self.buffer and not self._commit_buffer():
            return
        asked = self._asked()
        at = asked.index(self.focus_index) if self.focus_index in asked else 0
        self.focus_index = asked[(at + step) % len(asked)]
        self.refresh_view()

    def on_score_panel_factor_clicked(self, event: ScorePanel.FactorClicked) -> None:
        if self.buffer and not self._commit_buffer():
            return
        if event.index in self._asked():  # a factor the cohort gives is not scored
            self.focus_index = event.index
        self.refresh_view()

    def action_clear_factor(self) -> None:
        if self.buffer:
            self.buffer = self.buffer[:-1]
            self.refresh_view()
            return
        cur = self.session.current
        if cur is None:
            return
        key = self._factor.key
        has = key in cur.by_participant.get(self.voter, {}) if self.voter else key in cur.consensus
        if has:
            self._do(self.session.score, key, None, participant=self.voter)

    def action_voter(self) -> None:
        names = [None, *(p.name for p in self.session.setup.participants)]
        if self.buffer and not self._commit_buffer():
            return
        self.voter = names[(names.index(self.voter) + 1) % len(names)]
        self.focus_index = self._first_unscored()
        self.refresh_view()

    def action_reveal(self) -> None:
        if self.buffer and not self._commit_buffer():
            return
        cur = self.session.current
        if cur is not None and cur.hidden and self._do(self.session.reveal):
            self.notify("Scores revealed", timeout=3)

    def action_revote(self) -> None:
        from cvo_workshop.tui.screens.confirm import ConfirmModal

        self.buffer = ""
        cur = self.session.current
        if cur is None or not cur.gave:
            return
        number = cur.number

        def done(confirmed: bool | None) -> None:
            if confirmed and self._do(self.session.revote, draw=number):
                self.notify("Re-vote: everyone scores again", timeout=3)

        hidden = " They stay hidden until revealed." if cur.blind else ""
        self.app.push_screen(
            ConfirmModal(
                f"Re-vote on {cur.card.title!r}?",
                f"Clears the scores {counted(len(cur.gave), 'participant')} gave for this draw "
                f"(the room's own values stay).{hidden} Undo brings them back.",
                yes="Re-vote",
            ),
            done,
        )

    def action_join(self) -> None:
        from cvo_workshop.engine.setup import parse_participants
        from cvo_workshop.tui.screens.note import NoteModal

        def problem(text: str) -> str | None:
            """Why these cannot join: said in the dialog, which keeps the typing."""
            if not text.strip():
                return None  # Enter on nothing closes it, as Escape does
            try:
                return self.session.joining_problem(parse_participants(text))
            except ValidationError as e:
                return messages(e)[0]

        def done(text: str | None) -> None:
            if not text or not text.strip():
                return
            for p in parse_participants(text):
                if self._do(self.session.add_participant, p.name, p.role):
                    self.notify(f"{p.name} joined: v scores for them", timeout=4, markup=False)
            self.refresh_bindings()

        self.app.push_screen(
            NoteModal(
                "Who joins? Name (role)",
                hint="For example: Dana (Finance), or several separated by commas. "
                "Enter adds them, Escape cancels.",
                check=problem,
            ),
            done,
        )

    def action_note(self) -> None:
        from cvo_workshop.tui.screens.note import NoteModal

        cur = self.session.current
        if cur is None:
            return
        number = cur.number

        def done(text: str | None) -> None:
            if text is not None:
                self._do(self.session.note, text, draw=number)

        # The facilitator edits their own note; the phones' notes are listed above it.
        modal = NoteModal(
            f"Note on {cur.card.title!r}", cur.facilitator_note, notes=cur.phone_notes
        )
        self.app.push_screen(modal, done)

    def action_wildcard(self) -> None:
        from cvo_workshop.tui.screens.wildcard import WildcardModal, WildcardSpec

        session = self.session
        cur = session.current
        default_cohort = cur.cohort if cur else None

        def done(spec: WildcardSpec | None) -> None:
            if spec is not None:
                self._do(
                    session.add_wildcard, spec.title, spec.kind, spec.prompt, cohort=spec.cohort
                )

        self.app.push_screen(
            WildcardModal(session.setup.cohorts, session.round_plan.kind, default_cohort), done
        )

    def action_pair_again(self) -> None:
        from cvo_workshop.tui.screens.cohort_pick import CohortPickModal

        session = self.session
        cur = session.current
        if cur is None:
            return
        number, title = cur.number, cur.card.title

        def done(cohort: str | None) -> None:
            if cohort is not None and self._do(session.pair_again, cohort, draw=number):
                name = session.setup.cohort(cohort).name
                self.notify(f"{title} for {name} too: on the table now", timeout=3, markup=False)

        self.app.push_screen(
            CohortPickModal(f"{title}: also for which cohort?", session.unpaired_cohorts(number)),
            done,
        )

    def action_undo(self) -> None:
        self.buffer = ""
        what = self.session.next_undo()
        if what and self._do(self.session.undo):
            self.notify(f"Undone: {what}", timeout=3, markup=False)

    def action_redo(self) -> None:
        what = self.session.next_redo()
        if what is None:
            if why := self.session.redo_refused():
                self.notify(why, timeout=6, markup=False)
            return
        if self._do(self.session.redo):
            self.notify(f"Redone: {what}", timeout=3, markup=False)

    def action_timer(self) -> None:
        if self._do(self.session.toggle_timer):
            self.notify("Timers paused" if self.session.paused else "Timers running", timeout=2)

    def action_extend(self, scope: str) -> None:
        seconds = DRAW_EXTENSION if scope == "draw" else ROUND_EXTENSION
        if scope == "draw" and self.session.current is None:
            return
        if self._do(self.session.extend, scope, seconds):
            self.notify(f"{seconds // 60} more minutes for this {scope}", timeout=2)

    def action_proceed(self) -> None:
        if self.buffer:
            # Enter ends a typed number and moves on, as a digit on a scale does.
            if self._commit_buffer():
                self.focus_index = self._next_factor()
                self.refresh_view()
            return
        session = self.session
        if not session.round_complete:
            return
        if session.is_last_round:
            if self._do(session.finish):
                self.action_summary()
        else:
            self._do(session.next_round)

    def action_end_round(self) -> None:
        from cvo_workshop.tui.screens.confirm import ConfirmModal

        session = self.session
        if session.state.ended:
            return
        last = session.is_last_round
        left = session.round_plan.cards - session.state.dealt_in_round()
        cur = session.current
        detail = f"{counted(left, 'card')} of this round will not be dealt." if left > 0 else ""
        if cur is not None:
            detail += f" The card on the table ({cur.card.title}) stays undecided."
        detail += f" Undo brings the {'workshop' if last else 'round'} back."
        if last:
            title, yes = "End the workshop now?", "End workshop"
            detail += " The summary follows."
        else:
            title, yes = f"End round {session.state.round} now?", "End round"

        def done(confirmed: bool | None) -> None:
            if not confirmed:
                return
            if not last:
                self._do(session.next_round)
            elif self._do(session.finish):
                self.action_summary()

        self.app.push_screen(ConfirmModal(title, detail.strip(), yes=yes), done)

    def action_summary(self) -> None:
        from cvo_workshop.tui.screens.summary import SummaryScreen

        self.app.push_screen(SummaryScreen(self.running))

    def action_home(self) -> None:
        self.app.go_home()  # type: ignore[attr-defined]
