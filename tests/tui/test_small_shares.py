"""On screen, a cohort's share too small for its one decimal (that of the reach it
gives) is "<0.1%", never "0%"."""

from __future__ import annotations

from cvo_workshop.tui.app import WorkshopApp
from tests import workshop_fixtures as W
from tests.tui.conftest import text_of


def _tiny(cohorts):
    """The first cohort made 3 in 10,000 customers and 4 in 10,000 of revenue."""
    first = cohorts[0].model_copy(update={"share": 0.0003, "revenue_share": 0.0004})
    return [first, *cohorts[1:]]


async def test_the_cohort_on_the_table_says_less_than_0_1_percent(start, clock):
    running = start(cohorts=_tiny(W.deck().cohorts[:4]))
    s = running.session
    while s.current.cohort != s.setup.cohorts[0].id:  # deal until the tiny cohort is up
        running.run(s.decide, "skipped")
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        shown = text_of(app.screen.query_one("#cohort"))
        assert "<0.1% of customers · <0.1% of revenue" in shown
        assert " 0% of" not in shown


async def test_the_setup_screen_offers_a_tiny_cohort_as_less_than_0_1_percent(tmp_path, cli):
    from textual.widgets import Input, SelectionList

    from cvo_workshop.tui.screens.setup import SetupScreen
    from tests.conftest import DATA

    made = tmp_path / "c.yaml"
    assert cli("cohorts", "rfm", DATA / "rfm" / "shopify.csv", "-o", made).exit_code == 0
    text = made.read_text(encoding="utf-8")
    empty = "  share: 0.0\n  revenue_share: 0.0\n"
    (tmp_path / "tiny.yaml").write_text(
        text.replace(empty, "  share: 0.0003\n  revenue_share: 0.0004\n", 1), encoding="utf-8"
    )
    app = WorkshopApp.home()
    async with app.run_test(size=(100, 60)) as pilot:
        app.push_screen(SetupScreen())
        await pilot.pause()
        box = app.screen.query_one("#cohorts-file", Input)
        box.value = str(tmp_path / "tiny.yaml")
        box.focus()
        await pilot.press("enter")
        await pilot.pause()
        options = app.screen.query_one("#cohorts", SelectionList)
        labels = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        champions = next(label for label in labels if label.startswith("Champions"))
        assert "<0.1% of customers · <0.1% of revenue" in champions
        loyal = next(label for label in labels if label.startswith("Loyal"))
        assert "0% of customers · 0% of revenue" in loyal  # empty: exactly nobody


def test_the_cohort_card_of_one_new_customer_with_a_tiny_revenue_share():
    """One buyer with one order of 1.00 in 6,232,655 of revenue (as `cohorts rfm`
    now stores it): '1 customer' and '<0.1% of revenue', never '1 customers' or '0%'."""
    from cvo_workshop.model.card import CohortCard
    from cvo_workshop.tui.widgets.card_view import cohort_content

    card = CohortCard(
        id="new-customers",
        name="New Customers",
        definition="R 5, F 1",
        customers=1,
        share=0.0002,
        revenue_share=1.60445e-07,
    )
    shown = cohort_content(card).plain
    assert "1 customer · <0.1% of customers · <0.1% of revenue" in shown
    assert "1 customers" not in shown and " 0% of" not in shown
    many = cohort_content(card.model_copy(update={"customers": 2300})).plain
    assert "2,300 customers ·" in many
