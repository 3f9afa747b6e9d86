"""Acceptance: RFM on a small data set computed by hand, ties included.

tests/data/rfm/hand.csv holds 37 order lines of 11 customers plus one guest
order. The computation, by hand:

As-of date: the last order is on 2024-06-30, so as-of = 2024-07-01.

Orders (an order's net = the sum of its lines; net > 0 is a purchase):
    c01  O101-O106, 100 each, last 2024-06-30; O107 = 50 - 50 = 0, not a purchase
         -> frequency 6, monetary 600, recency 1
    c02  O201 50 on 2024-06-30                    -> f 1, m 50,  recency 1
    c03  O301 70, O302 50 on 2024-06-26           -> f 2, m 120, recency 5
    c04  O401 60, O402 60 on 2024-06-21           -> f 2, m 120, recency 10
    c05  O501 30 on 2024-06-21                    -> f 1, m 30,  recency 10
    c06  O601-O603 75 each, O604 = 25 + 50 on 2024-06-01
                                                  -> f 4, m 300, recency 30
    c07  O701 50, O702 50, O703 100 on 2024-05-02 -> f 3, m 200, recency 60
    c08  O801-O806 = 1000, last 2024-04-02; R801 = -100 on 2024-04-10 is a return:
         not a purchase (recency stays 90) but it lowers monetary
                                                  -> f 6, m 900, recency 90
    c09  O901 50 on 2023-12-14; O902 = 80 - 80 on 2024-06-29, fully refunded:
         not a purchase, so recency stays 200     -> f 1, m 50,  recency 200
    c10  O1001 30, O1002 50 on 2023-12-14         -> f 2, m 80,  recency 200
    c11  O1101 = 40 - 40 = 0                      -> f 0, m 0: no net revenue, no segment
    guest order O9999 (no customer)               -> left out

Scores among the N = 10 customers with net revenue: score = 1 + floor(5 B / N)
= 1 + floor(B / 2), B = customers with a strictly worse value:
    B: 0,1 -> 1   2,3 -> 2   4,5 -> 3   6,7 -> 4   8,9 -> 5

R (worse = more days): 200 200 | 90 | 60 | 30 | 10 10 | 5 | 1 1
    200 (c09, c10): B 0 -> R1      90 (c08): B 2 -> R2     60 (c07): B 3 -> R2
    30 (c06): B 4 -> R3            10 (c04, c05): B 5 -> R3
    5 (c03): B 7 -> R4             1 (c01, c02): B 8 -> R5
F (worse = fewer orders): 1 1 1 | 2 2 2 | 3 | 4 | 6 6
    1 (c02, c05, c09): B 0 -> F1   2 (c03, c04, c10): B 3 -> F2
    3 (c07): B 6 -> F4             4 (c06): B 7 -> F4      6 (c01, c08): B 8 -> F5
M (worse = less): 30 | 50 50 | 80 | 120 120 | 200 | 300 | 600 | 900
    30 (c05): B 0 -> M1            50 (c02, c09): B 1 -> M1    80 (c10): B 3 -> M2
    120 (c03, c04): B 4 -> M3      200 (c07): B 6 -> M4        300 (c06): B 7 -> M4
    600 (c01): B 8 -> M5           900 (c08): B 9 -> M5

Segments (the R x F grid of ARCHITECTURE.md, Domain, RFM):
    c01 R5 F5 champions          c02 R5 F1 new-customers     c03 R4 F2 potential-loyalists
    c04 R3 F2 about-to-sleep     c05 R3 F1 about-to-sleep    c06 R3 F4 loyal
    c07 R2 F4 at-risk            c08 R2 F5 cant-lose         c09 R1 F1 hibernating
    c10 R1 F2 hibernating        (promising and need-attention stay empty)

Segment figures (revenue of all 10 = 2450):
    champions       1 customer,  share 0.1, revenue 600 -> 0.244898, AOV 600 / 6 = 100
    about-to-sleep  2 customers, share 0.2, revenue 150 -> 0.061224, AOV 150 / 3 = 50
    hibernating     2 customers, share 0.2, revenue 130 -> 0.053061, AOV 130 / 3 = 43.33
    cant-lose       1 customer,  share 0.1, revenue 900 -> 0.367347, AOV 900 / 6 = 150
Average M: champions 5, about-to-sleep (3 + 1) / 2 = 2, hibernating (1 + 2) / 2 = 1.5,
    all ten (5+1+3+3+1+4+4+5+1+2) / 10 = 2.9
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from cvo_workshop.store.cohorts import load_cohorts
from tests.conftest import run_process

HAND = Path(__file__).parent.parent / "data" / "rfm" / "hand.csv"

EXPECTED = {
    # customer: (recency_days, frequency, monetary, r, f, m, segment)
    "c01": (1, 6, 600, 5, 5, 5, "champions"),
    "c02": (1, 1, 50, 5, 1, 1, "new-customers"),
    "c03": (5, 2, 120, 4, 2, 3, "potential-loyalists"),
    "c04": (10, 2, 120, 3, 2, 3, "about-to-sleep"),
    "c05": (10, 1, 30, 3, 1, 1, "about-to-sleep"),
    "c06": (30, 4, 300, 3, 4, 4, "loyal"),
    "c07": (60, 3, 200, 2, 4, 4, "at-risk"),
    "c08": (90, 6, 900, 2, 5, 5, "cant-lose"),
    "c09": (200, 1, 50, 1, 1, 1, "hibernating"),
    "c10": (200, 2, 80, 1, 2, 2, "hibernating"),
}


@pytest.fixture
def hand_run(cli, tmp_path):
    out, members = tmp_path / "cohorts.yaml", tmp_path / "members.csv"
    result = cli("cohorts", "rfm", HAND, "-o", out, "--members", members)
    assert result.exit_code == 0, result.output
    with members.open(newline="") as f:
        rows = {r["customer_id"]: r for r in csv.DictReader(f)}
    return result, load_cohorts(out), rows


def test_scores_and_segments_match_the_hand_computation(hand_run):
    _, _, rows = hand_run
    got = {
        cid: (
            int(r["recency_days"]),
            int(r["frequency"]),
            float(r["monetary"]),
            int(r["r"]),
            int(r["f"]),
            int(r["m"]),
            r["segment"],
        )
        for cid, r in rows.items()
        if cid != "c11"
    }
    assert got == EXPECTED


def test_customer_without_net_revenue_is_listed_without_scores(hand_run):
    _, cohorts, rows = hand_run
    c11 = rows["c11"]
    assert (c11["recency_days"], c11["frequency"], c11["monetary"]) == ("", "0", "0.00")
    assert (c11["r"], c11["f"], c11["m"], c11["segment"]) == ("", "", "", "no-net-revenue")
    totals = cohorts.cohort_set.totals
    assert totals.no_net_revenue_customers == 1
    assert totals.customers == 11
    assert totals.segmented_customers == 10


def test_guest_orders_are_left_out_and_counted(hand_run):
    result, cohorts, rows = hand_run
    assert "" not in rows
    assert cohorts.cohort_set.totals.guest_orders == 1
    assert "1 order without a customer id" in result.output


def test_cards_carry_sizes_shares_and_aov(hand_run):
    _, cohorts, _ = hand_run
    cards = {c.id: c for c in cohorts.cohorts}
    assert [c.id for c in cohorts.cohorts] == [
        "champions",
        "loyal",
        "potential-loyalists",
        "new-customers",
        "promising",
        "need-attention",
        "about-to-sleep",
        "at-risk",
        "cant-lose",
        "hibernating",
    ]
    assert (cards["champions"].customers, cards["champions"].share) == (1, 0.1)
    assert cards["champions"].revenue_share == pytest.approx(600 / 2450, abs=1e-6)
    assert cards["champions"].aov == 100
    assert (cards["about-to-sleep"].customers, cards["about-to-sleep"].share) == (2, 0.2)
    assert cards["about-to-sleep"].aov == 50
    assert cards["hibernating"].aov == pytest.approx(43.33)
    assert cards["cant-lose"].revenue_share == pytest.approx(900 / 2450, abs=1e-6)
    assert cards["promising"].customers == 0 and cards["promising"].aov is None
    assert sum(c.share for c in cohorts.cohorts) == pytest.approx(1)
    assert sum(c.revenue_share for c in cohorts.cohorts) == pytest.approx(1)
    for c in cohorts.cohorts:
        assert c.source == "rfm"
        assert c.rfm is not None and c.definition.startswith(f"R {c.rfm.r[0]}")


def test_metadata_records_the_run(hand_run):
    _, cohorts, _ = hand_run
    meta = cohorts.cohort_set
    assert str(meta.as_of) == "2024-07-01" and not meta.as_of_given
    assert meta.preset == "generic" and meta.amount_per == "line"
    assert meta.columns.customer == "customer" and meta.columns.order == "order"
    assert meta.totals.rows == 37
    # 32 orders with a customer; 4 are not purchases (O107, R801, O902, O1101)
    assert (meta.totals.orders, meta.totals.purchases) == (32, 28)
    assert meta.totals.segmented_revenue == 2450
    assert "strictly worse" in meta.score_rule and "net amount" in meta.refund_rule
    stats = {s.id: s for s in cohorts.segments}
    assert stats["hibernating"].recency_days == (200, 200)
    assert stats["hibernating"].frequency == (1, 2)
    assert stats["hibernating"].monetary == (50, 80)


def test_table_shows_every_segment(hand_run):
    result, _, _ = hand_run
    for name in ("Champions", "Can't Lose Them", "Hibernating", "Promising"):
        assert name in result.output
    assert "RFM segments as of 2024-07-01" in result.output


def test_as_of_date_leaves_later_orders_out(cli, tmp_path):
    members = tmp_path / "m.csv"
    result = cli("cohorts", "rfm", HAND, "--as-of", "2024-06-30", "--members", members)
    assert result.exit_code == 0, result.output
    with members.open(newline="") as f:
        rows = {r["customer_id"]: r for r in csv.DictReader(f)}
    # O106 (c01) and O201 (c02) are on the as-of date itself: left out.
    assert rows["c01"]["frequency"] == "5"
    assert "c02" not in rows  # no order before the as-of date
    assert rows["c03"]["recency_days"] == "4"
    assert "on or after the as-of date" in result.output


def test_segments_carry_their_average_m_score(hand_run):
    _, cohorts, _ = hand_run
    average_m = {s.id: s.average_m for s in cohorts.segments}
    assert (average_m["champions"], average_m["cant-lose"]) == (5, 5)
    assert (average_m["about-to-sleep"], average_m["hibernating"]) == (2, 1.5)
    assert average_m["promising"] is None  # no customers


def table_row(output: str, first: str) -> list[str]:
    return next(line.split() for line in output.splitlines() if line.lstrip().startswith(first))


def test_table_shows_revenue_share_aov_and_average_m_in_80_columns():
    result = run_process("cohorts", "rfm", HAND, env={"COLUMNS": "80"})
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80 and "…" not in result.stdout
    # Hibernating: 2 customers, 20.0% of them, 5.3% of revenue, AOV 43.33, average M 1.5
    assert table_row(result.stdout, "Hibernating")[-5:] == ["2", "20.0%", "5.3%", "43.33", "1.5"]
    assert table_row(result.stdout, "all segments")[-3:] == ["100.0%", "87.50", "2.9"]
    assert table_row(result.stdout, "Promising")[-3:] == ["0", "0.0%", "0.0%"]


def test_share_columns_keep_one_decimal_down_to_the_total_in_rfm_and_show(cli, tmp_path):
    """An empty segment read "0.0%" and the total "100%": the column's one decimal
    everywhere, from engine/text.percent, in both commands' tables."""
    out = tmp_path / "cohorts.yaml"
    rfm = cli("cohorts", "rfm", HAND, "-o", out)
    show = cli("cohorts", "show", out)
    for result in (rfm, show):
        assert result.exit_code == 0, result.output
        rows = {
            name: table_row(result.output, name)
            for name in ("Champions", "Promising", "Need Attention", "all segments")
        }
        shares = {name: [c for c in row if c.endswith("%")] for name, row in rows.items()}
        assert shares == {
            "Champions": ["10.0%", "24.5%"],
            "Promising": ["0.0%", "0.0%"],
            "Need Attention": ["0.0%", "0.0%"],
            "all segments": ["100.0%", "100.0%"],
        }


def test_cohorts_show_reads_a_file_written_before_m_was_averaged(cli, tmp_path):
    out = tmp_path / "cohorts.yaml"
    assert cli("cohorts", "rfm", HAND, "-o", out).exit_code == 0
    assert "average_m: 1.5" in out.read_text()
    older = tmp_path / "older.yaml"
    older.write_text(
        "".join(line for line in out.read_text().splitlines(True) if "average_m" not in line)
    )
    result = cli("cohorts", "show", older)
    assert result.exit_code == 0, result.output
    row = table_row(result.output, "Hibernating")
    assert "5.3%" in row and row[-1] == "43.33"  # no average M, nothing else lost
    assert table_row(cli("cohorts", "show", out).output, "Hibernating")[-1] == "1.5"
