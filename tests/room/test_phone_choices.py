"""The score choices on a phone (390 px wide, in headless chromium): RICE's words
("Massive", "Minimal") are never broken inside a word, and ICE's ten numbers take
two rows, every button on the screen."""

from __future__ import annotations

import pytest

from cvo_workshop.model.workshop import Framework
from cvo_workshop.room.keys import RoomKeys
from cvo_workshop.room.server import Room
from cvo_workshop.service import workshop as service
from tests import workshop_fixtures as wf
from tests.room.conftest import CHROMIUM, phone_page

pytest.importorskip("playwright.async_api")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")

#: Per choice button: its label, the lines its text takes, its row and its right edge.
LAYOUT = """() => [...document.querySelectorAll('.factor')].map((box) => [
  box.querySelector('h3').textContent,
  [...box.querySelectorAll('.choices button')].map((b) => {
    const r = document.createRange(); r.selectNodeContents(b);
    const lines = new Set([...r.getClientRects()].map((x) => Math.round(x.top))).size;
    const at = b.getBoundingClientRect();
    return [b.textContent, lines, Math.round(at.top), at.right];
  })])"""


async def _layout(tmp_path, framework: Framework) -> dict[str, list]:
    running = service.start(wf.setup(blind=True, framework=framework), wf.deck(), tmp_path / "w")
    running.own()
    room = Room(running, RoomKeys.for_workshop(running.path), on_proposal=lambda _: None)
    await room.start()
    try:
        async with phone_page(room, "Ana") as page:
            await page.wait_for_selector(".choices button")
            return dict(await page.evaluate(LAYOUT))
    finally:
        await room.stop()
        running.close()


async def test_rice_words_stay_whole_on_a_phone(tmp_path):
    layout = await _layout(tmp_path, Framework.RICE)
    impact = layout["Impact"]
    assert [label for label, *_ in impact] == ["Massive", "High", "Medium", "Low", "Minimal"]
    for factor in ("Impact", "Confidence"):
        for label, lines, _, right in layout[factor]:
            assert lines == 1, f"{factor} {label!r} takes {lines} lines"
            assert right <= 390


async def test_ice_numbers_take_two_rows_on_a_phone(tmp_path):
    layout = await _layout(tmp_path, Framework.ICE)
    for factor in ("Impact", "Confidence", "Ease"):
        buttons = layout[factor]
        assert [label for label, *_ in buttons] == [str(n) for n in range(1, 11)]
        assert len({top for _, _, top, _ in buttons}) == 2, factor
        assert all(lines == 1 and right <= 390 for _, lines, _, right in buttons)
