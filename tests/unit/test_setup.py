"""Workshop setup defaults and the setup screen's participant list."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from cvo_workshop.engine.setup import default_cohorts, parse_participants
from cvo_workshop.engine.summary import duration
from cvo_workshop.model.workshop import Participant
from tests import workshop_fixtures as W


def test_participants_with_and_without_roles():
    assert parse_participants("Ana (CRM), Ben (Data, BI); Cy\nDee ()") == [
        Participant(name="Ana", role="CRM"),
        Participant(name="Ben", role="Data, BI"),
        Participant(name="Cy"),
        Participant(name="Dee"),
    ]
    assert parse_participants("  ") == []


def test_the_same_name_twice_is_refused():
    with pytest.raises(ValidationError, match="same name"):
        W.setup(participants=parse_participants("Ana, ana"))


def test_default_cohorts_are_the_most_valuable():
    chosen = default_cohorts(W.deck().cohorts)
    assert [c.id for c in chosen] == ["champions", "loyal", "at-risk", "hibernating"]


def test_empty_segments_come_last_but_still_fill_the_minimum():
    champions, loyal, at_risk, hibernating, *_ = W.deck().cohorts
    measured = [
        champions.model_copy(update={"customers": 0, "share": 0.0, "revenue_share": 0.0}),
        loyal.model_copy(update={"customers": 40, "share": 0.4, "revenue_share": 0.3}),
        at_risk.model_copy(update={"customers": 60, "share": 0.6, "revenue_share": 0.7}),
        hibernating.model_copy(update={"customers": 0, "share": 0.0, "revenue_share": 0.0}),
    ]
    # A small shop with two non-empty segments still gets the three a workshop needs.
    assert [c.id for c in default_cohorts(measured, 3)] == [at_risk.id, loyal.id, champions.id]


def test_goals_default_and_limit():
    assert W.setup(goals=[]).goals == ["Raise customer lifetime value"]
    with pytest.raises(ValidationError):
        W.setup(goals=["a", "b", "c", "d"])


@pytest.mark.parametrize(("seconds", "shown"), [(0, "0:00"), (65.4, "1:05"), (3725, "1:02:05")])
def test_durations_read_like_a_clock(seconds, shown):
    assert duration(seconds) == shown
