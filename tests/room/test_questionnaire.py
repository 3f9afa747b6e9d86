"""The maturity questionnaire answered from phones, over real HTTP on loopback:
one response file a person, beside the workshop file."""

from __future__ import annotations

import pytest

from cvo_workshop.service.assessments import load_bank, team_folder
from cvo_workshop.store.questionnaires import load_response


def _yes_no_question() -> str:
    bank = load_bank(None)
    return next(q.id for q in bank.questions if q.answers.value == "yes_no")


async def test_an_answer_is_in_the_persons_own_file_when_the_phone_is_told_saved(room, phone):
    p = phone()
    await p.join("Ana")
    first = (await p.questionnaire())["questions"][0]["id"]
    said = await p.answer(first, 0.5)
    assert said["type"] == "saved" and said["answered"] == 1
    path = team_folder(room.workshop.path) / "ana.yaml"
    response = load_response(path, load_bank(None))
    assert response.respondent == "Ana" and response.organization == "Acme Outdoor"
    assert response.answers[first].value == 0.5


async def test_a_phone_is_given_the_questions_in_their_own_answer_sets_words(room, phone):
    p = phone()
    await p.join("Ana")
    page = await p.questionnaire()
    by_id = {q["id"]: q for q in page["questions"]}
    labels = [a["label"] for a in by_id[_yes_no_question()]["answers"]]
    assert labels == ["No", "Yes", "Don't know", "Not applicable"]
    assert len(page["questions"]) == len(load_bank(None).questions)


async def test_an_answer_counts_for_the_device_that_sent_it_whatever_name_it_gives(room, phone):
    ana, ben = phone(), phone()
    await ana.join("Ana")
    await ben.join("Ben")
    first = (await ana.questionnaire())["questions"][0]["id"]
    await ana.answer(first, 1, name="Ben", respondent="Ben")
    folder = team_folder(room.workshop.path)
    assert sorted(p.name for p in folder.glob("*.yaml")) == ["ana.yaml"]
    assert (await ben.questionnaire())["answers"] == {}


async def test_a_phone_is_never_given_another_persons_answers(room, phone):
    ana, ben = phone(), phone()
    await ana.join("Ana")
    await ben.join("Ben")
    first = (await ana.questionnaire())["questions"][0]["id"]
    await ana.answer(first, 0.25, note="only [b]Ana[/b] knows")
    page = await ben.http.get(f"{ben.api}/questionnaire", params={"secret": ben.secret})
    text = await page.text()
    assert "only [b]Ana[/b] knows" not in text and (await page.json())["answers"] == {}


async def test_an_answer_off_the_questions_own_set_is_refused_in_words(room, phone):
    p = phone()
    await p.join("Ana")
    said = await p.answer(_yes_no_question(), 0.5)
    assert said == {
        "type": "refused",
        "message": "this statement is answered No, Yes, Don't know, Not applicable",
    }
    assert not team_folder(room.workshop.path).exists()


async def test_an_unknown_question_is_refused_and_nothing_written(room, phone):
    p = phone()
    await p.join("Ana")
    said = await p.answer("strategy.z.used", 1)
    assert said["type"] == "refused" and "no question 'strategy.z.used'" in said["message"]
    assert not team_folder(room.workshop.path).exists()


async def test_not_applicable_without_a_reason_is_refused(room, phone):
    p = phone()
    await p.join("Ana")
    first = (await p.questionnaire())["questions"][0]["id"]
    said = await p.answer(first, "na")
    assert said == {"type": "refused", "message": "not applicable needs a reason"}
    assert (await p.answer(first, "na", note="We sell no services"))["type"] == "saved"


async def test_without_a_device_secret_nobody_can_answer(room, http):
    api = f"http://127.0.0.1:{room.port}/api/{room.keys.token}"
    r = await http.post(f"{api}/answer", json={"secret": "guess", "question": "x", "value": 1})
    assert r.status == 401
    r = await http.get(f"{api}/questionnaire", params={"secret": "guess"})
    assert r.status == 401


async def test_a_phone_that_comes_back_is_given_its_answers_so_far(room, phone):
    p = phone()
    await p.join("Ana")
    ids = [q["id"] for q in (await p.questionnaire())["questions"]]
    for qid in ids[:3]:
        await p.answer(qid, 0.25)
    room._questionnaire = None  # as after the app is restarted: read from disk
    mine = (await p.questionnaire())["answers"]
    assert mine == {qid: {"value": 0.25, "note": ""} for qid in ids[:3]}


async def test_the_facilitator_is_told_how_many_have_finished_after_each_answer(room, phone):
    p = phone()
    await p.join("Ana")
    told: list[str] = []
    room.questionnaire.subscribe(lambda name: told.append(room.questionnaire.progress().words()))
    ids = [q["id"] for q in (await p.questionnaire())["questions"]]
    for qid in ids:
        value = "dont_know" if qid == ids[0] else 0
        assert (await p.answer(qid, value))["type"] == "saved"
    assert told[0] == "0 of 2 finished" and told[-1] == "1 of 2 finished"
    assert room.questionnaire.progress().answered == {"Ana": len(ids), "Ben": 0}


def _frequency_question() -> str:
    bank = load_bank(None)
    return next(q.id for q in bank.questions if q.answers.value == "frequency")


@pytest.mark.parametrize("value", ["1", "0.5", 0.2500001, 1.0000001])
async def test_a_number_in_words_or_next_to_an_answer_is_refused_in_words(room, phone, value):
    p = phone()
    await p.join("Ana")
    said = await p.answer(_frequency_question(), value)
    assert said["type"] == "refused" and said["message"].startswith("this statement is answered")
    assert not team_folder(room.workshop.path).exists()


async def test_a_number_of_400_digits_is_refused_in_words_not_a_server_error(room, phone):
    p = phone()
    await p.join("Ana")
    body = {"secret": p.secret, "question": _frequency_question(), "value": 10**400}
    r = await p.http.post(f"{p.api}/answer", json=body)
    said = await r.json()
    assert r.status == 422 and said["type"] == "refused"
    assert said["message"].startswith("this statement is answered")


async def test_a_note_no_file_can_hold_is_refused_in_words_and_nothing_written(room, phone):
    p = phone()
    await p.join("Ana")
    said = await p.answer(_frequency_question(), "na", note="half \ud800 a character")
    assert said["type"] == "refused" and said["message"].startswith("not saved: ")
    assert not list(team_folder(room.workshop.path).glob("*.yaml"))


async def test_a_phone_is_given_each_statements_section(room, phone):
    p = phone()
    await p.join("Ana")
    questions = (await p.questionnaire())["questions"]
    assert questions[0]["section"] == "Strategy · tactic A"
    capability = next(q for q in questions if q["id"].startswith("capability.people.incidental"))
    assert capability["section"] == "Capability · People · level 1 Incidental"
