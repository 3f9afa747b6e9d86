"""The app's export dialog takes a brand file and a font, as `--brand` and `--font` do."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from textual.widgets import Input, Static

from cvo_workshop.service import workshop as service
from cvo_workshop.tui.app import WorkshopApp
from cvo_workshop.tui.screens.export import ExportModal
from cvo_workshop.tui.screens.grooming import GroomingScreen
from tests.backlog_fixtures import sample

CJK_FONT = Path("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf")


@pytest.fixture
def running(tmp_path, clock):
    path = tmp_path / "acme.workshop.jsonl"
    sample().save(path)
    r = service.resume(path, clock=clock)
    yield r
    r.close()


async def _export(app, pilot, brand: str = "", font: str = "") -> str:
    """Open the dialog on the report, fill in the brand file and font, write;
    the dialog's last status (or "" once it closed)."""
    app.push_screen(GroomingScreen(app.running))
    await pilot.pause()
    await pilot.press("w")
    await pilot.pause()
    assert isinstance(app.screen, ExportModal)
    await pilot.press("enter")  # the report; the file name beside the workshop
    app.screen.query_one("#brand", Input).value = brand
    app.screen.query_one("#font", Input).value = font
    await pilot.press("enter")
    status = ""
    for _ in range(100):
        await pilot.pause(0.1)
        if not isinstance(app.screen, ExportModal):
            return ""
        status = str(app.screen.query_one("#status", Static).render())
        if "Not written" in status:
            break
    return status


async def test_the_export_dialog_signs_the_report_with_a_brand_file(running, clock, tmp_path):
    brand = tmp_path / "brand.yaml"
    brand.write_text("consultant: Northwind Consulting\nclient: Acme Inc\nconfidential: Internal\n")
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        assert await _export(app, pilot, brand=str(brand)) == ""
    pages = [p.extract_text() for p in PdfReader(tmp_path / "acme.backlog.pdf").pages]
    assert "Prepared by Northwind Consulting" in " ".join(pages[0].split())
    assert "Internal · Northwind Consulting for Acme Inc" in " ".join(pages[1].split())


async def test_a_wrong_brand_file_is_shown_in_the_dialog_at_its_line_and_nothing_is_written(
    running, clock, tmp_path
):
    brand = tmp_path / "brand.yaml"
    brand.write_text("client: Acme\ncolour: red\n")
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        status = await _export(app, pilot, brand=str(brand))
        assert isinstance(app.screen, ExportModal)
    assert f"{brand}:2:9: colour: expected a colour as #RRGGBB" in " ".join(status.split())
    assert not (tmp_path / "acme.backlog.pdf").exists()


async def test_a_file_that_is_not_a_font_is_refused_in_the_dialog_and_nothing_is_written(
    running, clock, tmp_path
):
    font = tmp_path / "not-a-font.ttf"
    font.write_text("hello")
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        status = " ".join((await _export(app, pilot, font=str(font))).split())
        assert isinstance(app.screen, ExportModal)
    assert f"{font}: not a font the PDF can embed" in status
    assert not (tmp_path / "acme.backlog.pdf").exists()


@pytest.mark.skipif(not CJK_FONT.exists(), reason="needs fonts-droid-fallback")
async def test_the_font_given_in_the_dialog_prints_what_the_built_in_one_lacks(tmp_path, clock):
    from cvo_workshop.model.grooming import ItemEdited

    play = sample()
    play.add(ItemEdited(at=play.at(), item="d1", field="title", value="顾客 中国"))
    path = tmp_path / "acme.workshop.jsonl"
    play.save(path)
    running = service.resume(path, clock=clock)
    try:
        app = WorkshopApp.for_running(running, clock=clock)
        async with app.run_test(size=(80, 24)) as pilot:
            assert await _export(app, pilot, font=str(CJK_FONT)) == ""
    finally:
        running.close()
    text = " ".join(p.extract_text() for p in PdfReader(tmp_path / "acme.backlog.pdf").pages)
    assert "顾客 中国" in text and "\ufffd" not in text
