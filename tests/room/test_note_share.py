"""A card's notes are shared: one phone writes at most its share of them, so it
cannot fill the card and leave the others told "full"."""

from __future__ import annotations

from aiohttp import ClientSession, TCPConnector

from cvo_workshop.engine.session import PHONE_NOTE_SHARE
from cvo_workshop.model.workshop import Decision
from cvo_workshop.room.keys import RoomKeys
from cvo_workshop.room.server import Room
from tests.room.conftest import Phone


async def _at_table(p, name: str) -> int:
    await p.join(name)
    return (await p.connect())["draw"]["number"]


async def test_a_note_past_a_persons_share_of_the_card_is_refused_saying_how_much_is_left(
    room, phone
):
    ana = phone()
    n = await _at_table(ana, "Ana")
    assert (await ana.send(type="note", draw=n, text="a" * 500))["type"] == "saved"
    assert (await ana.send(type="note", draw=n, text="b" * 400))["type"] == "saved"
    # 1,000 less the two lines (506 and 406: "Ana: ", the text, a newline), less
    # the next line's own "Ana: " and newline: 82 characters may still be typed
    said = await ana.send(type="note", draw=n, text="c" * 83)
    assert said["type"] == "refused"
    assert said["message"] == (
        "that note is longer than what is left of your share of this card's notes "
        "(1,000 characters a person, 82 left), so the others have room too"
    )
    assert (await ana.send(type="note", draw=n, text="c" * 82))["type"] == "saved"


async def test_a_person_who_has_written_their_share_is_told_so_in_words(room, phone):
    ana = phone()
    n = await _at_table(ana, "Ana")
    for size in (500, 488):  # 506 and 494 of the card's notes: the share is written
        assert (await ana.send(type="note", draw=n, text="a" * size))["type"] == "saved"
    said = await ana.send(type="note", draw=n, text="one more")
    assert said["message"] == (
        "you have written your share of this card's notes (1,000 characters a person), "
        "so the others have room too"
    )


async def test_one_person_writing_their_whole_share_leaves_room_for_the_others(room, phone):
    ana, ben = phone(), phone()
    n = await _at_table(ana, "Ana")
    await _at_table(ben, "Ben")
    for size in (500, 488):
        assert (await ana.send(type="note", draw=n, text="a" * size))["type"] == "saved"
    assert (await ana.send(type="note", draw=n, text="a"))["type"] == "refused"
    assert (await ben.send(type="note", draw=n, text="my one remark"))["type"] == "saved"
    lines = room.workshop.session.current.phone_notes
    assert sum(len(line) + 1 for line in lines if line.startswith("Ana: ")) == PHONE_NOTE_SHARE


async def test_a_persons_share_is_counted_on_each_card_on_its_own(room, phone):
    ana = phone()
    n = await _at_table(ana, "Ana")
    for _ in range(2):
        await ana.send(type="note", draw=n, text="a" * 500)
    session = room.workshop.session
    room.workshop.run(session.decide, Decision.PARKED)  # the next card is dealt
    state = await ana.until(lambda s: s["draw"]["number"] != n)
    said = await ana.send(type="note", draw=state["draw"]["number"], text="a" * 500)
    assert said["type"] == "saved"


async def test_joining_again_under_a_new_name_on_the_same_phone_does_not_renew_the_share(
    room, phone
):
    ana = phone("127.0.0.30")
    n = await _at_table(ana, "Ana")
    for size in (500, 488):
        assert (await ana.send(type="note", draw=n, text="a" * size))["type"] == "saved"
    again = phone("127.0.0.30")  # the same phone, its browser data cleared
    assert await again.join("Zed", new=True) == 200
    await again.connect()
    said = await again.send(type="note", draw=n, text="one more")
    assert said["message"] == (
        "you have written your share of this card's notes (1,000 characters a person), "
        "so the others have room too"
    )


async def test_a_persons_share_counts_the_whole_line_each_note_takes_in_the_cards_notes(
    room, phone
):
    ana = phone()
    n = await _at_table(ana, "Ana")
    while (await ana.send(type="note", draw=n, text="a" * 40))["type"] == "saved":
        pass
    lines = [x for x in room.workshop.session.current.phone_notes if x.startswith("Ana: ")]
    # each line as the card's notes hold it: "Ana: " before the text, a newline after
    assert sum(len(line) + 1 for line in lines) <= PHONE_NOTE_SHARE
    assert len(lines) == PHONE_NOTE_SHARE // len("Ana: " + "a" * 40 + "\n")


async def test_four_people_each_writing_their_share_in_short_notes_all_fit_on_the_card(room, phone):
    phones = [phone() for _ in range(4)]
    n = await _at_table(phones[0], "Ana")
    await _at_table(phones[1], "Ben")
    for p, name in zip(phones[2:], ["Cy", "Dee"], strict=True):
        assert await p.join(name, new=True) == 200
        await p.connect()
    for p in phones:
        while (said := await p.send(type="note", draw=n, text="b" * 40))["type"] == "saved":
            pass
        # each is stopped by their own share, none told the card is full
        assert "your share of this card's notes" in said["message"], said["message"]
    assert len(room.workshop.session.current.note) <= 4000


async def test_the_names_a_phone_joined_under_still_share_one_allowance_after_the_room_reopens(
    room, phone
):
    ana = phone("127.0.0.31")
    n = await _at_table(ana, "Ana")
    for size in (500, 488):
        assert (await ana.send(type="note", draw=n, text="a" * size))["type"] == "saved"
    await room.stop()  # the app closes the workshop and opens it again: a new room
    again = Room(room.workshop, RoomKeys.for_workshop(room.workshop.path))
    await again.start()
    try:
        async with ClientSession(connector=TCPConnector(local_addr=("127.0.0.31", 0))) as http:
            zed = Phone(again, http)  # the same phone, its browser data cleared
            assert await zed.join("Zed", new=True) == 200
            await zed.connect()
            said = await zed.send(type="note", draw=n, text="one more")
    finally:
        await again.stop()
    assert said["message"] == (
        "you have written your share of this card's notes (1,000 characters a person), "
        "so the others have room too"
    )
