"""A cohort of 0.004% of customers: RICE reach reads "under 0.1% reach" in the Markdown
and CSV exports and `backlog show`, never "0% reach" with a score of 0; the CSV's
and JSON's numbers stay the real ones."""

from __future__ import annotations

import csv
import io
import json

import pytest

from cvo_workshop.model.card import CohortCard
from cvo_workshop.model.workshop import Framework
from tests.backlog_fixtures import Play, card, setup

TINY = CohortCard(id="tiny", name="Tiny", definition="A few.", customers=4, share=0.00004)
TINIER = CohortCard(id="tinier", name="Tinier", definition="Fewer.", customers=1, share=0.00001)
LINE = "RICE 0.01 = under 0.1% reach x 3 impact x 80% confidence / 1 person-month"


@pytest.fixture
def workshop(tmp_path):
    p = Play(setup(Framework.RICE, cohorts=[TINIER, TINY]))
    p.draw(card("size-memory"), "tinier", impact=3, confidence=80, effort=1)
    p.draw(card("welcome-series"), "tiny", impact=3, confidence=80, effort=1)
    path = tmp_path / "acme.workshop.jsonl"
    p.save(path)
    return path


def _export(cli, path, fmt) -> str:
    result = cli("backlog", "export", path, "--format", fmt)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_markdown_says_less_than_0_1_percent_reach(cli, workshop):
    text = _export(cli, workshop, "md")
    assert LINE in text
    assert "= 0% reach" not in text and "RICE 0 =" not in text


def test_csv_says_less_than_0_1_percent_reach_and_keeps_the_numbers(cli, workshop):
    rows = list(csv.DictReader(io.StringIO(_export(cli, workshop, "csv").lstrip("\ufeff"))))
    assert [r["Cohorts"] for r in rows] == ["tiny", "tinier"]  # ranked, not tied at 0
    assert rows[0]["Breakdown"] == LINE
    assert "Score: " + LINE in rows[0]["Description"]
    assert float(rows[0]["Reach"]) == pytest.approx(0.004)
    assert float(rows[0]["Score"]) > float(rows[1]["Score"]) > 0


def test_json_keeps_the_real_reach_and_a_score_above_0(cli, workshop):
    items = json.loads(_export(cli, workshop, "json"))["items"]
    assert items[0]["reach"] == pytest.approx(0.004)
    assert items[0]["score"] > items[1]["score"] > 0
    assert items[0]["breakdown"]["factors"]["reach"]["shown"] == "<0.1%"


def test_backlog_show_says_less_than_0_1_percent_reach(cli, workshop):
    out = " ".join(cli("backlog", "show", workshop).stdout.split())
    assert "under 0.1% reach" in out
    assert " 0% reach" not in out and "RICE 0 =" not in out


def test_a_cohort_of_nearly_everyone_reads_over_99_9_percent_reach(cli, tmp_path):
    """Its formula read "RICE 239.99 = >99.9% reach x ...": "= >" as one sign."""
    nearly = CohortCard(id="nearly", name="Nearly all", definition="All but one.", share=0.99996)
    p = Play(setup(Framework.RICE, cohorts=[nearly]))
    p.draw(card("size-memory"), "nearly", impact=3, confidence=80, effort=1)
    path = tmp_path / "acme.workshop.jsonl"
    p.save(path)
    line = "= over 99.9% reach x 3 impact x 80% confidence / 1 person-month"
    assert line in _export(cli, path, "md")
    rows = list(csv.DictReader(io.StringIO(_export(cli, path, "csv").lstrip("\ufeff"))))
    assert rows[0]["Breakdown"].endswith(line) and ">99.9%" not in rows[0]["Breakdown"]
    shown = json.loads(_export(cli, path, "json"))["items"][0]["breakdown"]["factors"]["reach"]
    assert shown["shown"] == ">99.9%"  # the factor alone, as other shares are shown


def test_the_csv_reach_of_all_but_a_few_is_below_100_and_never_an_exponent(cli, tmp_path):
    """The Reach column was written to six digits (`:g`): a cohort of 999,999,999
    customers in a billion reached "100" (everyone) and the one other "5e-05"."""
    most = CohortCard(id="most", name="Most", definition="All but one.", share=0.999999999)
    one = CohortCard(id="one", name="One", definition="The other.", share=5e-07)
    p = Play(setup(Framework.RICE, cohorts=[most, one]))
    p.draw(card("size-memory"), "most", impact=3, confidence=80, effort=1)
    p.draw(card("welcome-series"), "one", impact=3, confidence=80, effort=1)
    path = tmp_path / "acme.workshop.jsonl"
    p.save(path)
    rows = list(csv.DictReader(io.StringIO(_export(cli, path, "csv").lstrip("\ufeff"))))
    assert {r["Cohorts"]: r["Reach"] for r in rows} == {"most": "99.9999999", "one": "0.00005"}
