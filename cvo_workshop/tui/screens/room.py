"""The room: the join address, a QR code and the short code, and who has scored.

`open_room` starts the room server in the app's event loop for the workshop the
app holds; the server stops when the workshop is closed (`close_room`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

import segno
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from cvo_workshop.engine.session import SessionError
from cvo_workshop.engine.summary import present_voters, revealed_word, scored_words
from cvo_workshop.room.keys import RoomKeys
from cvo_workshop.room.options import RoomOptions
from cvo_workshop.room.server import Proposal, Room
from cvo_workshop.service.workshop import RunningWorkshop
from cvo_workshop.tui.messages import WorkshopChanged
from cvo_workshop.tui.screens.dialog import Dialog
from cvo_workshop.tui.screens.wildcard import WildcardModal, WildcardSpec
from cvo_workshop.tui.styles import style
from cvo_workshop.tui.widgets.key_bar import KeyBar
from cvo_workshop.tui.widgets.text import lit

if TYPE_CHECKING:
    from textual.app import App

_HALF = {(True, True): "█", (True, False): "▀", (False, True): "▄", (False, False): " "}


def qr_text(url: str) -> Text:
    """The QR code of `url` in half blocks, dark on light (what phone cameras read)."""
    rows = [list(map(bool, row)) for row in segno.make(url, error="l").matrix_iter(border=2)]
    if len(rows) % 2:
        rows.append([False] * len(rows[0]))
    lines = [
        "".join(_HALF[a, b] for a, b in zip(top, bottom, strict=True))
        for top, bottom in zip(rows[::2], rows[1::2], strict=True)
    ]
    return Text("\n".join(lines), style="black on white", no_wrap=True)


def scored_line(room: Room) -> str:
    session = room.session
    cur = session.current
    if session.state.ended:
        return "The workshop has ended: the room is closed."
    if cur is None:
        return "No card on the table."
    voters = present_voters(session.state, cur)
    line = scored_words(session.state, cur)
    if voters:
        line += ": " + ", ".join(voters)
    # Blind: hidden, then shown, as the table's score panel says ("1 of 2 scored, shown";
    # "0 of 2 scored, revealed" while nobody has).
    if cur.hidden:
        line += " (hidden until you reveal)"
    elif cur.blind and cur.revealed:
        line += f" ({revealed_word(session.state, cur)})"
    return line


async def open_room(app: App[Any], running: RunningWorkshop, options: RoomOptions) -> Room:
    """Start the room server for `running` in the app's loop."""

    def proposed(proposal: Proposal) -> None:
        add = _accept(app, running)

        def done(spec: WildcardSpec | None) -> None:
            room.settled(proposal)  # looked at, added or not: its author may send another
            add(spec)

        app.push_screen(ProposalModal(running, proposal), done)

    keys = RoomKeys.for_workshop(running.path)
    if keys.replaced:
        app.notify(keys.replaced, title="New room link", severity="warning", markup=False)
    room = Room(
        running,
        keys,
        host=options.host,
        port=options.port,
        auto_reveal=options.auto_reveal,
        on_proposal=proposed,
    )
    await room.start()
    if room.moved:
        app.notify(room.moved, title="New room link", severity="warning", markup=False)
    return room


def _accept(app: App[Any], running: RunningWorkshop):  # type: ignore[no-untyped-def]
    def done(spec: WildcardSpec | None) -> None:
        if spec is None:
            return
        session = running.session
        try:
            running.run(
                session.add_wildcard, spec.title, spec.kind, spec.prompt, cohort=spec.cohort
            )
        except (SessionError, OSError) as e:  # refused, or the disk failed: as the table says
            app.notify(str(e), title="Wildcard not added", severity="error", markup=False)

    return done


class ProposalModal(WildcardModal):
    """A participant's wildcard, filled in: the facilitator adds it to the table or not."""

    HELP = (
        "A participant proposes this wildcard from their phone: change what you like. "
        "Enter in Title or Prompt, or ctrl+s anywhere, adds it to the table (as Add does); "
        "Tab moves between the fields; Escape does not add it (its author may send another)."
    )

    def __init__(self, running: RunningWorkshop, proposal: Proposal) -> None:
        session = running.session
        cur = session.current
        super().__init__(
            session.setup.cohorts, session.round_plan.kind, cur.cohort if cur else None
        )
        self.proposal = proposal

    def on_mount(self) -> None:
        self.query_one(".dialog-title", Static).update(
            Content(lit(f"{self.proposal['by']} proposes a wildcard"))
        )
        self.query_one("#title", Input).value = self.proposal["title"]
        self.query_one("#prompt", Input).value = self.proposal["prompt"]
        self.query_one("#title", Input).focus()


class RoomLine(Static):
    """One line on the table while the room is open: who has scored, live."""

    DEFAULT_CSS = "RoomLine { height: auto; padding: 0 1; background: $boost; }"

    def __init__(self, room: Room) -> None:
        super().__init__(id="room-line")
        self.room = room
        self._unsubscribe: Callable[[], None] | None = None

    def on_mount(self) -> None:
        # Told after every change, on the app's thread: a phone's vote shows at once.
        self._unsubscribe = self.room.workshop.subscribe(lambda _events: self.show())
        self.show()

    def on_unmount(self) -> None:
        if self._unsubscribe:
            self._unsubscribe()

    def show(self) -> None:
        self.update(Content(lit(f"Room {self.room.keys.code}: {scored_line(self.room)}")))


def show_on_table(app: App[Any], room: Room) -> None:
    """Put the room's line on the table screens under the room screen."""
    from cvo_workshop.tui.screens.draw import DrawScreen

    for screen in app.screen_stack:
        if isinstance(screen, DrawScreen) and not screen.query(RoomLine):
            screen.mount(RoomLine(room), before=screen.query_one(KeyBar))


class RoomScreen(Screen[None]):
    """Where phones join, and who has scored the card on the table."""

    CSS_PATH = style("room")
    HELP_TITLE = "The room"
    HELP = (
        "Participants join from their phones: scan the code, or open the address and type "
        "the short code. Votes stay hidden until you reveal them on the table. A name is "
        "taken by the first phone that picks it; f frees it (a phone lost its link or "
        "changed hands), so the person can join again. x removes a name: someone who has "
        "left, or a second name one person joined under; they stop counting among those "
        "who score (their votes so far stay), their phone is signed out, and u on the "
        "table undoes it: the phone is theirs again without joining, if no other phone took "
        "the name meanwhile. m follows the maturity "
        "questionnaire people answer on their phones: who has finished, and the team's result."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back to table"),
        Binding("m", "questionnaire", "Questionnaire"),  # tui/screens/room_assess.py
        Binding(
            "f",
            "free_name",
            "Free a name",
            tooltip="Free a name a phone has taken, so the person can join again by name",
        ),
        Binding(
            "x",
            "remove_name",
            "Remove a name",
            tooltip="Remove someone who has left: they stop counting among those who score",
        ),
    ]

    def __init__(self, room: Room) -> None:
        super().__init__()
        self.room = room
        self._unwatch: Callable[[], None] | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="room"):
            yield Static(qr_text(self.room.join_url), id="qr")
            with Vertical(id="join"):
                yield Static(Content.styled("Join from your phone", "bold"))
                yield Static(Content(self.room.join_url), id="url")
                yield Static(Content(f"or open {self.room.landing_url} and type"))
                yield Static(Content.styled(self.room.keys.code, "bold reverse"), id="code")
                if self.room.local_only:
                    yield Static(
                        Content(
                            "Only this computer can open this address: to let phones in, "
                            "open the workshop with --room --host 0.0.0.0"
                        ),
                        id="reach",
                    )
                yield Static(id="scored")
                yield Static(id="people")
        yield KeyBar()

    def on_mount(self) -> None:
        # A phone joining or going changes no workshop event: the room says so itself.
        self._unwatch = self.room.watch(self._refresh)
        self._refresh()

    def on_unmount(self) -> None:
        if self._unwatch:
            self._unwatch()

    def on_workshop_changed(self, message: WorkshopChanged) -> None:
        self._refresh()

    def _refresh(self) -> None:
        names = self.room.session.setup.participants
        joined = self._claimed()
        here = len(self.room.connected)
        self.query_one("#scored", Static).update(Content(lit(scored_line(self.room))))
        self.query_one("#people", Static).update(
            Content(lit(f"Joined on a phone: {len(joined)} of {len(names)} ({here} connected)"))
        )
        self.refresh_bindings()  # f (free a name) only while a phone holds one

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_questionnaire(self) -> None:
        from cvo_workshop.tui.screens.room_assess import RoomAssessScreen

        self.app.push_screen(RoomAssessScreen(self.room))

    def _claimed(self) -> list[str]:
        people = [p.name for p in self.room.session.setup.participants]
        return [name for name in people if self.room.keys.claimed(name, people)]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "free_name":
            return True if self._claimed() else None
        if action == "remove_name":
            return True if self.room.session.setup.participants else None
        return True

    def action_free_name(self) -> None:
        from cvo_workshop.tui.screens.confirm import ConfirmModal

        def confirmed(name: str, yes: bool | None) -> None:
            if yes:
                self.run_worker(self._free(name))

        def picked(name: str | None) -> None:
            if name is None:
                return
            self.app.push_screen(
                ConfirmModal(
                    f"Free {name}'s name?",
                    f"The phone that joined as {name} is signed out at once and its link stops "
                    f"working. {name} can then join again by name, on any phone. Their votes "
                    "so far stay.",
                    yes="Free the name",
                ),
                lambda yes: confirmed(name, yes),
            )

        self.app.push_screen(NamePickModal("Free which name?", self._claimed()), picked)

    def action_remove_name(self) -> None:
        from cvo_workshop.tui.screens.confirm import ConfirmModal

        def confirmed(name: str, yes: bool | None) -> None:
            if yes:
                self._remove(name)

        def picked(name: str | None) -> None:
            if name is None:
                return
            self.app.push_screen(
                ConfirmModal(
                    f"Remove {name}?",
                    f"{name} no longer counts among those who score: “N of M scored” and "
                    f"the auto-reveal go by the others. Their votes so far stay. A phone that "
                    f"joined as {name} is signed out; it can join again as someone new. "
                    "u on the table undoes it: the phone is theirs again without joining, if no "
                    "other phone took the name meanwhile.",
                    yes="Remove",
                ),
                lambda yes: confirmed(name, yes),
            )

        people = [p.name for p in self.room.session.setup.participants]
        self.app.push_screen(NamePickModal("Remove which name?", people), picked)

    def _remove(self, name: str) -> None:
        running = self.room.workshop
        try:
            running.run(running.session.remove_participant, name)
        except (SessionError, OSError) as e:  # refused, or the disk failed
            self.notify(str(e), title="Not removed", severity="error", markup=False)
            return
        self.notify(f"{name} has left the workshop (u on the table undoes it).", markup=False)
        self._refresh()

    async def _free(self, name: str) -> None:
        await self.room.release(name)
        self.notify(f"{name} can join again by name.", timeout=4, markup=False)
        self._refresh()


class NamePickModal(Dialog[str | None]):
    """Pick one participant's name; None if cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, names: list[str]) -> None:
        super().__init__()
        self.title_text = title
        self.names = names

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content.styled(lit(self.title_text), "bold"), classes="dialog-title")
            yield OptionList(
                *[Option(Content(lit(n)), id=str(i)) for i, n in enumerate(self.names)]
            )
            yield Static(
                Content.styled("Arrows and Enter choose; Escape cancels.", "$text-muted"),
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.names[int(event.option.id or 0)])

    def action_cancel(self) -> None:
        self.dismiss(None)
