"""kill -9 of the app with votes in flight: every vote a phone was told was saved is
in the journal after resume, and the phones reconnect to the resumed app with the
same link and the same identity. The app runs for real (`workshop resume --room`)
in a tmux pane; the phones speak the real protocol."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from aiohttp import ClientError, ClientSession

from cvo_workshop.room.keys import keys_path
from cvo_workshop.service import workshop as service
from cvo_workshop.store.journal import read_journal
from tests import workshop_fixtures as wf

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class App:
    """`cvo-workshop workshop resume FILE --room --port P` in its own tmux server."""

    def __init__(self, path: Path, port: int, home: Path):
        self.socket = f"cvo-room-{os.getpid()}-{port}"
        cmd = (
            f"cd {ROOT} && HOME={home} XDG_DATA_HOME={home} XDG_CONFIG_HOME={home} "
            f"exec {sys.executable} -m cvo_workshop workshop resume {path} --room --port {port}"
        )
        self._tmux("new-session", "-d", "-x", "100", "-y", "30", cmd)
        self.pid = int(self._tmux("list-panes", "-F", "#{pane_pid}").strip())

    def _tmux(self, *args: str) -> str:
        return subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=True
        ).stdout

    def kill9(self) -> None:
        os.kill(self.pid, signal.SIGKILL)
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)


async def _wait_listening(base: str, http: ClientSession, token_file: Path) -> str:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if token_file.exists():
            token = json.loads(token_file.read_text())["token"]
            try:
                r = await http.get(f"{base}/api/{token}/people")
                if r.status == 200:
                    return token
            except ClientError:
                pass
        await asyncio.sleep(0.2)
    raise AssertionError("the app's room did not open")


async def test_every_vote_acknowledged_before_kill_9_is_in_the_journal_and_phones_reconnect(
    tmp_path,
):
    path = tmp_path / "w.cvows"
    running = service.start(wf.setup(blind=True), wf.deck(), path)
    running.close()
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    app = App(path, port, tmp_path)
    acked: list[tuple[str, str, float]] = []
    try:
        async with ClientSession() as http:
            token = await _wait_listening(base, http, keys_path(path))
            api = f"{base}/api/{token}"
            secrets = {}
            for name in ("Ana", "Ben"):
                r = await http.post(f"{api}/join", json={"name": name})
                secrets[name] = (await r.json())["secret"]

            async def vote(name: str) -> None:
                ws = await http.ws_connect(f"{api}/ws", params={"secret": secrets[name]})
                number = (await ws.receive_json())["draw"]["number"]
                try:
                    for i in range(200):
                        key = ("impact", "confidence", "ease")[i % 3]
                        value = float(i % 10 + 1)
                        await ws.send_json(
                            {"id": i, "type": "score", "draw": number, "key": key, "value": value}
                        )
                        while (msg := await ws.receive_json())["type"] == "state":
                            pass
                        if msg["type"] == "saved":
                            acked.append((name, key, value))
                except (TimeoutError, ClientError, TypeError, ConnectionError):
                    pass  # the app was killed under us

            voters = [asyncio.create_task(vote(n)) for n in secrets]
            while len(acked) < 40:
                await asyncio.sleep(0.01)
            app.kill9()
            await asyncio.gather(*voters, return_exceptions=True)

            # Every acknowledged vote is in the file: the last one per person and factor.
            journal = read_journal(path)
            last = {}
            for e in journal.events:
                if e.type == "scored" and e.participant:
                    for key, value in e.factors.items():
                        last.setdefault((e.participant, key), []).append(value)
            for name, key, value in acked:
                assert value in last[(name, key)], (name, key, value)

            # The resumed app takes the same link and the same phones.
            app = App(path, port, tmp_path)
            assert await _wait_listening(base, http, keys_path(path)) == token
            ws = await http.ws_connect(f"{api}/ws", params={"secret": secrets["Ana"]})
            state = await ws.receive_json()
            assert state["type"] == "state" and "Ana" in state["draw"]["voters"]
            await ws.close()
    finally:
        app.kill9()
