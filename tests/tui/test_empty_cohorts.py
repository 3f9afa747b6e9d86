"""The setup screen and cohorts with no customers: never ticked by default, named as
having none, and a warning when the workshop starts with one."""

from __future__ import annotations

from textual.widgets import Input, SelectionList

from cvo_workshop.tui.app import WorkshopApp
from cvo_workshop.tui.screens.draw import DrawScreen
from cvo_workshop.tui.screens.setup import SetupScreen
from tests.conftest import DATA


async def _load(pilot, app, path):
    app.push_screen(SetupScreen())
    await pilot.pause()
    box = app.screen.query_one("#cohorts-file", Input)
    box.value = str(path)
    box.focus()
    await pilot.press("enter")
    await pilot.pause()
    return app.screen


async def test_starting_with_an_empty_cohort_warns_that_it_has_no_customers(cli, tmp_path, clock):
    made = tmp_path / "small.yaml"
    assert cli("cohorts", "rfm", DATA / "rfm" / "two-segments.csv", "-o", made).exit_code == 0
    out = tmp_path / "w.jsonl"
    app = WorkshopApp.home(clock=clock)
    async with app.run_test(size=(100, 60)) as pilot:
        screen = await _load(pilot, app, made)
        options = screen.query_one("#cohorts", SelectionList)
        assert sorted(map(str, options.selected)) == ["hibernating", "need-attention"]
        labels = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        promising = next(label for label in labels if label.startswith("Promising"))
        assert "no customers" in promising
        options.deselect_all()
        for cid in ("new-customers", "promising", "need-attention"):
            options.select(cid)
        screen.query_one("#organization", Input).value = "Acme"
        screen.query_one("#output", Input).value = str(out)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, DrawScreen)
        said = [str(n.message) for n in app._notifications if "no customers" in str(n.message)]
        assert said == [
            "New Customers (new-customers) has no customers in the cohort file:"
            " its RICE reach is 0, so no item for it will be recommended",
            "Promising (promising) has no customers in the cohort file:"
            " its RICE reach is 0, so no item for it will be recommended",
        ]
