"""RICE effort on a phone: an effort out of range is refused in words ("0.5 to 120
person-months"), not "pm", which reads as a time of day."""

from __future__ import annotations

import pytest
from aiohttp import ClientSession

from cvo_workshop.model.workshop import Framework
from cvo_workshop.room.keys import RoomKeys
from cvo_workshop.room.server import Room
from cvo_workshop.service import workshop as service
from tests import workshop_fixtures as wf
from tests.room.conftest import Phone


@pytest.fixture
async def rice_room(tmp_path):
    setup = wf.setup(blind=True, framework=Framework.RICE)
    running = service.start(setup, wf.deck(), tmp_path / "w.cvows")
    running.own()
    server = Room(running, RoomKeys.for_workshop(running.path))
    await server.start()
    yield server
    await server.stop()
    running.close()


async def test_a_phone_is_told_effort_in_person_months(rice_room):
    async with ClientSession() as http:
        ana = Phone(rice_room, http)
        await ana.join("Ana")
        state = await ana.connect()
        n = state["draw"]["number"]
        said = await ana.send(type="score", draw=n, key="effort", value=200)
        assert said == {
            "type": "refused",
            "id": 1,
            "message": "Effort: expected 0.5 to 120 person-months",
        }
        assert (await ana.send(type="score", draw=n, key="effort", value=1))["type"] == "saved"
