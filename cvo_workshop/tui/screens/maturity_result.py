"""A maturity result on screen: bars per dimension and tactic, levels by name,
disagreements, and what to work on next."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from cvo_workshop.engine.maturity_view import maturity_view
from cvo_workshop.model.maturity import MaturityResult
from cvo_workshop.model.questionnaire import Questionnaire
from cvo_workshop.tui.styles import style
from cvo_workshop.tui.widgets.key_bar import KeyBar
from cvo_workshop.tui.widgets.text import lit

BAR = 16

#: The heading over the response files' answers the result leaves out.
NOT_SCORED = "Answers not scored"

#: The screen's colour for each tone of engine/maturity_view.
TONE_STYLE = {
    "plain": "",
    "muted": "$text-muted",
    "warning": "$warning",
    "error": "$error",
    "agreed": "$success",
    "heading": "bold",
}


def bar(fraction: float, width: int = BAR, target: float | None = None) -> Content:
    full = round(max(0.0, min(fraction, 1.0)) * width)
    cells = ["█"] * full + ["░"] * (width - full)
    if target is not None:
        t = min(width - 1, max(0, round(target * width) - 1))
        cells[t] = "▏" if t >= full else "▌"
    return Content.styled("".join(cells), "$accent")


class MaturityResultScreen(Screen[None]):
    CSS_PATH = style("questionnaire")
    HELP_TITLE = "Maturity result"
    HELP = (
        "Capability per dimension (0-4, levels reached cumulatively; overall is the weakest), "
        "strategy tactics A-E (share in use), questions the respondents disagree on, and the "
        "statements to work on next."
    )
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "back", "Back")]

    def __init__(
        self,
        result: MaturityResult,
        bank: Questionnaire,
        *,
        back_to: str | None = None,
        notices: Sequence[str] = (),
    ) -> None:
        """`back_to`: the screen that takes this result, which Escape goes back to
        (the workshop setup); None: back to the questionnaire. `notices`: the
        response files' answers that are not scored (engine/maturity.unscored_notices),
        with what to do about them in the words of whoever opened it."""
        super().__init__()
        self.result = result
        self.bank = bank
        self.back_to = back_to
        self.notices = list(notices)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="result"):
            yield Static(self._render_result(None), id="summary")
        yield KeyBar()

    def on_resize(self) -> None:
        # Wrapped lines go on under their own words: known once laid out.
        self.call_after_refresh(self._rewrap)

    def _rewrap(self) -> None:
        summary = self.query_one("#summary", Static)
        summary.update(self._render_result(summary.content_size.width or None))

    def _render_result(self, width: int | None) -> Content:
        from cvo_workshop.tui.hanging import hanging

        view = maturity_view(self.result, self.bank)
        lines: list[Content] = []
        if self.back_to:
            lines.append(
                Content.styled(f"Escape: back to {lit(self.back_to)}, with this result.", "$accent")
            )
            lines.append(Content(""))
        lines.append(Content.styled(lit(view.headline), "bold $accent"))
        if self.notices:  # before the result: it counts without these answers
            lines += [Content(""), Content.styled(NOT_SCORED, f"bold {TONE_STYLE['warning']}")]
            for n in self.notices:
                lines += hanging("  ", Content.styled(lit(n), TONE_STYLE["warning"]), width)
        for section in view.sections:
            title = "bold" + ("" if section.tone == "heading" else f" {TONE_STYLE[section.tone]}")
            lines += [Content(""), Content.styled(lit(section.title), title)]
            for line in section.lines:
                lead = Content("  " * (line.indent + 1))
                if line.bar is not None:
                    lead = lead + bar(line.bar, target=line.target) + Content(" ")
                text = Content.styled(lit(line.text), TONE_STYLE[line.tone])
                lines += hanging(lead, text, width)
        return Content("\n").join(lines)

    def action_back(self) -> None:
        self.dismiss()
