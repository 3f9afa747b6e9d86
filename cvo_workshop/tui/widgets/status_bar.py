"""The line at the top of the draw screen: where we are, and the two clocks."""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget

from cvo_workshop.engine.session import Session
from cvo_workshop.engine.summary import duration
from cvo_workshop.tui.widgets.text import lit


def _clock(label: str, elapsed: float, budget: float | None, paused: bool) -> Content:
    if budget is None:
        return Content.assemble((f"{label} ", "$text-muted"), duration(elapsed))
    over = elapsed - budget
    if over > 0:
        return Content.assemble(
            (f"{label} ", "$text-muted"),
            (f"{duration(budget)} +{duration(over)} over", "bold $error"),
        )
    style = "bold $warning" if budget - elapsed <= 30 and not paused else ""
    return Content.assemble(
        (f"{label} ", "$text-muted"), (f"{duration(elapsed)}/{duration(budget)}", style)
    )


class StatusBar(Widget):
    """Organization, round and draw on the left; draw and round clocks on the right.

    Clocks never block anything: past the time-box they turn red and keep counting."""

    DEFAULT_CSS = """
    StatusBar { height: 1; background: $panel; }
    """

    def __init__(self, session: Session, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.session = session

    def on_mount(self) -> None:
        self.set_interval(1.0, self.refresh)

    def draw_over(self) -> bool:
        s = self.session.state
        budget = s.draw_budget()
        return (
            budget is not None
            and s.current is not None
            and s.draw_elapsed(self.session.now()) > budget
        )

    def render(self) -> Content:
        session = self.session
        s = session.state
        now = session.now()
        plan = session.round_plan
        cur = s.current
        # Where we are first: a long organization name is what gets cut.
        where = [Content(f"Round {s.round}/{len(s.setup.rounds)} {plan.label}")]
        if s.ended:
            where.append(Content.styled("ended", "bold"))
        elif cur is not None:
            where.append(Content(f"Card {s.dealt_in_round()}/{plan.cards}"))
        where.append(Content.styled(lit(s.setup.organization), "bold"))
        left = Content(" · ").join(where)
        clocks = []
        if cur is not None:
            clocks.append(_clock("draw", s.draw_elapsed(now), s.draw_budget(), session.paused))
        clocks.append(_clock("round", s.round_elapsed(now), s.round_budget(), session.paused))
        if session.paused:
            clocks.append(Content.styled(" PAUSED ", "bold reverse $warning"))
        right = Content("  ").join(clocks)
        width = self.size.width or 80
        room = width - right.cell_length - 3
        if left.cell_length > room:  # the clocks matter more than a long name
            left = left.truncate(max(room, 0), ellipsis=True)
        gap = max(1, width - left.cell_length - right.cell_length - 2)
        return Content.assemble(" ", left, " " * gap, right, " ")
