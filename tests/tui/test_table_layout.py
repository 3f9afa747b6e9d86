"""The table's side column at the sizes a facilitator's terminal has: the cohort
card and the scores one above the other, each framed whole and as wide as the
other, however long the cohort card is."""

from __future__ import annotations

import pytest

from cvo_workshop.model.workshop import Framework
from cvo_workshop.tui.app import WorkshopApp
from tests import workshop_fixtures as W

LONG = (
    "Recent customers with a few orders behind them. The habit is forming; the next "
    "orders decide whether they become loyal, or drift away to a competitor."
)
PLAYS = [
    "Invite them into the membership or loyalty programme",
    "Recommendations that build on what they bought",
    "Introduce a second category that fits their first",
]


def _long_cohorts_deck():
    d = W.deck()
    cohorts = [c.model_copy(update={"description": LONG, "plays": PLAYS}) for c in d.cohorts]
    return d.model_copy(update={"cohorts": cohorts})


def _box(lines: list[str], region) -> list[str]:
    return [line[region.x : region.right] for line in lines[region.y : region.bottom]]


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (120, 40)])
async def test_a_long_cohort_card_keeps_its_frame_above_the_scores(start, clock, size):
    """At 100x30 the cohort card lost its bottom edge under the RICE scores (it
    scrolled inside a frame of its own, cut off), and the scores' box stood out past
    it by the card's scrollbar."""
    running = start(deck=_long_cohorts_deck(), framework=Framework.RICE)
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = app.screen
        lines = [strip.text for strip in screen._compositor.render_strips()]
        cohort = screen.query_one("#cohort-scroll").region
        scores = screen.query_one("#scores").region
        assert (cohort.x, cohort.width) == (scores.x, scores.width)
        assert cohort.bottom == scores.y  # one under the other, nothing between or over
        box = _box(lines, cohort)
        assert box[0].startswith("╭─ Cohort ") and box[0].endswith("╮"), box
        assert box[-1].startswith("╰") and box[-1].endswith("╯"), box  # its bottom edge
        assert all(line.startswith("│") for line in box[1:-1]), box
        shown = _box(lines, scores)
        assert shown[0].startswith("╭─ RICE") and shown[-1].startswith("╰"), shown
