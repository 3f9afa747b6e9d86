"""A scoring framework is one registry entry: a framework made up here, in the test,
and registered, is scored by the engine, ranks the backlog, is described in the
breakdown and the exports, survives its workshop file, and is scored with keys on
the table, with no other module touched."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from cvo_workshop.engine import frameworks
from cvo_workshop.engine.backlog import build
from cvo_workshop.engine.frameworks import Choice, Factor, FrameworkDef, score, show_number
from cvo_workshop.export.backlog_files import to_csv, to_markdown
from cvo_workshop.model.workshop import Framework
from cvo_workshop.store.journal import read_journal
from cvo_workshop.tui.app import WorkshopApp
from tests import backlog_fixtures as B
from tests.tui.conftest import text_of


def _value_times_confidence(v: Mapping[str, float]) -> float:
    return v["value"] * v["confidence"] / 100


def _explain(v: Mapping[str, float]) -> str:
    return f"{show_number(v['value'])} value x {show_number(v['confidence'])}% confidence"


VXC = FrameworkDef(
    Framework("vxc"),
    "Value x Confidence",
    "value x confidence",
    (
        Factor("value", "Value", "What it is worth, 1-10.", "scale", 1, 10),
        Factor(
            "confidence",
            "Confidence",
            "How sure we are.",
            "choice",
            choices=(Choice(100, "Sure"), Choice(50, "Maybe"), Choice(10, "Guess")),
            unit="%",
            spread=2,
        ),
    ),
    _value_times_confidence,
    _explain,
    short="V x C",
)


@pytest.fixture
def vxc():
    frameworks.register(VXC)
    yield VXC
    del frameworks.FRAMEWORKS[VXC.id]


def test_the_engine_scores_a_registered_framework_with_its_breakdown(vxc):
    value, breakdown = score("vxc", {"value": 8, "confidence": 50})
    assert value == 4
    assert breakdown.text == "VXC 4 = 8 value x 50% confidence"
    assert score("vxc", {"value": 8})[1].text == "VXC: needs Confidence"


def test_a_registered_framework_refuses_values_off_its_factors(vxc):
    with pytest.raises(ValueError, match="Confidence: expected one of 100, 50, 10"):
        score("vxc", {"value": 8, "confidence": 80})


def test_the_backlog_ranks_by_a_registered_framework_and_the_exports_describe_it(vxc):
    p = B.Play(B.setup(Framework("vxc")))
    p.draw(B.card("low"), value=9, confidence=10)
    p.draw(B.card("high"), value=6, confidence=100)
    backlog = build(p.state)
    assert [(i.card.id, i.score) for i in backlog.items] == [("high", 6), ("low", 0.9)]
    assert backlog.items[1].breakdown.text == "VXC 0.9 = 9 value x 10% confidence"
    assert "VXC 6 = 6 value x 100% confidence" in to_csv(backlog)
    assert "framework VXC" in to_markdown(backlog)


def test_a_workshop_file_of_a_registered_framework_reads_back(vxc, tmp_path):
    p = B.Play(B.setup(Framework("vxc")))
    p.draw(B.card("high"), value=6, confidence=100)
    p.save(tmp_path / "w.workshop.jsonl")
    loaded = read_journal(tmp_path / "w.workshop.jsonl")
    assert loaded.setup.framework == "vxc" and loaded.events == p.events


async def test_the_table_scores_a_registered_framework_with_keys(vxc, start, clock):
    running = start(framework=Framework("vxc"))
    app = WorkshopApp.for_running(running, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        panel = app.screen.query_one("#scores")
        # the highlighted choice factor shows its keys
        await pilot.press("7")
        shown = text_of(panel)
        assert all(key in shown for key in ("1 Sure 100%", "2 Maybe 50%", "3 Guess 10%"))
        await pilot.press("2")
        assert running.session.current.consensus == {"value": 7, "confidence": 50}
        assert "VXC 3.5 = 7 value x 50% confidence" in text_of(panel)


def test_workshop_new_takes_a_registered_framework(vxc, cli, tmp_path, monkeypatch):
    monkeypatch.setattr(WorkshopApp, "run", lambda self: None)  # the file, not the table
    out = tmp_path / "v.workshop.jsonl"
    result = cli("workshop", "new", "--yes", "--org", "Acme", "--framework", "vxc", "-o", out)
    assert result.exit_code == 0, result.stderr
    assert read_journal(out).setup.framework == "vxc"


def test_workshop_new_refuses_an_unknown_framework_with_the_registered_ones(vxc, cli, tmp_path):
    # refused before any screen opens
    out = tmp_path / "m.workshop.jsonl"
    result = cli("workshop", "new", "--yes", "--org", "Acme", "--framework", "moscow", "-o", out)
    assert result.exit_code == 1 and not out.exists()
    assert "--framework: expected ice, pie, rice or vxc, got 'moscow'" in result.stderr
