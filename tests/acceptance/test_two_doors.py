"""The command line and the app give the same answer for the same input
(issue 15's acceptance): each case is asked at both doors and compared."""

from __future__ import annotations

import pytest
from pypdf import PdfReader
from textual.widgets import Input, Static

from cvo_workshop.engine.maturity import score
from cvo_workshop.engine.maturity_view import maturity_view
from cvo_workshop.model.card import Capability
from cvo_workshop.model.questionnaire import Dimension
from cvo_workshop.service.workshop import resume
from cvo_workshop.store.questionnaires import load_response
from cvo_workshop.tui.app import WorkshopApp
from cvo_workshop.tui.screens.export import ExportModal
from cvo_workshop.tui.screens.grooming import GroomingScreen
from cvo_workshop.tui.screens.maturity_result import MaturityResultScreen
from tests.backlog_fixtures import sample
from tests.conftest import DATA
from tests.tui.conftest import text_of


def words(text: str) -> str:
    """Text with its line breaks and runs of spaces made one space (each door wraps)."""
    return " ".join(text.split())


async def export_in_the_app(workshop, clock, path) -> str:
    """What the app's export dialog says when asked to write the report to `path`."""
    running = resume(workshop, clock=clock)
    try:
        app = WorkshopApp.for_running(running, clock=clock)
        async with app.run_test(size=(80, 24)) as pilot:
            app.push_screen(GroomingScreen(running))
            await pilot.pause()
            await pilot.press("w")
            await pilot.pause()
            assert isinstance(app.screen, ExportModal)
            await pilot.press("enter")  # the report
            app.screen.query_one("#path", Input).value = str(path)
            await pilot.press("enter")
            status = app.screen.query_one("#status", Static)
            for _ in range(50):
                await pilot.pause(0.1)
                if "Not written" in text_of(status):
                    break
            return text_of(status)
    finally:
        running.close()


async def test_a_missing_output_folder_gives_the_same_message_at_both_doors(cli, tmp_path, clock):
    workshop = tmp_path / "acme.workshop.jsonl"
    sample().save(workshop)
    out = tmp_path / "missing" / "x.pdf"

    said = cli("backlog", "export", workshop, "--format", "pdf", "-o", out)
    shown = await export_in_the_app(workshop, clock, out)

    assert said.exit_code == 1
    assert said.stderr.strip() == f"{out}: no such folder: {out.parent}"
    assert shown == f"Not written: {said.stderr.strip()}"
    assert not out.parent.exists()


@pytest.fixture
def team_result(builtin_questionnaire):
    """Five respondents on the built-in questionnaire, with targets: every section
    of the view has lines (disagreements, notes, readiness gaps, next steps)."""
    bank = builtin_questionnaire
    files = sorted((DATA / "assess").glob("*.yaml"))
    return score(
        bank,
        [load_response(p, bank) for p in files],
        targets={d: Capability.CROSS_LIFECYCLE for d in Dimension},
        organization="Acme Outdoor",
    )


@pytest.fixture
def view_lines(team_result, builtin_questionnaire):
    view = maturity_view(team_result, builtin_questionnaire)
    assert {s.title.split(":")[0] for s in view.sections} >= {
        "Readiness gaps",
        "Disagreement on 2 questions",
        "Notes",
        "What to work on next",
    }
    return [words(t) for t in view.texts()]


def test_assess_show_prints_every_line_of_the_maturity_view(cli, tmp_path, team_result, view_lines):
    saved = tmp_path / "acme-result.json"
    saved.write_text(team_result.model_dump_json(indent=2))

    result = cli("assess", "show", saved)

    assert result.exit_code == 0
    missing = [t for t in view_lines if t not in words(result.stdout)]
    assert missing == []


async def test_the_result_screen_shows_every_line_of_the_maturity_view(
    team_result, builtin_questionnaire, view_lines
):
    app = WorkshopApp.home()
    app.first = MaturityResultScreen(team_result, builtin_questionnaire)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        shown = words(text_of(app.screen.query_one("#summary")))
    missing = [t for t in view_lines if t not in shown]
    assert missing == []


def test_the_reports_maturity_page_prints_every_line_of_the_maturity_view(
    cli, tmp_path, team_result, view_lines
):
    workshop = tmp_path / "acme.workshop.jsonl"
    sample(assessment=team_result, maturity=None).save(workshop)

    result = cli("backlog", "export", workshop, "--format", "pdf")

    assert result.exit_code == 0
    pages = PdfReader(tmp_path / "acme.backlog.pdf").pages
    text = words(" ".join(p.extract_text() for p in pages))
    start = text.index(view_lines[0])  # the headline opens the maturity section
    maturity = text[start : text.index("Roadmap", start)]
    missing = [t for t in view_lines if t not in maturity]
    assert missing == []
