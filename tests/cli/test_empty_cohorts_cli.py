"""`workshop new --cohorts-file`: a cohort with no customers is never a default focus,
and one chosen by name is warned about before the first draw."""

from __future__ import annotations

import pytest

from cvo_workshop.store.journal import read_journal
from tests import workshop_fixtures as W
from tests.conftest import DATA


@pytest.fixture
def two_segments(cli, tmp_path):
    """A cohort file of two customers: Need Attention and Hibernating hold one each,
    the other eight segments none."""
    made = tmp_path / "small.yaml"
    result = cli("cohorts", "rfm", DATA / "rfm" / "two-segments.csv", "-o", made)
    assert result.exit_code == 0, result.stderr
    return made


@pytest.fixture
def no_app(monkeypatch):
    from cvo_workshop.tui.app import WorkshopApp

    monkeypatch.setattr(WorkshopApp, "run", lambda self: None)


def test_the_default_focus_takes_only_segments_with_customers(cli, tmp_path, two_segments, no_app):
    out = tmp_path / "w.jsonl"
    result = cli(
        "workshop", "new", "--yes", "--deck", W.DECK_PATH, "--org", "Acme", "-o", out,
        "--cohorts-file", two_segments,
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert [c.id for c in read_journal(out).setup.cohorts] == ["need-attention", "hibernating"]
    assert "no customers" not in result.stderr


def test_an_empty_cohort_chosen_by_name_is_warned_about(cli, tmp_path, two_segments, no_app):
    out = tmp_path / "w.jsonl"
    result = cli(
        "workshop", "new", "--yes", "--deck", W.DECK_PATH, "--org", "Acme", "-o", out,
        "--cohorts-file", two_segments, "--cohorts", "new-customers,promising,need-attention",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    warned = [line for line in result.stderr.splitlines() if "no customers" in line]
    assert warned == [
        "warning: New Customers (new-customers) has no customers in the cohort file:"
        " its RICE reach is 0, so no item for it will be recommended",
        "warning: Promising (promising) has no customers in the cohort file:"
        " its RICE reach is 0, so no item for it will be recommended",
    ]
