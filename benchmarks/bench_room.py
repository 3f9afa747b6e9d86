"""The room: 30 participants' phones over the real protocol (HTTP + WebSockets on
loopback), each voting on 20 draws (three factors each), against the app's side
in its own process (benchmarks/_room_app.py).

- vote -> state updated: from a vote sent to the phone hearing the workshop's new
  state with that vote counted (the app's state, as the phone sees it);
- vote -> on disk: from a vote sent to the phone told "saved" (after the fsync);
- votes lost: "saved" votes missing from the journal afterwards (must be 0).
"""

from __future__ import annotations

import asyncio
import subprocess
import tempfile
import time
from pathlib import Path

from aiohttp import ClientSession

from benchmarks._harness import PY, Row
from cvo_workshop.store.journal import read_journal

ROOT = Path(__file__).resolve().parent.parent
FACTORS = ("impact", "confidence", "ease")


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(len(ordered) * 0.95) - 1)]


async def _phone(http, api, name, draws, updated, saved, acked) -> None:
    secret = (await (await http.post(f"{api}/join", json={"name": name})).json())["secret"]
    ws = await http.ws_connect(f"{api}/ws", params={"secret": secret})
    state = await ws.receive_json(timeout=30)
    done = 0
    while done < draws:
        d = state["draw"]
        if d is None or d["decision"] or name in d["voters"]:
            state = await ws.receive_json(timeout=30)
            while state["type"] != "state":
                state = await ws.receive_json(timeout=30)
            continue
        number = d["number"]
        for i, key in enumerate(FACTORS):
            sent = time.perf_counter()
            await ws.send_json({"id": i, "type": "score", "draw": number, "key": key, "value": 5})
            counted = told = False
            while not (counted and told):
                msg = await ws.receive_json(timeout=30)
                if msg["type"] == "state":
                    state = msg
                    # the phone's own values come back with the state that counts them;
                    # the last vote of a draw may instead close it (the next one is dealt)
                    now = msg["draw"] or {}
                    if not counted and (now.get("number") != number or key in now.get("mine", {})):
                        updated.append(time.perf_counter() - sent)
                        counted = True
                elif msg["type"] == "saved":
                    saved.append(time.perf_counter() - sent)
                    acked.append((name, number, key))
                    told = True
                else:
                    raise RuntimeError(msg)
        done += 1
    await ws.close()


async def _run(people: int, draws: int) -> tuple[list[float], list[float], int]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "room.cvows"
        app = subprocess.Popen(
            [PY, str(ROOT / "benchmarks" / "_room_app.py"), str(path), str(people), str(draws)],
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            port, token = app.stdout.readline().split()  # type: ignore[union-attr]
            api = f"http://127.0.0.1:{port}/api/{token}"
            updated: list[float] = []
            saved: list[float] = []
            acked: list[tuple[str, int, str]] = []
            async with ClientSession() as http:
                await asyncio.gather(
                    *(
                        _phone(http, api, f"P{i:02d}", draws, updated, saved, acked)
                        for i in range(people)
                    )
                )
        finally:
            app.kill()
            app.wait()
        on_disk = {
            (e.participant, e.draw, key)
            for e in read_journal(path).events
            if e.type == "scored" and e.participant
            for key in e.factors
        }
        lost = sum(1 for a in acked if a not in on_disk)
        return updated, saved, lost


def rows(quick: bool = False) -> list[Row]:
    people, draws = 30, (5 if quick else 20)
    updated, saved, lost = asyncio.run(_run(people, draws))
    votes = f"{len(saved):,} votes, {people} phones x {draws} draws"
    return [
        Row(
            f"p95 vote -> state updated ({votes})",
            _p95(updated),
            "s",
            "< 100 ms",
            _p95(updated) < 0.1,
        ),
        Row(
            f"p95 vote -> on disk, 'saved' ({votes})",
            _p95(saved),
            "s",
            "< 100 ms",
            _p95(saved) < 0.1,
        ),
        Row("votes told 'saved' but not in the journal", float(lost), "votes", "0", lost == 0),
    ]
