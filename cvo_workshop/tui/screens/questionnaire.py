"""The maturity questionnaire, one question at a time, answered with keys.

Every answer is written to the response file at once (atomically), so closing
the app or losing the machine loses nothing; opening the same file again goes
on at the first question without an answer.

The screen's result (dismiss) is the response file when anything was answered,
else None: the setup screen attaches it.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import ProgressBar, Static

from cvo_workshop.engine.maturity import section
from cvo_workshop.model.questionnaire import (
    DONT_KNOW,
    NOT_APPLICABLE,
    Question,
    Questionnaire,
    ScaleStep,
)
from cvo_workshop.model.response import Answer, Response
from cvo_workshop.store.lock import SidecarLock
from cvo_workshop.tui.keys import LongLabels
from cvo_workshop.tui.styles import style
from cvo_workshop.tui.widgets.key_bar import KeyBar
from cvo_workshop.tui.widgets.text import lit

#: Keys for an answer set's scored steps, in order; "don't know" and "not applicable"
#: keep their letters whatever the set.
STEP_KEYS = ("1", "2", "3", "4")
LEFT_OUT_KEYS = {DONT_KNOW: "d", NOT_APPLICABLE: "x"}
#: What to do about the file's answers not scored (engine/maturity.
#: unscored_earlier_words): this screen is where they are answered again.
ASK_AGAIN_HERE = "this questionnaire asks those statements again"


def keyed_steps(bank: Questionnaire, q: Question) -> dict[str, ScaleStep]:
    """The key for each answer to `q`: 1, 2... for its set's steps (No/Yes, None to
    All, No to Continuously), d and x for don't know and not applicable."""
    scored = [s for s in bank.steps(q) if isinstance(s.value, float)]
    out = dict(zip(STEP_KEYS, scored, strict=False))
    for s in bank.steps(q):
        if isinstance(s.value, str) and s.value in LEFT_OUT_KEYS:
            out[LEFT_OUT_KEYS[s.value]] = s
    return out


class QuestionnaireScreen(LongLabels, Screen[Path | None]):
    CSS_PATH = style("questionnaire")
    HELP_TITLE = "Questionnaire"
    HELP = (
        "One statement at a time. Answer with 1 No, 2 Ad hoc, 3 Routinely, 4 Continuously "
        "(a yes/no statement: 1 No, 2 Yes; one about coverage: 1 None to 4 All), "
        "d Don't know, x Not applicable (it asks why). n adds a note, e the evidence "
        "(what shows it, a link, its owner, when it was checked). Left and "
        "right go back and forward. Every answer is saved at once; r shows the result."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        # One key on the bar and in the help for them all, as many as the statement
        # on screen has answers (1-2 for yes/no): shown_key and long_label below.
        Binding("1", "answer('1')", "Answer", key_display="1-4"),
        Binding("2", "answer('2')", "", show=False),
        Binding("3", "answer('3')", "", show=False),
        Binding("4", "answer('4')", "", show=False),
        Binding("d", "answer('d')", "Don't know"),
        Binding("x", "answer('x')", "N/A"),
        Binding("n", "note", "Note"),
        Binding("e", "evidence", "Evidence"),
        # Before the scrolling body's own left and right, which hid them from the key
        # bar, the help and the palette (the body never scrolls sideways).
        Binding("left", "step(-1)", "Back", key_display="←", priority=True),
        Binding("right", "step(1)", "Forward", key_display="→", priority=True),
        Binding("r", "result", "Result"),
        Binding("escape", "close", "Close"),
    ]

    def __init__(self, bank: Questionnaire, response: Response, path: Path) -> None:
        super().__init__()
        self.bank = bank
        self.response = response
        self.path = path
        #: Opened for the screen below, which takes the answers ("the workshop setup"):
        #: leaving the result screen goes back to it, leaving the questionnaire too.
        self.return_to: str | None = None
        #: The response file's single-writer lock, let go when the screen goes (not
        #: `lock`: Textual's widgets keep their own RLock there).
        self.file_lock: SidecarLock | None = None
        unanswered = [i for i, q in enumerate(bank.questions) if self._answer(q).value is None]
        self.index = unanswered[0] if unanswered else 0

    def compose(self) -> ComposeResult:
        with Vertical(id="questionnaire"):
            yield Static(id="where")
            yield ProgressBar(total=len(self.bank.questions), show_eta=False, id="progress")
            with VerticalScroll(id="body"):
                yield Static(id="question")
                yield Static(id="criteria")
                yield Static(id="options")
                yield Static(id="note")
        yield KeyBar()

    def on_mount(self) -> None:
        self.show()

    def _scored_keys(self) -> dict[str, ScaleStep]:
        steps = keyed_steps(self.bank, self.question)
        return {k: s for k, s in steps.items() if k in STEP_KEYS}

    def shown_key(self, action: str) -> str | None:
        if action == "answer('1')":
            return f"1-{len(self._scored_keys())}"
        return None

    def long_label(self, action: str) -> str | None:
        if action == "answer('1')":
            return f"Answer: {self._answer_words()}"
        return None

    def _answer_words(self) -> str:
        return ", ".join(f"{k} {s.label}" for k, s in self._scored_keys().items())

    def on_unmount(self) -> None:
        if self.file_lock is not None:
            self.file_lock.release()

    @property
    def question(self) -> Question:
        return self.bank.questions[self.index]

    def _answer(self, q: Question) -> Answer:
        return self.response.answers.get(q.id) or Answer()

    def answered(self) -> int:
        return sum(1 for q in self.bank.questions if self._answer(q).value is not None)

    def show(self) -> None:
        q = self.question
        n = len(self.bank.questions)
        self.query_one("#where", Static).update(
            Content.assemble(
                (lit(self.response.respondent), "bold"),
                f"  ·  question {self.index + 1} of {n}  ·  ",
                (section(q), "$accent"),
                (f"   {self.answered()} answered, saved in {self.path}", "$text-muted"),
            )
        )
        self.query_one(ProgressBar).update(progress=self.answered())
        self.query_one("#question", Static).update(Content.styled(lit(q.text), "bold"))
        self.query_one("#criteria", Static).update(
            Content("\n").join(Content.styled(f"✓ {lit(c)}", "$text-muted") for c in q.criteria)
        )
        current = self._answer(q)
        lines = []
        for key, step in keyed_steps(self.bank, q).items():
            chosen = current.value is not None and current.value == step.value
            mark = "●" if chosen else "○"
            lines.append(
                Content.assemble(
                    (f" {key} ", "bold reverse $accent" if chosen else "bold $accent"),
                    f" {mark} ",
                    (step.label, "bold" if chosen else ""),
                    (f"  {lit(step.meaning)}", "$text-muted"),
                )
            )
        self.query_one("#options", Static).update(Content("\n").join(lines))
        notes = [
            Content.assemble((f"{label}: ", "bold"), lit(text))
            for label, text in (("Note", current.note), ("Evidence", str(current.evidence)))
            if text
        ]
        self.query_one("#note", Static).update(Content("\n").join(notes))
        self.refresh_bindings()  # 1-2 or 1-4 on the key bar, as this statement has answers

    def _save(self, answer: Answer) -> bool:
        from cvo_workshop.store.responses import save_response

        answers = dict(self.response.answers)
        answers[self.question.id] = answer
        updated = self.response.model_copy(update={"answers": answers})
        try:
            save_response(self.path, updated)
        except OSError as e:
            self.notify(
                f"Could not save to {self.path}: {e.strerror or e}. The answer was not taken; "
                "try again.",
                severity="error",
                markup=False,
            )
            return False
        self.response = updated
        return True

    def action_answer(self, key: str) -> None:
        steps = keyed_steps(self.bank, self.question)
        step = steps.get(key)
        if step is None:  # "3" on a yes/no statement
            self.notify(f"This statement is answered {self._answer_words()}.", markup=False)
            return
        value = step.value
        current = self._answer(self.question)
        if value == NOT_APPLICABLE and not current.note:
            self._ask_note(then_value=value)
            return
        if self._save(current.model_copy(update={"value": value})):
            self._advance()

    def _advance(self) -> None:
        if self.index < len(self.bank.questions) - 1:
            self.index += 1
            self.show()
        else:
            self.show()
            self.action_result()

    def _ask_note(self, then_value: object = None) -> None:
        from cvo_workshop.tui.screens.note import NoteModal

        current = self._answer(self.question)

        def done(text: str | None) -> None:
            if text is None:
                return
            if then_value == NOT_APPLICABLE and not text.strip():
                self.notify("Not applicable needs a reason.", severity="warning")
                return
            update: dict[str, object] = {"note": text.strip()}
            if then_value is not None:
                update["value"] = then_value
            if self._save(current.model_copy(update=update)) and then_value is not None:
                self._advance()
            else:
                self.show()

        title = "Why does it not apply?" if then_value == NOT_APPLICABLE else "Note"
        self.app.push_screen(NoteModal(title, current.note), done)

    def action_note(self) -> None:
        self._ask_note()

    def action_evidence(self) -> None:
        from cvo_workshop.model.response import Evidence
        from cvo_workshop.tui.screens.evidence import EvidenceModal

        current = self._answer(self.question)

        def done(evidence: Evidence | None) -> None:
            if evidence is not None:
                self._save(current.model_copy(update={"evidence": evidence}))
            self.show()

        self.app.push_screen(EvidenceModal(self.question.text, current.evidence), done)

    def action_step(self, step: int) -> None:
        self.index = max(0, min(len(self.bank.questions) - 1, self.index + step))
        self.show()

    def action_result(self) -> None:
        from cvo_workshop.engine.maturity import score, unscored_notices
        from cvo_workshop.tui.screens.maturity_result import MaturityResultScreen

        result = score(self.bank, [self.response])
        notices = unscored_notices(
            self.bank, [(str(self.path), self.response)], advice=ASK_AGAIN_HERE
        )
        screen = MaturityResultScreen(result, self.bank, back_to=self.return_to, notices=notices)
        self.app.push_screen(screen, self._after_result)

    def _after_result(self, _: None) -> None:
        # On top again (not already closed by a second Escape): back to the screen below.
        if self.return_to is not None and self.app.screen is self:
            self.action_close()

    def action_close(self) -> None:
        answered = self.answered() > 0
        if self.app.first is self:  # type: ignore[attr-defined]
            self.app.messages.append(f"Answers saved in {self.path}")  # type: ignore[attr-defined]
            self.app.exit()
            return
        if answered and self.return_to is None:
            self.notify(f"Answers saved in {self.path}", timeout=4, markup=False)
        self.dismiss(self.path if answered else None)
