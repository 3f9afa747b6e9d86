"""Fixtures for the app's Pilot tests: a clock that stands still (the private data
folder is tests/conftest.py's, for every test)."""

from __future__ import annotations

import pytest

from cvo_workshop.service import workshop as service
from cvo_workshop.store import workshops
from tests import workshop_fixtures as W


@pytest.fixture
def clock():
    return W.FakeClock()


@pytest.fixture
def start(tmp_path, clock):
    """start(**setup_overrides) -> a running workshop on the test deck, file in tmp_path."""
    opened = []

    def make(deck=None, name="w.workshop.jsonl", **overrides):
        d = deck or W.deck()
        if deck is not None:
            overrides.setdefault("deck", workshops.deck_ref(d, W.DECK_PATH))
            overrides.setdefault("cohorts", d.cohorts[:4])
        running = service.start(W.setup(**overrides), d, tmp_path / name, clock=clock)
        opened.append(running)
        return running

    yield make
    for running in opened:
        running.close()


def text_of(widget) -> str:
    """What a widget shows, as plain text."""
    return str(widget.render())
