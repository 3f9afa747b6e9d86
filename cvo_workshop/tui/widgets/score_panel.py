"""The scores of the draw on the table: each factor, who gave it, the result and
how it was made. Digits go to the highlighted factor (the screen's keys)."""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from textual import events
from textual.content import Content
from textual.message import Message
from textual.widget import Widget

from cvo_workshop.engine.fold import Draw, State
from cvo_workshop.engine.frameworks import Factor, definition, show_number, show_reach
from cvo_workshop.engine.summary import (
    draw_score,
    everyone_scored,
    given_factors,
    revealed_word,
    revote_words,
    scored_factors,
    scored_words,
    voters,
)
from cvo_workshop.tui.widgets.text import lit

LABEL_WIDTH = 11
BAR = 10


def legend(factor: Factor, width: int) -> list[str]:
    """The keys of a choice factor ('1 Massive 3 · 2 High 2 · ...'), in lines that
    fit `width`: shown under the highlighted factor."""
    lines: list[str] = []
    for part in factor.choice_keys():
        if lines and len(lines[-1]) + 3 + len(part) <= width - 4:
            lines[-1] += " · " + part
        else:
            lines.append(part)
    return ["    " + line for line in lines]


def _bar(factor: Factor, value: float | None) -> str:
    if factor.entry != "scale" or value is None:
        return ""
    n = round(value)
    return "█" * n + "░" * (BAR - n)


def _value_width(factors: tuple[Factor, ...], width: int) -> int:
    """The value column: as wide as the widest value a typed factor takes, or what
    the line leaves after the labels. A longer value takes the room its label
    leaves ("▸ Effort 120 person-months" fits 28 columns)."""
    typed = (len(f.show(f.high)) for f in factors if f.entry != "choice")
    return min(max([4, *typed]), max(4, width - 2 - LABEL_WIDTH))


class ScorePanel(Widget):
    DEFAULT_CSS = """
    ScorePanel { height: auto; }
    """

    @dataclass
    class FactorClicked(Message):
        """A factor's line was clicked: score that factor next."""

        index: int

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._args: tuple[State, Draw | None, int, str | None, str] | None = None

    def on_click(self, event: events.Click) -> None:
        if self._args is None or self._args[1] is None:
            return
        offset = event.get_content_offset(self)
        if offset is None:
            return
        state, draw, focus = self._args[0], self._args[1], self._args[2]
        line = 1  # after "Scoring for ..."
        for i, f in enumerate(definition(state.setup.framework).factors):
            people = any(f.key in v for v in draw.by_participant.values())
            # its line, who scored it, and the keys of the highlighted one
            height = 1 + people + (len(legend(f, self.size.width)) if i == focus else 0)
            if line <= offset.y < line + height:
                self.post_message(self.FactorClicked(i))
                return
            line += height

    @staticmethod
    def _people_line(state: State, draw: Draw) -> Content:
        """Who has scored ("Ana scored · Ben not yet") and how many: never a value."""
        scored = set(voters(state, draw))
        parts: list[str | tuple[str, str]] = []
        for n, p in enumerate(state.setup.participants):
            if n:
                parts.append(" · ")
            if p.name in scored:
                parts.append((f"{lit(p.name)} scored", "bold"))
            else:
                parts.append((f"{lit(p.name)} not yet", "$text-muted"))
        return Content.assemble(*parts)

    def show(
        self,
        state: State,
        draw: Draw | None,
        *,
        focus: int,
        voter: str | None,
        buffer: str = "",
    ) -> None:
        self._args = (state, draw, focus, voter, buffer)
        spec = definition(state.setup.framework)
        self.border_title = Content.styled(f"{spec.name} · {spec.short}", "bold")
        self.refresh(layout=True)

    def render(self) -> Content:
        if self._args is None:
            return Content("")
        state, draw, focus, voter, buffer = self._args
        return self.content(
            state, draw, focus=focus, voter=voter, buffer=buffer, width=self.size.width or 40
        )

    @staticmethod
    def content(
        state: State,
        draw: Draw | None,
        *,
        focus: int,
        voter: str | None,
        buffer: str = "",
        width: int = 40,
    ) -> Content:
        setup = state.setup
        spec = definition(setup.framework)
        who = (
            Content.styled(lit(voter), "bold $accent")
            if voter
            else Content.styled("the room", "bold")
        )
        # Blind and not revealed: the room sees the screen, so nobody's values
        # show, not even those of the person being typed for.
        blind = draw is not None and draw.hides_votes
        hidden_note = (" (hidden)", "$text-muted") if blind and voter else ""
        lines = [Content.assemble(("Scoring for ", "$text-muted"), who, hidden_note)]
        if draw is None:
            lines.append(Content.styled("No card on the table.", "$text-muted"))
            return Content("\n").join(lines)
        team = draw.team_score(setup)
        factors = team.factors()
        prefilled = draw.prefilled
        flagged = set(team.disagreements())
        # A factor not asked (RICE reach the cohort gives) shows as given, with where
        # it came from: no digit goes to it.
        cohort_gives = given_factors(state, draw)
        value_width = _value_width(spec.factors, width)
        show_bar = width >= 2 + LABEL_WIDTH + value_width + 1 + BAR
        for i, f in enumerate(spec.factors):
            mine = draw.by_participant.get(voter, {}).get(f.key) if voter else None
            value = mine if voter else factors[f.key]
            if blind and voter:
                value = None
            given = f.key in cohort_gives
            if given:  # what the score uses: the cohort's, or a value an older file typed
                value = factors[f.key]
            flag = " ⚠" if f.key in flagged else ""
            # The value and its unit in words ("120 person-months") on the factor's line,
            # in the room the label leaves; the unit short ("60.25 person-mo") only where
            # the words do not fit there (a median with decimals, flagged, at 80 columns).
            fits = width - 2 - len(f.label) - len(flag) - 1
            shown = ""
            for short in (False, True):
                shown = f.show(value, short=short)
                if blind and voter:
                    shown = "scored" if f.key in scored_factors(draw, voter) else "–"
                if given and value is None:
                    gives, origin = cohort_gives[f.key]
                    where = " (revenue)" if origin == "revenue share" else " (cohort)"
                    shown = show_reach(gives, origin) + where
                if i == focus and buffer:
                    shown = "•" * len(buffer) + "_" if blind and voter else buffer + "_"
                if voter is None and f.key in prefilled:
                    shown += "*"
                if cell_len(shown) <= fits:
                    break
            # Every value ends in one column; a wider value, or a flagged label wider than
            # the label column, takes the room between them (one space at least).
            gap = LABEL_WIDTH + value_width - len(f.label) - len(flag) - cell_len(shown)
            row: list[str | tuple[str, str]] = [
                ("▸ " if i == focus else "  ", "bold $accent"),
                (f"{f.label}", "bold" if i == focus else ""),
                (flag, "bold $warning"),
                " " * max(1, gap),
                (shown, "$text-muted" if given else "bold"),
            ]
            if show_bar and f.entry == "scale":
                row.append((" " + _bar(f, value), "$accent"))
            lines.append(Content.assemble(*row))
            if i == focus:
                lines.extend(Content.styled(k, "$text-muted") for k in legend(f, width))
            people = [(n, v[f.key]) for n, v in draw.by_participant.items() if f.key in v]
            if people:
                parts: list[str | tuple[str, str]] = ["  "]
                for n, (name, v) in enumerate(people):
                    if n:
                        parts.append(", ")
                    style = "bold" if name == voter else "$text-muted"
                    parts.append((f"{lit(name)} {show_number(v)}", style))
                if f.key in draw.consensus:
                    room = show_number(draw.consensus[f.key])
                    parts.append((f" (room {room})", "$text-muted"))
                else:
                    parts.append((f" (median {show_number(team.median(f.key))})", "$text-muted"))
                if (low_high := team.spread(f.key)) and (agree := team.agreement(f.key)):
                    low, high = low_high
                    parts.append(
                        (
                            f" {show_number(low)}–{show_number(high)}, {agree.value}",
                            "$warning" if f.key in flagged else "$text-muted",
                        )
                    )
                lines.append(Content.assemble(*parts))
        if flagged:
            lines.append(Content.styled("⚠ wide spread: worth a word", "$warning"))
        for key, why in prefilled.items():
            lines.append(
                Content.styled(
                    f"* {spec.factor(key).label} pre-filled {lit(why)}",
                    "$text-muted",
                )
            )
        if draw.blind and state.setup.participants:
            # Who has not scored yet: until the reveal, and after one that came before
            # everyone had (they score on, and the values alone do not say who is missing).
            if not draw.revealed or not everyone_scored(state, draw):
                lines.append(ScorePanel._people_line(state, draw))
            count = scored_words(state, draw)
            if draw.hidden:
                lines.append(Content.styled(f"{count}, hidden", "bold $accent"))
            elif draw.revealed:
                # The agreement only from two people's values on a factor; shown either way.
                overall = team.overall_agreement()
                agreed = f" · {overall.label}" if overall else ""
                shown = revealed_word(state, draw)
                lines.append(Content.styled(f"{count}, {shown}{agreed}", "bold"))
            else:
                lines.append(Content.styled(count, "$text-muted"))
            if draw.revotes:
                lines.append(Content.styled(revote_words(draw.revotes).capitalize(), "$text-muted"))
        value, breakdown = draw_score(state, draw)
        if value is None:
            lines.append(Content.styled(breakdown.text, "$text-muted"))
        else:
            lines.append(Content.styled(breakdown.text, "bold $success"))
        return Content("\n").join(lines)
