"""`assess room`: a team answers the questionnaire from their phones without a
workshop; the room's server in-process, then the command as a real process."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys

import pytest
from aiohttp import ClientSession

from cvo_workshop.room.assess_room import AssessRoom
from cvo_workshop.service.assessments import load_bank
from tests.conftest import run_process, sigint_default
from tests.room.conftest import Phone


@pytest.fixture
async def team_room(tmp_path):
    server = AssessRoom.for_folder(tmp_path / "team", load_bank(None), "Acme")
    await server.start()
    yield server
    await server.stop()


async def test_people_join_by_name_and_answer_into_their_own_file(team_room, tmp_path):
    async with ClientSession() as http:
        ana = Phone(team_room, http)
        assert await ana.join("Ana", new=True) == 200
        first = (await ana.questionnaire())["questions"][0]["id"]
        assert (await ana.answer(first, 1))["type"] == "saved"
    assert (tmp_path / "team" / "ana.yaml").exists()
    assert team_room.questionnaire.progress().words() == "0 of 1 finished"


async def test_a_questionnaire_room_has_no_live_link_to_a_workshop(team_room):
    async with ClientSession() as http:
        ana = Phone(team_room, http)
        assert await ana.join("Ana", new=True) == 200
        r = await http.get(f"{ana.api}/ws", params={"secret": ana.secret})
        assert r.status == 404


async def test_a_name_on_the_list_cannot_join_as_new_nor_from_a_second_device(team_room):
    async with ClientSession() as http:
        assert await Phone(team_room, http).join("Ana", new=True) == 200
        assert await Phone(team_room, http).join("ana", new=True) == 409
        assert await Phone(team_room, http).join("Ana") == 409


async def test_a_name_is_taken_on_one_line_and_an_empty_one_is_refused(team_room):
    async with ClientSession() as http:
        assert await Phone(team_room, http).join("Ana\n Ben", new=True) == 200
        assert await Phone(team_room, http).join(" ", new=True) == 400
    assert team_room.people() == ["Ana Ben"]


async def test_the_team_is_everyone_with_a_file_in_the_folder_and_everyone_who_joined(tmp_path):
    first = AssessRoom.for_folder(tmp_path / "team", load_bank(None), "Acme")
    await first.start()
    async with ClientSession() as http:
        ana = Phone(first, http)
        await ana.join("Ana", new=True)
        await ana.answer((await ana.questionnaire())["questions"][0]["id"], 1)
        await Phone(first, http).join("Ben", new=True)
    await first.stop()
    again = AssessRoom.for_folder(tmp_path / "team", load_bank(None), "Acme")
    assert again.people() == ["Ana", "Ben"] and again.keys.token == first.keys.token


async def test_the_command_prints_who_finished_and_on_ctrl_c_the_result_assess_score_gives(
    tmp_path,
):
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "120", "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-m", "cvo_workshop", "assess", "room", "--dir", "team"]
    process = subprocess.Popen(
        [*command, "--org", "Acme"],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
        cwd=tmp_path,
        preexec_fn=sigint_default,
    )
    try:
        while not (line := await asyncio.to_thread(process.stdout.readline)).startswith("Join"):
            assert line, "the room did not open"
        url = line.split(": ", 1)[1].strip()
        base, token = url.split("/j/")
        async with ClientSession() as http:
            phones = []
            for name in ("Ana", "Ben", "Cy"):
                r = await http.post(f"{base}/api/{token}/join", json={"name": name, "new": True})
                phones.append((await r.json())["secret"])
            page = await http.get(f"{base}/api/{token}/questionnaire?secret={phones[0]}")
            ids = [q["id"] for q in (await page.json())["questions"]]
            for i, qid in enumerate(ids):
                for secret, value in ((phones[0], 1 if i % 2 else 0), (phones[1], 0)):
                    body = {"secret": secret, "question": qid, "value": value}
                    assert (await http.post(f"{base}/api/{token}/answer", json=body)).status == 200
            body = {"secret": phones[2], "question": ids[0], "value": 1}
            await http.post(f"{base}/api/{token}/answer", json=body)
        process.send_signal(signal.SIGINT)
        rest, _ = await asyncio.to_thread(process.communicate, timeout=30)
    finally:
        process.kill()
    lines = rest.splitlines()
    assert "Ana finished: 1 of 3 finished" in rest and "Ben finished: 2 of 3 finished" in rest
    assert "The room is closed: 2 of 3 finished." in lines
    scored = run_process("assess", "score", "team/ana.yaml", "team/ben.yaml", cwd=tmp_path)
    assert scored.returncode == 0
    assert rest.endswith(scored.stdout) and "Disagreement on" in scored.stdout


async def _open_room(tmp_path, *options):
    """`assess room --dir team` as a real process: (process, lines before the address, url)."""
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "120", "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-m", "cvo_workshop", "assess", "room", "--dir", "team", *options]
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=tmp_path,
        preexec_fn=sigint_default,
    )
    before = []
    while not (line := await asyncio.to_thread(process.stdout.readline)).startswith("Join"):
        assert line, "the room did not open"
        before.append(line.rstrip("\n"))
    return process, before, line.split(": ", 1)[1].strip()


async def _ana_answered_on_a_phone(tmp_path):
    first = AssessRoom.for_folder(tmp_path / "team", load_bank(None), "Acme")
    await first.start()
    async with ClientSession() as http:
        ana = Phone(first, http)
        await ana.join("Ana", new=True)
        await ana.answer((await ana.questionnaire())["questions"][0]["id"], 1)
    await first.stop()


async def test_free_name_lets_a_person_join_again_on_a_new_device(tmp_path):
    await _ana_answered_on_a_phone(tmp_path)
    process, before, url = await _open_room(tmp_path, "--org", "Acme", "--free", "Ana")
    try:
        base, token = url.split("/j/")
        async with ClientSession() as http:
            r = await http.post(f"{base}/api/{token}/join", json={"name": "Ana"})
            assert r.status == 200, await r.text()
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=30)
    assert "Freed Ana: they join again by name, on any device." in before


async def test_freeing_a_name_no_device_took_says_there_is_nothing_to_free(tmp_path):
    process, _, _ = await _open_room(tmp_path, "--free", "Zoe")
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=30)
    assert "warning: Zoe had not joined on any device: nothing to free" in err


async def test_a_room_only_this_computer_can_reach_says_how_to_let_phones_in(tmp_path):
    process, _, url = await _open_room(tmp_path, "--org", "Acme")
    try:
        assert url.startswith("http://127.0.0.1:")
        lines = [await asyncio.to_thread(process.stdout.readline) for _ in range(2)]
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=30)
    assert lines[1].rstrip("\n") == (
        "Only this computer can open this address: to let phones in, add --host 0.0.0.0"
    )


async def test_a_room_file_that_cannot_be_read_is_replaced_and_said_so(tmp_path):
    (tmp_path / "team.room.json").write_text('{"format": "cvo-room/2", "token": ', "utf-8")
    process, _, url = await _open_room(tmp_path)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=30)
    assert (
        f"warning: {tmp_path / 'team.room.json'}: could not be read (not JSON, line 1; kept as "
        "team.room.json.broken); the "
        "room has a new link and code, so every phone scans it and joins again"
    ) in " ".join(err.split())
    assert json.loads((tmp_path / "team.room.json").read_text("utf-8"))["token"] in url


async def test_freeing_a_look_alike_of_a_name_says_the_name_it_freed(tmp_path):
    await _ana_answered_on_a_phone(tmp_path)
    process, before, _ = await _open_room(tmp_path, "--org", "Acme", "--free", "Ａna")
    process.send_signal(signal.SIGINT)
    process.communicate(timeout=30)
    assert "Freed Ana: they join again by name, on any device." in before


async def test_a_second_room_on_the_same_folder_is_refused_while_the_first_is_open(tmp_path):
    first, _, _ = await _open_room(tmp_path, "--org", "Acme")
    try:
        second = run_process("assess", "room", "--dir", "team", cwd=tmp_path, timeout=30)
    finally:
        first.send_signal(signal.SIGINT)
        first.communicate(timeout=30)
    assert second.returncode == 1
    assert second.stderr.strip() == (
        f"{tmp_path / 'team'}: its room is open in another assess room; close that one first"
    )
    again, _, _ = await _open_room(tmp_path)  # once closed, it opens
    again.send_signal(signal.SIGINT)
    again.communicate(timeout=30)
    assert again.returncode == 0


async def test_two_older_files_whose_names_look_alike_are_two_people_each_in_their_file(
    tmp_path,
):
    first = AssessRoom.for_folder(tmp_path / "team", load_bank(None), "Acme")
    await first.start()
    async with ClientSession() as http:
        dee = Phone(first, http)
        await dee.join("Dee", new=True)
        await dee.answer((await dee.questionnaire())["questions"][0]["id"], 1)
    await first.stop()
    # a file written before look-alike names were one name
    text = (tmp_path / "team" / "dee.yaml").read_text("utf-8")
    (tmp_path / "team" / "dee-2.yaml").write_text(text.replace("Dee", "ＤＥＥ"), "utf-8")
    again = AssessRoom.for_folder(tmp_path / "team", load_bank(None), "Acme")
    assert sorted(again.people()) == ["Dee", "ＤＥＥ"]
    await again.start()
    try:
        async with ClientSession() as http:
            other = Phone(again, http)
            assert await other.join("ＤＥＥ") == 200  # not "has joined on another device"
            second = (await other.questionnaire())["questions"][1]["id"]
            assert (await other.answer(second, 1))["type"] == "saved"
    finally:
        await again.stop()
    assert second in (tmp_path / "team" / "dee-2.yaml").read_text("utf-8")
    assert second not in (tmp_path / "team" / "dee.yaml").read_text("utf-8")


async def test_the_questionnaire_rooms_join_page_is_told_which_names_are_taken(team_room):
    async with ClientSession() as http:
        ana = Phone(team_room, http)
        assert await ana.join("Ana", new=True) == 200
        first = (await ana.questionnaire())["questions"][0]["id"]
        assert (await ana.answer(first, 1))["type"] == "saved"  # Ana has a file
        team_room.keys.release("Ana")  # freed (`--free Ana`): on the list, to pick again
        assert await Phone(team_room, http).join("Bo", new=True) == 200
        r = await http.get(f"{ana.api}/people")
        assert await r.json() == {
            "participants": ["Ana", "Bo"],
            "taken": ["Bo"],
            "questionnaire_only": True,
        }
