"""Setting up a workshop: who is in the room, what for, which cohorts, how to score."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Checkbox, Input, Label, Select, SelectionList, Static
from textual.widgets.selection_list import Selection

from cvo_workshop.engine.dealing import NOT_ASSESSED_WORDS, maturity_label
from cvo_workshop.engine.frameworks import FRAMEWORKS
from cvo_workshop.engine.setup import (
    DEFAULT_CARDS_PER_ROUND,
    DEFAULT_DRAW_SECONDS,
    DEFAULT_GOAL,
    DEFAULT_ROUND_SECONDS,
    MAX_COHORTS,
    MAX_GOALS,
    MIN_COHORTS,
    NOT_ASSESSED,
    PLANS,
    SetupRequest,
    build_setup,
    default_cohorts,
    empty_cohort_warnings,
    is_empty,
    new_seed,
)
from cvo_workshop.engine.text import share_percent
from cvo_workshop.model.card import Capability, CohortCard
from cvo_workshop.model.deck import Deck
from cvo_workshop.model.problem import InputError
from cvo_workshop.model.workshop import OUTCOME_SUGGESTIONS, Framework, WorkshopSetup
from cvo_workshop.tui.styles import style
from cvo_workshop.tui.widgets.key_bar import KeyBar
from cvo_workshop.tui.widgets.text import lit

#: The maturity field's choice when the attached assessment found no level reached.
BELOW = "below_incidental"
BELOW_LABEL = "Below Incidental (assessed): dealt as Incidental"

PLAN_WORDS = {
    "progressive": "Progressive: automation, then customization, then personalization",
    "mixed": "One round of any kind",
}
#: The form field that gives each SetupRequest field, to name it in a problem.
LABELS = {
    "organization": "Organization",
    "facilitator": "Facilitator",
    "participants": "Participants",
    "goals": "Outcome goals",
    "cohorts": "Focus cohorts",
    "framework": "Scoring framework",
    "plan": "Rounds",
    "cards_per_round": "Cards a round",
    "draw_minutes": "Minutes a draw",
    "round_minutes": "Minutes a round",
    "maturity": "Maturity level",
    "deal_beyond_stretch": "Deal cards more than one level up",
    "seed": "Seed",
    "live": "Already live",
}


class SetupScreen(Screen[None]):
    CSS_PATH = style("setup")
    HELP_TITLE = "Setting up a workshop"
    HELP = (
        "Fill in what you know; everything but the organization has a default. "
        "Tab moves between fields, space ticks a box. Ctrl+T runs the maturity "
        "questionnaire now (the home screen's, saved on every answer); its result is "
        "attached when you leave it. Already live: tick the deck's cards the "
        "organization runs now (type in the search field to narrow the list, Tab to "
        "the list, space ticks): they unblock the cards that need them and are dealt "
        "only when the table asks to improve what you have. Ctrl+S starts the workshop."
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
        request: SetupRequest | None = None,
        deck: Deck | None = None,
        deck_path: Path | None = None,
        output: Path | None = None,
        cohorts: Sequence[CohortCard] | None = None,
    ) -> None:
        """`request`: what was given on the command line, to fill the form in with;
        `cohorts`: the cohorts to choose from (an RFM cohort file's, say); by
        default the deck's."""
        super().__init__()
        self.cohorts = list(cohorts) if cohorts is not None else None
        self.given = request or SetupRequest()
        #: The maturity assessment attached (on the command line, or in the form).
        self.attached = self.given.assessment
        #: The focus cohorts given; None: the defaults of the cohorts on offer.
        self.chosen = self.given.cohorts
        #: The deck's cards ticked as already live (kept while the search narrows the list).
        self.live: set[str] = {i.strip() for i in self.given.live if i.strip()}
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
                value=g.organization,
                placeholder="Who is it for?",
                id="organization",
                compact=True,
                # Text fields open with the cursor after their text, nothing selected, so
                # typing adds to it; the number fields (cards, minutes, seed) select theirs,
                # to be typed over.
                select_on_focus=False,
            )
            yield Label("Facilitator")
            yield Input(value=g.facilitator, id="facilitator", compact=True, select_on_focus=False)
            yield Label("Participants: name (role) or name:role, comma-separated")
            yield Input(
                value=", ".join(g.participants),
                placeholder="Ana (CRM), Ben (Data)",
                id="participants",
                compact=True,
                select_on_focus=False,
            )
            yield Label(f"Outcome goals: one to {MAX_GOALS}")
            # None given: the default goal is ticked, as build_setup would take it.
            ticked = set(g.goals) or {DEFAULT_GOAL}
            yield SelectionList[str](
                *[Selection(s, s, s in ticked) for s in OUTCOME_SUGGESTIONS],
                id="goals",
            )
            yield Input(
                value="; ".join(x for x in g.goals if x not in OUTCOME_SUGGESTIONS),
                placeholder="Other goals (separate with ;)",
                id="goal-other",
                compact=True,
                select_on_focus=False,
            )
            yield Label("Deck (empty: the built-in deck)")
            yield Input(
                value=str(self.deck_path or ""),
                id="deck-path",
                compact=True,
                select_on_focus=False,
            )
            yield Label(
                "Cohort file from `cohorts rfm` (Enter loads it: RICE reach uses its measured "
                "shares; empty: the deck's cohorts)"
            )
            yield Input(
                placeholder="path to a cohort file",
                id="cohorts-file",
                compact=True,
                select_on_focus=False,
            )
            yield Label(f"Focus cohorts: {MIN_COHORTS} to {MAX_COHORTS}")
            yield SelectionList[str](id="cohorts")
            yield Label(self._live_words(), id="live-label")
            yield Input(
                placeholder="search the deck's cards (title or id)",
                id="live-search",
                compact=True,
                select_on_focus=False,
            )
            yield SelectionList[str](id="live")
            yield Label("Scoring framework")
            yield Select(
                [(f"{f.name}: {f.method}", f.id) for f in FRAMEWORKS.values()],
                value=Framework(g.framework or Framework.ICE),
                allow_blank=False,
                id="framework",
                compact=True,
            )
            with Horizontal(classes="row"):
                with Vertical():
                    yield Label("Rounds")
                    yield Select(
                        [(PLAN_WORDS[p], p) for p in PLANS],
                        value=g.plan or PLANS[0],
                        allow_blank=False,
                        id="plan",
                        compact=True,
                    )
                with Vertical(classes="narrow"):
                    yield Label("Cards a round")
                    yield Input(
                        value=_text(g.cards_per_round, str(DEFAULT_CARDS_PER_ROUND)),
                        type="integer",
                        id="cards",
                        compact=True,
                    )
            with Horizontal(classes="row"):
                with Vertical():
                    yield Label("Minutes a draw (0: none)")
                    yield Input(
                        value=_text(g.draw_minutes, f"{DEFAULT_DRAW_SECONDS / 60:g}"),
                        type="number",
                        id="draw-minutes",
                        compact=True,
                    )
                with Vertical():
                    yield Label("Minutes a round (0: none)")
                    yield Input(
                        value=_text(g.round_minutes, f"{DEFAULT_ROUND_SECONDS / 60:g}"),
                        type="number",
                        id="round-minutes",
                        compact=True,
                    )
            yield Label("Maturity level, if known (an assessment will fill this in later)")
            yield Select(
                self._maturity_options(),
                value=self._maturity(),
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
                    select_on_focus=False,
                )
                yield Button(
                    "Assess now (ctrl+t)",
                    id="assess-now",
                    compact=True,
                    tooltip="The maturity questionnaire; its result is attached here",
                )
            yield Checkbox(
                "Deal cards more than one level up, too",
                value=g.deal_beyond_stretch,
                id="beyond",
            )
            yield Checkbox(
                "Blind scoring (hide votes until revealed)",
                value=g.blind,
                id="blind",
                tooltip="Each participant shows only as scored until you reveal (o), "
                "so nobody anchors on the first voice",
            )
            with Horizontal(classes="row"):
                with Vertical(classes="narrow"):
                    yield Label("Seed")
                    yield Input(
                        value=_text(g.seed, str(new_seed())),
                        type="integer",
                        id="seed",
                        compact=True,
                    )
                with Vertical():
                    yield Label("Workshop file (empty: the app's workshops folder)")
                    yield Input(
                        value=str(self.output or ""),
                        id="output",
                        compact=True,
                        select_on_focus=False,
                    )
            yield Static(id="setup-errors")
            with Horizontal(classes="buttons"):
                yield Button("Start workshop (ctrl+s)", variant="primary", id="start")
                yield Button("Cancel (esc)", id="cancel")
        yield KeyBar()

    def _attached_words(self) -> str:
        if self.attached is None:
            return "path to a result or response file"
        return f"attached: {maturity_label(self.attached.overall, self.attached)}"

    def _below(self) -> bool:
        """The attached assessment found the organization below Incidental."""
        return self.attached is not None and self.attached.overall is None

    def _maturity_options(self) -> list[tuple[str, str]]:
        below = [(f"0 {BELOW_LABEL}", BELOW)] if self._below() else []
        return [
            (f"{NOT_ASSESSED_WORDS.capitalize()}: deal every card", NOT_ASSESSED),
            *below,
            *((f"{c.rank} {c.label}", c.value) for c in Capability),
        ]

    def _maturity_value(self, level: Capability | None) -> str:
        """The field's value for `level` (None: below Incidental if the assessment
        says so, else not assessed)."""
        if level is not None:
            return level.value
        return BELOW if self._below() else NOT_ASSESSED

    def _maturity(self) -> str:
        """The level given, else the attached assessment's, else not assessed."""
        if self.given.maturity:
            return Capability.parse(self.given.maturity).value
        return self._maturity_value(self.attached.overall if self.attached else None)

    def on_mount(self) -> None:
        if self.deck is None:
            self._load_deck(self.deck_path)
        self._fill_cohorts()
        self._fill_live()
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
        if self.chosen is not None:
            chosen = set(self.chosen)
        else:
            chosen = {c.id for c in default_cohorts(available)}
        for c in available:
            facts = ["no customers"] if is_empty(c) else []
            if c.share is not None:
                facts.append(f"{share_percent(c.share)} of customers")
            if c.revenue_share is not None:
                facts.append(f"{share_percent(c.revenue_share)} of revenue")
            label = Content.assemble(
                (lit(c.name), "bold"), ("  " + " · ".join(facts), "$text-muted")
            )
            lst.add_option(Selection(label, c.id, c.id in chosen))

    # --- cards already live ------------------------------------------------------
    def _live_words(self) -> str:
        ticked = f" ({len(self.live)} ticked)" if self.live else ""
        return f"Already live: cards the organization runs now{ticked}"

    def _fill_live(self) -> None:
        """The deck's cards whose title or id holds the search text, ticked as before."""
        lst = self.query_one("#live", SelectionList)
        lst.clear_options()
        wanted = self.query_one("#live-search", Input).value.strip().casefold()
        for card in self.deck.cards if self.deck else ():
            if wanted and wanted not in card.title.casefold() and wanted not in card.id:
                continue
            label = Content.assemble(
                (lit(card.title), "bold"), (f"  {card.kind.label} · {lit(card.id)}", "$text-muted")
            )
            lst.add_option(Selection(label, card.id, card.id in self.live))
        if lst.option_count:
            lst.highlighted = 0  # Tab, then space ticks the first match

    def on_selection_list_selected_changed(self, event: SelectionList.SelectedChanged) -> None:
        if event.selection_list.id != "live":
            return
        lst = event.selection_list
        shown = {str(lst.get_option_at_index(i).value) for i in range(lst.option_count)}
        self.live = (self.live - shown) | {str(v) for v in lst.selected}
        self.query_one("#live-label", Label).update(self._live_words())

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "live-search":
            self._fill_live()

    def _attach_assessment(self, text: str) -> bool:
        """Attach the assessment in file `text`; its level fills in the maturity field."""
        from cvo_workshop.service.assessments import for_another_organization, load_assessment

        try:
            self.attached, notices = load_assessment(Path(text).expanduser())
        except InputError as e:
            self._errors([str(p) for p in e.problems[:5]])
            return False
        for notice in notices:
            self.notify(notice, severity="warning", markup=False, timeout=10)
        level = self.attached.overall
        other = for_another_organization(
            self.attached, self.query_one("#organization", Input).value.strip()
        )
        if other:
            self.notify(other, severity="warning", markup=False)
        field = self.query_one("#maturity", Select)
        field.set_options(self._maturity_options())
        field.value = self._maturity_value(level)
        self.query_one("#assessment", Input).placeholder = self._attached_words()
        self._errors([])
        self.notify(
            f"Assessment attached: {maturity_label(level, self.attached)} "
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
        self.chosen = None  # chosen among the others: the defaults of these
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
                self.chosen = None
                self._fill_cohorts()
                self.live = set()  # another deck: other cards
                self._fill_live()
                self.query_one("#live-label", Label).update(self._live_words())
                self._errors([])
                self.notify(f"Deck loaded: {self.deck.deck.name}", markup=False)  # type: ignore[union-attr]
        else:
            self.focus_next()

    # --- starting ----------------------------------------------------------
    def _errors(self, problems: list[str]) -> None:
        box = self.query_one("#setup-errors", Static)
        box.update(Content.styled(lit("\n".join(problems)), "bold $error") if problems else "")
        box.display = bool(problems)

    def request(self) -> SetupRequest:
        """What the form says, as typed; build_setup holds the rules."""

        def value(widget_id: str) -> str:
            return self.query_one(f"#{widget_id}", Input).value

        goals = list(self.query_one("#goals", SelectionList).selected)
        goals += value("goal-other").split(";")
        level = str(self.query_one("#maturity", Select).value)
        # below Incidental is the attached assessment's word, not a level to set
        return SetupRequest(
            organization=value("organization"),
            facilitator=value("facilitator"),
            participants=[value("participants")],
            goals=goals,
            cohorts=list(self.query_one("#cohorts", SelectionList).selected),
            framework=str(self.query_one("#framework", Select).value),
            plan=str(self.query_one("#plan", Select).value),
            cards_per_round=value("cards"),
            draw_minutes=value("draw-minutes"),
            round_minutes=value("round-minutes"),
            maturity=NOT_ASSESSED if level == BELOW else level,
            deal_beyond_stretch=self.query_one("#beyond", Checkbox).value,
            blind=self.query_one("#blind", Checkbox).value,
            seed=value("seed"),
            assessment=self.attached,
            live=sorted(self.live),
        )

    def collect(self) -> tuple[WorkshopSetup | None, list[str]]:
        """The setup the form describes, or the problems with it."""
        from cvo_workshop.store.workshops import deck_ref

        problems: list[str] = []
        typed = self.query_one("#assessment", Input).value.strip()
        if typed and not self._attach_assessment(typed):
            problems.append("Assessment: the file cannot be attached (see above)")
        if self.deck is None:
            return None, [*problems, "Deck: no deck loaded"]
        built = build_setup(
            self.request(),
            deck=deck_ref(self.deck, self.deck_path),
            available=self.available_cohorts(),
            recipes=self.deck.cards,
        )
        if isinstance(built, list):
            problems += [f"{LABELS.get(p.field, p.field)}: {p.message}" for p in built]
        if problems or isinstance(built, list):
            return None, problems
        return built, []

    def action_start(self) -> None:
        from cvo_workshop.service.workshop import start
        from cvo_workshop.store.workshops import default_path

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
        for empty in empty_cohort_warnings(setup.cohorts):
            self.app.notify(empty, severity="warning", timeout=20, markup=False)
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


def _text(given: str | float | None, default: str) -> str:
    """A field's text: what was given, as given, else the default."""
    return default if given is None else str(given)
