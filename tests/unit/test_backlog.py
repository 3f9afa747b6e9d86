"""The backlog rules, one worked example each (engine/backlog.py)."""

from __future__ import annotations

import pytest

from cvo_workshop.engine.backlog import build, gate
from cvo_workshop.model.card import Capability, Effort, Kind
from cvo_workshop.model.grooming import (
    BacklogOrdered,
    Horizon,
    ItemEdited,
    ItemMoved,
    ItemsMerged,
    ItemSplit,
    ReachBasis,
    ReachBasisSet,
)
from cvo_workshop.model.workshop import Decision, Framework, Undone
from tests.backlog_fixtures import Play, card, setup

C = Capability


def titles(backlog, horizon=None):
    return [i.title for i in backlog.items if horizon is None or i.horizon is horizon]


# --- frameworks -------------------------------------------------------------


def test_ice_is_the_average_of_the_three_factors():
    p = Play(setup(Framework.ICE))
    p.draw(card("a"), impact=7, confidence=5, ease=8)
    item = build(p.state).items[0]
    assert item.score == pytest.approx(6.67)
    assert item.breakdown.text == "ICE 6.67 = (7 + 5 + 8) / 3 (average)"
    assert item.breakdown.factors["impact"].value == 7


def test_pie_is_the_average_of_potential_importance_ease():
    p = Play(setup(Framework.PIE))
    p.draw(card("a"), potential=9, importance=6, ease=3)
    assert build(p.state).items[0].score == 6


def test_rice_reach_is_the_cohorts_share_of_customers():
    # 10% reach x impact 2 x 80% confidence / 2 person-months = 8
    p = Play(setup(Framework.RICE))
    p.draw(card("a"), "champions", impact=2, confidence=80, effort=2)
    item = build(p.state).items[0]
    assert item.reach == 10
    assert item.score == 8
    assert item.breakdown.factors["reach"].source == "cohort share"


def test_value_weighted_reach_uses_the_revenue_share():
    # champions: 10% of customers but 40% of revenue -> 40 x 2 x 0.8 / 2 = 32
    p = Play(setup(Framework.RICE))
    p.draw(card("a"), "champions", impact=2, confidence=80, effort=2)
    p.add(ReachBasisSet(at=p.at(), basis=ReachBasis.REVENUE))
    backlog = build(p.state)
    assert backlog.reach_basis is ReachBasis.REVENUE
    assert backlog.items[0].score == 32
    assert backlog.items[0].breakdown.factors["reach"].source == "revenue share"


def test_one_percent_for_everyone_equals_ten_percent_for_a_tenth():
    # ARCHITECTURE.md, Domain, Reach: equal when the cohorts are worth the same per customer.
    p = Play(setup(Framework.RICE))
    p.draw(
        card("small-lift-for-all", title="Small lift"),
        "everyone",
        impact=0.25,
        confidence=100,
        effort=1,
    )
    p.draw(
        card("big-lift-for-few", title="Big lift"), "champions", impact=3, confidence=100, effort=1
    )
    scores = {i.title: i.score for i in build(p.state).items}
    assert scores == {"Small lift": 25, "Big lift": 30}


def test_an_unscored_item_says_what_is_missing_and_ranks_last():
    p = Play(setup(Framework.ICE))
    p.draw(card("unscored"))
    p.draw(card("scored"), impact=2, confidence=2, ease=2)
    backlog = build(p.state)
    assert titles(backlog) == ["Scored", "Unscored"]
    assert backlog.items[1].score is None
    assert backlog.items[1].breakdown.missing == ["Impact", "Confidence", "Ease"]


# --- gating -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("needs", "level", "horizon"),
    [
        (C.INCIDENTAL, C.DISCIPLINED, Horizon.NOW),  # below the level
        (C.DISCIPLINED, C.DISCIPLINED, Horizon.NOW),  # at the level
        (C.CROSS_LIFECYCLE, C.DISCIPLINED, Horizon.NEXT),  # one up
        (C.PERSONALIZED_BUSINESS, C.DISCIPLINED, Horizon.LATER),  # two up
        (C.DISCIPLINED, None, Horizon.NEXT),  # unknown level: taken as Incidental
    ],
)
def test_gate(needs, level, horizon):
    assert gate(needs, level) is horizon


def test_horizons_follow_the_organizations_level_and_say_why():
    p = Play(setup(maturity=C.DISCIPLINED))
    p.draw(card("later-one", cap=C.PERSONALIZED_BUSINESS), impact=9, confidence=9, ease=9)
    p.draw(card("next-one", cap=C.CROSS_LIFECYCLE), impact=9, confidence=9, ease=9)
    p.draw(card("now-one", cap=C.DISCIPLINED), impact=1, confidence=1, ease=1)
    backlog = build(p.state)
    assert [(i.title, i.horizon) for i in backlog.items] == [
        ("Now one", Horizon.NOW),
        ("Next one", Horizon.NEXT),
        ("Later one", Horizon.LATER),
    ]
    assert [i.rank for i in backlog.items] == [1, 2, 3]
    assert backlog.items[1].why.startswith(
        "Next: needs Cross-Life Cycle capability;"
        " the organization is at Disciplined, one level short."
    )


def test_an_assessment_sets_the_level_when_none_is_set_by_hand():
    from tests.maturity_fixtures import result

    p = Play(setup(maturity=None, assessment=result(overall=C.CROSS_LIFECYCLE)))
    p.draw(card("a", cap=C.CROSS_LIFECYCLE))
    backlog = build(p.state)
    assert backlog.maturity is C.CROSS_LIFECYCLE
    assert backlog.items[0].horizon is Horizon.NOW


def test_no_maturity_known_is_taken_as_incidental_and_said():
    p = Play(setup(maturity=None))
    p.draw(card("a", cap=C.DISCIPLINED))
    item = build(p.state).items[0]
    assert item.horizon is Horizon.NEXT
    assert "Incidental (assumed: no maturity set or assessed)" in item.why


def test_a_card_whose_requirement_is_not_in_the_backlog_is_blocked():
    p = Play(setup())
    p.draw(card("needs-consent", requires=("consent-center",)))
    item = build(p.state).items[0]
    assert item.horizon is Horizon.BLOCKED
    assert item.blocked_by == ["consent-center"]
    assert item.why == "Blocked: it requires consent-center, not in the backlog."


def test_a_requirement_accepted_later_unblocks():
    p = Play(setup())
    p.draw(card("needs-consent", requires=("consent-center",)))
    p.draw(card("consent-center"))
    assert {i.horizon for i in build(p.state).items} == {Horizon.NOW}


def test_a_rejected_requirement_does_not_count():
    p = Play(setup())
    p.draw(card("needs-consent", requires=("consent-center",)))
    p.draw(card("consent-center"), decision=Decision.REJECTED, reason="no budget")
    assert build(p.state).items[0].horizon is Horizon.BLOCKED


def test_low_hanging_fruit_leads_now_even_with_a_lower_score():
    p = Play(setup())
    p.draw(card("big-idea"), impact=10, confidence=10, ease=10)
    easy = card("exclusion-list", kind=Kind.AUTOMATION, cap=C.INCIDENTAL, effort=Effort.LOW)
    p.draw(easy, impact=1, confidence=3, ease=8)
    backlog = build(p.state)
    assert titles(backlog) == ["Exclusion list", "Big idea"]
    assert backlog.items[0].low_hanging
    assert "Low-hanging fruit: Incidental capability, low effort (ease 8 of 10)." in (
        backlog.items[0].why
    )


def test_a_card_the_deck_calls_low_effort_but_the_room_scored_hard_is_not_low_hanging():
    p = Play(setup())
    easy = card("exclusion-list", kind=Kind.AUTOMATION, cap=C.INCIDENTAL, effort=Effort.LOW)
    p.draw(easy, impact=3, confidence=3, ease=3)
    item = build(p.state).items[0]
    assert not item.low_hanging
    assert "Low-hanging" not in item.why


def test_rice_effort_of_more_than_a_person_month_is_not_low_hanging():
    p = Play(setup(Framework.RICE))
    easy = card("exclusion-list", kind=Kind.AUTOMATION, cap=C.INCIDENTAL, effort=Effort.LOW)
    quick = card("welcome", kind=Kind.AUTOMATION, cap=C.INCIDENTAL, effort=Effort.LOW)
    p.draw(easy, "everyone", impact=1, confidence=80, effort=3)
    p.draw(quick, "everyone", impact=1, confidence=80, effort=0.5)
    backlog = build(p.state)
    low = {i.title: i.low_hanging for i in backlog.items}
    assert low == {"Exclusion list": False, "Welcome": True}
    assert "low effort (0.5 person-months)" in backlog.items[0].why


def test_rice_effort_of_one_person_month_is_said_in_the_singular():
    p = Play(setup(Framework.RICE))
    quick = card("welcome", kind=Kind.AUTOMATION, cap=C.INCIDENTAL, effort=Effort.LOW)
    p.draw(quick, "everyone", impact=1, confidence=80, effort=1)
    item = build(p.state).items[0]
    assert "low effort (1 person-month)" in item.why


def test_an_unscored_card_is_low_effort_by_the_deck_s_estimate():
    p = Play(setup())
    easy = card("exclusion-list", kind=Kind.AUTOMATION, cap=C.INCIDENTAL, effort=Effort.LOW)
    p.draw(easy)
    item = build(p.state).items[0]
    assert item.low_hanging and "(the deck's estimate)" in item.why


@pytest.mark.parametrize("horizon", [Horizon.NEXT, Horizon.LATER, Horizon.BLOCKED])
def test_low_hanging_fruit_moved_out_of_now_by_hand_is_no_longer_low_hanging(horizon):
    p = Play(setup())
    easy = card("exclusion-list", kind=Kind.AUTOMATION, cap=C.INCIDENTAL, effort=Effort.LOW)
    p.draw(easy, impact=1, confidence=3, ease=8)
    assert build(p.state).items[0].low_hanging  # the premise
    p.add(ItemMoved(at=p.at(), item="d1", horizon=horizon, reason="after peak season"))
    item = build(p.state).items[0]
    assert item.horizon is horizon and not item.low_hanging


def test_a_blocked_card_that_would_be_low_hanging_fruit_is_not():
    p = Play(setup())
    easy = card("exclusion-list", kind=Kind.AUTOMATION, effort=Effort.LOW, requires=("crm",))
    p.draw(easy, impact=1, confidence=3, ease=8)
    item = build(p.state).items[0]
    assert item.horizon is Horizon.BLOCKED and not item.low_hanging


def test_parked_and_rejected_draws_are_kept_aside_with_reasons():
    p = Play(setup())
    p.draw(card("a"), decision=Decision.PARKED, reason="after the replatform")
    p.draw(card("b"), decision=Decision.REJECTED, reason="legal says no")
    p.draw(card("c"), decision=Decision.SKIPPED)
    backlog = build(p.state)
    assert backlog.items == []
    assert [(s.title, s.reason) for s in backlog.parked] == [("A", "after the replatform")]
    assert [(s.title, s.reason) for s in backlog.rejected] == [("B", "legal says no")]


# --- grooming ---------------------------------------------------------------


def test_moving_an_item_by_hand_wins_and_keeps_the_reason():
    p = Play(setup())
    p.draw(card("a"))
    p.add(ItemMoved(at=p.at(), item="d1", horizon=Horizon.LATER, reason="after peak season"))
    item = build(p.state).items[0]
    assert (item.horizon, item.by_hand, item.moved_reason) == (
        Horizon.LATER,
        True,
        "after peak season",
    )
    assert item.why == "Moved to Later by hand: after peak season."


def test_an_order_set_by_hand_wins_within_a_horizon_and_only_the_moved_item_is_marked():
    p = Play(setup())
    p.draw(card("high"), impact=9, confidence=9, ease=9)
    p.draw(card("mid"), impact=5, confidence=5, ease=5)
    p.draw(card("low"), impact=1, confidence=1, ease=1)
    p.add(BacklogOrdered(at=p.at(), order=["d1", "d3", "d2"], item="d3"))  # low up one
    backlog = build(p.state)
    assert titles(backlog) == ["High", "Low", "Mid"]
    assert [i.by_hand for i in backlog.items] == [False, True, False]
    assert "Placed by hand" in backlog.items[1].why
    assert "by hand" not in backlog.items[2].why
    # moved back to where priority puts it: no longer off its place, not marked
    p.add(BacklogOrdered(at=p.at(), order=["d1", "d2", "d3"], item="d3"))
    assert [i.by_hand for i in build(p.state).items] == [False, False, False]


def test_the_json_says_by_hand_and_still_carries_manual_for_programs_written_before():
    import json

    from cvo_workshop.export.backlog_files import to_json

    p = Play(setup())
    p.draw(card("high"), impact=9, confidence=9, ease=9)
    p.draw(card("low"), impact=1, confidence=1, ease=1)
    p.add(BacklogOrdered(at=p.at(), order=["d2", "d1"], item="d2"))
    items = json.loads(to_json(build(p.state)))["items"]
    assert [(i["by_hand"], i["manual"]) for i in items] == [(True, True), (False, False)]


def test_an_order_from_an_older_file_marks_every_item_off_its_place():
    """Files written before an order said which item moved: every item listed counts."""
    p = Play(setup())
    p.draw(card("high"), impact=9, confidence=9, ease=9)
    p.draw(card("low"), impact=1, confidence=1, ease=1)
    p.add(BacklogOrdered(at=p.at(), order=["d2", "d1"]))
    backlog = build(p.state)
    assert titles(backlog) == ["Low", "High"]
    assert [i.by_hand for i in backlog.items] == [True, True]


def test_editing_fields_and_clearing_an_edit():
    p = Play(setup())
    p.draw(card("a"))
    p.add(ItemEdited(at=p.at(), item="d1", field="owner", value="Ana"))
    p.add(ItemEdited(at=p.at(), item="d1", field="new_state", value="Email with last size"))
    p.add(ItemEdited(at=p.at(), item="d1", field="title", value="Size memory"))
    p.add(ItemEdited(at=p.at(), item="d1", field="title", value=""))
    item = build(p.state).items[0]
    assert (item.title, item.owner, item.test_plan.new_state) == (
        "A",
        "Ana",
        "Email with last size",
    )
    assert item.kpi == "repeat purchase rate"  # the card's first KPI until edited


def test_merging_joins_cohorts_and_adds_reach_and_split_undoes_it():
    p = Play(setup(Framework.RICE))
    p.draw(card("welcome"), "champions", impact=1, confidence=100, effort=1)
    p.draw(card("welcome"), "new", impact=1, confidence=100, effort=1)  # paired again
    p.add(ItemsMerged(at=p.at(), items=["d1", "d2"]))
    merged = build(p.state)
    assert len(merged.items) == 1
    item = merged.items[0]
    assert [c.id for c in item.cohorts] == ["champions", "new"]
    assert (item.reach, item.score, item.draws) == (30, 30, [1, 2])
    assert item.breakdown.factors["reach"].source == "sum of 2 cohorts' cohort share"
    p.add(ItemSplit(at=p.at(), item="d1"))
    assert len(build(p.state).items) == 2


def test_a_files_merge_of_different_recipes_keeps_each_recipe_whole():
    """A merge written before the rule (only one card's draws merge) fused two
    recipes: one title, score and owner vanished. Read now, each card's draws join
    apart, so every recipe stays in the backlog."""
    p = Play(setup(Framework.RICE))
    p.draw(card("welcome"), "champions", impact=1, confidence=100, effort=1)
    p.draw(card("size-memory"), "new", impact=3, confidence=100, effort=1)
    p.draw(card("welcome"), "new", impact=1, confidence=100, effort=1)
    p.add(ItemEdited(at=p.at(), item="d2", field="owner", value="Ben"))
    p.add(ItemsMerged(at=p.at(), items=["d1", "d2", "d3"]))
    items = {i.card.id: i for i in build(p.state).items}
    assert set(items) == {"welcome", "size-memory"}
    assert (items["welcome"].draws, items["welcome"].reach) == ([1, 3], 30)
    assert (items["size-memory"].draws, items["size-memory"].owner) == ([2], "Ben")
    assert items["size-memory"].score == 60


def test_the_session_refuses_to_merge_different_recipes():
    from cvo_workshop.engine.session import Session, SessionError

    p = Play(setup(Framework.RICE))
    p.draw(card("welcome"), "champions")
    p.draw(card("size-memory"), "new")
    p.draw(card("welcome"), "new")
    written = []
    session = Session(p.state.setup, None, p.events, sink=written.append)
    with pytest.raises(SessionError, match="“Welcome” and “Size memory” are different recipes"):
        session.merge_items(["d1", "d2"])
    assert written == [] and session.state.grooming.merges == ()
    session.merge_items(["d3", "d1"])
    assert session.state.grooming.merges == ((1, 3),)
    assert [e.type for e in written] == ["items_merged"]


def test_one_recipe_paired_with_two_cohorts_merges_into_one_item_with_their_reach():
    p = Play(setup(Framework.RICE))
    welcome = card("welcome")
    p.draw(welcome, "champions", impact=1, confidence=100, effort=1)
    p.draw(welcome, "new", impact=1, confidence=100, effort=1)  # paired again
    apart = build(p.state)
    assert [(i.card.id, [c.id for c in i.cohorts], i.reach) for i in apart.items] == [
        ("welcome", ["new"], 20),  # the larger cohort ranks first
        ("welcome", ["champions"], 10),
    ]
    p.add(ItemsMerged(at=p.at(), items=["d1", "d2"]))
    (item,) = build(p.state).items
    assert (item.card.id, [c.id for c in item.cohorts], item.reach, item.score) == (
        "welcome",
        ["champions", "new"],
        30,
        30,
    )


def test_every_grooming_edit_is_undone_by_undo():
    p = Play(setup(Framework.RICE))
    p.draw(card("a"), impact=1, confidence=100, effort=1)
    p.draw(card("a"), "new", impact=3, confidence=100, effort=1)
    before = build(p.state)
    for event in [
        ItemEdited(at=p.at(), item="d1", field="owner", value="Ana"),
        ItemMoved(at=p.at(), item="d1", horizon=Horizon.LATER, reason="x"),
        BacklogOrdered(at=p.at(), order=["d1", "d2"]),
        ItemsMerged(at=p.at(), items=["d1", "d2"]),
        ReachBasisSet(at=p.at(), basis=ReachBasis.REVENUE),
    ]:
        p.add(event)
        assert build(p.state) != before
        p.add(Undone(at=p.at()))
        assert build(p.state) == before


def test_accepting_a_parked_draw_brings_it_into_the_backlog():
    from cvo_workshop.model.workshop import Decided

    p = Play(setup())
    n = p.draw(card("a"), decision=Decision.PARKED, reason="later")
    p.add(Decided(at=p.at(), draw=n, decision=Decision.ACCEPTED))
    backlog = build(p.state)
    assert titles(backlog) == ["A"] and backlog.parked == []


def test_grooming_an_item_that_does_not_exist_is_refused():
    from cvo_workshop.engine.fold import FoldError

    p = Play(setup())
    p.draw(card("a"))
    with pytest.raises(FoldError, match="no item 'd7'"):
        p.add(ItemEdited(at=p.at(), item="d7", field="owner", value="Ana"))


def test_an_assessment_below_incidental_puts_incidental_cards_next():
    from tests.maturity_fixtures import result

    p = Play(setup(maturity=None, assessment=result(overall=None, progress=(0.5, 1.2, 1.0))))
    p.draw(card("a", cap=C.INCIDENTAL))
    backlog = build(p.state)
    item = backlog.items[0]
    assert item.horizon is Horizon.NEXT
    assert "the organization is at below Incidental (assessed)" in item.why
    # and the exports say so, not "not assessed"
    from cvo_workshop.export.backlog_files import to_markdown

    page = to_markdown(backlog)
    assert "maturity below Incidental (assessed)" in page and "not assessed" not in page


def test_a_card_its_deck_marks_low_hanging_fruit_leads_now_too():
    from cvo_workshop.model.card import RecipeCard

    p = Play(setup())
    p.draw(card("big-idea"), impact=10, confidence=10, ease=10)
    marked = card("ask-only-once", kind=Kind.CUSTOMIZATION, effort=Effort.LOW)
    marked = RecipeCard.model_validate({**marked.model_dump(), "tags": ["low-hanging-fruit"]})
    p.draw(marked, impact=2, confidence=2, ease=9)
    backlog = build(p.state)
    assert titles(backlog) == ["Ask only once", "Big idea"]
    assert "Low-hanging fruit" in backlog.items[0].why


def test_an_item_for_an_empty_cohort_scores_zero_reach():
    from tests.backlog_fixtures import cohort

    empty = cohort("potential-loyalists", share=0.0, revenue=0.0)
    p = Play(setup(Framework.RICE, cohorts=[empty]))
    p.draw(card("a"), "potential-loyalists", impact=2, confidence=80, effort=1)
    item = build(p.state).items[0]
    assert (item.reach, item.score) == (0, 0)


def test_a_wildcard_goes_through_the_backlog_and_every_export():
    from cvo_workshop.export.backlog_cards import print_backlog
    from cvo_workshop.export.backlog_files import to_csv, to_json, to_markdown
    from cvo_workshop.export.report import render_report
    from cvo_workshop.model.workshop import Decided, Scored, WildcardAdded, WildcardCard

    p = Play(setup())
    wild = WildcardCard(id="wild-1", kind=Kind.CUSTOMIZATION, title="Text the courier ETA")
    p.add(WildcardAdded(at=p.at(), draw=1, round=1, card=wild, cohort="champions"))
    p.add(Scored(at=p.at(), draw=1, factors={"impact": 6, "confidence": 6, "ease": 6}))
    p.add(Decided(at=p.at(), draw=1, decision=Decision.ACCEPTED))
    backlog = build(p.state)
    item = backlog.items[0]
    assert (item.title, item.horizon, item.score) == ("Text the courier ETA", Horizon.NOW, 6)
    assert "no minimum capability" in item.why
    for out in (to_csv(backlog), to_markdown(backlog), to_json(backlog)):
        assert "Text the courier ETA" in out
    assert render_report(backlog)[0].startswith(b"%PDF")
    assert print_backlog(backlog, backs="duplex")[0].startswith(b"%PDF")


def test_a_blocked_item_names_the_card_it_requires_by_its_title_where_known():
    p = Play(setup())
    p.draw(card("needs-both", requires=("consent-center", "loyalty-programme")))
    p.draw(card("consent-center", title="Consent centre"), decision=Decision.REJECTED, reason="no")
    item = build(p.state).items[0]
    assert item.blocked_by == ["consent-center", "loyalty-programme"]  # ids stay for programs
    # Drawn (here rejected): its title is known from the draw; never drawn: the id.
    assert item.why == (
        "Blocked: it requires “Consent centre” and loyalty-programme, not in the backlog."
    )
    # Titles handed in (the deck's) name the rest.
    named = build(p.state, titles={"loyalty-programme": "Loyalty programme"}).items[0]
    assert named.why == (
        "Blocked: it requires “Consent centre” and “Loyalty programme”, not in the backlog."
    )


def test_the_apps_backlog_names_what_an_item_requires_from_the_deck_as_export_does(
    builtin_deck,
):
    # The app builds its backlog through the session, which has the deck's cards:
    # a required card never drawn is named by its title there too, not its id.
    from cvo_workshop.engine.session import Session
    from cvo_workshop.model.workshop import Dealt, Decided
    from tests import workshop_fixtures as W

    needs = next(c for c in builtin_deck.cards if c.requires)
    required = next(c for c in builtin_deck.cards if c.id == needs.requires[0])
    setup = W.setup()
    events = [
        Dealt(at=W.T0, draw=1, round=1, card=needs, cohort=setup.cohorts[0].id),
        Decided(at=W.T0, draw=1, decision=Decision.ACCEPTED),
    ]
    session = Session(setup, builtin_deck.cards, events, clock=W.FakeClock())
    (item,) = session.backlog().items
    assert item.horizon is Horizon.BLOCKED and f"“{required.title}”" in item.why


def test_the_backlog_of_a_workshop_file_folds_its_events_once(tmp_path, monkeypatch):
    from cvo_workshop.engine import fold as engine_fold
    from cvo_workshop.service.backlog import backlog_of
    from tests.backlog_fixtures import sample

    path = tmp_path / "acme.workshop.jsonl"
    play = sample()
    play.save(path)
    folds = []

    class Counted(engine_fold.Folder):
        """Every fold, wherever it is called from, starts a Folder."""

        def __init__(self, *args, **kwargs):
            folds.append(1)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(engine_fold, "Folder", Counted)

    found = backlog_of(path)

    assert len(folds) == 1
    assert found.backlog == build(play.state)
