"""The CLI's tables and card view: a share too small for the one decimal shown is
"<0.1%", never "0.0%" (which reads as nobody); exactly none stays "0.0%"."""

from __future__ import annotations

import re

import pytest

from cvo_workshop.store.cohorts import load_cohorts
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


def _tiny_revenue_orders(path):
    """hand.csv (tests/cli/test_rfm_hand.py) with the one new customer's order made
    1.00 and a can't-lose order made 6,230,454: 1.00 of 6,232,655 of revenue."""
    text = (DATA / "rfm" / "hand.csv").read_text(encoding="utf-8")
    text = text.replace("c02,O201,2024-06-30 09:12:00,50\n", "c02,O201,2024-06-30 09:12:00,1\n")
    text = text.replace("c08,O801,2023-09-01,200\n", "c08,O801,2023-09-01,6230454\n")
    path.write_text(text, encoding="utf-8")
    return path


def test_a_tiny_revenue_share_is_kept_in_the_file_and_shown_as_less_than_0_1_percent(cli, tmp_path):
    made = tmp_path / "c.yaml"
    result = cli("cohorts", "rfm", _tiny_revenue_orders(tmp_path / "o.csv"), "-o", made)
    assert result.exit_code == 0, result.output
    cohorts = load_cohorts(made)
    assert cohorts.cohort_set.totals.segmented_revenue == 6_232_655
    new = cohorts.cohort("new-customers")
    assert new.customers == 1 and new.revenue_share is not None
    assert new.revenue_share > 0
    assert new.revenue_share == pytest.approx(1 / 6_232_655, rel=1e-5)
    for output in (result.output, cli("cohorts", "show", made).output):
        rows = {line.split()[0]: line.split() for line in output.splitlines() if line.strip()}
        assert rows["New"][5] == "10.0%" and "<0.1%" in rows["New"][6:], output
        assert "0.0%" not in rows["New"]


def test_an_older_file_with_a_revenue_share_of_0_still_reads(cli, tmp_path):
    made = tmp_path / "c.yaml"
    assert cli("cohorts", "rfm", DATA / "rfm" / "hand.csv", "-o", made).exit_code == 0
    text = made.read_text(encoding="utf-8")
    # new-customers: c02's 50 of 2,450; a file made before six significant digits
    # could hold 0.0 for a share too small for six decimals
    old, n = re.subn(r"(id: new-customers\n(?:  .*\n)*?  revenue_share: )\S+", r"\g<1>0.0", text)
    assert n == 1
    (tmp_path / "old.yaml").write_text(old, encoding="utf-8")
    assert load_cohorts(tmp_path / "old.yaml").cohort("new-customers").revenue_share == 0.0
    result = cli("cohorts", "show", tmp_path / "old.yaml")
    assert result.exit_code == 0, result.output


def test_deck_show_says_less_than_0_1_percent(cli, tmp_path):
    deck = write_deck(
        tmp_path / "d.yaml", numbered(1), [cohort("vip", share=0.0003, revenue_share=0.0004)]
    )
    result = cli("deck", "show", "vip", "--deck", deck)
    assert result.exit_code == 0, result.output
    lines = [" ".join(line.replace("│", " ").split()) for line in result.output.splitlines()]
    assert "share <0.1%" in lines and "revenue share <0.1%" in lines


def test_deck_show_says_more_than_99_9_percent_for_all_but_a_few(cli, tmp_path):
    deck = write_deck(
        tmp_path / "d.yaml", numbered(1), [cohort("most", share=0.9996, revenue_share=0.99999)]
    )
    result = cli("deck", "show", "most", "--deck", deck)
    assert result.exit_code == 0, result.output
    lines = [" ".join(line.replace("│", " ").split()) for line in result.output.splitlines()]
    assert "share >99.9%" in lines and "revenue share >99.9%" in lines
