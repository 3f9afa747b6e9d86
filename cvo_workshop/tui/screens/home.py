"""The home screen: start a workshop, resume one, assess maturity, browse the deck, export."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

if TYPE_CHECKING:
    from cvo_workshop.store.workshops import RecentWorkshop

from cvo_workshop.tui.keys import LongLabels
from cvo_workshop.tui.styles import style
from cvo_workshop.tui.widgets.key_bar import KeyBar
from cvo_workshop.tui.widgets.text import lit

NOT_YET_ASSESS = (
    "Assessing maturity is not available in this version yet.\n\n"
    "For now, set the organization's maturity level by hand when you set up a "
    "workshop: cards more than one level above it are held back, and cards one "
    "level up are marked stretch."
)
NOT_YET_EXPORT = (
    "Exporting the backlog (CSV, Markdown, PDF report) is not available in this "
    "version yet.\n\nMeanwhile every draw, decision and score is in the workshop "
    "file; `cvo-workshop workshop summary FILE --format json` prints them."
)


def _menu_item(key: str, title: str, note: str = "") -> Content:
    parts: list[str | tuple[str, str]] = [
        (f" {key} ", "bold reverse $accent"),
        "  ",
        (title, "bold"),
    ]
    if note:
        parts.append(("  " + note, "$text-muted"))
    return Content.assemble(*parts)


class HomeScreen(LongLabels, Screen[None]):
    CSS_PATH = style("home")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new", "New"),
        Binding("r", "resume_latest", "Resume"),
        Binding("a", "assess", "Assess"),
        Binding("b", "browse", "Deck"),
        Binding("e", "export", "Export"),
    ]
    LONG_LABELS: ClassVar[dict[str, str]] = {
        "new": "New workshop",
        "resume_latest": "Resume latest",
        "assess": "Assess maturity",
        "browse": "Browse deck",
    }

    def __init__(self) -> None:
        super().__init__()
        self.recent: list[RecentWorkshop] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="home"):
            yield Static(
                Content.assemble(
                    ("cvo-workshop", "bold $accent"),
                    "  progressive-personalization workshops: deal recipe cards against "
                    "cohorts, score and decide as a team.",
                ),
                id="banner",
            )
            yield OptionList(id="menu")
            yield Static(Content.styled("Recent workshops", "bold"), id="recent-title")
            yield OptionList(id="recent")
        yield KeyBar()

    def on_mount(self) -> None:
        self._fill_menu()
        self.refresh_recent()
        self.query_one("#menu", OptionList).focus()

    def _fill_menu(self) -> None:
        menu = self.query_one("#menu", OptionList)
        menu.clear_options()
        hooks = self.app.hooks  # type: ignore[attr-defined]
        latest = self._latest()
        menu.add_options(
            [
                Option(
                    _menu_item("n", "New workshop", "set up, then deal the first card"), id="new"
                ),
                Option(
                    _menu_item(
                        "r",
                        "Resume the latest",
                        lit(self._resume_words(latest)) if latest else "no workshop yet",
                    ),
                    id="resume",
                    disabled=latest is None,
                ),
                Option(
                    _menu_item(
                        "a",
                        "Assess maturity",
                        "the team answers, then the result"
                        if hooks.assessment
                        else "not yet available",
                    ),
                    id="assess",
                ),
                Option(
                    _menu_item("b", "Browse the deck", "every recipe and cohort card"), id="browse"
                ),
                Option(
                    _menu_item(
                        "e",
                        "Export the backlog",
                        "groom the latest workshop's backlog; report, cards, CSV"
                        if hooks.export
                        else "not yet available",
                    ),
                    id="export",
                ),
            ]
        )
        menu.highlighted = 1 if latest else 0

    def _latest(self) -> RecentWorkshop | None:
        """What r opens: the latest workshop not ended (store.workshops.to_resume)."""
        if not self.recent:  # (the records load in the list's worker, not at start-up)
            return None
        from cvo_workshop.store.workshops import to_resume

        return to_resume(self.recent)

    @staticmethod
    def _resume_words(latest: RecentWorkshop) -> str:
        """The workshop r opens, as the list shows it: "Acme · round 2 · worked on ..."."""
        if latest.problem:
            return latest.name
        state = "ended" if latest.ended else f"round {latest.round}"
        return f"{latest.name} · {state} · {latest.worked_words()}"

    def refresh_recent(self) -> None:
        self._load_recent()

    @work(thread=True, exclusive=True, group="recent")
    def _load_recent(self) -> None:
        from cvo_workshop.store.workshops import recent_workshops

        # The one worked on last first, its time shown as the list is ordered.
        self.app.call_from_thread(self._show_recent, recent_workshops())

    def _show_recent(self, found: list[RecentWorkshop]) -> None:
        self.recent = found
        lst = self.query_one("#recent", OptionList)
        lst.clear_options()
        for i, info in enumerate(found):
            if info.problem:
                body = Content.assemble(
                    (lit(info.path.name), "bold"), "\n  ", (lit(info.problem), "$error")
                )
            else:
                state = "ended" if info.ended else f"round {info.round}"
                body = Content.assemble(
                    (lit(info.name), "bold"),
                    (f" · {info.worked_words()}", "bold"),
                    (f"  {info.decided} of {info.draws} draws decided · {state}", "$text-muted"),
                    "\n  ",
                    (f"{info.started_words()} · {lit(str(info.path))}", "$text-muted"),
                )
            lst.add_option(Option(body, id=str(i)))
        if not found:
            lst.add_option(
                Option(
                    Content.styled("None yet: press n to start one.", "$text-muted"), disabled=True
                )
            )
        highlighted = self.query_one("#menu", OptionList).highlighted
        self._fill_menu()
        if highlighted is not None and self.recent:
            self.query_one("#menu", OptionList).highlighted = highlighted

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id == "menu":
            actions = {
                "new": "new",
                "resume": "resume_latest",
                "assess": "assess",
                "browse": "browse",
                "export": "export",
            }
            action = actions.get(event.option.id or "")
            if action:
                self.call_later(self.run_action, action)
        elif event.option.id is not None:
            self._resume(self.recent[int(event.option.id)].path)

    def _resume(self, path: Path) -> None:
        self.app.resume_workshop(path)  # type: ignore[attr-defined]

    def action_new(self) -> None:
        from cvo_workshop.tui.screens.setup import SetupScreen

        self.app.push_screen(SetupScreen())

    def action_resume_latest(self) -> None:
        latest = self._latest()
        if latest is not None and not latest.problem:
            self._resume(latest.path)
        elif latest is not None:
            self.notify(latest.problem or "", severity="error", markup=False)

    def action_assess(self) -> None:
        from cvo_workshop.tui.screens.message import MessageModal

        hook = self.app.hooks.assessment  # type: ignore[attr-defined]
        if hook is None:
            self.app.push_screen(MessageModal("Assess maturity", NOT_YET_ASSESS))
        else:
            self.app.push_screen(hook(self.app))

    def action_export(self) -> None:
        from cvo_workshop.tui.screens.message import MessageModal

        hook = self.app.hooks.export  # type: ignore[attr-defined]
        if hook is None:
            self.app.push_screen(MessageModal("Export the backlog", NOT_YET_EXPORT))
        else:
            latest = self.recent[0].path if self.recent else None
            self.app.push_screen(hook(self.app, latest))

    def action_browse(self) -> None:
        from cvo_workshop.tui.screens.deck import DeckScreen

        self.app.push_screen(DeckScreen())
