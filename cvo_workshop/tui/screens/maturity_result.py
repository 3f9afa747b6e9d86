"""A maturity result on screen: bars per dimension and tactic, levels by name,
disagreements, and what to work on next."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from cvo_workshop.engine.maturity import counts_in_words
from cvo_workshop.model.maturity import MaturityResult
from cvo_workshop.model.questionnaire import Questionnaire
from cvo_workshop.tui.styles import style
from cvo_workshop.tui.widgets.key_bar import KeyBar
from cvo_workshop.tui.widgets.text import lit

BAR = 32


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
        self, result: MaturityResult, bank: Questionnaire, *, back_to: str | None = None
    ) -> None:
        """`back_to`: the screen that takes this result, which Escape goes back to
        (the workshop setup); None: back to the questionnaire."""
        super().__init__()
        self.result = result
        self.bank = bank
        self.back_to = back_to

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="result"):
            yield Static(self._render_result(), id="summary")
        yield KeyBar()

    def _render_result(self) -> Content:
        r = self.result
        overall = r.overall.label if r.overall else "below Incidental"
        n = len(r.respondents)
        lines: list[Content] = []
        if self.back_to:
            lines.append(
                Content.styled(f"Escape: back to {lit(self.back_to)}, with this result.", "$accent")
            )
            lines.append(Content(""))
        lines += [
            Content.assemble(
                ("Capability: ", "bold"),
                (overall, "bold $accent"),
                f"  {r.overall_progress:.1f} of 4 (the weakest dimension) · mean "
                f"{r.mean_progress:.1f} · {n} respondent{'s' if n != 1 else ''}",
            ),
            Content(""),
        ]
        for d in r.capability:
            level = d.level.label if d.level else "below Incidental"
            target = d.target.rank / 4 if d.target else None
            lines.append(
                Content.assemble(
                    (f"{d.dimension.label:<11}", "bold"),
                    bar(d.progress / 4, target=target),
                    f" {d.progress:.1f}  {level}",
                    (f"  (target {d.target.label}, gap {d.gap:.1f})", "$text-muted")
                    if d.target and d.gap is not None
                    else "",
                )
            )
        lines += [
            Content(""),
            Content.assemble(("Strategy: ", "bold"), (r.stage.label, "bold $accent")),
        ]
        for t in r.strategy:
            used = "–" if t.coverage is None else f"{t.coverage:.0%}"
            lines.append(
                Content.assemble(
                    (f"{t.tactic.value}  ", "bold"),
                    bar(t.coverage or 0.0, target=t.target),
                    f" {used:>4} used",
                    (f"  {t.tactic.label}", "$text-muted"),
                )
            )
        for flag in r.flags:
            lines.append(Content.styled(f"! {lit(flag)}", "$warning"))
        if r.kpis_asked:
            tracked = ", ".join(r.kpis_tracked) or "none"
            lines.append(
                Content(
                    f"Customer-value KPIs tracked: {len(r.kpis_tracked)} of "
                    f"{r.kpis_asked} ({tracked})"
                )
            )
        if r.disagreements:
            lines += [
                Content(""),
                Content.styled(f"Disagreement on {len(r.disagreements)} questions", "bold $error"),
            ]
            by_id = {q.id: q for q in r.questions}
            for qid in r.disagreements:
                counts = counts_in_words(by_id[qid], self.bank)
                text = self.bank.text_of(qid)
                lines.append(
                    Content.assemble(
                        ("  ", ""), (lit(text), "$error"), (f"  ({counts})", "$text-muted")
                    )
                )
        lines += [Content(""), Content.styled("What to work on next", "bold")]
        for d in r.capability:
            if not d.next_steps:
                continue
            lines.append(Content.styled(d.dimension.label, "bold $accent"))
            for qid in d.next_steps[:4]:
                lines.append(Content(f"  - {lit(self.bank.question(qid).text)}"))
        return Content("\n").join(lines)

    def action_back(self) -> None:
        self.dismiss()
