"""Workshop setup: the defaults, and the rules both doors (`workshop new` and the
setup screen) use through build_setup."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from cvo_workshop.engine.setup import (
    NOT_ASSESSED,
    SetupProblem,
    SetupRequest,
    build_setup,
    default_cohorts,
    empty_cohort_warnings,
    parse_participants,
)
from cvo_workshop.engine.summary import duration
from cvo_workshop.model.card import Capability, CohortCard, Kind
from cvo_workshop.model.workshop import Framework, Participant, WorkshopSetup
from cvo_workshop.store.workshops import deck_ref
from tests import workshop_fixtures as W


def build(available=None, **fields):
    """build_setup on the test deck, for a request of `fields` (organization: Acme)."""
    fields.setdefault("organization", "Acme")
    return build_setup(
        SetupRequest(**fields),
        deck=deck_ref(W.deck(), W.DECK_PATH),
        available=W.deck().cohorts if available is None else available,
        created=W.T0,
    )


def built(**fields) -> WorkshopSetup:
    setup = build(**fields)
    assert isinstance(setup, WorkshopSetup), setup
    return setup


def test_participants_with_and_without_roles():
    assert parse_participants("Ana (CRM), Ben (Data, BI); Cy\nDee ()") == [
        Participant(name="Ana", role="CRM"),
        Participant(name="Ben", role="Data, BI"),
        Participant(name="Cy"),
        Participant(name="Dee"),
    ]
    assert parse_participants("  ") == []


def test_participants_with_a_colon_read_as_with_parentheses():
    assert parse_participants("Ana:CRM, Ben: Data; Cy:") == parse_participants(
        "Ana (CRM), Ben (Data), Cy"
    )


def test_a_role_written_after_a_colon_may_hold_parentheses():
    assert parse_participants("Zoë:Head of CRM (EMEA), Ana (CRM: EMEA)") == [
        Participant(name="Zoë", role="Head of CRM (EMEA)"),
        Participant(name="Ana", role="CRM: EMEA"),
    ]


def test_the_same_name_twice_is_refused():
    with pytest.raises(ValidationError, match="same name"):
        W.setup(participants=parse_participants("Ana, ana"))


def test_default_cohorts_are_the_most_valuable():
    chosen = default_cohorts(W.deck().cohorts)
    assert [c.id for c in chosen] == ["champions", "loyal", "at-risk", "hibernating"]


def _two_of_four_measured():
    champions, loyal, at_risk, hibernating, *_ = W.deck().cohorts
    return [
        champions.model_copy(update={"customers": 0, "share": 0.0, "revenue_share": 0.0}),
        loyal.model_copy(update={"customers": 40, "share": 0.4, "revenue_share": 0.3}),
        at_risk.model_copy(update={"customers": 60, "share": 0.6, "revenue_share": 0.7}),
        hibernating.model_copy(update={"customers": 0, "share": 0.0, "revenue_share": 0.0}),
    ]


def test_the_default_never_picks_an_empty_segment():
    _, loyal, at_risk, _ = _two_of_four_measured()
    # A small shop with two segments that hold customers gets those two, not empty ones.
    assert [c.id for c in default_cohorts(_two_of_four_measured(), 3)] == [at_risk.id, loyal.id]


def test_a_small_shop_may_choose_its_two_segments_with_customers():
    measured = _two_of_four_measured()
    built = build(measured, cohorts=["loyal", "at-risk"])
    assert not isinstance(built, list), built
    assert [c.id for c in built.cohorts] == ["loyal", "at-risk"]


def test_no_default_when_every_segment_is_empty():
    empty = [c.model_copy(update={"customers": 0, "share": 0.0}) for c in W.deck().cohorts]
    built = build(empty)
    assert isinstance(built, list)
    assert [(p.field, p.message) for p in built] == [
        ("cohorts", "no cohort has any customers; choose the focus cohorts by hand")
    ]


def test_a_chosen_empty_cohort_is_warned_about():
    champions, loyal, *_ = _two_of_four_measured()
    assert empty_cohort_warnings([champions, loyal]) == [
        f"{champions.name} (champions) has no customers in the cohort file: its RICE reach"
        " is 0, so no item for it will be recommended"
    ]


def test_goals_default_and_limit():
    assert W.setup(goals=[]).goals == ["Raise customer lifetime value"]
    with pytest.raises(ValidationError):
        W.setup(goals=["a", "b", "c", "d"])


@pytest.mark.parametrize(("seconds", "shown"), [(0, "0:00"), (65.4, "1:05"), (3725, "1:02:05")])
def test_durations_read_like_a_clock(seconds, shown):
    assert duration(seconds) == shown


# --- build_setup: one behaviour a test ------------------------------------------


def test_a_request_with_only_the_organization_takes_the_defaults():
    setup = built(seed="7")
    assert setup.organization == "Acme" and setup.facilitator is None
    assert [c.id for c in setup.cohorts] == ["champions", "loyal", "at-risk", "hibernating"]
    assert setup.goals == ["Raise customer lifetime value"]
    assert setup.framework == Framework.ICE
    assert [(r.kind, r.cards) for r in setup.rounds] == [(k, 10) for k in Kind]
    assert (setup.draw_seconds, setup.round_seconds) == (240, 2400)
    assert setup.seed == 7 and setup.maturity is None


def test_blank_fields_take_the_defaults_as_missing_ones_do():
    blank = built(cards_per_round=" ", draw_minutes="", round_minutes="", seed="7", goals=[" "])
    assert blank.model_dump(exclude={"id"}) == built(seed="7").model_dump(exclude={"id"})


def test_the_organization_is_required():
    assert build(organization="  ") == [
        SetupProblem("organization", "who is the workshop for? (required)")
    ]


def test_fewer_than_three_focus_cohorts_are_refused_with_the_range():
    assert build(cohorts=["champions"]) == [
        SetupProblem("cohorts", "choose 3 to 6 focus cohorts (1 chosen)")
    ]


def test_more_than_six_focus_cohorts_are_refused():
    extra = CohortCard(id="extra", name="Extra", definition="d")
    available = [*W.deck().cohorts, extra]
    problems = build(available, cohorts=[c.id for c in available])
    assert problems == [SetupProblem("cohorts", "choose 3 to 6 focus cohorts (7 chosen)")]


def test_a_cohort_file_with_two_segments_may_focus_on_both():
    two = W.deck().cohorts[:2]
    assert [c.id for c in built(available=two, cohorts=["champions", "loyal"]).cohorts] == [
        "champions",
        "loyal",
    ]
    assert build(two, cohorts=["loyal"]) == [
        SetupProblem("cohorts", "choose 2 to 6 focus cohorts (1 chosen)")
    ]


def test_an_unknown_cohort_suggests_the_closest():
    problems = build(cohorts=["champion", "loyal", "at-risk"])
    assert problems == [SetupProblem("cohorts", "no cohort 'champion' (did you mean 'champions'?)")]


def test_nothing_to_choose_from_is_a_problem_not_an_empty_workshop():
    assert build([]) == [
        SetupProblem("cohorts", "there are no cohorts to choose from (no cohort cards)")
    ]


def test_the_chosen_cohorts_come_in_the_order_offered_not_the_order_chosen():
    chosen = built(cohorts=["browsers", "champions", "new-customers"]).cohorts
    assert [c.id for c in chosen] == ["champions", "new-customers", "browsers"]


def test_more_than_three_goals_are_refused():
    assert build(goals=["a", "b", "c", "d"]) == [SetupProblem("goals", "one to 3 goals (4 given)")]


def test_fractional_minutes_are_seconds():
    setup = built(draw_minutes="0.5", round_minutes="1.5")
    assert (setup.draw_seconds, setup.round_seconds) == (30, 90)


def test_zero_minutes_is_no_time_box():
    setup = built(draw_minutes="0", round_minutes=0)
    assert (setup.draw_seconds, setup.round_seconds) == (None, None)


def test_a_round_shorter_than_a_minute_is_refused_not_stretched():
    assert build(round_minutes="0.5") == [
        SetupProblem(
            "round_minutes", "expected 0 (no time-box) or 1 minute to 1440 minutes, got '0.5'"
        )
    ]


@pytest.mark.parametrize("typed", ["0.1", "-1", "nan", "inf", "four", "601", "1e308", "-1e308"])
def test_draw_minutes_outside_the_range_are_refused(typed):
    assert build(draw_minutes=typed) == [
        SetupProblem(
            "draw_minutes",
            f"expected 0 (no time-box) or 10 seconds to 600 minutes, got {typed!r}",
        )
    ]


@pytest.mark.parametrize("typed", ["0", "201", "2.5", "ten"])
def test_cards_a_round_are_a_whole_number_from_1_to_200(typed):
    assert build(cards_per_round=typed) == [
        SetupProblem("cards_per_round", f"expected a whole number from 1 to 200, got {typed!r}")
    ]


def test_the_mixed_plan_is_one_round_of_any_kind():
    assert [(r.kind, r.cards) for r in built(plan="mixed", cards_per_round="12").rounds] == [
        (None, 12)
    ]


def test_an_unknown_plan_is_refused():
    assert build(plan="random") == [
        SetupProblem("plan", "expected progressive or mixed, got 'random'")
    ]


def test_a_seed_must_be_a_whole_number():
    assert build(seed="-3") == [
        SetupProblem("seed", "expected a whole number from 0 to 2147483647, got '-3'")
    ]


def test_participants_come_from_several_texts_in_either_syntax():
    setup = built(participants=["Ana:CRM", "Ben (Data), Cy"])
    assert setup.participants == parse_participants("Ana (CRM), Ben (Data), Cy")


def test_a_participant_without_a_name_is_refused_by_what_was_typed():
    assert build(participants=["Ana, (CRM)"]) == [
        SetupProblem("participants", "'(CRM)': name: must not be empty")
    ]


def test_two_participants_of_the_same_name_are_refused():
    assert build(participants=["Ana:CRM", "ana"]) == [
        SetupProblem("participants", "two participants have the same name")
    ]


def test_text_the_workshop_file_refuses_is_named_by_the_field():
    assert build(organization="Acme\nEvil") == [
        SetupProblem("organization", "must be one line (no line breaks)")
    ]
    assert build(goals=["ok", "two\nlines"]) == [
        SetupProblem("goals", "item 2: must be one line (no line breaks)")
    ]


def test_every_problem_is_listed_at_once():
    problems = build(organization="", cohorts=["loyal"], cards_per_round="0", framework="x")
    fields = ["organization", "cohorts", "framework", "cards_per_round"]
    assert [p.field for p in problems] == fields


def test_the_maturity_is_the_attached_assessments_unless_said():
    from cvo_workshop.service.assessments import load_assessment
    from tests.conftest import DATA

    attached, _ = load_assessment(DATA / "assess" / "ana.yaml")
    assert attached.overall is not None
    assert built(assessment=attached).maturity is attached.overall
    said = "personalized_business"
    assert built(assessment=attached, maturity=said).maturity is Capability.PERSONALIZED_BUSINESS
    assert built(assessment=attached, maturity=NOT_ASSESSED).maturity is None
    assert built(assessment=attached).assessment == attached


def test_an_unknown_framework_or_level_is_refused_with_the_choices():
    assert build(framework="moscow", maturity="expert") == [
        SetupProblem("framework", "expected ice, pie or rice, got 'moscow'"),
        SetupProblem(
            "maturity",
            "expected incidental, disciplined, cross_lifecycle, personalized_business or none, "
            "got 'expert'",
        ),
    ]


def test_two_participants_whose_names_differ_only_by_invisible_characters_are_refused():
    assert build(participants=["Ana:CRM", "A\u200bna", "ＡＮＡ"]) == [
        SetupProblem("participants", "two participants have the same name")
    ]


def test_a_participants_name_keeps_no_invisible_characters():
    assert [p.name for p in built(participants=["\ufeffAna\u200b (CRM)"]).participants] == ["Ana"]
