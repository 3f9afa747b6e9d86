"""u and ctrl+r say what happened on every screen that has them: "Undone: ..." only
for an undo that was done. The summary and the backlog screens said "Undone: ..."
after a refused undo, or one that could not be saved, beside the message saying
so; the table said only what happened, as they do now."""

from __future__ import annotations

import pytest

from cvo_workshop.model.workshop import Decision, Redone, Undone
from cvo_workshop.tui.app import WorkshopApp
from cvo_workshop.tui.screens.draw import DrawScreen
from cvo_workshop.tui.screens.grooming import GroomingScreen
from cvo_workshop.tui.screens.summary import SummaryScreen

SCREENS = {"table": DrawScreen, "summary": SummaryScreen, "backlog": GroomingScreen}
REFUSAL = "the phones hold this step"


def refuse_undo_and_redo(running, monkeypatch) -> None:
    """The session refuses an undo or a redo (SessionError), as it refuses any event
    that cannot follow the workshop's state; other events go on."""
    folder = running.session._folder
    check = folder.check
    monkeypatch.setattr(
        folder, "check", lambda e: REFUSAL if isinstance(e, Undone | Redone) else check(e)
    )


def fail_to_save_undo_and_redo(running, monkeypatch) -> None:
    """The file cannot take an undo or a redo, with an error the journal does not keep
    to retry (an OSError out of the sink): nothing is changed."""
    journal = running._journal
    append = journal.append

    def refuse(event):
        if isinstance(event, Undone | Redone):
            raise OSError(5, "Input/output error")
        append(event)

    monkeypatch.setattr(journal, "append", refuse)


FAILURES = {
    "refused": (refuse_undo_and_redo, REFUSAL),
    "not saved": (
        fail_to_save_undo_and_redo,
        "Input/output error",  # "Could not save (to FILE): [Errno 5] ... Nothing was changed."
    ),
}


async def open_screen(app, pilot, name: str) -> None:
    if name == "summary":
        await pilot.press("f2")
    elif name == "backlog":
        app.push_screen(GroomingScreen(app.running))
    await pilot.pause()
    assert isinstance(app.screen, SCREENS[name])


def said(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


@pytest.mark.parametrize("failure", list(FAILURES))
@pytest.mark.parametrize("screen", list(SCREENS))
async def test_an_undo_that_fails_says_why_and_not_undone(
    start, clock, monkeypatch, screen, failure
):
    running = start()
    s = running.session
    running.run(s.decide, Decision.ACCEPTED)
    make_fail, words = FAILURES[failure]
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_screen(app, pilot, screen)
        make_fail(running, monkeypatch)
        await pilot.press("u")
        await pilot.pause()
        assert s.state.draw(1).decision is Decision.ACCEPTED  # nothing was undone
        assert any(words in m for m in said(app)), said(app)
        assert not any(m.startswith("Undone") for m in said(app)), said(app)


@pytest.mark.parametrize("failure", list(FAILURES))
@pytest.mark.parametrize("screen", list(SCREENS))
async def test_a_redo_that_fails_says_why_and_not_redone(
    start, clock, monkeypatch, screen, failure
):
    running = start()
    s = running.session
    running.run(s.decide, Decision.ACCEPTED)
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_screen(app, pilot, screen)
        await pilot.press("u")
        await pilot.pause()
        assert s.state.draw(1).decision is None
        assert "Undone: accepted draw 1" in said(app)
        make_fail, words = FAILURES[failure]
        make_fail(running, monkeypatch)
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert s.state.draw(1).decision is None  # nothing was redone
        assert any(words in m for m in said(app)), said(app)
        assert not any(m.startswith("Redone") for m in said(app)), said(app)


@pytest.mark.parametrize("screen", list(SCREENS))
async def test_with_nothing_to_undo_u_and_ctrl_r_claim_nothing(start, clock, screen):
    """u is off (check_action) with nothing to undo: no "Undone" for nothing."""
    running = start()
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_screen(app, pilot, screen)
        assert not running.session.can_undo
        await pilot.press("u", "ctrl+r")
        await pilot.pause()
        assert not any(m.startswith(("Undone", "Redone")) for m in said(app)), said(app)
