"""The grooming screen: the backlog edited with the keyboard, every edit saved and undoable."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Input

from cvo_workshop.engine.backlog import build
from cvo_workshop.model.backlog import Horizon
from cvo_workshop.service import workshop as service
from cvo_workshop.store.journal import read_journal
from cvo_workshop.tui.app import WorkshopApp
from cvo_workshop.tui.screens.export import ExportModal
from cvo_workshop.tui.screens.grooming import GroomingScreen
from tests.backlog_fixtures import sample
from tests.tui.conftest import text_of


@pytest.fixture
def running(tmp_path, clock):
    path = tmp_path / "acme.workshop.jsonl"
    sample().save(path)
    r = service.resume(path, clock=clock)
    yield r
    r.close()


def on_disk(running):
    """The backlog as the file on disk says it is."""
    from cvo_workshop.engine.fold import fold

    loaded = read_journal(running.path)
    return build(fold(loaded.setup, loaded.events))


async def open_grooming(app, pilot):
    app.push_screen(GroomingScreen(app.running))
    await pilot.pause()
    assert isinstance(app.screen, GroomingScreen)
    return app.screen


async def test_the_backlog_shows_in_priority_order_with_the_selected_items_why(running, clock):
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_grooming(app, pilot)
        table = screen.query_one(DataTable)
        assert table.row_count == 5
        assert "Exclusion list" in str(table.get_row_at(0)[1])
        detail = text_of(screen.query_one("#detail"))
        assert "RICE 160 = 100% reach" in detail and "Low-hanging fruit" in detail
        assert "5 items: 2 now · 1 next · 1 later · 1 blocked" in text_of(
            screen.query_one("#headline")
        )


async def test_reorder_by_hand_then_undo(running, clock):
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_grooming(app, pilot)
        await pilot.press("right_square_bracket")
        items = on_disk(running).items
        assert [i.title for i in items[:2]] == ["Welcome series", "Exclusion list"]
        # Only the item moved is by hand (✎ beside its horizon, "(by hand)" as in the
        # report in the detail): the one that made room for it was marked too.
        assert [(i.title, i.by_hand) for i in items[:2]] == [
            ("Welcome series", False),
            ("Exclusion list", True),
        ]
        assert "by hand" not in items[0].why and "Placed by hand" in items[1].why
        assert [i.title for i in items if i.by_hand] == ["Exclusion list"]
        table = screen.query_one(DataTable)
        horizons = [str(table.get_row(i.id)[2]) for i in items[:2]]
        assert not horizons[0].endswith("✎") and horizons[1].endswith("✎")
        # The cursor follows the moved item.
        assert screen._selected().title == "Exclusion list"
        await pilot.press("u")
        assert [i.title for i in on_disk(running).items[:2]] == ["Exclusion list", "Welcome series"]


async def test_edit_fields_in_the_form(running, clock):
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_grooming(app, pilot)
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#kpi", Input).value = "exclusion hits a week"
        app.screen.query_one("#notes", Input).value = "[bold]ask legal[/]"
        await pilot.press("ctrl+s")
        await pilot.pause()
        item = on_disk(running).items[0]
        assert (item.kpi, item.notes) == ("exclusion hits a week", "[bold]ask legal[/]")
        assert "[bold]ask legal[/]" in text_of(app.screen.query_one("#detail"))
        await pilot.press("u")  # one save, one undo
        item = on_disk(running).items[0]
        assert (item.kpi, item.notes) == ("repeat purchase rate", "")


async def test_typing_in_the_form_adds_to_the_text_a_field_holds(running, clock):
    """The title opened selected: typing " (remembered)" to add to it made the title
    "(remembered)". Every field opens with the cursor after its text, nothing selected."""
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_grooming(app, pilot)
        await pilot.press("e")
        await pilot.pause()
        title = app.screen.query_one("#title", Input)
        assert app.screen.focused is title and title.selection.is_empty
        assert title.cursor_position == len("Exclusion list")
        await pilot.press(*" (remembered)", "tab", "tab", *" a week")  # Title, Owner, KPI
        await pilot.press("ctrl+s")
        await pilot.pause()
        item = on_disk(running).items[0]
        assert (item.title, item.kpi) == (
            "Exclusion list (remembered)",
            "repeat purchase rate a week",
        )


async def test_the_export_dialogs_file_name_opens_with_nothing_selected(running, clock):
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_grooming(app, pilot)
        await pilot.press("w")
        await pilot.pause()
        await pilot.press("enter")  # the report: on to its file name
        await pilot.pause()
        path = app.screen.query_one("#path", Input)
        assert app.screen.focused is path and path.selection.is_empty
        assert path.cursor_position == len(path.value)


async def test_escape_on_a_form_with_typing_asks_before_throwing_it_away(running, clock):
    from cvo_workshop.tui.screens.confirm import ConfirmModal
    from cvo_workshop.tui.screens.item_edit import ItemEditModal

    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_grooming(app, pilot)
        await pilot.press("e", "escape")  # nothing typed: closed at once
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        form.query_one("#title", Input).value = "Exclude recent buyers"
        form.query_one("#holdout", Input).value = "20%"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        asked = " ".join(text_of(w) for w in app.screen.query("Static"))
        assert "Discard 2 changed fields?" in asked
        assert "Title and Hold-out: not saved. ctrl+s saves them." in asked
        await pilot.press("escape")  # no: back to the form, the typing kept
        await pilot.pause()
        assert isinstance(app.screen, ItemEditModal) and app.screen is form
        assert form.query_one("#title", Input).value == "Exclude recent buyers"
        await pilot.press("escape", "y")  # discard
        await pilot.pause()
        assert app.screen is screen
        assert on_disk(running).items[0].title == "Exclusion list"  # nothing saved


async def test_the_discard_question_for_one_field_says_it(running, clock):
    """It said "Owner: not saved. ctrl+s saves them." for the one field."""
    from cvo_workshop.tui.screens.confirm import ConfirmModal

    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_grooming(app, pilot)
        await pilot.press("e", "tab", *"Ana", "escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        asked = " ".join(text_of(w) for w in app.screen.query("Static"))
        assert "Discard 1 changed field?" in asked
        assert "Owner: not saved. ctrl+s saves it." in asked


async def test_a_save_of_two_fields_is_one_undo_step_and_one_redo_step(running, clock):
    """Saving the form once wrote an event a field, each its own step: u took back
    the hold-out and left the new title, a second u the title."""
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_grooming(app, pilot)
        before = on_disk(running).items[0]
        assert (before.title, before.test_plan.holdout) == ("Exclusion list", 0.05)
        steps_before = len(read_journal(running.path).events)
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#title", Input).value = "Exclude recent buyers"
        app.screen.query_one("#holdout", Input).value = "20%"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert screen is app.screen
        saved = on_disk(running).items[0]
        assert (saved.title, saved.test_plan.holdout) == ("Exclude recent buyers", 0.2)

        await pilot.press("u")
        await pilot.pause()
        undone = on_disk(running).items[0]
        assert (undone.title, undone.test_plan.holdout) == ("Exclusion list", 0.05)
        assert screen._selected().title == "Exclusion list"
        said = [str(n.message) for n in app._notifications]
        # the fields as the form names them, the item by its title as the list now reads
        # it (it said "of “Exclude recent buyers”", the title just taken back)
        assert "Undone: Title and Hold-out of “Exclusion list”" in said, said

        await pilot.press("ctrl+r")
        await pilot.pause()
        redone = on_disk(running).items[0]
        assert (redone.title, redone.test_plan.holdout) == ("Exclude recent buyers", 0.2)
        assert screen._selected().title == "Exclude recent buyers"
        said = [str(n.message) for n in app._notifications]
        assert "Redone: Title and Hold-out of “Exclude recent buyers”" in said, said

        # The next u takes back the whole save again, not half of it; the one after
        # it what came before the save (the fixture's last decision).
        await pilot.press("u")
        await pilot.pause()
        again = on_disk(running).items[0]
        assert (again.title, again.test_plan.holdout) == ("Exclusion list", 0.05)
        assert running.session.next_undo() == "rejected draw 8"
        # What the session shows is what the file gives when read back.
        assert on_disk(running) == running.session.backlog()
        assert len(read_journal(running.path).events) == steps_before + 2 + 3


@pytest.mark.parametrize(
    ("size", "bar"),
    [
        (
            (120, 40),
            " e Edit  m Move  [ Up  ] Down  w Export  u Undo  space Mark  g Merge  ^r Redo "
            " f Horizon  k Kind  c Cohort  ? Help ",
        ),
        # 80 columns: as before, the edits and mark with merge (never one without the other)
        ((80, 24), " e Edit  m Move  [ Up  ] Down  w Export  u Undo  space Mark  g Merge  ? Help "),
    ],
)
async def test_the_key_bar_offers_redo_from_120_columns(running, clock, size, bar):
    from cvo_workshop.tui.screens.help import key_rows
    from cvo_workshop.tui.widgets.key_bar import KeyBar

    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=size) as pilot:
        screen = await open_grooming(app, pilot)
        assert text_of(screen.query_one(KeyBar)) == bar
        rows = dict(key_rows(screen))
        assert rows["x"] == "Split" and rows["^r"] == "Redo"  # in the help, bar or not


async def test_move_to_another_horizon_with_a_reason(running, clock):
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_grooming(app, pilot)
        await pilot.press("m")
        await pilot.pause()
        await pilot.press("down", "down", "enter")  # Later
        await pilot.press(*"peak season", "enter")
        await pilot.pause()
        moved = next(i for i in on_disk(running).items if i.title == "Exclusion list")
        assert (moved.horizon, moved.moved_reason) == (Horizon.LATER, "peak season")
        await pilot.press("u")
        await pilot.pause()
        said = [str(n.message) for n in app._notifications]
        assert "Undone: move of “Exclusion list” to Later" in said, said


async def test_escape_on_the_move_dialog_with_a_reason_typed_asks_first(running, clock):
    """Escape dropped a typed reason without a word, where the edit form asks."""
    from cvo_workshop.tui.screens.confirm import ConfirmModal
    from cvo_workshop.tui.screens.item_edit import MoveModal

    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_grooming(app, pilot)
        before = on_disk(running)
        await pilot.press("m", "down", "enter", "escape")  # Next, nothing typed: closed at once
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("m", "down", "down", "enter", *"peak season", "escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        asked = " ".join(text_of(w) for w in app.screen.query("Static"))
        assert "Discard the reason?" in asked
        assert "Reason: not saved, and “Exclusion list” stays in Now. Enter moves it." in asked
        await pilot.press("escape")  # no: back to the dialog, the reason kept
        await pilot.pause()
        assert isinstance(app.screen, MoveModal)
        assert app.screen.query_one("#reason", Input).value == "peak season"
        await pilot.press("escape", "y")  # discard
        await pilot.pause()
        assert app.screen is screen
        assert on_disk(running) == before  # nothing moved


async def test_split_and_merge_one_recipes_draws_again(running, clock):
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_grooming(app, pilot)
        table = screen.query_one(DataTable)
        welcome = next(i for i in on_disk(running).items if i.draws == [5, 6])
        table.move_cursor(row=[i.id for i in screen.shown].index(welcome.id))
        await pilot.press("x")
        apart = [i for i in on_disk(running).items if i.card.id == "welcome-series"]
        assert len(apart) == 2 and len(on_disk(running).items) == 6
        for item in apart:
            table.move_cursor(row=[i.id for i in screen.shown].index(item.id))
            await pilot.press("space")
        await pilot.press("g")
        await pilot.pause()
        b = on_disk(running)
        assert len(b.items) == 5
        merged = next(i for i in b.items if i.draws == [5, 6])
        assert [c.id for c in merged.cohorts] == ["new", "champions"]
        assert screen._selected().id == merged.id
        await pilot.press("u")
        await pilot.pause()
        said = [str(n.message) for n in app._notifications]
        assert "Undone: merge of 2 “Welcome series” items" in said, said
        await pilot.press("u")
        await pilot.pause()
        said = [str(n.message) for n in app._notifications]
        assert "Undone: split of “Welcome series”" in said, said
        assert not any("item d" in m for m in said), said


async def test_merging_different_recipes_is_refused_and_says_why(running, clock):
    """Merging two recipes fused them: one title, score and owner vanished from every
    export. Only one card's draws (paired with several cohorts) merge."""
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_grooming(app, pilot)
        await pilot.press("down", "down", "space", "space")  # Size memory, Made to order
        await pilot.press("g")
        await pilot.pause()
        said = [str(n.message) for n in app._notifications]
        assert any(
            "only draws of the same card merge" in m
            and "“Size memory” and “Made to order” are different recipes" in m
            for m in said
        ), said
        b = on_disk(running)
        assert len(b.items) == 5
        assert {"Size memory", "Made to order"} <= {i.title for i in b.items}
        assert [e.type for e in read_journal(running.path).events].count(
            "items_merged"
        ) == 1  # the fixture's own: nothing was written


async def test_filter_by_horizon_and_revisit_the_parking_lot(running, clock):
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_grooming(app, pilot)
        await pilot.press("f")  # now
        assert screen.query_one(DataTable).row_count == 2
        await pilot.press("f", "f", "f", "f")  # next, later, blocked, all
        assert screen.query_one(DataTable).row_count == 5
        await pilot.press("l")
        await pilot.pause()
        await pilot.press("enter")  # accept the parked draw
        await pilot.pause()
        b = on_disk(running)
        assert "Price drop" in [i.title for i in b.items] and b.parked == []


async def test_export_from_the_grooming_screen_writes_the_file(running, clock, tmp_path):
    from pypdf import PdfReader

    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_grooming(app, pilot)
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, ExportModal)
        await pilot.press("enter")  # the report, beside the workshop file
        await pilot.press("enter")
        for _ in range(50):
            await pilot.pause(0.1)
            if not isinstance(app.screen, ExportModal):
                break
        out = tmp_path / "acme.backlog.pdf"
        assert any("Exclusion list" in p.extract_text() for p in PdfReader(out).pages)


async def test_export_refuses_to_write_over_the_open_workshop(running, clock):
    from textual.widgets import Input, Static

    workshop = running.path
    before = workshop.read_bytes()
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_grooming(app, pilot)
        await pilot.press("w")
        await pilot.pause()
        await pilot.press("enter")  # the report...
        app.screen.query_one("#path", Input).value = str(workshop)  # ...over the workshop
        await pilot.press("enter")
        status = app.screen.query_one("#status", Static)
        for _ in range(50):
            await pilot.pause(0.1)
            if "Not written" in str(status.render()):
                break
        assert isinstance(app.screen, ExportModal)
        assert f"{workshop}: is open in cvo-workshop" in str(status.render())
        assert workshop.read_bytes() == before


async def test_the_test_size_is_typed_in_the_form_and_shown_with_what_it_needs(running, clock):
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_grooming(app, pilot)
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#baseline_rate", Input).value = "30%"
        app.screen.query_one("#min_detectable_effect", Input).value = "20%"
        app.screen.query_one("#guardrails", Input).value = "complaints; unsubscribes"
        await pilot.press("ctrl+s")
        await pilot.pause()
        plan = on_disk(running).items[0].test_plan
        assert (plan.baseline_rate, plan.min_detectable_effect, plan.holdout) == (0.3, 0.2, 0.05)
        assert plan.guardrails == ["complaints", "unsubscribes"]
        detail = text_of(screen.query_one("#detail"))
        # the sample's cohorts carry no customer count: the orders needed, no duration
        assert f"baseline 30%, +20%, hold-out 5%: {plan.estimate.summary}" in " ".join(
            detail.split()
        )
        assert "Guardrails complaints; unsubscribes" in detail


async def test_the_smallest_hold_out_shows_as_less_than_0_1_percent_not_0(running, clock):
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_grooming(app, pilot)
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#holdout", Input).value = "0.01%"  # the smallest a form takes
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert on_disk(running).items[0].test_plan.holdout == 0.0001
        detail = " ".join(text_of(screen.query_one("#detail")).split())
        assert "with a <0.1% hold-out" in detail and "0% hold-out" not in detail
        await pilot.press("e")  # the form gives it back as typed, to type over
        await pilot.pause()
        assert app.screen.query_one("#holdout", Input).value == "0.01%"


async def test_a_bad_percentage_keeps_the_form_open_and_saves_nothing(running, clock):
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_grooming(app, pilot)
        before = on_disk(running).items[0]
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#owner", Input).value = "Ben"
        app.screen.query_one("#holdout", Input).value = "half"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen.focused is app.screen.query_one("#holdout", Input)
        assert any(
            n.message.startswith("Hold-out: expected a percentage") for n in app._notifications
        )
        assert on_disk(running).items[0] == before


#: (field, typed, the warning's start): every warning the edit form gives.
FORM_WARNINGS = {
    "not a number": (
        "holdout",
        "half",
        "Hold-out: expected a percentage above 0% and up to 50%, e.g. 5%; got 'half'",
    ),
    "hold-out too big": (
        "holdout",
        "60%",
        "Hold-out: expected a percentage above 0% and up to 50%",
    ),
    "baseline of 100%": (
        "baseline_rate",
        "100%",
        "Baseline: expected a percentage above 0% and up to 99.9%",
    ),
    "no effect": (
        "min_detectable_effect",
        "0",
        "Minimum detectable effect: expected a percentage above 0%",
    ),
    "lift of -100%": (
        "measured_lift",
        "-100%",
        "Measured lift: expected a percentage above -100% and up to 1000%",
    ),
    "a lift with two signs": (
        "measured_lift",
        "+-3%",
        "Measured lift: expected a percentage with one sign, e.g. -3% or +12%; got '+-3%'",
    ),
    "a lift with a thousands comma": (
        "measured_lift",
        "1,000%",
        "Measured lift: '1,000%' could be 1000% or 1% (a comma separates thousands in some "
        "places and decimals in others): type 1000% or 1%",
    ),
    "a hold-out with an underscore": (
        "holdout",
        "1_0",
        "Hold-out: expected a percentage in digits, without '_', e.g. 10%; got '1_0'",
    ),
    "no outcome": ("outcome", "maybe", "Result: expected won, lost or inconclusive; got 'maybe'"),
    "51 guardrails": (
        "guardrails",
        "; ".join(f"g{n}" for n in range(51)),
        "Guardrails: at most 50, separated by ';'; got 51",
    ),
    "a long guardrail": (
        "guardrails",
        "returns; " + "x" * 301,
        "Guardrails: each at most 300 characters",
    ),
    "a long title": ("title", "x" * 4001, "Title: at most 4000 characters; got 4001"),
    "a title longer than a card's": ("title", "x" * 301, "Title: at most 300 characters; got 301"),
    "a title of two lines": (
        "title",
        "Nudge\u2028again",
        "Title: must be one line; got a line break (U+2028)",
    ),
}


@pytest.mark.parametrize(
    ("field", "typed", "warning"), list(FORM_WARNINGS.values()), ids=list(FORM_WARNINGS)
)
async def test_every_warning_of_the_form_names_the_field_as_the_form_labels_it(
    running, clock, field, typed, warning
):
    """It said "holdout: expected ...", "baseline_rate: ...", "outcome: ...": the
    names in the file, not the ones on the form."""
    from cvo_workshop.model.grooming import FIELD_NAMES

    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_grooming(app, pilot)
        before = on_disk(running).items[0]
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one(f"#{field}", Input).value = typed
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen.focused is app.screen.query_one(f"#{field}", Input)
        said = [n.message for n in app._notifications]
        assert len(said) == 1 and said[0].startswith(warning), said
        assert said[0].startswith(f"{FIELD_NAMES[field]}: ")
        assert on_disk(running).items[0] == before


async def test_a_tests_result_is_typed_in_the_form_and_shown_in_the_detail(running, clock):
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_grooming(app, pilot)
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#outcome", Input).value = "Won"
        app.screen.query_one("#measured_lift", Input).value = "+12%"
        app.screen.query_one("#learning", Input).value = "buyers noticed"
        await pilot.press("ctrl+s")
        await pilot.pause()
        result = on_disk(running).items[0].test_plan.result
        assert (result.outcome.value, result.measured_lift) == ("won", 0.12)
        detail = " ".join(text_of(screen.query_one("#detail")).split())
        assert "Result Won, +12% measured; learned: buyers noticed" in detail


async def test_a_tiny_measured_lift_reads_less_than_0_1_percent_not_0(running, clock):
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_grooming(app, pilot)
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#outcome", Input).value = "Inconclusive"
        app.screen.query_one("#measured_lift", Input).value = "+0.01%"
        await pilot.press("ctrl+s")
        await pilot.pause()
        detail = " ".join(text_of(screen.query_one("#detail")).split())
        assert "Result Inconclusive, +<0.1% measured" in detail
        assert "+0% measured" not in detail
        await pilot.press("e")
        await pilot.pause()
        assert app.screen.query_one("#measured_lift", Input).value == "+0.01%"  # as typed


async def test_a_measured_lift_of_0_reads_0_percent_with_no_sign(running, clock):
    """It read "+0% measured", a gain of nothing."""
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_grooming(app, pilot)
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#outcome", Input).value = "Inconclusive"
        app.screen.query_one("#measured_lift", Input).value = "0"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert on_disk(running).items[0].test_plan.result.measured_lift == 0
        detail = " ".join(text_of(screen.query_one("#detail")).split())
        assert "Result Inconclusive, 0% measured" in detail
        assert "+0%" not in detail


@pytest.mark.parametrize(
    ("typed", "shown"),
    [("-0%", "0%"), ("+0%", "0%"), ("0.05%", "+0.05%"), ("12", "+12%"), ("0.0004%", "+0.0004%")],
)
async def test_the_form_gives_a_lift_back_as_the_csv_writes_it(running, clock, typed, shown):
    """The form and the CSV write a lift one way, a text that reads back as the
    same value: the form gave "-0%" back as "+0%" (the CSV too), and "0.0004%" as
    "+0%", another value than the one held."""
    from cvo_workshop.export.backlog_files import read_csv, to_csv, to_json
    from cvo_workshop.model.grooming import parse_percent

    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_grooming(app, pilot)
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#outcome", Input).value = "Inconclusive"
        app.screen.query_one("#measured_lift", Input).value = typed
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert app.screen.query_one("#measured_lift", Input).value == shown
        backlog = on_disk(running)
        item = backlog.items[0]
        assert item.test_plan.result.measured_lift == parse_percent(typed)
        row = next(r for r in read_csv(to_csv(backlog)) if r["Item"] == item.id)
        assert row["Measured lift"] == shown
        # no change is 0 in the JSON too, not -0.0
        assert '"measured_lift": -0.0' not in to_json(backlog)


async def test_a_later_workshop_of_the_organization_shows_what_its_cards_tests_found(
    tmp_path, clock
):
    from cvo_workshop.model.grooming import ItemEdited
    from cvo_workshop.store.workshops import remember

    earlier = sample()
    earlier.add(ItemEdited(at=earlier.at(), item="d1", field="outcome", value="won"))
    earlier.add(ItemEdited(at=earlier.at(), item="d1", field="measured_lift", value="+9%"))
    from cvo_workshop.model.card import Effort, Kind
    from cvo_workshop.model.workshop import Framework
    from tests.backlog_fixtures import Play, card, setup

    other_org = Play(setup(Framework.RICE).model_copy(update={"organization": "Someone Else"}))
    other_org.draw(card("exclusion-list", kind=Kind.AUTOMATION, effort=Effort.LOW), "everyone")
    other_org.add(ItemEdited(at=other_org.at(), item="d1", field="outcome", value="lost"))
    for name, play in (("earlier", earlier), ("other", other_org)):
        play.save(tmp_path / f"{name}.workshop.jsonl")
        remember(tmp_path / f"{name}.workshop.jsonl")
    path = tmp_path / "now.workshop.jsonl"
    sample().save(path)
    running = service.resume(path, clock=clock)
    try:
        app = WorkshopApp.for_running(running, clock=clock)
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await open_grooming(app, pilot)
            await app.workers.wait_for_complete()  # earlier workshops are read off-thread
            await pilot.pause()
            assert screen._selected().card.id == "exclusion-list"
            detail = " ".join(text_of(screen.query_one("#detail")).split())
            assert "Tested before Won, +9% measured (20 Nov 2026, earlier.workshop.jsonl)" in detail
            assert "Lost" not in detail  # another organization's test
    finally:
        running.close()


async def test_one_item_is_one_item_in_the_headline(tmp_path, clock):
    from tests.backlog_fixtures import many

    path = tmp_path / "one.workshop.jsonl"
    many(1).save(path)
    one = service.resume(path, clock=clock)
    try:
        app = WorkshopApp.for_running(one, clock=clock)
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await open_grooming(app, pilot)
            headline = text_of(screen.query_one("#headline"))
            assert "1 item: 1 now" in headline and "1 items" not in headline
    finally:
        one.close()


@pytest.mark.parametrize("width", [80, 120])
async def test_an_item_moved_by_hand_reads_whole_with_its_owner_in_view(running, clock, width):
    item = running.session.backlog().items[0]
    running.run(running.session.move_item, item.id, Horizon.LATER, "peak season")
    running.run(running.session.edit_item, item.id, "owner", "Ana Lopes")
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(width, 30)) as pilot:
        screen = await open_grooming(app, pilot)
        table = screen.query_one(DataTable)
        row = [i.id for i in screen.shown].index(item.id)
        line = "".join(s.text for s in table.render_line(row + 1))  # under the header
        assert "Later ✎" in line and "Ana Lopes" in line
        assert "✎ placed by hand" in text_of(screen.query_one("#headline"))
        table.move_cursor(row=row)
        await pilot.pause()
        assert "Later (by hand)" in text_of(screen.query_one("#detail"))


@pytest.mark.parametrize(
    ("field", "name"),
    [
        ("baseline_rate", "Baseline"),
        ("holdout", "Hold-out"),
        ("min_detectable_effect", "Minimum detectable effect"),
    ],
)
async def test_a_rate_too_small_to_size_a_test_is_refused_in_the_form(running, clock, field, name):
    """1e-300% is a number, but no test size can be worked out from it."""
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_grooming(app, pilot)
        before = on_disk(running).items[0]
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one(f"#{field}", Input).value = "1e-300%"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.is_running
        assert app.screen.focused is app.screen.query_one(f"#{field}", Input)
        assert any(
            n.message.startswith(f"{name}: expected a percentage of at least 0.01%")
            for n in app._notifications
        )
        assert on_disk(running).items[0] == before


async def test_the_help_says_ctrl_r_redoes_where_it_says_u_undoes(running, clock):
    """The help said "Every edit is saved at once and u undoes it": no word of redo."""
    from cvo_workshop.tui.screens.help import HelpModal

    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_grooming(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpModal)
        help_text = " ".join(text_of(app.screen.query_one("#help-text")).split())
        assert "u undoes it (a save of the form is one step) and ctrl+r redoes what was undone" in (
            help_text
        )
