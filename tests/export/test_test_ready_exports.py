"""Every export carries the test-ready item: hypothesis, primary KPI, guardrails, the
test's size and how long the cohort takes to give it."""

from __future__ import annotations

import csv
import io
import json

import pytest
from pypdf import PdfReader

from cvo_workshop.engine.backlog import build
from cvo_workshop.model.card import CohortCard
from cvo_workshop.model.grooming import ItemEdited
from tests.backlog_fixtures import Play, card, setup

HYPOTHESIS = "Because buyers re-enter sizes, we expect saved sizes to lift repeat orders"


@pytest.fixture
def workshop(tmp_path):
    cohort = CohortCard(
        id="champions",
        name="Champions",
        definition="The best customers.",
        customers=26_000,
        orders_per_year=6,
    )
    p = Play(setup(cohorts=[cohort]))
    c = card("size-memory").model_copy(
        update={"hypothesis": HYPOTHESIS, "guardrails": ["return rate", "unsubscribe rate"]}
    )
    p.draw(c, "champions")
    p.add(ItemEdited(at=p.at(), item="d1", field="baseline_rate", value="30%"))
    path = tmp_path / "acme.workshop.jsonl"
    p.save(path)
    item = build(p.state).items[0]
    assert item.test_plan.estimate is not None
    return path, item


def export(cli, path, fmt, out):
    result = cli("backlog", "export", path, "--format", fmt, "-o", out)
    assert result.exit_code == 0, result.output
    return out


def test_csv_has_a_column_for_each_part_of_the_test_plan(cli, workshop, tmp_path):
    from cvo_workshop.export.backlog_files import read_csv

    path, item = workshop
    row = read_csv(export(cli, path, "csv", tmp_path / "b.csv").read_text(encoding="utf-8"))[0]
    assert row["KPI"] == "repeat purchase rate"
    assert row["Hypothesis"] == HYPOTHESIS
    assert row["Guardrails"] == "return rate; unsubscribe rate"
    assert (row["Baseline rate"], row["Min. detectable effect"], row["Hold-out"]) == (
        "30%",
        "10%",
        "5%",
    )
    summary = item.test_plan.estimate.summary
    assert row["Test duration"] == summary and summary.endswith("weeks at +10%")
    assert float(row["Weeks"]) == pytest.approx(item.test_plan.estimate.weeks, abs=0.05)
    assert f"Test size: baseline 30%, +10%, hold-out 5%: {summary}" in row["Description"]


def test_markdown_shows_the_hypothesis_guardrails_and_test_size(cli, workshop, tmp_path):
    path, item = workshop
    text = export(cli, path, "md", tmp_path / "b.md").read_text(encoding="utf-8")
    assert f"- Hypothesis: {HYPOTHESIS}" in text
    assert "- Guardrails: return rate; unsubscribe rate" in text
    # "~" is escaped: Markdown would strike the text through
    shown = item.test_plan.estimate.summary.replace("~", "\\~")
    assert f"- Test size: baseline 30%, +10%, hold-out 5%: {shown}" in text


def test_json_carries_the_plan_and_its_estimate(cli, workshop, tmp_path):
    path, item = workshop
    data = json.loads(export(cli, path, "json", tmp_path / "b.json").read_text(encoding="utf-8"))
    plan = data["items"][0]["test_plan"]
    assert plan["baseline_rate"] == 0.3 and plan["holdout"] == 0.05
    assert plan["guardrails"] == ["return rate", "unsubscribe rate"]
    assert plan["estimate"]["customers"] == 26_000
    assert plan["estimate"]["summary"] == item.test_plan.estimate.summary


def _text(pdf_path) -> str:
    reader = PdfReader(io.BytesIO(pdf_path.read_bytes()))
    return " ".join(" ".join(p.extract_text().split()) for p in reader.pages)


def test_the_reports_item_detail_shows_the_test_size(cli, workshop, tmp_path):
    path, item = workshop
    text = _text(export(cli, path, "pdf", tmp_path / "r.pdf"))
    assert item.test_plan.estimate.summary in text
    assert "Guardrails: return rate; unsubscribe rate" in text


def test_the_wall_cards_back_shows_hypothesis_guardrails_and_duration(cli, workshop, tmp_path):
    path, item = workshop
    reader = PdfReader(io.BytesIO(export(cli, path, "cards", tmp_path / "c.pdf").read_bytes()))
    back = " ".join(reader.pages[-1].extract_text().split())
    assert "return rate; unsubscribe rate" in back
    assert item.test_plan.estimate.summary in back
    assert "saved sizes to lift repeat orders" in back


def test_a_tests_result_shows_in_the_report_and_on_the_wall_card(cli, workshop, tmp_path):
    path, _ = workshop
    out = export(cli, path, "csv", tmp_path / "tracker.csv")
    with out.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    rows[0].update({"Result": "lost", "Measured lift": "-4%", "Learning": "sizes were stale"})
    with out.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    assert cli("backlog", "results", path, out).exit_code == 0
    line = "Lost, -4% measured; learned: sizes were stale"
    assert line in _text(export(cli, path, "pdf", tmp_path / "r.pdf"))
    assert line in _text(export(cli, path, "cards", tmp_path / "c.pdf"))


def test_a_measured_lift_of_0_reads_0_percent_in_the_report_and_on_the_wall_card(
    cli, workshop, tmp_path
):
    """They read "Inconclusive, +0% measured"."""
    path, _ = workshop
    out = export(cli, path, "csv", tmp_path / "tracker.csv")
    with out.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    rows[0].update({"Result": "inconclusive", "Measured lift": "0%"})
    with out.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    assert cli("backlog", "results", path, out).exit_code == 0
    for fmt in ("pdf", "cards"):
        text = _text(export(cli, path, fmt, tmp_path / f"{fmt}.pdf"))
        assert "Inconclusive, 0% measured" in text and "+0%" not in text, fmt
