"""RICE reach a measured cohort gives is not asked of a phone: the phone is told it
as given (value and source), offers no box for it, and a reach sent anyway is refused
in words; a vote is the factors asked. Revealed, a RICE vote's medians read in its
choices' words."""

from __future__ import annotations

import pytest

from cvo_workshop.model.workshop import Framework
from cvo_workshop.room.keys import RoomKeys
from cvo_workshop.room.server import Room
from cvo_workshop.service import workshop as service
from tests import workshop_fixtures as wf
from tests.room.conftest import CHROMIUM, Phone, phone_page


@pytest.fixture
async def rice_room(tmp_path):
    setup = wf.setup(blind=True, framework=Framework.RICE)
    running = service.start(setup, wf.deck(), tmp_path / "w.cvows")
    running.own()
    server = Room(running, RoomKeys.for_workshop(running.path), on_proposal=lambda _: None)
    await server.start()
    yield server
    await server.stop()
    running.close()


async def test_a_phone_is_told_the_cohort_s_reach_and_asked_the_rest(rice_room, http):
    s = rice_room.session
    share = s.setup.cohort(s.current.cohort).share
    ana = Phone(rice_room, http)
    await ana.join("Ana")
    state = await ana.connect()
    draw = state["draw"]
    assert draw["asked"] == ["impact", "confidence", "effort"]
    assert draw["given"] == {"reach": {"shown": f"{share * 100:g}%", "source": "cohort share"}}
    refused = await ana.send(type="score", draw=draw["number"], key="reach", value=40)
    assert refused["type"] == "refused"
    assert refused["message"] == (
        f"Reach: the cohort gives it ({share * 100:g}%, cohort share), so it is not scored"
    )
    n = draw["number"]
    for key, value in (("impact", 2), ("confidence", 80), ("effort", 1)):
        assert (await ana.send(type="score", draw=n, key=key, value=value))["type"] == "saved"
    state = await ana.until(lambda st: st["draw"]["voters"] == ["Ana"])
    assert "reach" not in state["draw"]["mine"]


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
async def test_the_phone_page_shows_reach_as_given_with_no_box_to_type_it(rice_room):
    s = rice_room.session
    reach = f"{s.setup.cohort(s.current.cohort).share * 100:g}%"
    async with phone_page(rice_room, "Ana") as page:
        await page.wait_for_selector(f"h2:text-is({s.current.card.title!r})")

        def box(label):
            return page.locator(".factor").filter(has=page.locator(f"h3:text-is('{label}')"))

        reach_box = box("Reach")
        assert f"{reach} (cohort share): the cohort gives it" in await reach_box.inner_text()
        assert await reach_box.locator("input").count() == 0
        assert await reach_box.locator("button").count() == 0
        # the factors asked are offered: effort is typed
        assert await box("Effort").locator("input").count() == 1
        assert await page.locator("input[aria-label='Reach']").count() == 0


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
async def test_the_revealed_median_of_a_choice_reads_as_a_choice(rice_room, http):
    """Rows say High and Low: the median says Low (the lower middle), not 0.5."""
    s = rice_room.session
    n = s.current.number
    for name, impact, confidence in (("Ana", 2, 100), ("Ben", 0.5, 50)):
        phone = Phone(rice_room, http)
        await phone.join(name)
        await phone.connect()
        for key, value in (("impact", impact), ("confidence", confidence), ("effort", 1)):
            assert (await phone.send(type="score", draw=n, key=key, value=value))["type"] == "saved"
    rice_room.workshop.run(s.reveal)
    async with phone_page(rice_room, "Cy", new=True) as page:
        await page.wait_for_selector("#spread table")
        cells = await page.locator("#spread tr.sum").first.locator("td").all_inner_texts()
    assert cells == ["Low", "Low", "1"]  # impact 0.5, confidence 50 (the lower middles), effort
