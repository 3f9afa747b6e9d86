"""The maturity questionnaire answered from the phones, as the facilitator follows it:
"5 of 7 finished", each person's progress (live, after every answer), and the
team's result as `assess score` computes it over the same response files."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from cvo_workshop.room.server import Room
from cvo_workshop.tui.messages import WorkshopChanged
from cvo_workshop.tui.styles import style
from cvo_workshop.tui.widgets.key_bar import KeyBar
from cvo_workshop.tui.widgets.text import lit

BAR = 20

#: What to do about a response file's answers not scored (engine/maturity.
#: unscored_earlier_words): in the room, the person answers again on their phone.
ASK_AGAIN_ON_THE_PHONE = "the phone page's Maturity questionnaire asks those statements again"


def progress_bar(answered: int, asked: int) -> Content:
    full = round(BAR * answered / asked) if asked else 0
    return Content.styled("█" * full + "░" * (BAR - full), "$accent")


class RoomAssessScreen(Screen[None]):
    """Who has answered how much of the questionnaire on their phone."""

    CSS_PATH = style("room_assess")
    HELP_TITLE = "Questionnaire from the phones"
    HELP = (
        "Participants answer the maturity questionnaire on their phones (Maturity "
        "questionnaire on the phone page), each into their own response file beside the "
        "workshop file. Finished: every statement answered (don't know and not applicable "
        "count). r scores the finished responses, a every response started, as "
        "`assess score` would."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "result(True)", "Result (finished)"),
        Binding("a", "result(False)", "Result (all started)"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, room: Room) -> None:
        super().__init__()
        self.room = room
        self._unsubscribe: Callable[[], None] | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="room-assess"):
            yield Static(Content.styled("Maturity questionnaire from the phones", "bold"))
            yield Static(id="finished")
            yield Static(id="people")
            yield Static(id="where")
        yield KeyBar()

    def on_mount(self) -> None:
        # Told after every answer is on disk, on the app's thread: shown at once.
        self._unsubscribe = self.room.questionnaire.subscribe(lambda _name: self.show())
        self.show()

    def on_unmount(self) -> None:
        if self._unsubscribe:
            self._unsubscribe()

    def on_workshop_changed(self, message: WorkshopChanged) -> None:
        self.show()  # someone joined: one more to finish

    def show(self) -> None:
        q = self.room.questionnaire
        progress = q.progress()
        self.query_one("#finished", Static).update(Content.styled(progress.words(), "bold $accent"))
        width = max((len(n) for n in progress.answered), default=0)
        lines = []
        for name, answered in progress.answered.items():
            mark = "finished" if answered == progress.asked else f"{answered} of {progress.asked}"
            if answered == 0:
                mark = "not started"
            lines.append(
                Content.assemble(
                    lit(name.ljust(width)), "  ", progress_bar(answered, progress.asked), "  ", mark
                )
            )
        self.query_one("#people", Static).update(Content("\n").join(lines))
        where = [f"Answers in {q.team.folder} (one file a person)."]
        where += [f"Left out, cannot be read: {u}" for u in q.team.unreadable]
        self.query_one("#where", Static).update(
            Content.styled(lit("\n".join(where)), "$text-muted")
        )

    def action_result(self, finished_only: bool) -> None:
        from cvo_workshop.tui.screens.maturity_result import MaturityResultScreen

        q = self.room.questionnaire
        progress = q.progress()
        chosen = progress.scored(finished_only)
        if not chosen:
            self.notify(
                "Nobody has finished yet: a scores those who have started."
                if finished_only and progress.started
                else "Nobody has answered yet.",
                markup=False,
            )
            return
        left = len(progress.started) - len(chosen)
        which = "finished" if finished_only else "started"
        files = "response" if len(chosen) == 1 else "responses"
        said = f"Scored the {len(chosen)} {which} {files}: {', '.join(chosen)}."
        if left:
            said += f" {left} not finished left out (a includes them)."
        notices = q.team.notices(q.people(), finished_only, advice=ASK_AGAIN_ON_THE_PHONE)
        self.app.push_screen(MaturityResultScreen(q.result(finished_only), q.bank, notices=notices))
        self.notify(said, markup=False)

    def action_back(self) -> None:
        self.app.pop_screen()
