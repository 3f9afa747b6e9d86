"""The phone's maturity questionnaire in a real headless browser (Debian's chromium,
driven by Playwright) at a phone's size, in a questionnaire-only room."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest

from cvo_workshop.room.assess_room import AssessRoom
from cvo_workshop.service.assessments import load_bank

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
playwright = pytest.importorskip("playwright.async_api")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")


@asynccontextmanager
async def _phone_in_room(tmp_path, name: str = "Dana") -> AsyncIterator:
    """A phone at the first statement of a questionnaire room, joined as `name`."""
    room = AssessRoom.for_folder(tmp_path / "team", load_bank(None), "Acme")
    await room.start()
    try:
        async with playwright.async_playwright() as pw:
            browser = await pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            page = await browser.new_page(viewport={"width": 390, "height": 844})
            await page.goto(room.join_url)
            await page.fill("#newname", name)
            await page.click("#joinnew")
            await page.wait_for_selector("#aq:not(:empty)")
            yield page
            await browser.close()
    finally:
        await room.stop()


async def test_the_phone_shows_each_statements_section_as_the_terminal_names_it(tmp_path):
    bank = load_bank(None)
    first_capability = next(i for i, q in enumerate(bank.questions) if q.axis == "capability")
    async with _phone_in_room(tmp_path) as page:
        assert await page.locator("#asection").inner_text() == "Strategy · tactic A"
        for _ in range(first_capability):
            await page.click("#anext")
        await page.wait_for_selector(f"#aq:text-is({bank.questions[first_capability].text!r})")
        section = await page.locator("#asection").inner_text()
        assert section == "Capability · People · level 1 Incidental"


async def _not_applicable(page, reason: str) -> None:
    await page.click("#aanswers button:has-text('Not applicable')")
    await page.fill("#anote", reason)
    await page.click("#sendna")
    await page.wait_for_selector("#asaid:text-is('saved')")


async def test_going_back_to_a_not_applicable_answer_shows_the_reason_given(tmp_path):
    async with _phone_in_room(tmp_path) as page:
        await _not_applicable(page, "we sell [b]only[/b] in stores")
        await page.click("#aback")
        assert await page.locator("#areason").is_visible()
        assert await page.locator("#anote").input_value() == "we sell [b]only[/b] in stores"


async def test_after_a_reload_a_not_applicable_answer_shows_the_reason_from_the_file(tmp_path):
    async with _phone_in_room(tmp_path) as page:
        await _not_applicable(page, "no ads at all")
        await page.reload()
        await page.wait_for_selector("#aprogress:has-text('1 answered')")
        await page.click("#aback")
        assert await page.locator("#anote").input_value() == "no ads at all"


async def test_a_not_applicable_answer_changed_to_another_no_longer_shows_a_reason(tmp_path):
    async with _phone_in_room(tmp_path) as page:
        await _not_applicable(page, "no ads at all")
        await page.click("#aback")
        await page.click("#aanswers button:has-text('Routinely')")
        await page.wait_for_selector("#aprogress:has-text('Question 2 of')")
        await page.click("#aback")
        chosen = await page.locator("#aanswers button.on").inner_text()
        assert chosen.startswith("Routinely\n")
        assert await page.locator("#areason").is_hidden()
