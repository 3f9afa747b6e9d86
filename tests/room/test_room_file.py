"""FILE.room.json: the room's link, code, and which device holds which names,
kept across openings; a file written by an older version still opens."""

from __future__ import annotations

import json

import pytest

from cvo_workshop.room.keys import RoomKeys, keys_path


def test_the_devices_a_name_joined_from_are_kept_in_the_room_file(tmp_path):
    workshop = tmp_path / "w.cvows"
    keys = RoomKeys.for_workshop(workshop)
    keys.claim("Ana", "192.168.1.20")
    keys.seen("Zed", "192.168.1.20")
    data = json.loads(keys_path(workshop).read_text("utf-8"))
    assert data["format"] == "cvo-room/2"
    assert data["devices"] == {"Ana": ["192.168.1.20"], "Zed": ["192.168.1.20"]}
    again = RoomKeys.for_workshop(workshop)
    assert again.names_from("192.168.1.20") == {"Ana", "Zed"}
    assert again.names_from("192.168.1.21") == set()


def test_a_name_freed_keeps_the_devices_it_joined_from(tmp_path):
    keys = RoomKeys.for_workshop(tmp_path / "w.cvows")
    keys.claim("Ana", "192.168.1.20")
    assert keys.release("Ana")
    assert RoomKeys.for_workshop(tmp_path / "w.cvows").names_from("192.168.1.20") == {"Ana"}


def test_a_room_file_of_the_first_format_still_opens_with_its_link_code_and_names(tmp_path):
    workshop = tmp_path / "w.cvows"
    old = {"format": "cvo-room/1", "token": "t" * 32, "code": "ABCDEF", "claims": {"Ana": "h"}}
    keys_path(workshop).write_text(json.dumps(old), "utf-8")
    keys = RoomKeys.for_workshop(workshop)
    assert (keys.token, keys.code, keys.claims, keys.devices) == (
        "t" * 32,
        "ABCDEF",
        {"Ana": "h"},
        {},
    )
    keys.claim("Ben", "10.0.0.5")  # saved in the new format, the old claims kept
    data = json.loads(keys_path(workshop).read_text("utf-8"))
    assert data["format"] == "cvo-room/2"
    assert list(data["claims"]) == ["Ana", "Ben"]
    assert data["devices"] == {"Ben": ["10.0.0.5"]}


async def test_the_room_opens_again_on_its_port_so_links_and_phones_identities_still_work(
    tmp_path,
):
    from aiohttp import ClientSession

    from cvo_workshop.room.server import Room
    from cvo_workshop.service import workshop as service
    from tests import workshop_fixtures as wf
    from tests.room.conftest import Phone

    running = service.start(wf.setup(blind=True), wf.deck(), tmp_path / "w.cvows")
    running.own()
    try:
        first = Room(running, RoomKeys.for_workshop(running.path))
        await first.start()
        async with ClientSession() as http:
            ana = Phone(first, http)
            assert await ana.join("Ana") == 200
            link = first.join_url
            await first.stop()
            again = Room(running, RoomKeys.for_workshop(running.path))  # no --port given
            await again.start()
            try:
                assert again.join_url == link and again.moved == ""
                assert (await ana.connect())["you"] == "Ana"  # the phone's secret still works
            finally:
                await again.stop()
    finally:
        running.close()


async def test_when_the_rooms_port_is_taken_it_opens_on_another(tmp_path):
    import socket

    from cvo_workshop.room.server import Room
    from cvo_workshop.service import workshop as service
    from tests import workshop_fixtures as wf

    running = service.start(wf.setup(blind=True), wf.deck(), tmp_path / "w.cvows")
    running.own()
    keys = RoomKeys.for_workshop(running.path)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        keys.port = taken.getsockname()[1]
        keys.save()
        room = Room(running, RoomKeys.for_workshop(running.path))
        try:
            await room.start()
            assert room.port not in (0, keys.port)
            assert RoomKeys.for_workshop(running.path).port == room.port
            assert room.moved == (
                f"port {keys.port}, the room's last, is taken now: it has a new link (scan it "
                "again); free the names of phones that cannot join again"
            )
        finally:
            await room.stop()
            running.close()


async def test_a_room_on_an_ipv6_address_shows_a_link_a_browser_opens(tmp_path):
    from aiohttp import ClientSession

    from cvo_workshop.room.server import Room
    from cvo_workshop.service import workshop as service
    from tests import workshop_fixtures as wf

    running = service.start(wf.setup(blind=True), wf.deck(), tmp_path / "w.cvows")
    running.own()
    room = Room(running, RoomKeys.for_workshop(running.path), host="::1")
    await room.start()
    try:
        assert room.join_url.startswith(f"http://[::1]:{room.port}/j/")
        async with ClientSession() as http:
            assert (await http.get(room.join_url)).status == 200
            assert (await http.get(room.landing_url)).status == 200
    finally:
        await room.stop()
        running.close()


def test_a_room_file_with_odd_devices_keeps_its_link_and_reads_the_rest(tmp_path):
    workshop = tmp_path / "w.cvows"
    data = {
        "format": "cvo-room/2",
        "token": "t" * 32,
        "code": "ABCDEF",
        "claims": {},
        "devices": {"Ana": "10.0.0.5", "Ben": ["10.0.0.6"]},
        "port": 99999,
    }
    keys_path(workshop).write_text(json.dumps(data), "utf-8")
    keys = RoomKeys.for_workshop(workshop)
    assert (keys.token, keys.devices, keys.port) == ("t" * 32, {"Ben": ["10.0.0.6"]}, 0)


def test_a_missing_room_file_is_made_without_a_word_and_a_broken_one_is_said(tmp_path):
    workshop = tmp_path / "w.cvows"
    assert RoomKeys.for_workshop(workshop).replaced == ""
    assert RoomKeys.for_workshop(workshop).replaced == ""  # read back
    for broken, why in (
        ("", "not JSON, line 1"),
        ('{"token": "t", "claims": {}}', "no 'code'"),
        ('{"token": null, "code": "ABCDEF", "claims": {}}', "no 'token'"),
        ("[1, 2]", "not a room file"),
    ):
        keys_path(workshop).write_text(broken, "utf-8")
        keys = RoomKeys.for_workshop(workshop)
        assert keys.replaced == (
            f"{keys_path(workshop)}: could not be read ({why}; kept as w.cvows.room.json.broken"
            "); the room has a new link and code, so every phone scans it and joins again"
        )
        assert json.loads(keys_path(workshop).read_text("utf-8"))["code"] == keys.code
        # the broken file is kept, to mend by hand
        assert keys_path(workshop).with_name("w.cvows.room.json.broken").read_text() == broken


def test_a_bad_claim_device_list_or_port_is_left_out_not_the_whole_file(tmp_path):
    workshop = tmp_path / "w.cvows"
    data = {
        "format": "cvo-room/2",
        "token": "t" * 32,
        "code": "ABCDEF",
        "claims": {"Ana": "h", "Zed": 5},
        "devices": None,
    }
    for port in (None, 1e999, "8765", True, 70000):
        text = json.dumps({**data, "port": port}).replace("Infinity", "1e999")
        keys_path(workshop).write_text(text, "utf-8")
        keys = RoomKeys.for_workshop(workshop)
        assert (keys.replaced, keys.token, keys.claims, keys.port) == (
            "",
            "t" * 32,
            {"Ana": "h"},
            0,
        )
        assert keys.who("anything") is None  # no claim that is not text to compare with


def test_a_room_file_of_a_newer_format_is_refused_not_replaced(tmp_path):
    from cvo_workshop.model.problem import InputError

    workshop = tmp_path / "w.cvows"
    newer = '{"format": "cvo-room/3", "token": "t", "code": "ABCDEF", "claims": {}}'
    keys_path(workshop).write_text(newer, "utf-8")
    with pytest.raises(InputError, match="made by a newer cvo-workshop"):
        RoomKeys.for_workshop(workshop)
    assert keys_path(workshop).read_text("utf-8") == newer


def test_a_link_on_an_ipv6_address_with_a_zone_writes_its_percent_as_urls_do(tmp_path):
    from urllib.parse import urlsplit

    from cvo_workshop.room.server import Room
    from cvo_workshop.service import workshop as service
    from tests import workshop_fixtures as wf

    running = service.start(wf.setup(blind=True), wf.deck(), tmp_path / "w.cvows")
    try:
        room = Room(running, RoomKeys.for_workshop(running.path), host="fe80::1%eth0", port=8765)
        assert room.landing_url == "http://[fe80::1%25eth0]:8765/"
        assert urlsplit(room.landing_url).hostname == "fe80::1%25eth0"
    finally:
        running.close()


def test_the_claims_of_names_that_left_are_read_back_and_odd_ones_left_out(tmp_path):
    workshop = tmp_path / "w.cvows"
    kept = {"format": "cvo-room/2", "token": "t" * 32, "code": "ABCDEF", "claims": {}}
    keys_path(workshop).write_text(json.dumps({**kept, "left": {"Ben": "h", "Cy": 5}}), "utf-8")
    assert RoomKeys.for_workshop(workshop).left == {"Ben": "h"}
    keys_path(workshop).write_text(json.dumps({**kept, "left": "junk"}), "utf-8")
    keys = RoomKeys.for_workshop(workshop)
    assert (keys.left, keys.token, keys.replaced) == ({}, "t" * 32, "")
