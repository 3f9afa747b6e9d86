"""Look-alike names are one name: a phone cannot join as a second "Ana" by adding
invisible characters, full-width letters or another case, and no name keeps
invisible characters."""

from __future__ import annotations

import pytest
from aiohttp import ClientSession

from tests.room.conftest import Phone
from tests.room.test_assess_room import team_room  # noqa: F401 (a fixture)

#: Zero-width space, non-joiner, joiner, word joiner, byte-order mark, a bidi
#: override and a bidi isolate; and Unicode's other default-ignorable code points
#: (DerivedCoreProperties.txt), which show nothing either: the Mongolian vowel
#: separator, invisible times, variation selectors 1, 16 and 17, a tag letter, the
#: language tag, the Hangul fillers, the combining grapheme joiner, a Khmer
#: inherent vowel, a Mongolian free variation selector, a reserved U+FFF0.
INVISIBLE = [
    *["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u202e", "\u2066"],
    "\u180e",
    "\u2062",
    "\ufe00",
    "\ufe0f",
    "\U000e0100",
    "\U000e0041",
    "\U000e0001",
    "\u115f",
    "\u1160",
    "\u3164",
    "\uffa0",
    "\u034f",
    "\u17b4",
    "\u180f",
    "\ufff0",
]


def _names(room) -> list[str]:
    return [p.name for p in room.workshop.session.setup.participants]


async def _join(phone, name: str) -> tuple[int, dict]:
    p = phone()
    r = await p.http.post(f"{p.api}/join", json={"name": name, "new": True})
    return r.status, await r.json()


@pytest.mark.parametrize("mark", INVISIBLE, ids=[f"U+{ord(c):04X}" for c in INVISIBLE])
async def test_a_new_name_differing_only_by_an_invisible_character_is_taken(room, phone, mark):
    status, said = await _join(phone, f"An{mark}a")
    assert (status, said["error"]) == (409, "Ana is already a participant")
    assert _names(room) == ["Ana", "Ben"]


@pytest.mark.parametrize("look_alike", ["Ａｎａ", "ANA", "ana"])
async def test_a_new_name_in_full_width_letters_or_another_case_is_taken(room, phone, look_alike):
    status, said = await _join(phone, look_alike)
    assert (status, said["error"]) == (
        409,
        f"{look_alike} is the same name as Ana, who is already a participant",
    )


@pytest.mark.parametrize("mark", INVISIBLE, ids=[f"U+{ord(c):04X}" for c in INVISIBLE])
async def test_no_new_name_keeps_an_invisible_character(room, phone, mark):
    status, said = await _join(phone, f"{mark}Z{mark}ed{mark}")
    assert (status, said["name"]) == (200, "Zed")
    assert _names(room) == ["Ana", "Ben", "Zed"]


async def test_invisible_characters_are_taken_out_of_a_new_name(room, phone):
    status, said = await _join(phone, "\ufeffZ\u200bed\u202e")
    assert (status, said["name"]) == (200, "Zed")
    assert _names(room) == ["Ana", "Ben", "Zed"]


async def test_a_listed_name_picked_as_a_look_alike_is_the_listed_one_and_taken_once(room, phone):
    ana, other = phone(), phone()
    assert await ana.join("Ana") == 200
    assert await other.join("ａｎａ\u200b") == 409
    assert list(room.keys.claims) == ["Ana"]


async def test_in_a_questionnaire_room_a_look_alike_of_a_joined_name_is_on_the_list(
    team_room,  # noqa: F811
):
    async with ClientSession() as http:
        assert await Phone(team_room, http).join("Dana", new=True) == 200
        again = Phone(team_room, http)
        r = await again.http.post(f"{again.api}/join", json={"name": "Dana\u200b", "new": True})
        assert r.status == 409
        assert (await r.json())["error"] == "Dana is on the list already: pick the name there"
    assert team_room.people() == ["Dana"]


async def test_in_a_questionnaire_room_a_new_name_keeps_no_invisible_characters(
    team_room,  # noqa: F811
):
    async with ClientSession() as http:
        assert await Phone(team_room, http).join("\u2066Eve\u2069", new=True) == 200
    assert team_room.people() == ["Eve"]


def test_a_workshop_file_written_before_with_look_alike_names_still_opens(tmp_path):
    from cvo_workshop.service import workshop as service
    from tests import workshop_fixtures as wf

    path = tmp_path / "w.cvows"
    service.start(wf.setup(blind=True), wf.deck(), path).close()
    joined = '{"at":"2026-01-01T10:00:00Z","from_phone":true,"type":"participant_joined",'
    with path.open("a", encoding="utf-8") as f:
        f.write(joined + '"name":"Ana\\u200b","role":null}\n')
    running = service.resume(path)
    try:
        assert [p.name for p in running.session.setup.participants] == ["Ana", "Ben", "Ana\u200b"]
    finally:
        running.close()


@pytest.fixture
async def look_alike_room(tmp_path):
    """A room whose workshop file, written before look-alike names were one name,
    has both Ana and "Ａna" (a full-width A) as participants: two people."""
    from cvo_workshop.room.keys import RoomKeys
    from cvo_workshop.room.server import Room
    from cvo_workshop.service import workshop as service
    from tests import workshop_fixtures as wf

    path = tmp_path / "w.cvows"
    service.start(wf.setup(blind=True), wf.deck(), path).close()
    joined = '{"at":"2026-01-01T10:00:00Z","from_phone":true,"type":"participant_joined",'
    with path.open("a", encoding="utf-8") as f:
        f.write(joined + '"name":"\\uff21na","role":null}\n')
    running = service.resume(path)
    running.own()
    server = Room(running, RoomKeys.for_workshop(path))
    await server.start()
    yield server
    await server.stop()
    running.close()


async def test_a_name_picked_exactly_joins_as_that_name_not_as_its_look_alike(look_alike_room):
    async with ClientSession() as http:
        wide = Phone(look_alike_room, http)
        assert await wide.join("Ａna") == 200
        assert (await wide.connect())["you"] == "Ａna"
        ana = Phone(look_alike_room, http)
        assert await ana.join("Ana") == 200  # another person: not taken by Ａna's phone
        assert (await ana.connect())["you"] == "Ana"
    assert sorted(look_alike_room.keys.claims) == ["Ana", "Ａna"]


async def test_freeing_a_name_frees_that_one_and_not_its_look_alike(look_alike_room):
    async with ClientSession() as http:
        wide, ana = Phone(look_alike_room, http), Phone(look_alike_room, http)
        assert await wide.join("Ａna") == 200
        assert await ana.join("Ana") == 200
        n = (await ana.connect())["draw"]["number"]
        assert await look_alike_room.release("Ａna")
        assert list(look_alike_room.keys.claims) == ["Ana"]
        said = await ana.send(type="note", draw=n, text="still here")
        assert said["type"] == "saved"  # Ana's phone was not cut off


async def test_a_new_name_cut_to_80_characters_ends_with_no_space_and_scores(room, phone):
    p = phone()
    status, said = await _join_phone(p, "A" * 79 + " Bee")
    assert (status, said["name"]) == (200, "A" * 79)
    assert _names(room)[-1] == "A" * 79
    n = (await p.connect())["draw"]["number"]
    assert (await p.send(type="score", draw=n, key="impact", value=5))["type"] == "saved"


async def test_a_new_name_is_not_cut_between_a_letter_and_its_accent(room, phone):
    status, said = await _join(phone, "B" * 79 + "e\u0301")
    assert (status, said["name"]) == (200, "B" * 79)


async def test_a_new_name_is_not_cut_inside_a_hangul_syllable_written_as_jamo(room, phone):
    gak = "\u1100\u1161\u11a8"  # 각 as three conjoining jamo: one letter as shown
    status, said = await _join(phone, "B" * 78 + gak)
    assert (status, said["name"]) == (200, "B" * 78)


async def _join_phone(p, name: str) -> tuple[int, dict]:
    r = await p.http.post(f"{p.api}/join", json={"name": name, "new": True})
    body = await r.json()
    if r.status == 200:
        p.secret = body["secret"]
    return r.status, body


async def test_in_a_questionnaire_room_a_new_name_cut_to_80_characters_ends_with_no_space(
    team_room,  # noqa: F811
):
    async with ClientSession() as http:
        p = Phone(team_room, http)
        status, said = await _join_phone(p, "C" * 79 + " Dee")
    assert (status, said["name"]) == (200, "C" * 79)
    assert team_room.people() == ["C" * 79]


async def test_a_new_name_is_not_cut_in_the_middle_of_a_flag(room, phone):
    france = "\U0001f1eb\U0001f1f7"  # two regional indicator letters: one flag
    status, said = await _join(phone, "B" * 77 + france + france)
    assert (status, said["name"]) == (200, "B" * 77 + france)


async def test_a_new_name_keeps_no_tab_nor_double_space(room, phone):
    status, said = await _join(phone, "Ana\tMaria  da  Silva")
    assert (status, said["name"]) == (200, "Ana Maria da Silva")
    assert _names(room)[-1] == "Ana Maria da Silva"


@pytest.mark.parametrize("name", ["", "   ", "\u200b\u2060"])
async def test_joining_as_someone_new_with_no_name_says_so_in_words(room, phone, name):
    status, said = await _join(phone, name)
    assert (status, said["error"]) == (400, "your name: must not be empty")


@pytest.mark.parametrize(
    ("name", "why"),
    [
        # notes read "Name: text": a name with a colon would be read as someone else's
        ("Vi: x", "cannot hold ':'"),
        ("x\ud800", "holds a character that is not text"),  # no file can hold it
    ],
)
async def test_a_new_name_no_note_or_file_could_tell_apart_is_refused_in_words(
    room, phone, name, why
):
    status, said = await _join(phone, name)
    assert (status, said["error"]) == (400, f"your name: {why}")
    assert name not in _names(room)
