"""A running blind workshop with its room server, on a real loopback port; each
phone from its own loopback address, as each phone on the room's Wi-Fi has its own."""

from __future__ import annotations

import contextlib
import itertools
import json
import shutil
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp import ClientSession, TCPConnector

from cvo_workshop.room.keys import RoomKeys
from cvo_workshop.room.server import Room
from cvo_workshop.service import workshop as service
from tests import workshop_fixtures as wf


@pytest.fixture
async def room(tmp_path):
    running = service.start(wf.setup(blind=True), wf.deck(), tmp_path / "w.cvows")
    running.own()
    proposals: list[dict[str, str]] = []
    server = Room(running, RoomKeys.for_workshop(running.path), on_proposal=proposals.append)
    server.proposals = proposals  # type: ignore[attr-defined]
    await server.start()
    yield server
    await server.stop()
    running.close()


@pytest.fixture
async def http():
    async with ClientSession() as s:
        yield s


class Phone:
    """One participant's device over the real protocol."""

    def __init__(self, room: Room, http: ClientSession):
        self.room, self.http = room, http
        self.base = f"http://127.0.0.1:{room.port}"
        self.api = f"{self.base}/api/{room.keys.token}"
        self.secret = ""
        self.ws = None
        self.seen: list[str] = []  # every text received, to look for leaks

    async def join(self, name: str, new: bool = False) -> int:
        r = await self.http.post(f"{self.api}/join", json={"name": name, "new": new})
        body = await r.text()
        self.seen.append(body)
        if r.status == 200:
            self.secret = (await r.json())["secret"]
        return r.status

    async def connect(self) -> dict:
        self.ws = await self.http.ws_connect(f"{self.api}/ws", params={"secret": self.secret})
        return await self.receive("state")

    async def receive(self, kind: str) -> dict:
        while True:
            msg = await self.ws.receive_json(timeout=5)
            self.seen.append(json.dumps(msg))
            if msg["type"] == kind:
                return msg

    async def until(self, check) -> dict:
        """The first state message for which check(state) holds."""
        while not check(state := await self.receive("state")):
            pass
        return state

    async def send(self, **message) -> dict:
        await self.ws.send_json({"id": 1, **message})
        while True:
            msg = await self.ws.receive_json(timeout=5)
            self.seen.append(json.dumps(msg))
            if msg["type"] in ("saved", "refused"):
                return msg

    async def questionnaire(self) -> dict:
        """The maturity questionnaire as this phone is given it (its own answers too)."""
        r = await self.http.get(f"{self.api}/questionnaire", params={"secret": self.secret})
        assert r.status == 200
        return await r.json()

    async def answer(self, question: str, value, **more) -> dict:
        body = {"secret": self.secret, "question": question, "value": value, **more}
        r = await self.http.post(f"{self.api}/answer", json=body)
        return await r.json()


@pytest.fixture
async def phone(room):
    """`phone()`: a new device, from an address of its own; `phone(address)`: one
    more browser on the device at `address`."""
    sessions: list[ClientSession] = []
    addresses = (f"127.0.0.{n}" for n in itertools.count(2))

    def new(address: str | None = None) -> Phone:
        local = (address or next(addresses), 0)
        sessions.append(ClientSession(connector=TCPConnector(local_addr=local)))
        return Phone(room, sessions[-1])

    yield new
    for s in sessions:
        await s.close()


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@contextlib.asynccontextmanager
async def phone_page(room: Room, name: str, *, new: bool = False) -> AsyncIterator[Any]:
    """The phone page in headless chromium at a phone's size (390 x 844), joined to
    `room` by its code as `name` (picked from the list, or typed as someone new)."""
    playwright = pytest.importorskip("playwright.async_api")
    async with playwright.async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = await browser.new_page(viewport={"width": 390, "height": 844})
            await page.goto(room.landing_url)
            await page.fill("#code", room.keys.code.lower())
            await page.click("button:text-is('Join')")
            if new:
                await page.fill("#newname", name)
                await page.click("#joinnew")
            else:
                await page.click(f"#names >> text={name}")
            yield page
        finally:
            await browser.close()
