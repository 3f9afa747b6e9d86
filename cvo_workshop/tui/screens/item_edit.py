"""Modals of the grooming screen: edit an item, move it, revisit the parking lot."""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from cvo_workshop.engine.backlog import guardrails_line, typed_result
from cvo_workshop.engine.power import typed_percent
from cvo_workshop.engine.text import and_list, counted
from cvo_workshop.model.backlog import Backlog, BacklogItem, Horizon
from cvo_workshop.model.grooming import FIELD_NAMES, field_problem
from cvo_workshop.tui.screens.confirm import ConfirmModal
from cvo_workshop.tui.screens.dialog import Dialog
from cvo_workshop.tui.widgets.text import lit

#: (field, name, label) in the order the form shows them; fields as model/grooming.py
#: names them, and their short names (model/grooming.FIELD_NAMES) where a message
#: names the field.
_LABELS = (
    ("title", "Title"),
    ("owner", "Owner"),
    ("kpi", "Primary KPI (the one measure the test is judged on)"),
    ("hypothesis", "Hypothesis: because we saw X, we expect Y will move Z"),
    ("guardrails", "Guardrails: customer-experience measures that must not get worse (a; b)"),
    ("current_state", "Test: current state (what customers get today)"),
    ("new_state", "Test: new state (what changes)"),
    ("metric", "Test: the metric that decides"),
    ("baseline_rate", "Baseline: the primary KPI's rate today (e.g. 12%)"),
    ("min_detectable_effect", "Minimum detectable effect, relative lift (e.g. 10% for +10%)"),
    ("holdout", "Hold-out: share kept on the current state (e.g. 5%)"),
    ("outcome", "Result, once the test ran: won, lost or inconclusive"),
    ("measured_lift", "Measured lift on the primary KPI (e.g. +12% or -3%)"),
    ("learning", "What we learned"),
    ("notes", "Notes"),
)
FIELDS = tuple((field, FIELD_NAMES[field], label) for field, label in _LABELS)


def _values(item: BacklogItem) -> dict[str, str]:
    plan = item.test_plan
    return {
        "title": item.title,
        "owner": item.owner,
        "kpi": item.kpi,
        "hypothesis": plan.hypothesis,
        "guardrails": guardrails_line(plan),
        "current_state": plan.current_state,
        "new_state": plan.new_state,
        "metric": plan.metric,
        "baseline_rate": "" if plan.baseline_rate is None else typed_percent(plan.baseline_rate, 3),
        "min_detectable_effect": typed_percent(plan.min_detectable_effect, 3),
        "holdout": typed_percent(plan.holdout, 3),
        **typed_result(item),
        "notes": item.notes,
    }


class ItemEditModal(Dialog[dict[str, str] | None]):
    """Returns the fields that changed (field -> new text), or None if cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save"),
    ]

    def __init__(self, item: BacklogItem) -> None:
        super().__init__()
        self.item = item
        self.before = _values(item)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Static(
                Content.assemble(("Edit ", "bold"), (lit(self.item.title), "bold")),
                classes="dialog-title",
            )
            for field, _, label in FIELDS:
                with Vertical(classes="field"):
                    yield Label(label)
                    # The cursor at the end of the text, nothing selected: typing adds to it
                    # (selected on focus, the first key replaced the whole title).
                    yield Input(
                        value=self.before[field],
                        max_length=4000,
                        id=field,
                        select_on_focus=False,
                    )
            yield Static(
                Content.styled(
                    "Tab moves between fields; Enter on the last one or ctrl+s saves; "
                    "Escape cancels (asking first if you typed). An empty field goes back to the "
                    "card's or the default.",
                    "$text-muted",
                ),
                classes="dialog-hint",
            )

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        # On a short terminal the form scrolls: keep the field's label in view with
        # its input, and the dialog's title with the first field.
        field = event.widget.parent
        if isinstance(field, Vertical) and field.has_class("field"):
            first = field is self.query(".field").first()
            target = self.query_one(".dialog") if first else field
            self.call_after_refresh(
                target.scroll_home if first else target.scroll_visible, animate=False
            )

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == FIELDS[-1][0]:
            self.action_save()
        else:
            self.focus_next()

    def _typed(self) -> dict[str, str]:
        """The fields whose text is not what they held (field -> text, stripped)."""
        typed = {f: self.query_one(f"#{f}", Input).value.strip() for f, _, _ in FIELDS}
        return {f: v for f, v in typed.items() if v != self.before[f]}

    def action_save(self) -> None:
        changes = {}
        typed = self._typed()
        for field, _, _ in FIELDS:
            if field not in typed:
                continue
            box = self.query_one(f"#{field}", Input)
            value = typed[field]
            problem = field_problem(field, value)  # "Hold-out: expected ..."
            if problem:  # nothing is saved until every field reads
                self.notify(problem, severity="warning", markup=False)
                box.focus()
                return
            changes[field] = value
        self.dismiss(changes)

    def action_cancel(self) -> None:
        """Escape: gone at once if nothing was typed; else asked first, so a form the
        room spent minutes on is not lost to one key."""
        typed = self._typed()
        if not typed:
            self.dismiss(None)
            return
        names = [name for f, name, _ in FIELDS if f in typed]
        them = "it" if len(names) == 1 else "them"

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmModal(
                f"Discard {counted(len(typed), 'changed field')}?",
                f"{and_list(names)}: not saved. ctrl+s saves {them}.",
                yes="Discard",
            ),
            answered,
        )


class MoveModal(Dialog[tuple[Horizon | None, str] | None]):
    """Pick a horizon (or back to what maturity says) and give a reason."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, item: BacklogItem) -> None:
        super().__init__()
        self.item = item

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(
                Content.assemble(("Move ", "bold"), (lit(self.item.title), "bold")),
                classes="dialog-title",
            )
            options = [
                Option(
                    f"{h.label}" + ("  (now here)" if h is self.item.horizon else ""), id=h.value
                )
                for h in Horizon
            ]
            if self.item.by_hand:
                options.append(Option("Back to where maturity puts it", id="auto"))
            yield OptionList(*options, id="horizons")
            yield Label("Reason (shown in the backlog and the report)")
            yield Input(id="reason", max_length=4000, select_on_focus=False)
            yield Static(
                Content.styled(
                    "Choose with the arrows, Enter; then type the reason, Enter. Escape "
                    "cancels (asking first if you typed a reason).",
                    "$text-muted",
                ),
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.choice = event.option.id
        self.query_one("#reason", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        choice = getattr(self, "choice", None)
        if choice is None:
            highlighted = self.query_one(OptionList).highlighted_option
            choice = highlighted.id if highlighted else None
        if choice is None:
            return
        self.dismiss((None if choice == "auto" else Horizon(choice), event.value.strip()))

    def action_cancel(self) -> None:
        """Escape: gone at once if no reason was typed; else asked first, as the edit
        form asks, so a reason the room worded is not lost to one key."""
        if not self.query_one("#reason", Input).value.strip():
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmModal(
                "Discard the reason?",
                f"Reason: not saved, and “{self.item.title}” stays in "
                f"{self.item.horizon.label}. Enter moves it.",
                yes="Discard",
            ),
            answered,
        )


class ParkingLotModal(Dialog[int | None]):
    """The parked draws; Enter accepts the highlighted one into the backlog."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Close")]

    def __init__(self, backlog: Backlog) -> None:
        super().__init__()
        self.backlog = backlog

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Static(Content.styled("Parking lot", "bold"), classes="dialog-title")
            if self.backlog.parked:
                yield OptionList(
                    *[
                        Option(
                            Content.assemble(
                                (f"#{p.draw} ", "bold"),
                                (lit(p.title), "bold"),
                                (f"  {lit(p.cohort.name)}", "$text-muted"),
                                ("\n  " + lit(p.reason) if p.reason else "", "$text-muted"),
                            ),
                            id=str(p.draw),
                        )
                        for p in self.backlog.parked
                    ],
                    id="parked",
                )
                hint = "Enter accepts the highlighted draw into the backlog; Escape closes."
            else:
                yield Static("Nothing is parked.")
                hint = "Escape closes."
            yield Static(Content.styled(hint, "$text-muted"), classes="dialog-hint")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id or 0))

    def action_cancel(self) -> None:
        self.dismiss(None)
