"""The room's protocol over real HTTP and WebSockets on loopback."""

from __future__ import annotations

import asyncio
import json

from cvo_workshop.room.server import MAX_BODY, MAX_CONNECTIONS


async def test_a_participant_joins_and_sees_the_card_on_the_table(room, phone):
    p = phone()
    assert await p.join("Ana") == 200
    state = await p.connect()
    assert state["draw"]["card"]["title"] == room.workshop.session.current.card.title
    assert [f["key"] for f in state["framework"]["factors"]] == ["impact", "confidence", "ease"]


async def test_a_vote_is_in_the_journal_when_the_phone_is_told_saved(room, phone):
    p = phone()
    await p.join("Ana")
    state = await p.connect()
    answer = await p.send(type="score", draw=state["draw"]["number"], key="impact", value=7)
    assert answer["type"] == "saved"
    lines = [json.loads(line) for line in room.workshop.path.read_text().splitlines()[1:]]
    scored = [e for e in lines if e["type"] == "scored"]
    assert scored[-1]["participant"] == "Ana" and scored[-1]["factors"] == {"impact": 7.0}


async def test_a_wrong_token_is_refused(room, http):
    base = f"http://127.0.0.1:{room.port}"
    for url in (f"{base}/j/wrong", f"{base}/api/wrong/people", f"{base}/api/wrong/ws"):
        r = await http.get(url)
        assert r.status == 403, url
    r = await http.post(f"{base}/api/wrong/join", json={"name": "Ana"})
    assert r.status == 403


async def test_the_short_code_leads_to_the_join_page_and_a_wrong_one_does_not(room, http):
    base = f"http://127.0.0.1:{room.port}"
    good = await http.post(f"{base}/code", json={"code": room.keys.code.lower()})
    assert (await good.json())["url"] == f"/j/{room.keys.token}"
    bad = await http.post(f"{base}/code", json={"code": "ZZZZZZ"})
    assert bad.status == 403 and room.keys.token not in await bad.text()


async def test_a_name_taken_on_one_device_cannot_be_taken_on_another(room, phone):
    assert await phone().join("Ana") == 200
    assert await phone().join("Ana") == 409


async def test_without_a_device_secret_nobody_can_vote(room, http):
    r = await http.get(f"http://127.0.0.1:{room.port}/api/{room.keys.token}/ws?secret=guess")
    assert r.status == 401


async def test_a_vote_counts_for_the_device_that_sent_it_whatever_name_it_gives(room, phone):
    p = phone()
    await p.join("Ana")
    state = await p.connect()
    n = state["draw"]["number"]
    await p.send(type="score", draw=n, key="impact", value=3, participant="Ben")
    assert room.workshop.session.current.gave == ("Ana",)


async def test_a_new_participant_joins_as_an_event_the_facilitator_sees(room, phone):
    assert await phone().join("Cleo", new=True) == 200
    assert "Cleo" in [p.name for p in room.workshop.session.setup.participants]
    assert '"participant_joined"' in room.workshop.path.read_text()


async def test_hidden_votes_are_in_no_message_or_page_until_the_reveal(room, phone):
    ana, ben = phone(), phone()
    await ana.join("Ana")
    await ben.join("Ben")
    n = (await ana.connect())["draw"]["number"]
    await ben.connect()
    await ana.send(type="score", draw=n, key="impact", value=9)
    await ana.send(type="score", draw=n, key="confidence", value=8)
    await ana.send(type="score", draw=n, key="ease", value=7)
    update = await ben.until(lambda s: s["draw"]["voters"])
    assert update["draw"]["voters"] == ["Ana"] and update["draw"]["hidden"]
    numbers = set()
    # (Ana's own device is given her own scores back: `mine`, test_phone_votes.py)
    for text in ben.seen:
        numbers |= _numbers(json.loads(text))
    assert numbers.isdisjoint({9, 8, 7})
    base = f"http://127.0.0.1:{room.port}"
    for url in (f"{base}/", f"{base}/j/{room.keys.token}"):
        page = await (await ana.http.get(url)).text()
        assert "Ana" not in page and room.workshop.session.current.card.title not in page
    room.workshop.run(room.workshop.session.reveal)
    shown = await ben.until(lambda s: s["draw"]["revealed"])
    assert shown["draw"]["spread"]["impact"]["values"] == {"Ana": 9.0}


def _numbers(message) -> set[float]:
    """Every number in a message but the framework's definition (its scales' ends)."""
    if isinstance(message, dict):
        return set().union(*(_numbers(v) for k, v in message.items() if k != "framework"))
    if isinstance(message, list):
        return set().union(*(_numbers(v) for v in message))
    if isinstance(message, int | float) and not isinstance(message, bool):
        return {message}
    return set()


async def test_after_the_reveal_phones_see_each_value_the_median_and_the_agreement(room, phone):
    ana, ben = phone(), phone()
    await ana.join("Ana")
    await ben.join("Ben")
    n = (await ana.connect())["draw"]["number"]
    await ben.connect()
    await ana.send(type="score", draw=n, key="impact", value=8)
    await ben.send(type="score", draw=n, key="impact", value=2)
    room.workshop.run(room.workshop.session.reveal)
    spread = (await ana.until(lambda s: s["draw"]["revealed"]))["draw"]["spread"]["impact"]
    assert spread["values"] == {"Ana": 8.0, "Ben": 2.0}
    assert spread["median"] == "5" and spread["agreement"] == "Far apart"


async def test_auto_reveal_shows_the_votes_once_everyone_has_scored(room, phone):
    room.auto_reveal = True
    ana, ben = phone(), phone()
    await ana.join("Ana")
    await ben.join("Ben")
    n = (await ana.connect())["draw"]["number"]
    await ben.connect()
    for key, value in (("impact", 5), ("confidence", 6), ("ease", 7)):
        await ana.send(type="score", draw=n, key=key, value=value)
    assert room.workshop.session.current.hidden
    await ben.send(type="score", draw=n, key="impact", value=6)
    assert room.workshop.session.current.hidden  # one factor is not yet Ben's vote
    await ben.send(type="score", draw=n, key="confidence", value=6)
    await ben.send(type="score", draw=n, key="ease", value=6)
    assert room.workshop.session.current.revealed


async def test_an_auto_reveal_is_the_rooms_not_on_the_facilitators_undo(room, phone):
    room.auto_reveal = True
    ana, ben = phone(), phone()
    await ana.join("Ana")
    await ben.join("Ben")
    n = (await ana.connect())["draw"]["number"]
    await ben.connect()
    for p in (ana, ben):
        for key in ("impact", "confidence", "ease"):
            await p.send(type="score", draw=n, key=key, value=5)
    session = room.workshop.session
    assert session.current.revealed
    assert not session.can_undo and room.workshop.run(session.undo) is None
    assert session.current.revealed


async def test_a_note_is_added_to_the_draw_with_the_persons_name_literally(room, phone):
    p = phone()
    await p.join("Ana")
    n = (await p.connect())["draw"]["number"]
    assert (await p.send(type="note", draw=n, text="[bold]why <b>not</b>"))["type"] == "saved"
    assert room.workshop.session.current.note == "Ana: [bold]why <b>not</b>"


async def test_a_note_longer_than_500_characters_is_refused(room, phone):
    p = phone()
    await p.join("Ana")
    n = (await p.connect())["draw"]["number"]
    answer = await p.send(type="note", draw=n, text="x" * 501)
    assert answer["type"] == "refused" and room.workshop.session.current.note == ""


async def _joined(phone, names: list[str]) -> tuple[list, int]:
    """Phones joined as `names` (new participants but Ana and Ben), all connected;
    and the number of the draw on the table."""
    phones = []
    for name in names:
        p = phone()
        assert await p.join(name, new=name not in ("Ana", "Ben")) == 200
        n = (await p.connect())["draw"]["number"]
        phones.append(p)
    return phones, n


async def test_notes_past_what_a_draw_holds_are_refused_in_words_and_the_rest_kept(room, phone):
    phones, n = await _joined(phone, ["Ana", "Ben", "Cy", "Dee", "Eve"])
    # Four people write their share (2 x 490 each: 3,965 characters with names and
    # line ends), then there is no room for a fifth one's 490.
    for p in phones[:4]:
        for _ in range(2):
            assert (await p.send(type="note", draw=n, text="y" * 490))["type"] == "saved"
    answer = await phones[4].send(type="note", draw=n, text="y" * 490)
    assert answer == {
        "type": "refused",
        "id": 1,
        "message": "this card's notes are full (at most 4,000 characters)",
    }
    assert len(room.workshop.session.current.phone_notes) == 8


async def test_a_proposed_wildcard_goes_to_the_facilitator(room, phone):
    p = phone()
    await p.join("Ana")
    await p.connect()
    await p.send(type="wildcard", title="Birthday mail", prompt="A mail on their birthday")
    assert [{k: p[k] for k in ("by", "title", "prompt")} for p in room.proposals] == [
        {"by": "Ana", "title": "Birthday mail", "prompt": "A mail on their birthday"}
    ]


async def test_an_oversized_body_is_refused_and_the_room_goes_on(room, phone, http):
    r = await http.post(f"{phone().api}/join", data=b"x" * (MAX_BODY + 1))
    assert r.status == 413
    assert await phone().join("Ana") == 200


async def test_connections_beyond_the_limit_are_refused_and_the_room_goes_on(room, phone):
    phones = [phone() for _ in range(2)]
    await phones[0].join("Ana")
    await phones[0].connect()
    room._connections = MAX_CONNECTIONS  # as if 200 phones were connected
    try:
        r = await phones[1].http.get(f"{phones[1].api}/people")
        assert r.status == 503
    finally:
        room._connections = 1
    assert (await phones[1].http.get(f"{phones[1].api}/people")).status == 200


async def test_a_thousand_connections_at_once_are_refused_without_harm(room, phone):
    p = phone()
    await p.join("Ana")
    n = (await p.connect())["draw"]["number"]
    readers, writers = [], []
    for _ in range(1000):
        try:
            r, w = await asyncio.open_connection("127.0.0.1", room.port)
        except OSError:
            break
        w.write(b"GET /api/" + room.keys.token.encode() + b"/people HTTP/1.1\r\nHost: x\r\n\r\n")
        readers.append(r)
        writers.append(w)
    for w in writers:
        w.close()
    assert (await p.send(type="score", draw=n, key="impact", value=4))["type"] == "saved"


async def test_tokens_are_refused_after_the_workshop_ends(room, phone):
    p = phone()
    await p.join("Ana")
    room.workshop.run(room.workshop.session.finish)
    assert await phone().join("Ben") == 410
    r = await p.http.get(f"{p.api}/ws", params={"secret": p.secret})
    assert r.status == 410


async def test_the_phone_page_after_the_end_and_a_wrong_link_are_pages_in_words(room, http):
    # A person reloading the page sees words, not {"error": "this workshop has ended"}.
    base = f"http://127.0.0.1:{room.port}"
    r = await http.get(f"{base}/j/not-the-token")
    page = await r.text()
    assert (r.status, r.content_type) == (403, "text/html")
    assert "This link is not for the workshop running here" in page and '"error"' not in page
    room.workshop.run(room.workshop.session.finish)
    r = await http.get(f"{base}/j/{room.keys.token}")
    page = await r.text()
    assert (r.status, r.content_type) == (410, "text/html")
    assert "The workshop has ended. Thank you!" in page and '"error"' not in page
    # What the page's script reads stays JSON.
    r = await http.get(f"{base}/api/{room.keys.token}/people")
    assert (r.status, await r.json()) == (410, {"error": "this workshop has ended"})


async def test_a_closed_room_s_pages_are_in_words(room, http):
    base = f"http://127.0.0.1:{room.port}"
    room.halt()
    for path in ("/", f"/j/{room.keys.token}"):
        r = await http.get(base + path)
        assert (r.status, r.content_type) == (410, "text/html")
        assert "The room is closed" in await r.text()


async def test_guessing_codes_is_stopped_after_twenty_wrong_ones_a_minute(room, http):
    base = f"http://127.0.0.1:{room.port}"
    for _ in range(20):
        assert (await http.post(f"{base}/code", json={"code": "ZZZZZZ"})).status == 403
    r = await http.post(f"{base}/code", json={"code": room.keys.code})
    assert r.status == 429 and room.keys.token not in await r.text()


async def test_one_address_guessing_codes_does_not_lock_the_others_out(room, http):
    from aiohttp import ClientSession, TCPConnector

    base = f"http://127.0.0.1:{room.port}"
    for _ in range(20):
        assert (await http.post(f"{base}/code", json={"code": "ZZZZZZ"})).status == 403
    # Another phone on the network (another loopback address stands in for it).
    async with ClientSession(connector=TCPConnector(local_addr=("127.0.0.2", 0))) as other:
        r = await other.post(f"{base}/code", json={"code": room.keys.code})
        assert r.status == 200 and room.keys.token in await r.text()


async def test_a_number_too_big_to_be_a_number_is_refused_and_the_link_stays(room, phone):
    p = phone()
    await p.join("Ana")
    n = (await p.connect())["draw"]["number"]
    await p.ws.send_str('{"id": 1, "type": "score", "draw": 1e999, "key": "impact", "value": 1}')
    assert (await p.receive("refused"))["message"] == "not a message"
    big = {"id": 2, "type": "score", "draw": n, "key": "impact", "value": 10**400}
    await p.ws.send_str(json.dumps(big))
    assert (await p.receive("refused"))["type"] == "refused"
    assert (await p.send(type="score", draw=n, key="impact", value=7))["type"] == "saved"


async def test_a_short_note_on_a_card_others_filled_is_told_the_notes_are_full(room, phone):
    phones, n = await _joined(phone, ["Ana", "Ben", "Cy", "Dee", "Eve"])
    for p in phones[:4]:
        for _ in range(2):
            assert (await p.send(type="note", draw=n, text="y" * 490))["type"] == "saved"
    # 3,991 characters with names and line ends: Eve's short one still fits
    assert (await phones[4].send(type="note", draw=n, text="y" * 20))["type"] == "saved"
    said = await phones[4].send(type="note", draw=n, text="my one remark")
    assert said["message"] == "this card's notes are full (at most 4,000 characters)"
