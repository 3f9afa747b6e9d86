"""The summary: every draw with its decision and score, counts by decision.

Decisions can still be changed here (select a draw, press a/p/r/s), "already
live" taken back (l), and undo works as on the table. Built from
engine/summary.py, like `workshop summary`."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Static

from cvo_workshop.engine.dealing import below_incidental, maturity_label, org_level
from cvo_workshop.engine.frameworks import factor_labels, show_number
from cvo_workshop.engine.summary import draw_data, duration
from cvo_workshop.model.workshop import Decision
from cvo_workshop.service.workshop import RunningWorkshop
from cvo_workshop.tui.keys import LongLabels
from cvo_workshop.tui.screens.session_actions import SessionActions
from cvo_workshop.tui.styles import style
from cvo_workshop.tui.widgets.key_bar import KeyBar
from cvo_workshop.tui.widgets.text import lit

DECISION_STYLE = {
    "accepted": "bold green",
    "parked": "bold yellow",
    "rejected": "bold red",
    "skipped": "dim",
    None: "dim italic",
}
KIND_STYLE = {
    "automation": "#2a9d8f",
    "customization": "#9b5de5",
    "personalization": "#e07a1f",
}


class SummaryScreen(SessionActions, LongLabels, Screen[None]):
    CSS_PATH = style("summary")
    HELP_TITLE = "Summary"
    HELP = (
        "Every draw so far with its decision and score. Select a draw to see how "
        "its score was made; a, p, r and s change its decision, n its note; l takes back "
        "“already live” of its card (the draw is open again, to be decided). b opens "
        "the backlog to groom it; w exports it (report, wall cards, CSV, Markdown, JSON)."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "decide('accepted')", "Accept"),
        Binding("p", "decide('parked')", "Park"),
        Binding("r", "decide('rejected')", "Reject"),
        Binding("s", "decide('skipped')", "Skip"),
        # the way back to the table: in the bar at 80 columns
        Binding("escape", "back", "Table"),
        Binding("b", "backlog", "Backlog"),
        Binding("w", "export", "Export"),
        Binding("n", "note", "Note"),
        Binding("l", "take_back_live", "Not live"),
        Binding("u", "undo", "Undo"),
        Binding("ctrl+r", "redo", "Redo"),
        Binding("h", "home", "Home"),
    ]
    LONG_LABELS: ClassVar[dict[str, str]] = {"back": "Back to table"}

    def __init__(self, running: RunningWorkshop) -> None:
        super().__init__()
        self.running = running
        self.session = running.session
        self._columns_for = 0
        self._with_kind = True

    def compose(self) -> ComposeResult:
        with Vertical(id="summary"):
            yield Static(id="headline")
            yield DataTable(id="draws", cursor_type="row", zebra_stripes=True)
            yield Static(id="detail")
        yield KeyBar()

    def on_mount(self) -> None:
        self.refresh_view()
        self.query_one(DataTable).focus()

    def on_resize(self) -> None:
        self.refresh_view()

    def _columns(self, table: DataTable) -> None:
        """Fit the card titles to the screen: the other columns have fixed widths."""
        width = self.size.width
        if width == self._columns_for:
            return
        self._columns_for = width
        # Below 100 columns the kind shows as the title's color (and in the detail below).
        self._with_kind = width >= 100
        fixed = {"n": 3, "cohort": 16, "decision": 12, "score": 6}  # "already live"
        if self._with_kind:
            fixed["kind"] = 15
        card = max(16, width - sum(fixed.values()) - 2 * (len(fixed) + 1) - 5)
        table.clear(columns=True)
        table.add_column("#", key="n", width=fixed["n"])
        table.add_column("Card", key="card", width=card)
        if self._with_kind:
            table.add_column("Kind", key="kind", width=fixed["kind"])
        table.add_column("Cohort", key="cohort", width=fixed["cohort"])
        table.add_column("Decision", key="decision", width=fixed["decision"])
        table.add_column("Score", key="score", width=fixed["score"])

    def on_screen_resume(self) -> None:
        self.refresh_view()

    def refresh_view(self, select: str | None = None) -> None:
        state = self.session.state
        counts = state.counts()
        chips: list[Content] = [
            Content.styled(lit(state.setup.organization), "bold"),
            Content(f"{duration(state.elapsed(self.session.now()))} of workshop time"),
            Content(
                "ended" if state.ended else f"round {state.round} of {len(state.setup.rounds)}"
            ),
        ]
        setup = state.setup
        if org_level(setup) or below_incidental(setup):  # as `workshop summary` says it
            chips.append(Content("maturity " + maturity_label(org_level(setup), setup.assessment)))
        tally = Content(" · ").join(
            Content.assemble((str(counts[d.value]), "bold"), f" {d.value}") for d in Decision
        )
        if counts["undecided"]:
            tally = tally + Content(f" · {counts['undecided']} undecided")
        if counts["live"]:
            tally = tally + Content(f" · {counts['live']} already live")
        self.query_one("#headline", Static).update(
            Content("\n").join([Content(" · ").join(chips), tally])
        )
        table = self.query_one(DataTable)
        row = table.cursor_row
        self._columns(table)
        table.clear()
        for d in state.draws:
            data = draw_data(state, d)
            value = data["scores"]["value"]
            title = (
                lit(d.card.title)
                + (" (wildcard)" if d.wildcard else "")
                + (" (stretch)" if d.stretch else "")
            )
            kind_style = KIND_STYLE[d.card.kind.value]
            cells = [
                str(d.number),
                Text(
                    title,
                    no_wrap=True,
                    overflow="ellipsis",
                    style="" if self._with_kind else kind_style,
                ),
            ]
            if self._with_kind:
                cells.append(Text(d.card.kind.label, style=kind_style))
            table.add_row(
                *cells,
                Text(lit(data["cohort_name"]), no_wrap=True, overflow="ellipsis"),
                Text(
                    d.decision.value if d.decision else "already live" if d.live else "undecided",
                    style=DECISION_STYLE[data["decision"]],
                ),
                Text(show_number(value)),
                key=str(d.number),
            )
        if state.draws:
            table.move_cursor(row=min(row, len(state.draws) - 1))
        self._show_detail()
        self.refresh_bindings()

    def _selected(self):  # type: ignore[no-untyped-def]
        state = self.session.state
        table = self.query_one(DataTable)
        if not state.draws or table.cursor_row < 0:
            return None
        return state.draws[min(table.cursor_row, len(state.draws) - 1)]

    def _show_detail(self) -> None:
        d = self._selected()
        detail = self.query_one("#detail", Static)
        if d is None:
            detail.update(Content.styled("No draws yet.", "$text-muted"))
            return
        data = draw_data(self.session.state, d)
        lines = [
            Content.assemble(
                (f"#{d.number} ", "bold"),
                (lit(d.card.title), "bold"),
                (f"  {d.card.kind.label} · {lit(data['cohort_name'])}", "$text-muted"),
            )
        ]
        lines.append(Content(lit(data["scores"]["breakdown"])))
        if data["scores"]["disagreements"]:
            lines.append(
                Content.styled(
                    "Wide spread on: "
                    + factor_labels(
                        self.session.state.setup.framework, data["scores"]["disagreements"]
                    ),
                    "$warning",
                )
            )
        if data["scores"]["voting"]:
            lines.append(Content.styled(data["scores"]["voting"].capitalize(), "$text-muted"))
        if d.reason:
            lines.append(Content.assemble(("Reason: ", "bold"), lit(d.reason)))
        if d.note:
            lines.append(Content.assemble(("Note: ", "bold"), lit(d.note)))
        detail.update(Content("\n").join(lines))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail()
        self.refresh_bindings()  # "Not live" is for a card already live

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("decide", "note"):
            return True if self.session.state.draws else None
        if action == "take_back_live":
            d = self._selected()
            return True if d is not None and d.card.id in self.session.setup.live else None
        if action == "undo":
            return True if self.session.can_undo else None
        if action == "redo":
            return self.redo_key()
        return True

    def action_decide(self, decision: str) -> None:
        d = self._selected()
        if d is not None:
            reason = d.reason if decision == "rejected" else ""
            self._do(self.session.decide, Decision(decision), reason, draw=d.number)

    def action_take_back_live(self) -> None:
        d = self._selected()
        if d is not None:
            self._do(self.session.take_back_live, d.card.id)

    def action_note(self) -> None:
        from cvo_workshop.tui.screens.note import NoteModal

        d = self._selected()
        if d is None:
            return

        def done(text: str | None) -> None:
            if text is not None:
                self._do(self.session.note, text, draw=d.number)

        # the facilitator edits their own note; the phones' notes are listed, not copied in
        modal = NoteModal(f"Note on {d.card.title!r}", d.facilitator_note, notes=d.phone_notes)
        self.app.push_screen(modal, done)

    def action_backlog(self) -> None:
        from cvo_workshop.tui.screens.grooming import GroomingScreen

        self.app.push_screen(GroomingScreen(self.running))

    def action_export(self) -> None:
        from cvo_workshop.tui.screens.export import ExportModal

        backlog = self.session.backlog()
        self.app.push_screen(ExportModal(backlog, self.running.path))

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_home(self) -> None:
        self.app.go_home()  # type: ignore[attr-defined]
