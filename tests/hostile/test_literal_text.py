"""Text that tries to be markup or terminal control shows literally and harmlessly,
on the screens that show people's text and in every export."""

from __future__ import annotations

import csv
import io
import json

import pytest
from pypdf import PdfReader

from cvo_workshop.engine.backlog import build
from cvo_workshop.model.card import CohortCard, RecipeCard
from cvo_workshop.model.grooming import ItemEdited
from tests.backlog_fixtures import Play, setup
from tests.export.decks import cohort, make_deck, recipe

RICH = "[bold red]Rich[/] [link=http://x]l[/link]"
REPORTLAB = "<b>bold</b> &amp; <font color=red>r</font> & </para>"
ESCAPES = "\x1b[31mred\x1b[0m \x1b]0;pwned\x07 bell\x07"
RTL = "\u202eevil\u202c שלום"
EMOJI = "🚀 launch"
LONG = "Supercalifragilistic" * 8

CARD = recipe(
    "hostile",
    title=f"{RICH} {EMOJI}",
    prompt=REPORTLAB,
    description=ESCAPES,
    examples=[f"{RTL} {LONG}"],
)
COHORT = cohort("hostile-cohort", name=RICH[:60], definition=f"{ESCAPES} {REPORTLAB}")


def shown(text: str) -> None:
    """What the screen or the file shows: the markup as typed, no live escape codes."""
    assert "[bold red]Rich[/]" in text
    assert "\x1b" not in text and "\x07" not in text


@pytest.fixture
def hostile_play():
    deck = make_deck([CARD], [COHORT])
    card: RecipeCard = deck.cards[0]
    c: CohortCard = deck.cohorts[0]
    p = Play(setup(cohorts=[c]))
    p.draw(card, c.id, impact=5, confidence=5, ease=5)
    p.add(ItemEdited(at=p.at(), item="d1", field="notes", value=f"{REPORTLAB} {ESCAPES}"))
    p.add(ItemEdited(at=p.at(), item="d1", field="owner", value='=HYPERLINK("http://x")'))
    return p


async def test_draw_screen_and_summary_show_markup_literally(tmp_path, monkeypatch):
    from cvo_workshop.service import workshop as service
    from cvo_workshop.store import workshops
    from cvo_workshop.tui.app import WorkshopApp
    from cvo_workshop.tui.screens.summary import SummaryScreen
    from tests import workshop_fixtures as W
    from tests.export.decks import write_deck
    from tests.tui.conftest import text_of

    path = write_deck(tmp_path / "hostile.yaml", [CARD], [COHORT])
    from cvo_workshop.store.decks import load_deck

    deck = load_deck(path)
    ws = W.setup(deck=workshops.deck_ref(deck, path), cohorts=deck.cohorts)
    running = service.start(ws, deck, tmp_path / "h.workshop.jsonl", clock=W.FakeClock())
    try:
        app = WorkshopApp.for_running(running, clock=W.FakeClock())
        async with app.run_test(size=(120, 40)) as pilot:
            recipe_text = text_of(app.screen.query_one("#recipe"))
            shown(recipe_text)
            assert "<b>bold</b> &amp;" in recipe_text
            assert "␛[31mred" in recipe_text  # the escape is shown, not obeyed
            assert "\\u202eevil" in recipe_text and "\u202e" not in recipe_text  # bidi too
            shown(text_of(app.screen.query_one("#cohort")))
            svg = app.export_screenshot()
            assert "pwned" in svg and "\x1b" not in svg
            await pilot.press("a", "f2")
            assert isinstance(app.screen, SummaryScreen)
            await pilot.press("b")
            await pilot.pause()
            shown(text_of(app.screen.query_one("#detail")))
    finally:
        running.close()


def test_csv_markdown_and_json_exports_escape_right(hostile_play):
    from cvo_workshop.export.backlog_files import read_csv, to_csv, to_json, to_markdown

    backlog = build(hostile_play.state)
    item = backlog.items[0]
    raw = to_csv(backlog)
    assert "\x1b" in raw  # CSV carries the text exactly (it is data, not a terminal)...
    row = read_csv(raw)[0]
    assert row["Summary"] == item.title and row["Notes"] == item.notes
    # ...but a cell a spreadsheet would run as a formula is defused.
    assert next(csv.DictReader(io.StringIO(raw)))["Assignee"].startswith("'=HYPERLINK")
    md = to_markdown(backlog)
    assert "<b>" not in md and r"\<b\>bold\</b\>" in md and r"\[bold red\]Rich\[/\]" in md
    assert "\x1b" not in md and "␛\\[31mred" in md  # Markdown is for reading: shown
    data = json.loads(to_json(backlog))
    assert data["items"][0]["title"] == item.title and data["items"][0]["notes"] == item.notes


def test_pdf_exports_print_markup_literally(hostile_play):
    from cvo_workshop.export.backlog_cards import print_backlog
    from cvo_workshop.export.deck_cards import print_deck
    from cvo_workshop.export.report import render_report
    from cvo_workshop.export.sheet import SheetSpec

    backlog = build(hostile_play.state)
    deck = make_deck([CARD], [COHORT])
    for pdf in (
        render_report(backlog)[0],
        print_backlog(backlog, backs="duplex")[0],  # notes are on the back
        print_deck(deck, SheetSpec())[0],
    ):
        text = " ".join(
            " ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages
        )
        assert "[bold red]Rich[/]" in text
        assert "<b>bold</b>" in text
        assert "\x1b" not in text and "\u202e" not in text


async def test_deck_browser_home_list_and_questionnaire_show_markup_literally(
    tmp_path, monkeypatch
):
    from cvo_workshop.service import workshop as service
    from cvo_workshop.store import workshops
    from cvo_workshop.tui.app import WorkshopApp, questionnaire_screen
    from cvo_workshop.tui.screens.deck import DeckScreen
    from tests import workshop_fixtures as W
    from tests.tui.conftest import text_of

    deck = make_deck([CARD], [COHORT])
    # A recent workshop whose organization is hostile, for the home screen's list.
    ws = W.setup(organization=f"{RICH} {ESCAPES}")
    service.start(ws, W.deck(), tmp_path / "h.workshop.jsonl", clock=W.FakeClock()).close()
    workshops.remember(tmp_path / "h.workshop.jsonl")  # as the app does when it opens one
    app = WorkshopApp.home()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.3)
        recent = app.screen.query_one("#recent")
        shown(str(recent.get_option_at_index(0).prompt))
        app.push_screen(DeckScreen(deck))
        await pilot.pause()
        shown(text_of(app.screen.query_one("#card")))
        assert "<b>bold</b> &amp;" in text_of(app.screen.query_one("#card"))
        app.push_screen(questionnaire_screen(tmp_path / "r.yaml", RICH, ESCAPES))
        await pilot.pause()
        shown(text_of(app.screen.query_one("#where")))
