"""A phone's own vote: one factor is not yet a vote (every screen counts a person as
scored once every factor asked is scored), and the phone is given back its own
hidden scores (after a reload), never another phone's."""

from __future__ import annotations

import json

from aiohttp import ClientSession

from cvo_workshop.engine.summary import summary
from tests.room.conftest import Phone
from tests.room.test_app_room import _app_with_room, _text


async def _score(p, state, **values) -> dict:
    n = state["draw"]["number"]
    for key, value in values.items():
        assert (await p.send(type="score", draw=n, key=key, value=value))["type"] == "saved"
    return await p.until(lambda s: s["draw"]["mine"] == values)


async def test_one_factor_is_not_yet_a_vote_for_the_phones(room, phone):
    ana, ben = phone(), phone()
    await ana.join("Ana")
    await ben.join("Ben")
    state = await ana.connect()
    await ben.connect()
    state = await _score(ana, state, impact=7)
    assert state["draw"]["voters"] == [] and state["draw"]["asked"] == [
        "impact",
        "confidence",
        "ease",
    ]
    state = await _score(ana, state, impact=7, confidence=5, ease=3)
    assert state["draw"]["voters"] == ["Ana"]


async def test_a_phone_is_given_its_own_hidden_scores_and_no_one_elses(room, phone):
    ana, ben = phone(), phone()
    await ana.join("Ana")
    await ben.join("Ben")
    state = await ana.connect()
    await ben.connect()
    await _score(ana, state, impact=4)
    others = await ben.until(lambda s: s["draw"]["hidden"])
    assert others["draw"]["mine"] == {}
    # reconnected (a reload): its own scores come back
    await ana.ws.close()
    again = await ana.connect()
    assert again["draw"]["mine"] == {"impact": 4}
    # blind scoring holds: nothing Ben's device was sent names Ana's 4
    for text in ben.seen:
        msg = json.loads(text)
        if msg.get("type") == "state":
            assert msg["draw"]["mine"] == {} and msg["draw"]["spread"] == {}


async def test_the_room_screen_and_the_table_count_only_a_whole_vote(tmp_path):
    app, running = await _app_with_room(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot, ClientSession() as http:
        await pilot.pause()
        phone = Phone(app.room, http)
        await phone.join("Ana")
        state = await phone.connect()
        await _score(phone, state, impact=6)
        await pilot.pause()
        assert "0 of 2 scored" in _text(app, "#scored") and "Ana" not in _text(app, "#scored")
        await pilot.press("escape")
        await pilot.pause()
        assert "0 of 2 scored" in _text(app, "#room-line")
        assert "Ana not yet · Ben not yet" in _text(app, "#scores")
        scores = summary(running.session.state)["draws"][0]["scores"]
        assert scores["voters"] == [] and scores["voting"] == "0 scored, hidden"
        await _score(phone, state, impact=6, confidence=5, ease=4)
        await pilot.pause()
        assert "Ana scored · Ben not yet" in _text(app, "#scores")
        assert "1 of 2 scored, hidden" in _text(app, "#scores")
        scores = summary(running.session.state)["draws"][0]["scores"]
        assert scores["voters"] == ["Ana"] and scores["voting"] == "1 scored, hidden"


async def test_a_vote_revealed_before_it_was_finished_is_finished_from_the_phone(room, phone):
    from cvo_workshop.engine.fold import fold
    from cvo_workshop.store.journal import read_journal

    ana = phone()
    await ana.join("Ana")
    state = await _score(ana, await ana.connect(), impact=7)
    room.workshop.run(room.workshop.session.reveal)  # the facilitator reveals early
    shown = await ana.until(lambda s: s["draw"]["revealed"])
    assert shown["draw"]["voters"] == [] and shown["draw"]["asked"] == [
        "impact",
        "confidence",
        "ease",
    ]
    for key, value in (("confidence", 5), ("ease", 3)):  # (Impact is shown: not again)
        answer = await ana.send(type="score", draw=shown["draw"]["number"], key=key, value=value)
        assert answer["type"] == "saved"
    state = await ana.until(lambda s: s["draw"]["voters"])
    assert state["draw"]["voters"] == ["Ana"] and state["draw"]["revealed"]
    assert state["draw"]["spread"]["ease"]["values"] == {"Ana": 3.0}
    # on disk after the reveal, the phone's own; the file reads back the same vote
    lines = [json.loads(line) for line in room.workshop.path.read_text().splitlines()[1:]]
    types = [e["type"] for e in lines]
    assert types.index("revealed") < len(types) - 2
    assert [e["factors"] for e in lines[-2:]] == [{"confidence": 5.0}, {"ease": 3.0}]
    assert all(e["from_phone"] for e in lines[-2:])
    loaded = read_journal(room.workshop.path)
    draw = fold(loaded.setup, loaded.events).draws[0]
    assert draw.revealed and draw.votes["Ana"] == {"impact": 7, "confidence": 5, "ease": 3}


async def test_once_revealed_a_phone_cannot_change_what_is_shown(room, phone):
    ana = phone()
    await ana.join("Ana")
    state = await _score(ana, await ana.connect(), impact=7)
    room.workshop.run(room.workshop.session.reveal)
    n = state["draw"]["number"]
    before = room.workshop.path.read_text()
    for value in (2, None):
        answer = await ana.send(type="score", draw=n, key="impact", value=value)
        assert answer["type"] == "refused"
        assert answer["message"] == (
            "your Impact is shown already: the facilitator can change it, or call a re-vote"
        )
    assert room.workshop.session.current.votes["Ana"] == {"impact": 7.0}
    assert room.workshop.path.read_text() == before
    # hidden again (the reveal undone), it is Ana's to change again
    room.workshop.run(room.workshop.session.undo)
    assert (await ana.send(type="score", draw=n, key="impact", value=2))["type"] == "saved"
