"""Setting up a workshop: who is in the room, what for, which cohorts, how to score."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

from pydantic import ValidationError
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Checkbox, Input, Label, Select, SelectionList, Static
from textual.widgets.selection_list import Selection

from cvo_workshop.engine.setup import (
    DEFAULT_CARDS_PER_ROUND,
    MAX_COHORTS,
    MIN_COHORTS,
    default_cohorts,
    new_seed,
    new_setup,
    parse_participants,
)
from cvo_workshop.model.card import Capability, CohortCard, Kind
from cvo_workshop.model.deck import Deck
from cvo_workshop.model.messages import messages
from cvo_workshop.model.problem import InputError
from cvo_workshop.model.workshop import OUTCOME_SUGGESTIONS, Framework, Round, WorkshopSetup
from cvo_workshop.tui.styles import style
from cvo_workshop.tui.widgets.key_bar import KeyBar
from cvo_workshop.tui.widgets.text import lit

FRAMEWORK_CHOICES = [
    ("ICE: impact, confidence, ease (average)", Framework.ICE),
    ("PIE: potential, importance, ease (average)", Framework.PIE),
    ("RICE: reach x impact x confidence / effort", Framework.RICE),
]
PLANS = [
    ("Progressive: automation, then customization, then personalization", "progressive"),
    ("One round of any kind", "mixed"),
]


class SetupScreen(Screen[None]):
    CSS_PATH = style("setup")
    HELP_TITLE = "Setting up a workshop"
    HELP = (
        "Fill in what you know; everything but the organization has a default. "
        "Tab moves between fields, space ticks a box. Ctrl+T runs the maturity "
        "questionnaire now (the home screen's, saved on every answer); its result is "
        "attached when you leave it. Ctrl+S starts the workshop."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "start", "Start workshop"),
        # Not ctrl+a: in an Input that is "home".
        Binding("ctrl+t", "assess", "Assess now"),
        Binding("escape", "cancel", "Cancel"),
        Binding("q", "noop", show=False),  # q is a letter here, not quit
    ]

    def __init__(
        self,
        *,
        setup: WorkshopSetup | None = None,
        deck: Deck | None = None,
        deck_path: Path | None = None,
        output: Path | None = None,
        cohorts: Sequence[CohortCard] | None = None,
    ) -> None:
        """`cohorts`: the cohorts to choose from (an RFM cohort file's, say);
        by default the deck's."""
        super().__init__()
        self.cohorts = list(cohorts) if cohorts is not None else None
        #: The maturity assessment attached (on the command line, or in the form).
        self.attached = setup.assessment if setup else None
        self.given = setup
        self.deck = deck
        self.deck_path = deck_path
        self.output = output

    # --- layout ------------------------------------------------------------
    def compose(self) -> ComposeResult:
        g = self.given
        with VerticalScroll(id="setup-form"):
            yield Static(Content.styled("New workshop", "bold"), id="setup-title")
            yield Label("Organization")
            yield Input(
                value=g.organization if g else "",
                placeholder="Who is it for?",
                id="organization",
                compact=True,
            )
            yield Label("Facilitator")
            yield Input(value=(g.facilitator or "") if g else "", id="facilitator", compact=True)
            yield Label("Participants: name (role), comma-separated")
            yield Input(
                value=", ".join(
                    p.name + (f" ({p.role})" if p.role else "")
                    for p in (g.participants if g else [])
                ),
                placeholder="Ana (CRM), Ben (Data)",
                id="participants",
                compact=True,
            )
            yield Label("Outcome goals: one to three")
            yield SelectionList[str](
                *[
                    Selection(s, s, bool(g and s in g.goals) or (not g and i == 0))
                    for i, s in enumerate(OUTCOME_SUGGESTIONS)
                ],
                id="goals",
            )
            yield Input(
                value="; ".join(x for x in (g.goals if g else []) if x not in OUTCOME_SUGGESTIONS),
                placeholder="Other goals (separate with ;)",
                id="goal-other",
                compact=True,
            )
            yield Label("Deck (empty: the built-in deck)")
            yield Input(value=str(self.deck_path or ""), id="deck-path", compact=True)
            yield Label(
                "Cohort file from `cohorts rfm` (Enter loads it: RICE reach uses its measured "
                "shares; empty: the deck's cohorts)"
            )
            yield Input(placeholder="path to a cohort file", id="cohorts-file", compact=True)
            yield Label(f"Focus cohorts: {MIN_COHORTS} to {MAX_COHORTS}")
            yield SelectionList[str](id="cohorts")
            yield Label("Scoring framework")
            yield Select(
                FRAMEWORK_CHOICES,
                value=g.framework if g else Framework.ICE,
                allow_blank=False,
                id="framework",
                compact=True,
            )
            with Horizontal(classes="row"):
                with Vertical():
                    yield Label("Rounds")
                    yield Select(
                        PLANS, value=self._plan(), allow_blank=False, id="plan", compact=True
                    )
                with Vertical(classes="narrow"):
                    yield Label("Cards a round")
                    yield Input(
                        value=str(g.rounds[0].cards if g else DEFAULT_CARDS_PER_ROUND),
                        type="integer",
                        id="cards",
                        compact=True,
                    )
            with Horizontal(classes="row"):
                with Vertical():
                    yield Label("Minutes a draw (0: none)")
                    yield Input(
                        value=_minutes(g.draw_seconds if g else 240),
                        type="number",
                        id="draw-minutes",
                        compact=True,
                    )
                with Vertical():
                    yield Label("Minutes a round (0: none)")
                    yield Input(
                        value=_minutes(g.round_seconds if g else 2400),
                        type="number",
                        id="round-minutes",
                        compact=True,
                    )
            yield Label("Maturity level, if known (an assessment will fill this in later)")
            yield Select(
                [("Not known: deal every card", "none")]
                + [(f"{c.rank} {c.label}", c.value) for c in Capability],
                value=g.maturity.value if g and g.maturity else "none",
                allow_blank=False,
                id="maturity",
                compact=True,
            )
            yield Label(
                "Assessment: a result (.json from `assess score -o`) or a response file "
                "(Enter attaches it; empty: none), or run the questionnaire now"
            )
            with Horizontal(id="assessment-row"):
                yield Input(
                    value="",
                    placeholder=self._attached_words(),
                    id="assessment",
                    compact=True,
                )
                yield Button(
                    "Assess now (ctrl+t)",
                    id="assess-now",
                    compact=True,
                    tooltip="The maturity questionnaire; its result is attached here",
                )
            yield Checkbox(
                "Deal cards more than one level up, too",
                value=bool(g and g.deal_beyond_stretch),
                id="beyond",
            )
            with Horizontal(classes="row"):
                with Vertical(classes="narrow"):
                    yield Label("Seed")
                    yield Input(
                        value=str(g.seed if g else new_seed()),
                        type="integer",
                        id="seed",
                        compact=True,
                    )
                with Vertical():
                    yield Label("Workshop file (empty: the app's workshops folder)")
                    yield Input(value=str(self.output or ""), id="output", compact=True)
            yield Static(id="setup-errors")
            with Horizontal(classes="buttons"):
                yield Button("Start workshop (ctrl+s)", variant="primary", id="start")
                yield Button("Cancel (esc)", id="cancel")
        yield KeyBar()

    def _attached_words(self) -> str:
        if self.attached is None:
            return "path to a result or response file"
        level = self.attached.overall
        return f"attached: {level.label if level else 'below Incidental'}"

    def _plan(self) -> str:
        g = self.given
        if g and len(g.rounds) == 1 and g.rounds[0].kind is None:
            return "mixed"
        return "progressive"

    def on_mount(self) -> None:
        if self.deck is None:
            self._load_deck(self.deck_path)
        self._fill_cohorts()
        self.query_one("#organization", Input).focus()

    # --- deck and cohorts ----------------------------------------------------
    def _load_deck(self, path: Path | None) -> bool:
        from cvo_workshop.store.bundled import builtin_deck_path
        from cvo_workshop.store.decks import load_deck

        try:
            self.deck = load_deck(path or builtin_deck_path())
        except InputError as e:
            self._errors([str(p) for p in e.problems[:5]])
            return False
        self.deck_path = path
        return True

    def available_cohorts(self) -> list[CohortCard]:
        """The cohorts to choose from: those handed in, or the deck's."""
        if self.cohorts is not None:
            return self.cohorts
        return list(self.deck.cohorts) if self.deck else []

    def _fill_cohorts(self) -> None:
        lst = self.query_one("#cohorts", SelectionList)
        lst.clear_options()
        available = self.available_cohorts()
        if self.given:
            chosen = {c.id for c in self.given.cohorts}
        else:
            chosen = {c.id for c in default_cohorts(available)}
        for c in available:
            facts = []
            if c.share is not None:
                facts.append(f"{c.share:.0%} of customers")
            if c.revenue_share is not None:
                facts.append(f"{c.revenue_share:.0%} of revenue")
            label = Content.assemble(
                (lit(c.name), "bold"), ("  " + " · ".join(facts), "$text-muted")
            )
            lst.add_option(Selection(label, c.id, c.id in chosen))

    def _attach_assessment(self, text: str) -> bool:
        """Attach the assessment in file `text`; its level fills in the maturity field."""
        from cvo_workshop.commands.assess import for_another_organization, load_assessment

        try:
            self.attached = load_assessment(Path(text).expanduser())
        except InputError as e:
            self._errors([str(p) for p in e.problems[:5]])
            return False
        level = self.attached.overall
        other = for_another_organization(
            self.attached, self.query_one("#organization", Input).value.strip()
        )
        if other:
            self.notify(other, severity="warning", markup=False)
        self.query_one("#maturity", Select).value = level.value if level else "none"
        self.query_one("#assessment", Input).placeholder = self._attached_words()
        self._errors([])
        self.notify(
            f"Assessment attached: {level.label if level else 'below Incidental'} "
            f"({self.attached.overall_progress:.1f} of 4)",
            markup=False,
        )
        return True

    def _load_cohort_file(self, text: str) -> bool:
        from cvo_workshop.store.cohorts import load_cohorts

        if not text:
            self.cohorts = None
        else:
            try:
                self.cohorts = list(load_cohorts(Path(text).expanduser()).cohorts)
            except InputError as e:
                self._errors([str(p) for p in e.problems[:5]])
                return False
        self.given = None
        self._fill_cohorts()
        self._errors([])
        return True

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "cohorts-file":
            if self._load_cohort_file(event.value.strip()):
                n = len(self.available_cohorts())
                self.notify(f"{n} cohorts to choose from", markup=False)
                self.focus_next()
        elif event.input.id == "assessment" and event.value.strip():
            if self._attach_assessment(event.value.strip()):
                self.focus_next()
        elif event.input.id == "deck-path":
            text = event.value.strip()
            if self._load_deck(Path(text) if text else None):
                self.given = None
                self._fill_cohorts()
                self._errors([])
                self.notify(f"Deck loaded: {self.deck.deck.name}", markup=False)  # type: ignore[union-attr]
        else:
            self.focus_next()

    # --- starting ----------------------------------------------------------
    def _errors(self, problems: list[str]) -> None:
        box = self.query_one("#setup-errors", Static)
        box.update(Content.styled(lit("\n".join(problems)), "bold $error") if problems else "")
        box.display = bool(problems)

    def collect(self) -> tuple[WorkshopSetup | None, list[str]]:
        """The setup the form describes, or the problems with it."""
        from cvo_workshop.store.workshops import deck_ref

        problems: list[str] = []

        def value(widget_id: str) -> str:
            return self.query_one(f"#{widget_id}", Input).value.strip()

        typed = value("assessment")
        if typed and not self._attach_assessment(typed):
            problems.append("Assessment: the file cannot be attached (see above)")
        organization = value("organization")
        if not organization:
            problems.append("Organization: who is the workshop for?")
        goals = list(self.query_one("#goals", SelectionList).selected)
        goals += [x.strip() for x in value("goal-other").split(";") if x.strip()]
        if not 1 <= len(goals) <= 3:
            problems.append(f"Goals: choose one to three ({len(goals)} now)")
        cohort_ids = list(self.query_one("#cohorts", SelectionList).selected)
        if (
            not MIN_COHORTS <= len(cohort_ids) <= MAX_COHORTS
            and len(self.available_cohorts()) >= MIN_COHORTS
        ):
            problems.append(
                f"Cohorts: choose {MIN_COHORTS} to {MAX_COHORTS} ({len(cohort_ids)} now)"
            )
        if not cohort_ids:
            problems.append("Cohorts: choose at least one")

        def number(widget_id: str, label: str, low: float, high: float) -> float | None:
            text = value(widget_id)
            try:
                n = float(text)
            except ValueError:
                problems.append(f"{label}: expected a number, got {text!r}")
                return None
            if not low <= n <= high:
                problems.append(f"{label}: expected {low:g} to {high:g}")
                return None
            return n

        cards = number("cards", "Cards a round", 1, 200)
        draw_minutes = number("draw-minutes", "Minutes a draw", 0, 600)
        round_minutes = number("round-minutes", "Minutes a round", 0, 1440)
        seed = number("seed", "Seed", 0, 2**31)
        try:
            participants = parse_participants(value("participants"))
        except ValidationError as e:
            participants = []
            problems.append(f"Participants: {messages(e)[0]}")
        if self.deck is None:
            problems.append("Deck: no deck loaded")
        if problems:
            return None, problems
        assert self.deck is not None and cards is not None and seed is not None
        plan = self.query_one("#plan", Select).value
        rounds = (
            [Round(kind=k, cards=int(cards)) for k in Kind]
            if plan == "progressive"
            else [Round(kind=None, cards=int(cards))]
        )
        maturity = self.query_one("#maturity", Select).value
        by_id = {c.id: c for c in self.available_cohorts()}
        try:
            setup = new_setup(
                deck=deck_ref(self.deck, self.deck_path),
                cohorts=[by_id[c] for c in cohort_ids],
                organization=organization,
                facilitator=value("facilitator") or None,
                participants=participants,
                goals=goals,
                framework=self.query_one("#framework", Select).value,  # type: ignore[arg-type]
                rounds=rounds,
                draw_seconds=None if not draw_minutes else max(10, round(draw_minutes * 60)),
                round_seconds=None if not round_minutes else max(60, round(round_minutes * 60)),
                seed=int(seed),
                maturity=None if maturity == "none" else Capability(str(maturity)),
                deal_beyond_stretch=self.query_one("#beyond", Checkbox).value,
                assessment=self.attached,
            )
        except ValidationError as e:
            return None, messages(e)
        return setup, []

    def action_start(self) -> None:
        from cvo_workshop.store.workshops import default_path, start

        setup, problems = self.collect()
        self._errors(problems)
        if setup is None:
            self.notify(problems[0], severity="warning", markup=False)
            return
        out = self.query_one("#output", Input).value.strip()
        path = Path(out).expanduser() if out else default_path(setup.organization)
        try:
            running = start(setup, self.deck, path, clock=self.app.clock)  # type: ignore[arg-type, attr-defined]
        except InputError as e:
            self._errors([str(p) for p in e.problems])
            return
        except OSError as e:
            self._errors([f"{path}: {e}"])
            return
        self.app.show_running(running, replace=True)  # type: ignore[attr-defined]

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "start":
            self.action_start()
        elif event.button.id == "assess-now":
            self.action_assess()
        else:
            self.action_cancel()

    # --- assessing now -------------------------------------------------------
    def action_assess(self) -> None:
        """The questionnaire the home screen's `a` opens (the team's file of today,
        resumed); when it is left, its answers are attached as if the file had been
        entered in the assessment field. The form stays as it is meanwhile."""
        from cvo_workshop.tui.screens.home import NOT_YET_ASSESS
        from cvo_workshop.tui.screens.message import MessageModal
        from cvo_workshop.tui.screens.questionnaire import QuestionnaireScreen

        hook = self.app.hooks.assessment  # type: ignore[attr-defined]
        if hook is None:
            self.app.push_screen(MessageModal("Assess maturity", NOT_YET_ASSESS))
            return
        organization = self.query_one("#organization", Input).value.strip()
        if not organization:
            self.notify(
                "Enter the organization first: its answers are kept apart from other clients'.",
                severity="warning",
                markup=False,
            )
            return
        screen = hook(self.app, organization)
        if not isinstance(screen, QuestionnaireScreen):
            self.app.push_screen(screen)  # the questionnaire cannot be read: why
            return
        screen.return_to = "the workshop setup"
        self.app.push_screen(screen, self._assessed)

    def _assessed(self, path: Path | None) -> None:
        if path is None:
            self.notify("No answers: no assessment attached.", markup=False)
            return
        self.query_one("#assessment", Input).value = str(path)
        self._attach_assessment(str(path))

    def action_cancel(self) -> None:
        self.app.pop_screen()

    def action_noop(self) -> None:
        pass


def _minutes(seconds: int | None) -> str:
    return "0" if seconds is None else f"{seconds / 60:g}"
