"""Grooming: the backlog after the rounds, sorted by priority, edited by hand.

Every edit goes through the session as a workshop event (model/grooming.py),
so it is saved before it shows and undo takes it back. What the table shows is
engine/backlog.build of the workshop's state: the same backlog every export
writes.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Static

from cvo_workshop.engine.backlog import HORIZONS, guardrails_line, result_line
from cvo_workshop.engine.dealing import maturity_label
from cvo_workshop.engine.frameworks import definition, show_number
from cvo_workshop.engine.power import size_line
from cvo_workshop.engine.text import counted
from cvo_workshop.model.backlog import BY_HAND, Backlog, BacklogItem, Horizon, ReachBasis
from cvo_workshop.model.card import Kind
from cvo_workshop.model.grooming import PastResult
from cvo_workshop.service.backlog import past_results
from cvo_workshop.service.workshop import RunningWorkshop
from cvo_workshop.tui.keys import LongLabels
from cvo_workshop.tui.screens.session_actions import SessionActions
from cvo_workshop.tui.styles import style
from cvo_workshop.tui.widgets.key_bar import KeyBar
from cvo_workshop.tui.widgets.text import lit

HORIZON_STYLE = {
    Horizon.NOW: "bold green",
    Horizon.NEXT: "bold blue",
    Horizon.LATER: "bold yellow",
    Horizon.BLOCKED: "bold red",
}
#: The Horizon column's mark for BY_HAND ("(by hand)" would not fit), said in the
#: headline and in full in the detail.
BY_HAND_MARK = "✎"
HORIZON_WIDTH = max(len(h.label) for h in Horizon) + 2


class GroomingScreen(SessionActions, LongLabels, Screen[None]):
    CSS_PATH = style("grooming")
    HELP_TITLE = "Backlog"
    HELP = (
        "The accepted pairings as a backlog, sorted by priority within now, next, later "
        "and blocked. [ and ] move the selected item up or down by hand; e edits its "
        "title, owner, primary KPI, hypothesis, guardrails, test plan, baseline rate, "
        "minimum detectable effect, hold-out and notes (the test's duration follows "
        "from the cohorts' sizes); m moves it to another horizon with a "
        "reason; space marks items and g merges the marked ones (x splits a merged item); "
        "l revisits the parking lot. f, k and c filter by horizon, kind and cohort. Every "
        "edit is saved at once: u undoes it (a save of the form is one step) and ctrl+r "
        "redoes what was undone. w exports the backlog."
    )
    # Most used first (the key bar's order); short words, longer ones where there is room.
    # Redo after mark and merge (a pair: at 80 columns both, or neither), in view from
    # 120 columns; split, only ever for an item merged by mistake, in the help and the
    # palette but not the bar, to leave it room.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "edit", "Edit"),
        Binding("m", "move", "Move"),
        Binding("left_square_bracket", "shift(-1)", "Up", key_display="["),
        Binding("right_square_bracket", "shift(1)", "Down", key_display="]"),
        Binding("w", "export", "Export"),
        Binding("u", "undo", "Undo"),
        Binding("space", "mark", "Mark"),
        Binding("g", "merge", "Merge"),
        Binding("ctrl+r", "redo", "Redo"),
        Binding("x", "split", "Split", show=False),
        Binding("f", "filter('horizon')", "Horizon"),
        Binding("k", "filter('kind')", "Kind"),
        Binding("c", "filter('cohort')", "Cohort"),
        Binding("l", "parking_lot", "Parked"),
        Binding("v", "reach", "Reach"),
        Binding("escape", "back", "Back"),
    ]
    LONG_LABELS: ClassVar[dict[str, str]] = {
        "filter('horizon')": "Horizon filter",
        "filter('kind')": "Kind filter",
        "filter('cohort')": "Cohort filter",
        "parking_lot": "Parking lot",
        "reach": "Reach basis",
    }

    def __init__(self, running: RunningWorkshop) -> None:
        super().__init__()
        self.running = running
        self.session = running.session
        self.backlog: Backlog = self.session.backlog()
        self.marked: set[str] = set()
        self.filters: dict[str, str | None] = {"horizon": None, "kind": None, "cohort": None}
        self.shown: list[BacklogItem] = []
        #: tests of the same cards after earlier workshops of this organization
        self.past: dict[str, list[PastResult]] = {}

    def compose(self) -> ComposeResult:
        with Vertical(id="grooming"):
            yield Static(id="headline")
            yield DataTable(id="items", cursor_type="row", zebra_stripes=True)
            yield Static(id="detail")
        yield KeyBar()

    def on_mount(self) -> None:
        self._load_past()
        table = self.query_one(DataTable)
        # Every column in view at 80 columns: title and cohorts take what the others
        # leave (16: the screen's padding, the scroll bar and the cells' padding).
        rest = self.app.size.width - 16 - (3 + HORIZON_WIDTH + 7 + 12)
        title_width = max(20, min(40, rest - 12))
        table.add_column("#", key="rank", width=3)
        table.add_column("Item", key="title", width=title_width)
        table.add_column("Horizon", key="horizon", width=HORIZON_WIDTH)
        table.add_column("Score", key="score", width=7)
        table.add_column("Cohorts", key="cohorts", width=max(10, min(22, rest - title_width)))
        table.add_column("Owner", key="owner", width=12)
        self.refresh_view()
        table.focus()

    @work(thread=True, exclusive=True, group="past")
    def _load_past(self) -> None:
        """Earlier workshops' results, read off the screen's thread: reading every
        workshop of the folder must not hold up the screen."""
        past = past_results(self.backlog.workshop.organization, besides=self.running.path)
        self.app.call_from_thread(self._show_past, past)

    def _show_past(self, past: dict[str, list[PastResult]]) -> None:
        self.past = past
        self._show_detail()

    def on_screen_resume(self) -> None:
        self.refresh_view()

    # --- view -----------------------------------------------------------------
    def _passes(self, item: BacklogItem) -> bool:
        f = self.filters
        return (
            (f["horizon"] is None or item.horizon.value == f["horizon"])
            and (f["kind"] is None or item.kind.value == f["kind"])
            and (f["cohort"] is None or any(c.id == f["cohort"] for c in item.cohorts))
        )

    def refresh_view(self, select: str | None = None) -> None:
        self.backlog = self.session.backlog()
        b = self.backlog
        table = self.query_one(DataTable)
        selected = self._selected()
        current = select or (selected.id if selected else None)
        self.shown = [i for i in b.items if self._passes(i)]
        table.clear()
        for i in self.shown:
            mark = "● " if i.id in self.marked else ""
            horizon = i.horizon.label + (f" {BY_HAND_MARK}" if i.by_hand else "")
            table.add_row(
                str(i.rank),
                Text(mark + lit(i.title), no_wrap=True, overflow="ellipsis"),
                Text(horizon, style=HORIZON_STYLE[i.horizon]),
                Text(show_number(i.score)),
                Text(lit(", ".join(c.name for c in i.cohorts)), no_wrap=True, overflow="ellipsis"),
                Text(lit(i.owner) or "–", no_wrap=True, overflow="ellipsis"),
                key=i.id,
            )
        if current is not None:
            for n, i in enumerate(self.shown):
                if i.id == current:
                    table.move_cursor(row=n)
                    break
        self._headline()
        self._show_detail()
        self.refresh_bindings()

    def _headline(self) -> None:
        b = self.backlog
        counts = " · ".join(f"{len(b.horizon(h))} {h.value}" for h in HORIZONS)
        level = maturity_label(b.maturity, b.assessment)
        parts = [
            Content.styled(lit(b.workshop.organization), "bold"),
            Content(f"{counted(len(b.items), 'item')}: {counts}"),
            Content(f"maturity {level}"),
            Content(f"{b.framework.label}"),
        ]
        if definition(b.framework).uses_reach:
            parts.append(Content(f"reach as {b.reach_basis.label}"))
        line2 = [f"{k}: {v}" for k, v in self.filters.items() if v]
        second = Content.styled(
            ("Filter " + ", ".join(line2)) if line2 else f"Parking lot: {len(b.parked)}",
            "$text-muted",
        )
        if any(i.by_hand for i in self.shown):
            second = second + Content(f" · {BY_HAND_MARK} placed by hand")
        if self.marked:
            second = second + Content(f" · marked for merging: {len(self.marked)}")
        self.query_one("#headline", Static).update(
            Content("\n").join([Content(" · ").join(parts), second])
        )

    def _selected(self) -> BacklogItem | None:
        table = self.query_one(DataTable)
        if not self.shown or table.cursor_row < 0:
            return None
        return self.shown[min(table.cursor_row, len(self.shown) - 1)]

    def _show_detail(self) -> None:
        i = self._selected()
        detail = self.query_one("#detail", Static)
        if i is None:
            text = (
                "No item matches the filter (f, k, c change it)."
                if any(self.filters.values())
                else "No pairing was accepted yet: accept some on the table, or revisit the "
                "parking lot (l)."
            )
            detail.update(Content.styled(text, "$text-muted"))
            return
        plan = i.test_plan
        lines = [
            Content.assemble(
                (f"#{i.rank} ", "bold"),
                (lit(i.title), "bold"),
                (f"  {i.kind.label} · {lit(', '.join(c.name for c in i.cohorts))}", "$text-muted"),
                (f" · {i.horizon.label} {BY_HAND}" if i.by_hand else "", "$text-muted"),
            ),
            Content(lit(i.breakdown.text)),
            Content.styled(lit(i.why), "$text-muted"),
        ]
        who: list[tuple[str, str]] = [(k, v) for k, v in (("Owner", i.owner), ("KPI", i.kpi)) if v]
        if plan.guardrails:
            who.append(("Guardrails", guardrails_line(plan)))
        if who:
            parts: list[tuple[str, str] | str] = []
            for n, (label, value) in enumerate(who):
                parts += [(("· " if n else "") + label + " ", "bold"), lit(value) + " "]
            lines.append(Content.assemble(*parts))
        # The test's size before the longer texts: on a short terminal it stays in view.
        facts = [("Test size ", size_line(plan))]
        if plan.current_state or plan.new_state:
            facts.append(("Test ", lit(f"{plan.current_state or '?'} → {plan.new_state or '?'}")))
        if plan.hypothesis:
            facts.append(("Hypothesis ", lit(plan.hypothesis)))
        if plan.result:
            facts.append(("Result ", lit(result_line(plan.result))))
        for past in self.past.get(i.card.id, [])[:2]:
            when = f" ({past.held:%d %b %Y}, {past.workshop})"
            facts.append(("Tested before ", lit(result_line(past.result) + when)))
        if i.notes:
            facts.append(("Notes ", lit(i.notes)))
        for label, value in facts:
            lines.append(Content.assemble((label, "bold"), value))
        detail.update(Content("\n").join(lines))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("edit", "move", "shift", "mark"):
            return True if self.shown else None
        if action == "merge":
            return True if len(self.marked) >= 2 else None
        if action == "split":
            i = self._selected()
            return True if i is not None and len(i.draws) > 1 else None
        if action == "reach":
            return True if definition(self.backlog.framework).uses_reach else None
        if action == "undo":
            return True if self.session.can_undo else None
        if action == "redo":
            return self.redo_key()
        return True

    # --- edits ----------------------------------------------------------------
    def action_edit(self) -> None:
        from cvo_workshop.tui.screens.item_edit import ItemEditModal

        item = self._selected()
        if item is None:
            return

        def done(changes: dict[str, str] | None) -> None:
            if changes:  # one save, one undo step
                self._do(self.session.edit_fields, item.id, changes, select=item.id)

        self.app.push_screen(ItemEditModal(item), done)

    def action_move(self) -> None:
        from cvo_workshop.tui.screens.item_edit import MoveModal

        item = self._selected()
        if item is None:
            return

        def done(answer: tuple[Horizon | None, str] | None) -> None:
            if answer is not None:
                horizon, reason = answer
                self._do(self.session.move_item, item.id, horizon, reason, select=item.id)

        self.app.push_screen(MoveModal(item), done)

    def action_shift(self, step: int) -> None:
        """Move the selected item up or down within its horizon (by hand)."""
        item = self._selected()
        if item is None:
            return
        order = [i.id for i in self.backlog.items]
        same = [i.id for i in self.backlog.items if i.horizon is item.horizon]
        k = same.index(item.id)
        if not 0 <= k + step < len(same):
            self.notify("Already at the edge of its horizon.", timeout=2, markup=False)
            return
        a, b = order.index(same[k]), order.index(same[k + step])
        order[a], order[b] = order[b], order[a]
        self._do(self.session.order_items, order, moved=item.id, select=item.id)

    def action_mark(self) -> None:
        item = self._selected()
        if item is None:
            return
        self.marked ^= {item.id}
        self.refresh_view(item.id)
        self.query_one(DataTable).action_cursor_down()

    def action_merge(self) -> None:
        ids = [i.id for i in self.backlog.items if i.id in self.marked]
        if self._do(self.session.merge_items, ids, select=ids[0] if ids else None):
            self.marked.clear()
            self.refresh_view(ids[0])
            self.notify(f"Merged {len(ids)} items; x splits them again.", timeout=3)

    def action_split(self) -> None:
        item = self._selected()
        if item is not None:
            self._do(self.session.split_item, item.id, select=item.id)

    def action_filter(self, which: str) -> None:
        b = self.backlog
        if which == "horizon":
            options: list[str | None] = [None, *(h.value for h in HORIZONS)]
        elif which == "kind":
            options = [None, *(k.value for k in Kind)]
        else:
            ids = dict.fromkeys(c.id for i in b.items for c in i.cohorts)
            options = [None, *ids]
        now = self.filters[which]
        self.filters[which] = (
            options[(options.index(now) + 1) % len(options)] if now in options else None
        )
        self.refresh_view()

    def action_reach(self) -> None:
        basis = self.backlog.reach_basis
        new = ReachBasis.REVENUE if basis is ReachBasis.CUSTOMERS else ReachBasis.CUSTOMERS
        if self._do(self.session.set_reach_basis, new):
            self.notify(f"RICE reach is now the cohort's {new.label}.", timeout=3, markup=False)

    def action_parking_lot(self) -> None:
        from cvo_workshop.model.workshop import Decision
        from cvo_workshop.tui.screens.item_edit import ParkingLotModal

        def done(draw: int | None) -> None:
            accept = self.session.decide
            if draw is not None and self._do(
                accept, Decision.ACCEPTED, draw=draw, select=f"d{draw}"
            ):
                self.notify("Accepted into the backlog.", timeout=3)

        self.app.push_screen(ParkingLotModal(self.backlog), done)

    def action_export(self) -> None:
        from cvo_workshop.tui.screens.export import ExportModal

        self.app.push_screen(ExportModal(self.backlog, self.running.path))

    def action_back(self) -> None:
        from cvo_workshop.tui.screens.home import HomeScreen

        # Opened from home ("Export the backlog"), the workshop was opened for it
        # alone: close it on the way back, or resuming it says it is open elsewhere.
        if isinstance(self.app.screen_stack[-2], HomeScreen):
            self.app.go_home()  # type: ignore[attr-defined]
        else:
            self.app.pop_screen()
