"""RICE effort on the table: "person-months" in words at every width ("0.5 to 120
pm" read as a time of day). At 80 columns the words take the room the label
column leaves after "Effort", rather than shrinking to "pm"."""

from __future__ import annotations

import pytest

from cvo_workshop.model.workshop import Framework
from cvo_workshop.tui.app import WorkshopApp
from tests.tui.conftest import text_of


def _effort_row(app: WorkshopApp) -> str:
    lines = text_of(app.screen.query_one("#scores")).splitlines()
    return " ".join(next(line for line in lines if "Effort" in line).split()).removeprefix("▸ ")


async def _type_effort(pilot, typed: str) -> None:
    await pilot.press("1", "2", *typed, "enter")  # impact, confidence, then effort


async def test_a_wide_table_says_effort_in_person_months(start, clock):
    running = start(framework=Framework.RICE)
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await _type_effort(pilot, "1")
        assert _effort_row(app) == "Effort 1 person-month"
        await pilot.press("2", "0", "0", "enter")  # effort again: too much
        assert any(
            n.message == "Effort: expected 0.5 to 120 person-months" for n in app._notifications
        )
        assert _effort_row(app) == "Effort 1 person-month"  # refused: as it was
        await pilot.press("1", "2", "enter")
        assert _effort_row(app) == "Effort 12 person-months"


async def test_a_narrow_table_says_person_months_on_one_line(start, clock):
    """At 80 columns it said "Effort 1 pm" and "Effort 0.5 pm"."""
    running = start(framework=Framework.RICE)
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await _type_effort(pilot, "1")
        panel = app.screen.query_one("#scores")
        assert _effort_row(app) == "Effort 1 person-month"
        await pilot.press("1", "2", "0", "enter")  # effort again, the widest it takes
        assert _effort_row(app) == "Effort 120 person-months"
        rows = [line for line in text_of(panel).splitlines() if line[2:].startswith("Effort")]
        assert len(rows) == 1 and len(rows[0].rstrip()) <= panel.size.width  # one line
        assert "/ 120 person-months" in text_of(panel)  # the breakdown wraps: in words


async def test_person_months_fit_beside_a_flagged_effort_at_80_columns(start, clock):
    """The widest rows: a flag after the label and the widest value, on one line, the
    values ending in one column. Only a median with decimals has no room for the
    words there: it says "person-mo", still not "pm"."""
    running = start(framework=Framework.RICE)
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("v")  # Ana
        await _type_effort(pilot, "0.5")
        await pilot.press("v")  # Ben: effort far from Ana's
        await _type_effort(pilot, "120")
        panel = app.screen.query_one("#scores")

        def rows() -> tuple[str, str]:
            lines = text_of(panel).splitlines()
            effort = next(line for line in lines if line[2:].startswith("Effort"))
            reach = next(line for line in lines if line[2:].startswith("Reach"))
            assert len(effort.rstrip()) == len(reach.rstrip()) <= panel.size.width
            return " ".join(effort.split()).removeprefix("▸ "), reach

        assert rows()[0] == "Effort ⚠ 120 person-months"
        await pilot.press("v")  # the room: the median
        assert rows()[0] == "Effort ⚠ 60.25 person-mo"


@pytest.mark.parametrize("size", [(100, 30), (120, 40)])
async def test_wider_tables_say_person_months(start, clock, size):
    running = start(framework=Framework.RICE)
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=size) as pilot:
        await _type_effort(pilot, "0.5")
        assert _effort_row(app) == "Effort 0.5 person-months"


async def test_a_typed_effort_reads_as_typed_on_the_table_as_in_the_breakdown(start, clock):
    """1.004 read "1 person-month" beside a score computed with 1.004; the PDF says
    it as the table does (Factor.show)."""
    running = start(framework=Framework.RICE)
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await _type_effort(pilot, "1.004")
        assert _effort_row(app) == "Effort 1.004 person-months"
        panel = " ".join(text_of(app.screen.query_one("#scores")).split())
        assert "/ 1.004 person-months" in panel


async def test_a_flagged_confidence_stays_on_one_line_at_80_columns(start, clock):
    """ "Confidence ⚠" is wider than the label column: its value was pushed past the
    panel's edge and wrapped ("Confidence ⚠    Medium" / "(80%)")."""
    running = start(framework=Framework.RICE)
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("v", "1", "1")  # Ana: Massive, High
        await pilot.press("v", "1", "3")  # Ben: Massive, Low: far apart
        await pilot.press("v", "1", "2")  # the room: Massive, Medium, its widest value
        panel = app.screen.query_one("#scores")
        lines = text_of(panel).splitlines()
        at = next(n for n, line in enumerate(lines) if line[2:].startswith("Confidence"))
        assert " ".join(lines[at].split()) == "Confidence ⚠ Medium (80%)"
        reach = next(line for line in lines if line[2:].startswith("Reach"))
        assert len(lines[at].rstrip()) == len(reach.rstrip()) <= panel.size.width
