"""The join page marks the names other phones hold as taken, not as names to pick."""

from __future__ import annotations

import pytest

from tests.room.conftest import CHROMIUM, phone_page

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")


async def test_the_join_page_marks_a_name_another_phone_holds_as_taken(room, phone):
    ana = phone()
    assert await ana.join("Ana") == 200
    async with phone_page(room, "Ben") as page:
        await page.wait_for_selector("#you:text-is('Ben')")
        await page.evaluate("localStorage.clear()")
        await page.reload()  # a browser that is nobody yet: Ben is its own no more
        await page.wait_for_selector("#names button:disabled")
        assert await page.locator("#names button:disabled").all_inner_texts() == [
            "Ana\non another phone",
            "Ben\non another phone",
        ]
        hint = await page.locator("#takenhint").inner_text()
        assert "if one is yours, ask the facilitator to free it" in hint
