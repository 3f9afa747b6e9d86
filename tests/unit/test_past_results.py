"""Past test results of an organization's earlier workshops (service/backlog.past_results)."""

from __future__ import annotations

from cvo_workshop.model.card import Kind
from cvo_workshop.model.grooming import ItemEdited
from cvo_workshop.model.workshop import Decided, Decision, WildcardAdded, WildcardCard
from cvo_workshop.service.backlog import past_results
from cvo_workshop.store.workshops import remember
from tests.backlog_fixtures import sample


def _with_wildcard_result(title: str, outcome: str):
    p = sample()
    n = len(p.state.draws) + 1
    wild = WildcardCard(id="wild-1", kind=Kind.AUTOMATION, title=title)
    p.add(WildcardAdded(at=p.at(), draw=n, round=1, card=wild, cohort="new"))
    p.add(Decided(at=p.at(), draw=n, decision=Decision.ACCEPTED))
    p.add(ItemEdited(at=p.at(), item=f"d{n}", field="outcome", value=outcome))
    p.add(ItemEdited(at=p.at(), item="d1", field="outcome", value="won"))
    return p


def test_a_deck_cards_result_is_found_and_the_rooms_own_cards_are_not(tmp_path):
    # wild-1 names another recipe in every workshop: its result says nothing of this one's.
    earlier = tmp_path / "earlier.workshop.jsonl"
    _with_wildcard_result("Birthday SMS", "lost").save(earlier)
    remember(earlier)
    found = past_results("Acme Outdoor")
    assert [r.result.outcome.value for r in found["exclusion-list"]] == ["won"]
    assert "wild-1" not in found
