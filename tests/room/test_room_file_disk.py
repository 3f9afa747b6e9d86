"""FILE.room.json cannot be written (a full disk, a read-only folder): the room says
so in words and nobody's name is left held by a phone that never got its link."""

from __future__ import annotations

import pytest

import cvo_workshop.room.keys as keys_module
from cvo_workshop.model.problem import InputError, Problem
from cvo_workshop.service import workshop as service
from cvo_workshop.tui.app import WorkshopApp
from cvo_workshop.tui.screens.room import RoomScreen
from tests import workshop_fixtures as wf


@pytest.fixture
def full_disk(monkeypatch):
    def refuse(path, text):
        raise InputError(Problem(str(path), "cannot write: No space left on device"))

    monkeypatch.setattr(keys_module, "write_output", refuse)


async def test_joining_when_the_room_file_cannot_be_written_is_refused_in_words(
    room, phone, full_disk
):
    ana, again = phone(), phone()
    r = await ana.http.post(f"{ana.api}/join", json={"name": "Ana"})
    assert r.status == 503
    assert (await r.json())["error"] == (
        "the room could not save that you joined (cannot write: No space left on device): try again"
    )
    assert room.keys.claims == {}  # Ana's name is not held by a phone without its link
    r = await again.http.post(f"{again.api}/join", json={"name": "Ana"})
    assert r.status == 503  # not "Ana has joined on another device already"


async def test_joining_as_someone_new_can_be_tried_again_once_the_room_file_is_written(
    room, phone, monkeypatch
):
    lee = phone()

    def refuse(path, text):
        raise InputError(Problem(str(path), "cannot write: No space left on device"))

    real = keys_module.write_output
    monkeypatch.setattr(keys_module, "write_output", refuse)
    r = await lee.http.post(f"{lee.api}/join", json={"name": "Lee", "new": True})
    assert r.status == 503
    assert "Lee" not in [p.name for p in room.session.setup.participants]  # nobody left behind
    monkeypatch.setattr(keys_module, "write_output", real)  # space again: "try again"
    r = await lee.http.post(f"{lee.api}/join", json={"name": "Lee", "new": True})
    assert r.status == 200, await r.text()
    assert (await r.json())["name"] == "Lee"


async def test_a_phone_that_joined_still_connects_when_the_room_file_cannot_be_written(
    room, phone, monkeypatch
):
    ana = phone()
    assert await ana.join("Ana") == 200

    def refuse(path, text):
        raise InputError(Problem(str(path), "cannot write: No space left on device"))

    monkeypatch.setattr(keys_module, "write_output", refuse)
    n = (await ana.connect())["draw"]["number"]
    assert (await ana.send(type="note", draw=n, text="hello"))["type"] == "saved"
    assert await room.release("Ana")  # freed now, whatever the file says


async def test_ctrl_o_when_the_room_file_cannot_be_written_says_so_and_the_app_goes_on(
    tmp_path, full_disk
):
    running = service.start(wf.setup(blind=True), wf.deck(), tmp_path / "w.cvows")
    app = WorkshopApp.for_running(running)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert app.room is None and not isinstance(app.screen, RoomScreen)
        notes = [str(n.message) for n in app._notifications]
        assert any("The room could not open" in n and "No space left" in n for n in notes)


async def test_a_vote_the_full_disk_refused_is_said_kept_not_yet_on_disk(room, phone, monkeypatch):
    from tests.unit.test_save_failures import FlakyDisk

    ana = phone()
    assert await ana.join("Ana") == 200
    n = (await ana.connect())["draw"]["number"]
    disk = FlakyDisk(monkeypatch)
    disk.full = True
    said = await ana.send(type="score", draw=n, key="impact", value=6)
    assert said["type"] == "saved"  # taken: the phone does not send it again
    assert said["message"] == (
        "kept, not yet on disk: the facilitator's computer saves it as soon as it can"
    )
    disk.full = False
    room.workshop.retry_saving()  # as the app does every second
    assert room.session.save_problem is None
    said = await ana.send(type="score", draw=n, key="ease", value=3)
    assert said["message"] == "saved"
