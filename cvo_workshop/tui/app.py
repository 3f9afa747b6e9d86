"""The Textual app: the home screen, setting up a workshop, the draws, the summary."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, ClassVar, Literal

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from cvo_workshop.engine.clock import utc_now
from cvo_workshop.tui.commands import ScreenCommands
from cvo_workshop.tui.styles import style

# The home screen comes up without pydantic and the workshop records: they
# load when a workshop is opened. Start-up time is a feature.
if TYPE_CHECKING:
    from collections.abc import Iterable

    from rich.console import RenderableType

    from cvo_workshop.engine.clock import Clock
    from cvo_workshop.engine.setup import SetupRequest
    from cvo_workshop.model.card import CohortCard
    from cvo_workshop.model.deck import Deck
    from cvo_workshop.model.workshop import Event
    from cvo_workshop.room.options import RoomOptions
    from cvo_workshop.room.server import Room
    from cvo_workshop.service.workshop import DamagedJournal, RunningWorkshop


@dataclass
class Hooks:
    """Entries on the home screen that other parts of the product fill in.

    `assessment` opens the maturity assessment (built on another branch);
    `export` opens backlog and PDF export. While one is None, its entry says
    honestly that it is not available yet."""

    assessment: Callable[..., Screen] | None = None
    export: Callable[[WorkshopApp, Path | None], Screen] | None = None


def assessment_screen(app: App, organization: str | None = None) -> Screen:
    """The home screen's "Assess maturity": the team answers together, in the file of
    the organization (asked first when not given); its unfinished one is resumed."""
    from cvo_workshop.model.problem import InputError
    from cvo_workshop.tui.screens.message import MessageModal

    if not organization:
        return _ask_organization()
    try:
        return questionnaire_screen(None, "Team", "", organization=organization)
    except InputError as e:
        return MessageModal("Assess maturity", "\n".join(str(p) for p in e.problems))


def _ask_organization() -> Screen:
    from textual.widgets import Input

    from cvo_workshop.tui.screens.note import NoteModal

    class OrganizationModal(NoteModal):
        def on_input_submitted(self, event: Input.Submitted) -> None:
            event.prevent_default()  # NoteModal's handler would dismiss with the text
            organization = event.value.strip()
            if organization:
                self.app.switch_screen(assessment_screen(self.app, organization))

    return OrganizationModal(
        "Which organization is assessed?",
        hint="Its answers are kept apart from other clients'. Enter to go on, Escape to cancel.",
    )


def questionnaire_screen(
    path: Path | None,
    respondent: str | None,
    role: str,
    bank_path: Path | None = None,
    organization: str | None = None,
) -> Screen:
    """The questionnaire for `path` (default: the respondent's unfinished file for the
    organization, or a new one of today), resumed where it stopped if the file exists.
    The file is locked while the screen is up. InputError if a file cannot be read,
    is another respondent's or organization's, or is being answered elsewhere."""
    from cvo_workshop.service.assessments import open_response
    from cvo_workshop.tui.screens.questionnaire import QuestionnaireScreen

    answering = open_response(path, respondent, role, bank_path, organization)
    screen = QuestionnaireScreen(answering.bank, answering.response, answering.path)
    screen.file_lock = answering.lock
    return screen


def backlog_screen(app: WorkshopApp, path: Path | None) -> Screen:
    """The home screen's "Export the backlog": the latest workshop's backlog, to groom
    and export (its file is opened for the edits, as on resume)."""
    from cvo_workshop.model.problem import InputError
    from cvo_workshop.service.workshop import resume
    from cvo_workshop.tui.screens.grooming import GroomingScreen
    from cvo_workshop.tui.screens.message import MessageModal

    if path is None:
        return MessageModal(
            "Export the backlog",
            "No workshop yet: start one (n), accept some pairings, then export.",
        )
    try:
        running = resume(path, clock=app.clock)
    except InputError as e:
        return MessageModal("Export the backlog", "\n".join(str(p) for p in e.problems))
    app.hold(running)
    return GroomingScreen(running)


Start = Literal["home", "setup", "running"]


class WorkshopApp(App[None]):
    TITLE = "cvo-workshop"
    # Shared styles; each screen brings its own (CSS_PATH), parsed when first
    # shown. Textual does not load the first (default) screen's CSS_PATH, so
    # __init__ adds that one here.
    CSS_PATH: ClassVar[list[str | PurePath]] = [style("app")]
    COMMANDS = App.COMMANDS | {ScreenCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("f1", "help", "Help", show=False),
        Binding("q", "quit", "Quit"),
        Binding("ctrl+o", "open_room", "Room", show=False),  # in the palette and help
    ]

    def __init__(
        self,
        *,
        start: Start = "home",
        running: RunningWorkshop | None = None,
        request: SetupRequest | None = None,
        deck: Deck | None = None,
        deck_path: Path | None = None,
        output: Path | None = None,
        clock: Clock | None = None,
        hooks: Hooks | None = None,
        cohorts: list[CohortCard] | None = None,
    ):
        super().__init__()
        self.css_path = [*self.css_path, style("home")]
        self.start = start
        self.running = running
        self.clock = clock or utc_now
        self.hooks = hooks or Hooks(assessment=assessment_screen, export=backlog_screen)
        #: A screen to open first instead of home (`assess run`), closing with the app.
        self.first: Screen | None = None
        self._new = (request, deck, deck_path, output)
        #: The cohorts the setup screen offers (an RFM cohort file's); None: the deck's.
        self._cohorts = cohorts
        #: Lines to print after the app exits (where the file is, how to resume).
        self.messages: list[str] = []
        #: What the command line warned of before the app covered the terminal (an
        #: attached file's answers not scored, say): said again on screen as it opens.
        self.warnings: list[str] = []
        #: Changes that could not be saved, printed first after exit (to paste back).
        self.unsaved: list[str] = []
        self._unsubscribe: Callable[[], None] | None = None
        #: `--room`: open the room (tui/screens/room.py) once a workshop is held.
        self.room_options: RoomOptions | None = None
        self.room: Room | None = None
        self._room_stopping: asyncio.Task[None] | None = None
        #: Set once the app starts exiting: from then on input is dropped.
        self.leaving = False

    # --- ways in ---------------------------------------------------------
    @classmethod
    def home(cls, **kw: object) -> WorkshopApp:
        return cls(start="home", **kw)  # type: ignore[arg-type]

    @classmethod
    def for_new(
        cls,
        request: SetupRequest,
        deck: Deck,
        deck_path: Path | None,
        output: Path | None,
        **kw: object,
    ) -> WorkshopApp:
        """`workshop new` without --yes: the setup screen, filled in with what was given."""
        return cls(
            start="setup",
            request=request,
            deck=deck,
            deck_path=deck_path,
            output=output,
            **kw,  # type: ignore[arg-type]
        )

    @classmethod
    def for_running(cls, running: RunningWorkshop, **kw: object) -> WorkshopApp:
        return cls(start="running", running=running, **kw)  # type: ignore[arg-type]

    # --- app -------------------------------------------------------------
    def get_theme_variable_defaults(self) -> dict[str, str]:
        # Kind colors readable on dark and light themes; cards also carry a text label.
        return {
            "kind-automation": "#2a9d8f",
            "kind-customization": "#9b5de5",
            "kind-personalization": "#e07a1f",
            "kind-cohort": "#3a86ff",
        }

    def get_default_screen(self) -> Screen:
        # Home is always at the bottom of the stack, whatever the app opened with
        # (on_mount pushes that screen over it before the first frame): going home
        # is then popping back to it. Textual cannot switch away from a default
        # screen (`switch_screen` there fails on an empty list).
        from cvo_workshop.tui.screens.home import HomeScreen

        return HomeScreen()

    def _check_saving(self) -> None:
        """Retry saving what the disk refused; say when it fails and when it works again."""
        news = self.running.retry_saving() if self.running is not None else None
        if news is None:
            return
        if news.saved:
            self.notify(news.message, timeout=5, markup=False)
        else:
            self.notify(
                news.message, title="Saving failed", severity="error", timeout=15, markup=False
            )

    def _heartbeat(self) -> None:
        """Note in the file, now and then, that the workshop is open: its time counts."""
        if self.running is not None:
            self.running.heartbeat()

    def watch_theme(self, theme: str) -> None:
        # Remembered for next time (the palette's theme commands, or ctrl+p > theme).
        if getattr(self, "_theme_restored", False):
            from cvo_workshop.store.paths import save_setting

            save_setting("theme", theme)

    def _restore_theme(self) -> None:
        from cvo_workshop.store.paths import load_settings

        saved = load_settings().get("theme")
        if isinstance(saved, str) and saved in self.available_themes:
            self.theme = saved
        self._theme_restored = True

    def on_mount(self) -> None:
        self._restore_theme()
        self.set_interval(1.0, self._check_saving)
        self.set_interval(1.0, self._heartbeat)
        for warning in self.warnings:
            self.notify(warning, severity="warning", timeout=20, markup=False)
        if self.first is not None:
            self.push_screen(self.first)
        elif self.running is not None:
            self.show_running(self.running)
        elif self.start == "setup":
            from cvo_workshop.tui.screens.setup import SetupScreen

            request, deck, deck_path, output = self._new
            self.push_screen(
                SetupScreen(
                    request=request,
                    deck=deck,
                    deck_path=deck_path,
                    output=output,
                    cohorts=self._cohorts,
                )
            )

    def resume_workshop(self, path: Path, *, salvage: bool = False) -> bool:
        from cvo_workshop.model.problem import InputError
        from cvo_workshop.service.workshop import DamagedJournal, resume

        try:
            running = resume(path, salvage=salvage, clock=self.clock)
        except DamagedJournal as e:
            self._offer_salvage(path, e)
            return False
        except InputError as e:
            text = "\n".join(str(p) for p in e.problems)
            self.notify(text, severity="error", markup=False, timeout=10)
            return False
        self.show_running(running)
        return True

    def _offer_salvage(self, path: Path, damage: DamagedJournal) -> None:
        """A damaged line in the middle: offer to keep what comes before it."""
        from cvo_workshop.tui.screens.confirm import ConfirmModal

        def done(yes: bool | None) -> None:
            if yes:
                self.resume_workshop(path, salvage=True)

        self.push_screen(
            ConfirmModal(
                "This workshop file is damaged",
                f"{damage.problems[0]}\n\nKeep the {len(damage.kept)} events before line "
                f"{damage.line} and carry on? A copy of the file as it is now is kept beside "
                "it first. (The same as `cvo-workshop workshop resume --salvage`.)",
                yes="Keep them",
            ),
            done,
        )

    def hold(self, running: RunningWorkshop) -> None:
        """Make `running` the app's workshop (closing the one before): the app owns it
        from now on, and every change to it, from a key or from outside, is posted
        to the screens showing it."""
        import asyncio

        from cvo_workshop.store.workshops import remember

        if self.running is not running:
            self.close_running()
            self.running = running
        if self._unsubscribe is None:  # not held yet (`for_running` only names it)
            running.own(asyncio.get_running_loop().call_soon_threadsafe)
            self._unsubscribe = running.subscribe(self._workshop_changed)
        if self.room_options is not None and self.room is None:
            self.call_later(self.action_open_room)
        # The app's recent list holds what a person opened, nothing a test or a
        # script started through the service.
        remember(running.path)

    def _workshop_changed(self, events: tuple[Event, ...]) -> None:
        """Tell the screens that can be seen: the top one and those under its modals."""
        from textual.screen import ModalScreen

        from cvo_workshop.tui.messages import WorkshopChanged

        for screen in reversed(self.screen_stack):
            screen.post_message(WorkshopChanged(events))
            if not isinstance(screen, ModalScreen):
                break

    def show_running(self, running: RunningWorkshop, *, replace: bool = False) -> None:
        """Put an open workshop on screen (its draws, or its summary if it ended).

        `replace` puts it in place of the screen on top (the setup form)."""
        from cvo_workshop.tui.screens.draw import DrawScreen

        self.hold(running)
        if replace:
            self.switch_screen(DrawScreen(running))
        else:
            self.push_screen(DrawScreen(running))
        if running.session.state.ended:
            from cvo_workshop.tui.screens.summary import SummaryScreen

            self.push_screen(SummaryScreen(running))
        warnings = [*running.notes, *running.deck.lines()]
        if warnings:
            from cvo_workshop.tui.screens.message import MessageModal

            self.push_screen(MessageModal("Before you carry on", "\n".join(warnings)))

    def close_running(self) -> None:
        running, self.running = self.running, None
        if running is None:
            return
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        if self.room is not None:
            self.room.halt()  # no phone reaches the workshop once it is closed
            room, self.room = self.room, None
            try:  # free the port now if the loop still runs (it does not after exit)
                loop = asyncio.get_running_loop()
            except RuntimeError:
                pass
            else:
                self._room_stopping = loop.create_task(room.stop())
        unsaved = running.close()
        if unsaved is not None:
            self.unsaved.append(unsaved.message())
        self.messages.append(
            f"Workshop saved in {running.path}\n"
            f"Resume it with: cvo-workshop workshop resume {running.path}"
        )

    def go_home(self) -> None:
        """Close the workshop (it is saved) and go back to the home screen."""
        from cvo_workshop.tui.screens.home import HomeScreen

        self.close_running()
        while len(self.screen_stack) > 1:  # home is the bottom one (get_default_screen)
            self.pop_screen()
        home = self.screen
        assert isinstance(home, HomeScreen)
        home.refresh_recent()

    async def action_open_room(self) -> None:
        """Start the room server for the workshop on the table (once), and show how to join."""
        from cvo_workshop.room.keys import UNSAVED, unsaved_words
        from cvo_workshop.room.options import RoomOptions
        from cvo_workshop.tui.screens.room import RoomScreen, open_room, show_on_table

        if self.running is None:
            self.notify("Open a workshop first: the room joins the workshop on the table.")
            return
        if self.room is None:
            try:
                self.room = await open_room(self, self.running, self.room_options or RoomOptions())
            except UNSAVED as e:  # the port, or the room's file (FILE.room.json)
                self.notify(
                    f"The room could not open: {unsaved_words(e)}", severity="error", markup=False
                )
                return
            show_on_table(self, self.room)
        self.push_screen(RoomScreen(self.room))

    def action_help(self) -> None:
        from cvo_workshop.tui.screens.help import HelpModal

        if not isinstance(self.screen, HelpModal):
            self.push_screen(HelpModal(self.screen))

    def exit(
        self, result: None = None, return_code: int = 0, message: RenderableType | None = None
    ) -> None:
        self.leaving = True
        super().exit(result, return_code, message)

    async def on_event(self, event: events.Event) -> None:
        # Keys pressed after q (or a click) would run their actions while the
        # screens are being taken down: once the app is leaving it takes no input.
        if self.leaving and isinstance(event, events.InputEvent):
            return
        await super().on_event(event)

    async def action_quit(self) -> None:
        self.close_running()
        self.exit()

    def action_theme_dark(self) -> None:
        self.theme = "textual-dark"

    def action_theme_light(self) -> None:
        self.theme = "textual-light"

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Dark theme", "Light text on a dark background", self.action_theme_dark)
        yield SystemCommand(
            "Light theme", "Dark text on a light background", self.action_theme_light
        )

    def report(self) -> None:
        """After the app exits: say where the workshop is saved; if the app ended in
        an error (its traceback is printed by Textual), exit with its non-zero code."""
        import click

        self.close_running()
        # Unsaved changes first (they must not scroll away), then where the last
        # workshop is saved.
        for message in self.unsaved:
            click.echo(message, err=True)
        for message in self.messages[-1:]:
            click.echo(message)
        if self.return_code:
            raise SystemExit(self.return_code)
