"""Wildcard proposals: at most MAX_PENDING per person wait for the facilitator."""

from __future__ import annotations

from aiohttp import ClientSession

from cvo_workshop.room.server import MAX_PENDING
from cvo_workshop.tui.screens.room import ProposalModal
from tests.room.conftest import Phone
from tests.room.test_app_room import _app_with_room


async def _propose(p, n: int) -> dict:
    return await p.send(type="wildcard", title=f"Idea {n}", prompt="")


async def test_a_proposal_past_the_pending_limit_is_refused_with_a_message(room, phone):
    p = phone()
    await p.join("Ana")
    await p.connect()
    answers = [await _propose(p, n) for n in range(MAX_PENDING + 1)]
    assert [a["type"] for a in answers] == ["saved"] * MAX_PENDING + ["refused"]
    assert "waiting for the facilitator" in answers[-1]["message"]
    assert len(room.proposals) == MAX_PENDING


async def test_one_persons_waiting_proposals_do_not_hold_back_another(room, phone):
    ana, ben = phone(), phone()
    await ana.join("Ana")
    await ben.join("Ben")
    await ana.connect()
    await ben.connect()
    for n in range(MAX_PENDING):
        await _propose(ana, n)
    assert (await _propose(ben, 9))["type"] == "saved"


async def test_once_the_facilitator_looks_at_a_proposal_its_author_may_send_another(room, phone):
    p = phone()
    await p.join("Ana")
    await p.connect()
    for n in range(MAX_PENDING):
        await _propose(p, n)
    room.settled(room.proposals[0])
    assert (await _propose(p, 7))["type"] == "saved"


async def test_declining_a_proposal_in_the_app_frees_a_place_for_another(tmp_path):
    app, _ = await _app_with_room(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot, ClientSession() as http:
        await pilot.pause()
        p = Phone(app.room, http)
        await p.join("Ana")
        await p.connect()
        for n in range(MAX_PENDING):
            await _propose(p, n)
        assert (await _propose(p, 5))["type"] == "refused"
        await pilot.pause()
        assert isinstance(app.screen, ProposalModal)
        await pilot.press("escape")  # not added
        await pilot.pause()
        assert (await _propose(p, 6))["type"] == "saved"


async def test_joining_again_under_a_new_name_on_the_same_phone_does_not_lift_the_limit(
    room, phone
):
    ana = phone("127.0.0.20")
    await ana.join("Ana")
    await ana.connect()
    for n in range(MAX_PENDING):
        await _propose(ana, n)
    again = phone("127.0.0.20")  # the same phone, its browser data cleared
    assert await again.join("Zed", new=True) == 200
    await again.connect()
    said = await _propose(again, 9)
    assert said["type"] == "refused"
    assert said["message"] == (
        f"this phone has {MAX_PENDING} proposals waiting for the facilitator, under whatever "
        "name it joined: send another once they have looked at one"
    )
    assert len(room.proposals) == MAX_PENDING


async def test_once_the_facilitator_looks_at_a_proposal_the_phone_may_send_another_again(
    room, phone
):
    ana = phone("127.0.0.21")
    await ana.join("Ana")
    await ana.connect()
    for n in range(MAX_PENDING):
        await _propose(ana, n)
    again = phone("127.0.0.21")
    await again.join("Zed", new=True)
    await again.connect()
    room.settled(room.proposals[0])
    assert (await _propose(again, 9))["type"] == "saved"


async def test_the_proposal_dialog_says_how_to_add_it_and_ctrl_s_adds_it(tmp_path):
    from cvo_workshop.tui.widgets.key_bar import KeyBar

    app, running = await _app_with_room(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot, ClientSession() as http:
        await pilot.pause()
        p = Phone(app.room, http)
        await p.join("Ana")
        await p.connect()
        await _propose(p, 1)
        await pilot.pause()
        assert isinstance(app.screen, ProposalModal)
        assert str(app.screen.query_one(KeyBar).render()).startswith(" ^s Add  esc Cancel ")
        shown = "\n".join(s.text for s in app.screen._compositor.render_strips())
        assert "Enter or ctrl+s: Add" in shown
        await pilot.press("tab", "tab")  # away from the title: to the kind's list
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, ProposalModal)
        assert running.session.current.card.title == "Idea 1"
