"""The app's export dialog offers the slide deck and writes it."""

from __future__ import annotations

import pytest
from pptx import Presentation
from textual.widgets import OptionList

from cvo_workshop.service import workshop as service
from cvo_workshop.tui.app import WorkshopApp
from cvo_workshop.tui.screens.export import ExportModal
from cvo_workshop.tui.screens.grooming import GroomingScreen
from tests.backlog_fixtures import sample


@pytest.fixture
def running(tmp_path, clock):
    path = tmp_path / "acme.workshop.jsonl"
    sample().save(path)
    r = service.resume(path, clock=clock)
    yield r
    r.close()


async def test_the_export_dialog_writes_the_slide_deck_beside_the_workshop(
    running, clock, tmp_path
):
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(GroomingScreen(app.running))
        await pilot.pause()
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, ExportModal)
        formats = app.screen.query_one(OptionList)
        labels = [str(formats.get_option_at_index(i).prompt) for i in range(formats.option_count)]
        assert "Slide deck (PowerPoint)" in labels
        for _ in range(labels.index("Slide deck (PowerPoint)")):
            await pilot.press("down")
        await pilot.press("enter", "enter")
        for _ in range(100):
            await pilot.pause(0.1)
            if not isinstance(app.screen, ExportModal):
                break
        out = tmp_path / "acme.backlog.pptx"
        titles = [s.shapes.title.text_frame.text for s in Presentation(str(out)).slides]
        assert "#1 Exclusion list" in titles
