"""The CLI's tables and card view: a share too small for the one decimal shown is
"<0.1%", never "0.0%" (which reads as nobody); exactly none stays "0.0%"."""

from __future__ import annotations

from tests.conftest import DATA
from tests.export.decks import cohort, numbered, write_deck


def test_cohorts_show_says_less_than_0_1_percent_for_a_tiny_segment(cli, tmp_path):
    made = tmp_path / "c.yaml"
    assert cli("cohorts", "rfm", DATA / "rfm" / "shopify.csv", "-o", made).exit_code == 0
    text = made.read_text(encoding="utf-8")
    # Champions: an empty segment in this file; made 3 in 10,000 of the customers
    tiny = text.replace(
        "  share: 0.0\n  revenue_share: 0.0\n", "  share: 0.0003\n  revenue_share: 0.0004\n", 1
    )
    (tmp_path / "tiny.yaml").write_text(tiny, encoding="utf-8")
    result = cli("cohorts", "show", tmp_path / "tiny.yaml")
    assert result.exit_code == 0, result.output
    rows = {line.split()[0]: line.split() for line in result.output.splitlines() if line.strip()}
    assert rows["Champions"][-2:] == ["<0.1%", "<0.1%"]
    assert "0.0%" in rows["Loyal"]  # empty: exactly none


def test_deck_show_says_less_than_0_1_percent(cli, tmp_path):
    deck = write_deck(
        tmp_path / "d.yaml", numbered(1), [cohort("vip", share=0.0003, revenue_share=0.0004)]
    )
    result = cli("deck", "show", "vip", "--deck", deck)
    assert result.exit_code == 0, result.output
    lines = [" ".join(line.replace("│", " ").split()) for line in result.output.splitlines()]
    assert "share <0.1%" in lines and "revenue share <0.1%" in lines
