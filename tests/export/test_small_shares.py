"""A share too small for the decimals shown reads "<0.1%" (a cohort's share, at
the decimal of the reach it gives; "<1%" on the printed deck) in every export,
never "0%" (which reads as nobody); the numbers programs read stay numbers."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest
from pypdf import PdfReader

from cvo_workshop.model.card import CohortCard
from cvo_workshop.model.grooming import ItemEdited
from cvo_workshop.model.workshop import Framework
from tests.backlog_fixtures import Play, card, setup

FEW = CohortCard(
    id="vip",
    name="Very Important",
    definition="The few who buy the most.",
    customers=12,
    share=0.0003,  # 0.03%: "0%" at one decimal
    revenue_share=0.0004,
    orders_per_year=4,
)
NOBODY = CohortCard(id="empty", name="Nobody Yet", definition="Nobody.", customers=0, share=0.0)


@pytest.fixture
def workshop(tmp_path):
    p = Play(setup(Framework.RICE, cohorts=[FEW, NOBODY]))
    p.draw(card("size-memory"), "vip", impact=2, confidence=80, effort=1)
    p.draw(card("welcome-series"), "empty", impact=1, confidence=50, effort=1)
    p.add(ItemEdited(at=p.at(), item="d1", field="holdout", value="0.01%"))
    p.add(ItemEdited(at=p.at(), item="d1", field="baseline_rate", value="30%"))
    path = tmp_path / "acme.workshop.jsonl"
    p.save(path)
    return path


def export(cli, path, fmt, out):
    result = cli("backlog", "export", path, "--format", fmt, "-o", out)
    assert result.exit_code == 0, result.output
    return out


def _pdf_text(path) -> str:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return " ".join(" ".join(p.extract_text().split()) for p in reader.pages)


def test_markdown_says_less_than_0_1_percent_and_the_hold_out_too(cli, workshop, tmp_path):
    text = export(cli, workshop, "md", tmp_path / "b.md").read_text(encoding="utf-8")
    # "<" escaped: Markdown would read it as the start of a tag
    assert "Very Important (\\<0.1% of customers)" in text
    assert "hold-out \\<0.1%" in text
    assert "Nobody Yet (0% of customers)" in text  # exactly nobody stays 0%
    assert "(0% of customers)" not in text.replace("Nobody Yet (0% of customers)", "")


def test_csv_text_says_so_and_its_value_columns_stay_as_typed(cli, workshop, tmp_path):
    out = export(cli, workshop, "csv", tmp_path / "b.csv")
    with out.open(newline="", encoding="utf-8-sig") as f:
        rows = {r["Item"]: r for r in csv.DictReader(f)}
    vip = rows["d1"]
    assert "hold-out <0.1%" in vip["Description"]
    assert "Very Important (<0.1% of customers)" in vip["Description"]
    # what a tracker reads back, or a program: as typed, and a number
    assert vip["Hold-out"] == "0.01%"
    assert float(vip["Reach"]) == pytest.approx(0.03)


def test_json_keeps_the_shares_as_numbers(cli, workshop, tmp_path):
    data = json.loads(export(cli, workshop, "json", tmp_path / "b.json").read_text("utf-8"))
    item = next(i for i in data["items"] if i["id"] == "d1")
    assert item["test_plan"]["holdout"] == 0.0001
    assert item["cohorts"][0]["share"] == 0.0003


def test_the_report_says_less_than_0_1_percent(cli, workshop, tmp_path):
    text = _pdf_text(export(cli, workshop, "pdf", tmp_path / "r.pdf"))
    assert "<0.1% of customers" in text
    assert "hold-out <0.1%" in text
    assert "(0% of customers)" not in text.replace("Nobody Yet (0% of customers)", "")


def test_the_wall_cards_and_the_poster_say_less_than_0_1_percent(cli, workshop, tmp_path):
    cards = _pdf_text(export(cli, workshop, "cards", tmp_path / "c.pdf"))
    assert "Very Important · <0.1%" in cards and "· 0%" in cards  # Nobody Yet: 0%
    poster = _pdf_text(export(cli, workshop, "poster", tmp_path / "p.pdf"))
    assert "Very Important · <0.1%" in poster


def test_the_slides_say_less_than_0_1_percent(cli, workshop, tmp_path):
    out = export(cli, workshop, "pptx", tmp_path / "s.pptx")
    with zipfile.ZipFile(out) as z:
        xml = " ".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))
    assert "Very Important (&lt;0.1% of customers)" in xml
    assert "Very Important (0% of customers)" not in xml


def test_the_printed_deck_says_less_than_0_1_percent_of_customers_and_revenue(cli, tmp_path):
    from tests.export.decks import cohort, numbered, write_deck

    deck = write_deck(
        tmp_path / "d.yaml",
        numbered(1),
        [
            cohort("vip", share=0.0003, revenue_share=0.0004),
            cohort("loyal", share=0.1751),
            cohort("none", share=0.0),
        ],
    )
    out = tmp_path / "d.pdf"
    result = cli("deck", "print", deck, "-o", out)
    assert result.exit_code == 0, result.output
    text = _pdf_text(out).lower()  # the facts' labels print in capitals
    assert "share of customers <0.1%" in text and "share of revenue <0.1%" in text
    assert "share of customers 17.5%" in text  # as the reach it gives reads
    assert "share of customers 0%" in text  # the empty cohort: exactly nobody
