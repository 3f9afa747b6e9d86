"""The phone page in a real headless browser (Debian's chromium, driven by
Playwright) at a phone's size, with the facilitator's app driven by Pilot."""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path

import pytest

from cvo_workshop.model.workshop import Participant
from cvo_workshop.room.options import RoomOptions
from cvo_workshop.service import workshop as service
from cvo_workshop.tui.app import WorkshopApp
from cvo_workshop.tui.screens.room import RoomScreen
from tests import workshop_fixtures as wf

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
playwright = pytest.importorskip("playwright.async_api")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
#: Set to a folder to keep the pictures the README shows (docs/).
PICTURES = os.environ.get("CVO_ROOM_PICTURES")


async def test_a_phone_joins_scores_sees_hidden_and_then_the_spread_after_the_reveal(tmp_path):
    running = service.start(wf.setup(blind=True), wf.deck(), tmp_path / "w.cvows")
    app = WorkshopApp.for_running(running)
    # The README's picture shows a room open to the network, as a workshop's is.
    app.room_options = RoomOptions(host="0.0.0.0") if PICTURES else RoomOptions()
    async with app.run_test(size=(100, 30)) as pilot, playwright.async_playwright() as pw:
        await pilot.pause()
        room = app.room
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = await browser.new_page(viewport={"width": 390, "height": 844})
        await page.goto(room.landing_url)
        await page.fill("#code", room.keys.code.lower())
        await page.click("button:text-is('Join')")
        await page.click("#names >> text=Ana")
        title = running.session.current.card.title
        await page.wait_for_selector(f"h2:text-is({title!r})")
        for factor, value in (("Impact", "8"), ("Confidence", "6"), ("Ease", "3")):
            box = page.locator(".factor", has_text=factor)
            await box.locator(f"button:text-is('{value}')").click()
            await page.wait_for_selector("#said:text-is('saved')")
        await page.wait_for_selector("#status:has-text('hidden until the facilitator reveals')")
        assert "8" not in await page.locator("#spread").inner_text()
        await pilot.pause()
        assert "1 of 2 scored: Ana" in str(app.screen.query_one("#scored").render())
        if PICTURES:
            await page.evaluate("window.scrollTo(0, 0)")
            await page.screenshot(path=str(Path(PICTURES) / "room-phone.png"))
            app.save_screenshot("room-app.svg", str(PICTURES))  # made a PNG for the README
        # The facilitator reveals on the table.
        assert isinstance(app.screen, RoomScreen)
        running.run(running.session.reveal)
        await page.wait_for_selector("#spread table")
        spread = await page.locator("#spread").inner_text()
        assert "Ana" in spread and "8" in spread and "Median" in spread
        # shown, as the facilitator's room screen and score panel say
        assert await page.locator("#status").inner_text() == "1 of 2 scored, shown"
        if PICTURES:
            await page.screenshot(path=str(Path(PICTURES) / "room-phone-revealed.png"))
        await browser.close()


async def test_a_phone_answers_two_statements_and_a_reload_reopens_at_the_third(tmp_path):
    from cvo_workshop.service.assessments import load_bank, team_folder
    from cvo_workshop.store.questionnaires import load_response
    from cvo_workshop.tui.screens.room_assess import RoomAssessScreen

    running = service.start(wf.setup(blind=True), wf.deck(), tmp_path / "w.cvows")
    app = WorkshopApp.for_running(running)
    app.room_options = RoomOptions()
    bank = load_bank(None)
    first, second, third = bank.questions[:3]
    async with app.run_test(size=(100, 30)) as pilot, playwright.async_playwright() as pw:
        await pilot.pause()
        await pilot.press("m")
        room = app.room
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = await browser.new_page(viewport={"width": 390, "height": 844})
        await page.goto(room.join_url)
        await page.click("#names >> text=Ben")
        await page.click("button:text-is('Maturity questionnaire')")
        await page.wait_for_selector(f"#aq:text-is({first.text!r})")
        n = len(bank.questions)
        assert await page.locator("#aprogress").inner_text() == f"Question 1 of {n} · 0 answered"
        await page.click("#aanswers button:has-text('Routinely')")
        await page.wait_for_selector(f"#aq:text-is({second.text!r})")
        assert await page.locator("#asaid").inner_text() == "saved"
        await page.click("#aanswers button:has-text('Ad hoc')")
        await page.wait_for_selector(f"#aq:text-is({third.text!r})")
        if PICTURES:
            await page.screenshot(path=str(Path(PICTURES) / "room-phone-questionnaire.png"))
        # Back shows the answer given, marked.
        await page.click("#aback")
        assert await page.locator("#aanswers button.on").inner_text() == "Ad hoc\n" + next(
            s.meaning for s in bank.steps(second) if s.label == "Ad hoc"
        )
        saved = load_response(team_folder(running.path) / "ben.yaml", bank)
        assert {q: a.value for q, a in saved.answers.items()} == {first.id: 0.5, second.id: 0.25}
        await page.reload()
        await page.wait_for_selector(f"#aq:text-is({third.text!r})")
        assert await page.locator("#aprogress").inner_text() == f"Question 3 of {n} · 2 answered"
        await pilot.pause()
        assert isinstance(app.screen, RoomAssessScreen)
        assert "Ben" in str(app.screen.query_one("#people").render())
        assert f"2 of {n}" in str(app.screen.query_one("#people").render())
        await browser.close()


async def test_in_a_questionnaire_room_a_phone_joins_by_name_and_goes_straight_to_it(tmp_path):
    from cvo_workshop.room.assess_room import AssessRoom
    from cvo_workshop.service.assessments import load_bank

    bank = load_bank(None)
    room = AssessRoom.for_folder(tmp_path / "team", bank, "Acme")
    await room.start()
    try:
        async with playwright.async_playwright() as pw:
            browser = await pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            page = await browser.new_page(viewport={"width": 390, "height": 844})
            await page.goto(room.landing_url)
            await page.fill("#code", room.keys.code)
            await page.click("button:text-is('Join')")
            await page.fill("#newname", "Dana")
            await page.click("#joinnew")
            await page.wait_for_selector(f"#aq:text-is({bank.questions[0].text!r})")
            assert await page.locator("#closeassess").is_hidden()
            await page.click("#aanswers button:has-text('Continuously')")
            await page.wait_for_selector(f"#aq:text-is({bank.questions[1].text!r})")
            await browser.close()
    finally:
        await room.stop()
    assert room.questionnaire.progress().answered == {"Dana": 1}


@contextlib.asynccontextmanager
async def _ana_on_a_phone(tmp_path, **setup):
    """The app with its room, and a phone's page joined as Ana, the first card shown:
    (running workshop, room, page)."""
    running = service.start(wf.setup(blind=True, **setup), wf.deck(), tmp_path / "w.cvows")
    app = WorkshopApp.for_running(running)
    app.room_options = RoomOptions()
    async with app.run_test(size=(100, 30)) as pilot, playwright.async_playwright() as pw:
        await pilot.pause()
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = await browser.new_page(viewport={"width": 390, "height": 844})
        await page.goto(app.room.join_url)
        await page.click("#names >> text=Ana")
        await page.wait_for_selector(f"h2:text-is({running.session.current.card.title!r})")
        try:
            yield running, app.room, page
        finally:
            await browser.close()


async def test_a_refused_note_stays_in_its_box_to_be_sent_again_and_a_saved_one_clears(tmp_path):
    async with _ana_on_a_phone(tmp_path) as (running, _, page):
        running.run(running.session.note, "x" * 4000)  # the facilitator filled the card
        await page.click("summary:text-is('Add a note to this card')")
        await page.fill("#note", "my one remark, typed with care")
        await page.click("#sendnote")
        await page.wait_for_selector("#said:has-text('notes are full')")
        assert await page.input_value("#note") == "my one remark, typed with care"
        running.run(running.session.note, "")  # room again
        await page.click("#sendnote")
        await page.wait_for_selector("#said:text-is('note saved')")
        assert await page.input_value("#note") == ""
        assert running.session.current.phone_notes == ("Ana: my one remark, typed with care",)


async def test_a_note_sent_while_the_link_is_down_is_said_not_sent_and_stays_typed(tmp_path):
    async with _ana_on_a_phone(tmp_path) as (running, room, page):
        await room.stop()  # the laptop's Wi-Fi drops
        await page.wait_for_selector("#offline:visible")
        await page.click("summary:text-is('Add a note to this card')")
        await page.fill("#note", "typed as the link dropped")
        await page.click("#sendnote")
        await page.wait_for_selector("#said:has-text('Not sent: no connection')")
        assert await page.input_value("#note") == "typed as the link dropped"
        assert running.session.current.phone_notes == ()
        # a score tapped then is not shown as this phone's
        await page.locator(".factor", has_text="Impact").locator("button:text-is('8')").click()
        await page.wait_for_selector("#said:has-text('Not sent: no connection')")
        assert await page.locator(".factor button.on").count() == 0


_LONG = ["Alexandra Konstantinopoulou", "Maximilian Oberhausen-Richter", "Ana", "Ben", "Chris"]


async def test_the_revealed_votes_of_five_with_long_names_fit_a_phone(tmp_path):
    people = [Participant(name=n) for n in _LONG]
    async with _ana_on_a_phone(tmp_path, participants=people) as (running, _, page):
        for n, name in enumerate(_LONG):
            for key in ("impact", "confidence", "ease"):
                running.run(running.session.score, key, 2 + n, participant=name)
        running.run(running.session.reveal)
        await page.wait_for_selector("#spread table")
        assert "Far apart" in await page.locator("#spread").inner_text()
        assert await page.evaluate("document.documentElement.scrollWidth") <= 390
        # all of it in sight, Median and agreement too, not scrolled off in its box
        box = "document.getElementById('spread')"
        assert await page.evaluate(f"{box}.scrollWidth <= {box}.clientWidth")


async def test_a_long_name_without_spaces_does_not_widen_the_page(tmp_path):
    async with _ana_on_a_phone(tmp_path) as (_, _, page):
        await page.evaluate("localStorage.clear()")
        await page.reload()
        await page.fill("#newname", "W" * 80)
        await page.click("#joinnew")
        await page.wait_for_selector("#you:text-is('" + "W" * 80 + "')")
        assert await page.evaluate("document.documentElement.scrollWidth") <= 390


async def test_after_the_end_the_phone_offers_nothing_more_and_a_reload_says_it_in_words(
    tmp_path,
):
    async with _ana_on_a_phone(tmp_path) as (running, _, page):
        assert await page.locator("#openassess").is_visible()
        running.run(running.session.finish)
        await page.wait_for_selector("#status:text-is('The workshop has ended. Thank you!')")
        for gone in ("Add a note to this card", "Propose a wildcard"):
            assert await page.locator(f"summary:text-is({gone!r})").is_hidden()
        assert await page.locator("#openassess").is_hidden()
        await page.reload()
        await page.wait_for_selector("h1:text-is('The workshop has ended. Thank you!')")
        assert "error" not in await page.locator("body").inner_text()
        running.run(running.session.undo)  # the end taken back: a reload has it all again
        await page.reload()
        await page.wait_for_selector("#openassess:visible")


async def test_a_phone_in_the_questionnaire_when_the_workshop_ends_is_told(tmp_path):
    async with _ana_on_a_phone(tmp_path) as (running, _, page):
        await page.click("#openassess")
        await page.wait_for_selector("#aq:not(:empty)")
        running.run(running.session.finish)
        await page.wait_for_selector("#status:text-is('The workshop has ended. Thank you!')")
        assert await page.locator("#assess").is_hidden()


async def test_a_phone_whose_name_is_freed_or_removed_shows_no_reconnecting(tmp_path):
    async with _ana_on_a_phone(tmp_path) as (running, room, page):
        await room.release("Ana")
        await page.wait_for_selector("#join:visible")
        await page.wait_for_selector("#joinmsg:not(:empty)")
        await page.wait_for_timeout(1500)  # past the reconnect's wait
        assert await page.locator("#offline").is_hidden()
        await page.click("#names >> text=Ben")
        await page.wait_for_selector("#room:visible")
        running.run(running.session.remove_participant, "Ben")
        await page.wait_for_selector("#joinmsg:has-text('You left the workshop')")
        await page.wait_for_timeout(1500)
        assert await page.locator("#join").is_visible()
        assert await page.locator("#offline").is_hidden()


async def test_a_removed_phone_is_back_as_itself_when_the_removal_is_undone(tmp_path):
    async with _ana_on_a_phone(tmp_path) as (running, room, page):
        running.run(running.session.remove_participant, "Ana")
        await page.wait_for_selector("#joinmsg:has-text('You left the workshop')")
        await page.wait_for_timeout(1500)  # past the reconnect's wait: the names, no "Reconnecting"
        assert await page.locator("#join").is_visible()
        assert await page.locator("#offline").is_hidden()
        assert await page.evaluate("localStorage.length") == 1  # its identity kept
        running.run(running.session.undo)
        await page.wait_for_selector("#room:visible", timeout=8000)  # by itself: no tap
        assert await page.locator("#you").inner_text() == "Ana"
        await _tap(page, "Impact", "7")
        assert running.session.current.votes["Ana"] == {"impact": 7.0}
        # Redone: signed out again; joining as someone new then gives the name up.
        running.run(running.session.redo)
        await page.wait_for_selector("#join:visible")
        await page.fill("#newname", "Ana B")
        await page.click("#joinnew")
        await page.wait_for_selector("#you:text-is('Ana B')")
        running.run(running.session.undo)
        assert [p.name for p in running.session.setup.participants] == ["Ana", "Ben", "Ana B"]
        assert not room.keys.claimed("Ana")  # nobody holds it: free to pick


async def _tap(page, factor: str, value: str) -> None:
    await page.locator(".factor", has_text=factor).locator(f"button:text-is('{value}')").click()
    await page.wait_for_selector("#said:text-is('saved')")
    await page.evaluate("document.getElementById('said').textContent = ''")


async def test_one_factor_tapped_is_not_yet_a_vote_and_the_phone_says_what_is_to_go(tmp_path):
    async with _ana_on_a_phone(tmp_path) as (_, _, page):
        await _tap(page, "Impact", "7")
        status = page.locator("#status")
        await page.wait_for_selector("#status:has-text('Impact saved; Confidence and Ease to go')")
        assert "Your vote is saved" not in await status.inner_text()
        assert "0 of 2 scored" in await status.inner_text()
        await _tap(page, "Confidence", "5")
        await page.wait_for_selector("#status:has-text('Impact and Confidence saved; Ease to go')")
        await _tap(page, "Ease", "3")
        await page.wait_for_selector("#status:has-text('Your vote is saved')")
        assert "1 of 2 scored" in await status.inner_text()


async def test_a_phone_that_reloads_shows_the_scores_it_tapped(tmp_path):
    async with _ana_on_a_phone(tmp_path) as (running, _, page):
        await _tap(page, "Impact", "4")
        await page.reload()
        await page.wait_for_selector(f"h2:text-is({running.session.current.card.title!r})")
        on = page.locator(".factor button.on")
        await on.first.wait_for()
        assert await on.count() == 1
        assert await on.inner_text() == "4"
        assert "Impact" in await page.locator(".factor", has=page.locator("button.on")).inner_text()


async def test_a_vote_revealed_before_it_was_finished_is_finished_on_the_phone(tmp_path):
    async with _ana_on_a_phone(tmp_path) as (running, _, page):
        await _tap(page, "Impact", "7")
        running.run(running.session.reveal)  # the facilitator reveals early
        await page.wait_for_selector("#spread table")
        # Only what is still to go is offered: Impact is shown, as given.
        boxes = page.locator(".factor h3")
        assert await boxes.all_inner_texts() == ["Confidence", "Ease"]
        status = page.locator("#status")
        assert "Impact saved; Confidence and Ease to go" in await status.inner_text()
        # nobody has scored yet: "revealed", not "0 of 2 scored, shown"
        assert (await status.inner_text()).endswith("0 of 2 scored, revealed")
        spread = await page.locator("#spread").inner_text()
        assert "Ana\t7\t–\t–" in spread and "Ben\t–\t–\t–" in spread  # who and what is missing
        await _tap(page, "Confidence", "5")
        await _tap(page, "Ease", "3")
        await page.wait_for_selector("#status:text-is('1 of 2 scored, shown')")
        assert await page.locator(".factor").count() == 0
        assert "Ana\t7\t5\t3" in await page.locator("#spread").inner_text()
        assert running.session.current.votes["Ana"] == {"impact": 7, "confidence": 5, "ease": 3}
        # Ben, who had given nothing when it was revealed, is offered his whole vote.
        ben = await page.context.browser.new_page(viewport={"width": 390, "height": 844})
        await ben.goto(page.url)
        await ben.click("#names >> text=Ben")
        await ben.wait_for_selector("#spread table")
        assert await ben.locator(".factor h3").all_inner_texts() == ["Impact", "Confidence", "Ease"]
        assert (
            "Impact, Confidence and Ease to go. 1 of 2 scored, shown"
            in await ben.locator("#status").inner_text()
        )
        for factor, value in (("Impact", "2"), ("Confidence", "2"), ("Ease", "2")):
            await _tap(ben, factor, value)
        await ben.wait_for_selector("#status:text-is('2 of 2 scored, shown')")
        assert "Ben\t2\t2\t2" in await ben.locator("#spread").inner_text()
        await page.wait_for_selector("#spread:has-text('Far apart')")  # Ana's phone too
