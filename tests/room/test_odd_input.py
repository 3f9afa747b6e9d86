"""What a phone (or anything posing as one) sends that the page never would: a name
or a note that is not text, characters no file or screen can hold. Refused in words,
never taken as the text "None", and the room goes on."""

from __future__ import annotations

import pytest

from tests.room.test_assess_room import team_room  # noqa: F401 (a fixture)


def _names(room) -> list[str]:
    return [p.name for p in room.workshop.session.setup.participants]


@pytest.mark.parametrize("name", [None, 7, ["Zed"], {"n": "Zed"}, True])
async def test_a_name_that_is_not_text_joins_nobody(room, phone, name):
    p = phone()
    for new in (True, False):
        r = await p.http.post(f"{p.api}/join", json={"name": name, "new": new})
        assert r.status in (400, 404, 409), await r.text()
    assert _names(room) == ["Ana", "Ben"]


async def test_in_a_questionnaire_room_a_name_that_is_not_text_joins_nobody(
    team_room,  # noqa: F811
):
    from aiohttp import ClientSession

    from tests.room.conftest import Phone

    async with ClientSession() as http:
        p = Phone(team_room, http)
        r = await p.http.post(f"{p.api}/join", json={"name": None, "new": True})
        assert r.status == 400
    assert team_room.people() == []


@pytest.mark.parametrize("control", ["\x00", "\x1b", "\x07", "\x7f", "\x9b"])
async def test_a_new_name_keeps_no_control_character_and_is_not_a_second_ana(room, phone, control):
    p = phone()
    r = await p.http.post(f"{p.api}/join", json={"name": f"{control}An{control}a", "new": True})
    assert (r.status, (await r.json())["error"]) == (409, "Ana is already a participant")
    r = await p.http.post(f"{p.api}/join", json={"name": f"Z{control}ed", "new": True})
    assert (r.status, (await r.json())["name"]) == (200, "Zed")


@pytest.mark.parametrize(
    "message",
    [
        {"type": "note", "text": None},
        {"type": "note", "text": ["a note"]},
        {"type": "wildcard", "title": None},
        {"type": "wildcard", "title": "Win back", "prompt": None},
        {"type": "wildcard", "title": 42},
    ],
)
async def test_a_note_or_proposal_that_is_not_text_is_refused(room, phone, message):
    p = phone()
    await p.join("Ana")
    n = (await p.connect())["draw"]["number"]
    said = await p.send(draw=n, **message)
    assert (said["type"], said["message"]) == ("refused", "not a message")
    assert room.workshop.session.current.phone_notes == ()
    assert room.proposals == []
    assert (await p.send(type="note", draw=n, text="still here"))["type"] == "saved"


async def test_a_proposal_no_file_can_hold_is_refused_at_the_phone(room, phone):
    p = phone()
    await p.join("Ana")
    await p.connect()
    await p.ws.send_str('{"id": 1, "type": "wildcard", "title": "Win \\ud800 back"}')
    said = await p.receive("refused")
    assert said["message"] == "not a message"
    assert room.proposals == []  # never shown to the facilitator
