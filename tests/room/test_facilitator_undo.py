"""The facilitator's undo takes back the facilitator's actions only: a phone's vote
arriving in between is neither undone nor in the way (engine/fold.py)."""

from __future__ import annotations

import json

from aiohttp import ClientSession

from cvo_workshop.model.workshop import Decision
from cvo_workshop.tui.widgets.key_bar import KeyBar
from tests.room.conftest import Phone
from tests.room.test_app_room import _app_with_room


async def test_undo_takes_back_the_facilitators_decision_not_the_phone_vote_after_it(room, phone):
    running, session = room.workshop, room.workshop.session
    p = phone()
    await p.join("Ana")
    first = (await p.connect())["draw"]["number"]
    await p.send(type="score", draw=first, key="impact", value=7)
    running.run(session.decide, Decision.PARKED)
    second = (await p.until(lambda s: s["draw"]["number"] != first))["draw"]["number"]
    await p.send(type="score", draw=second, key="impact", value=2)
    assert running.run(session.undo) == f"parked draw {first}"
    assert session.current.number == first
    assert session.current.votes == {"Ana": {"impact": 7.0}}


async def test_a_phone_vote_leaves_what_the_facilitator_can_redo(room, phone):
    running, session = room.workshop, room.workshop.session
    running.run(session.score, "ease", 5)
    running.run(session.undo)
    p = phone()
    await p.join("Ana")
    n = (await p.connect())["draw"]["number"]
    await p.send(type="score", draw=n, key="impact", value=7)
    assert running.run(session.redo) == f"Ease on draw {n}"
    assert session.current.consensus == {"ease": 5.0}


async def test_the_journal_says_which_events_came_from_a_phone(room, phone):
    running, session = room.workshop, room.workshop.session
    running.run(session.score, "ease", 5)
    p = phone()
    await p.join("Cleo", new=True)
    n = (await p.connect())["draw"]["number"]
    await p.send(type="score", draw=n, key="impact", value=7)
    await p.send(type="note", draw=n, text="seen it work")
    events = [json.loads(line) for line in running.path.read_text().splitlines()[1:]]
    marked = [(e["type"], e.get("from_phone", False)) for e in events[-4:]]
    assert marked == [
        ("scored", False),
        ("participant_joined", True),
        ("scored", True),
        ("noted", True),
    ]


async def test_u_on_the_table_names_and_takes_back_the_facilitators_score(tmp_path):
    app, running = await _app_with_room(tmp_path)
    # Wide: the key bar gives u its longer words ("Undo: ...") only where it has room.
    async with app.run_test(size=(220, 24)) as pilot, ClientSession() as http:
        await pilot.pause()
        await pilot.press("escape", "7")  # to the table; the room's Impact
        phone = Phone(app.room, http)
        await phone.join("Ana")
        n = (await phone.connect())["draw"]["number"]
        await phone.send(type="score", draw=n, key="confidence", value=4)
        await pilot.pause()
        assert f"u Undo: Impact on draw {n}" in str(app.screen.query_one(KeyBar).render())
        await pilot.press("u")
        await pilot.pause()
        draw = running.session.current
        assert draw.consensus == {} and draw.votes == {"Ana": {"confidence": 4.0}}
        assert "u Undo " in str(app.screen.query_one(KeyBar).render())
