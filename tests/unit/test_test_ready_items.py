"""Test-ready backlog items: the card's hypothesis, KPI and guardrails prefilled, the
test's size typed in grooming, its duration from the cohorts' real sizes."""

from __future__ import annotations

import pytest

from cvo_workshop.engine.backlog import build
from cvo_workshop.engine.power import need
from cvo_workshop.engine.session import Session, SessionError
from cvo_workshop.model.card import CohortCard
from cvo_workshop.model.grooming import ItemEdited, ItemsMerged
from tests.backlog_fixtures import Play, card, setup


def measured(id: str, customers: int | None, orders_per_year: float | None) -> CohortCard:
    return CohortCard(
        id=id,
        name=id.title(),
        definition=f"The {id} customers.",
        customers=customers,
        orders_per_year=orders_per_year,
    )


COHORTS = [
    measured("champions", 26_000, 6),
    measured("loyal", 26_000, 2),
    measured("tiny", 800, 3),
    measured("empty", 0, 3),
]


def recipe(**fields):
    return card("size-memory").model_copy(update=fields)


def item_of(p: Play, n: int = 0):
    return build(p.state).items[n]


def played(c=None, cohort="champions") -> Play:
    p = Play(setup(cohorts=COHORTS))
    p.draw(c or recipe(), cohort)
    return p


def test_the_cards_hypothesis_primary_kpi_and_guardrails_are_prefilled():
    c = recipe(
        hypothesis="Because buyers re-enter sizes, we expect saved sizes to lift repeat orders",
        kpis=["conversion rate", "repeat purchase rate"],
        primary_kpi="repeat purchase rate",
        guardrails=["return rate", "unsubscribe rate"],
    )
    item = item_of(played(c))
    assert item.kpi == "repeat purchase rate"
    assert item.test_plan.hypothesis.startswith("Because buyers re-enter sizes")
    assert item.test_plan.guardrails == ["return rate", "unsubscribe rate"]


def test_without_a_primary_kpi_the_cards_first_kpi_is_the_items():
    item = item_of(played(recipe(kpis=["conversion rate", "repeat purchase rate"])))
    assert item.kpi == "conversion rate"


def test_a_new_plan_holds_out_5_percent_to_detect_a_10_percent_lift():
    plan = item_of(played()).test_plan
    assert (plan.holdout, plan.min_detectable_effect, plan.baseline_rate) == (0.05, 0.1, None)
    assert plan.estimate is None


def test_typed_sizes_and_guardrails_replace_the_defaults():
    p = played(recipe(guardrails=["return rate"]))
    for field, value in (
        ("baseline_rate", "30%"),
        ("min_detectable_effect", "+20"),
        ("holdout", "10 %"),
        ("guardrails", "complaints; unsubscribe rate"),
        ("hypothesis", "Because we saw X, we expect Y will move Z"),
    ):
        p.add(ItemEdited(at=p.at(), item="d1", field=field, value=value))
    plan = item_of(p).test_plan
    assert (plan.baseline_rate, plan.min_detectable_effect, plan.holdout) == (0.3, 0.2, 0.1)
    assert plan.guardrails == ["complaints", "unsubscribe rate"]
    assert plan.hypothesis == "Because we saw X, we expect Y will move Z"


def test_the_duration_comes_from_the_cohorts_customers_and_purchase_frequency():
    p = played()
    p.add(ItemEdited(at=p.at(), item="d1", field="baseline_rate", value="30%"))
    estimate = item_of(p).test_plan.estimate
    weekly = 26_000 * 6 / 52
    assert estimate is not None and estimate.customers == 26_000
    assert estimate.weeks == pytest.approx(need(0.3, 0.1, 0.05).total / weekly)
    assert estimate.summary.endswith("weeks at +10%")


def test_a_merged_item_tests_on_all_its_cohorts_orders():
    p = Play(setup(cohorts=COHORTS))
    p.draw(recipe(), "champions")
    p.draw(recipe(), "loyal")
    p.add(ItemsMerged(at=p.at(), items=["d1", "d2"]))
    p.add(ItemEdited(at=p.at(), item="d1", field="baseline_rate", value="30%"))
    estimate = item_of(p).test_plan.estimate
    assert estimate is not None
    assert (estimate.customers, estimate.orders_per_year) == (52_000, pytest.approx(4.0))


def test_a_tiny_cohort_is_called_too_small():
    p = played(cohort="tiny")
    p.add(ItemEdited(at=p.at(), item="d1", field="baseline_rate", value="20%"))
    summary = item_of(p).test_plan.estimate.summary
    assert summary.startswith("too small: even all 800 customers for a year (2,400 orders)")


def test_a_cohort_without_customers_has_no_orders_to_test_on():
    p = played(cohort="empty")
    p.add(ItemEdited(at=p.at(), item="d1", field="baseline_rate", value="20%"))
    summary = item_of(p).test_plan.estimate.summary
    assert summary.startswith("too small: the cohort has no orders to test on")


def test_a_percentage_that_is_not_one_is_refused_with_the_field_and_the_value():
    p = played()
    session = Session(p.state.setup, None, p.events)
    # Named as the grooming form names the field (model/grooming.FIELD_NAMES)
    with pytest.raises(SessionError, match=r"^Hold-out: .*up to 50%.*'60%'"):
        session.edit_item("d1", "holdout", "60%")
    with pytest.raises(SessionError, match=r"^Baseline: .*'lots'"):
        session.edit_item("d1", "baseline_rate", "lots")


def test_a_bad_value_in_a_file_is_named_by_the_fields_key_as_the_file_writes_it():
    with pytest.raises(ValueError, match=r"holdout: .*up to 50%.*'60%'"):
        ItemEdited(at=played().at(), item="d1", field="holdout", value="60%")


def test_clearing_a_size_goes_back_to_the_default():
    p = played()
    p.add(ItemEdited(at=p.at(), item="d1", field="holdout", value="20%"))
    p.add(ItemEdited(at=p.at(), item="d1", field="holdout", value=""))
    assert item_of(p).test_plan.holdout == 0.05


def test_the_json_schema_carries_the_test_plans_new_fields():
    from cvo_workshop.export.backlog_files import json_schema

    plan = json_schema()["$defs"]["TestPlan"]["properties"]
    assert {"hypothesis", "guardrails", "holdout", "baseline_rate", "min_detectable_effect"} <= set(
        plan
    )
    assert "summary" in json_schema()["$defs"]["TestEstimate"]["properties"]


def test_a_guardrail_too_long_for_a_line_is_refused_before_it_is_saved():
    p = played()
    session = Session(p.state.setup, None, p.events)
    with pytest.raises(SessionError, match="Guardrails: each at most 300 characters"):
        session.edit_item("d1", "guardrails", "returns; " + "x" * 301)
    assert item_of(p).test_plan.guardrails == []


def test_guardrails_typed_on_lines_of_any_kind_are_separate_guardrails():
    p = played()
    p.add(
        ItemEdited(at=p.at(), item="d1", field="guardrails", value="returns\u2028complaints\nNPS")
    )
    assert item_of(p).test_plan.guardrails == ["returns", "complaints", "NPS"]
