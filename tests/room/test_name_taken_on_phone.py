"""A phone whose name another phone has taken, after the facilitator removed it, says
so in words and offers to join again under a free name; the join page marks the
names other phones hold as taken, not as names to pick."""

from __future__ import annotations

import pytest

from cvo_workshop.room.server import LEFT
from tests.room.conftest import CHROMIUM, phone_page

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")

TAKEN = "Another phone has joined as Ben, so this one is signed out: join again under another name."


async def test_a_removed_phone_whose_name_another_phone_took_says_so_and_after_the_undo_too(
    room, phone
):
    async with phone_page(room, "Ben") as page:
        await page.wait_for_selector("#you:text-is('Ben')")
        room.workshop.run(room.session.remove_participant, "Ben")
        await page.wait_for_selector(f"#joinmsg:text-is({LEFT!r})")
        other = phone()
        assert await other.join("Ben", new=True) == 200
        await page.wait_for_selector(f"#joinmsg:text-is({TAKEN!r})", timeout=8000)
        # Ben is shown as taken, not as a name to pick; Ana is free to pick.
        await page.wait_for_selector("#names button:disabled:has-text('Ben')")
        assert await page.locator("#names button:disabled").all_inner_texts() == [
            "Ben\non another phone"
        ]
        assert await page.locator("#names button:enabled").all_inner_texts() == ["Ana"]
        # The facilitator's undo gives the name back to nobody: the phone says the same.
        room.workshop.run(room.session.undo)
        await page.wait_for_timeout(4000)  # past the phone's next try
        assert await page.locator("#joinmsg").inner_text() == TAKEN
        assert await page.evaluate("localStorage.length") == 0  # it joins anew
        await page.click("#names >> text=Ana")
        await page.wait_for_selector("#you:text-is('Ana')")


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
