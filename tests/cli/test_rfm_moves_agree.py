"""`cohorts rfm --compare-as-of --transitions --members -o`: the terminal tables, the
cohort file, the members file and the moves file tell one story, the one counted by
hand. The order file is written by the test: 13 customers, orders of round amounts.

    A  01-10 50, 03-20 50, 06-25 50, 06-28 50, a return 06-29 -20
    B  01-05 30, 02-01 30, 03-25 30         C  06-15 20
    D  2023-12-01 40                        E  02-10 60, 05-10 60
    F  03-01 80, a refund 05-01 -80         G  01-20, 02-20, 03-10, 04-15, 06-01: 100 each
    H  03-31 15                             I  2023-11-15 70, 2023-12-15 70
    J  05-20 45, 06-20 45                   K  02-01 50, a refund 02-15 -50, 06-01 70
    L  a return 03-01 -10, nothing else     M  02-01 30, a refund 03-01 -30
    N  07-05 99, after the as-of date: left out

As of 2024-07-01, N = 10 customers with net revenue (F, L, M have none), score =
1 + floor(B / 2), B = customers strictly worse:
    recency  A 3, J 11, C 16, G 30, K 30, E 52, H 92, B 98, I 199, D 213
             -> A 5, J 5, C 4, G 3, K 3, E 3, H 2, B 2, I 1, D 1
    frequency (purchases) C D H 1 -> 1; E I J K 2 -> 2; B 3 -> 4; A 4 -> 5; G 5 -> 5
    A R5 F5 champions, G R3 F5 loyal, J R5 F2 potential-loyalists, C R4 F1 promising,
    E R3 F2 and K R3 F2 about-to-sleep, B R2 F4 at-risk, I R1 F2, D R1 F1 and
    H R2 F1 hibernating.
    Revenue of the ten: 180 + 500 + 90 + 20 + 190 + 90 + 195 = 1265 over 23 purchases.
As of 2024-04-01, N = 8 (C, J: no orders yet; K, L, M: no net revenue), score =
1 + floor(5 B / 8):
    recency  H 1, B 7, A 12, G 22, F 31, E 51, I 108, D 122 -> 5, 4, 4, 3, 2, 2, 1, 1
    frequency D E F H 1 -> 1; A I 2 -> 3; B G 3 -> 4
    H new-customers, B and G loyal, A potential-loyalists, I at-risk,
    F, E and D hibernating.
Moves: C, J from (no orders yet); B loyal -> at-risk, G loyal -> loyal; A -> champions;
H -> hibernating; I -> hibernating; F -> (no net revenue), E -> about-to-sleep,
D -> hibernating; K (no net revenue) -> about-to-sleep, L and M stay without.
"""

from __future__ import annotations

import csv
from collections import Counter

import pytest

from cvo_workshop.store.cohorts import load_cohorts

ORDERS = [
    ("A", "2024-01-10", "50"), ("A", "2024-03-20", "50"), ("A", "2024-06-25", "50"),
    ("A", "2024-06-28", "50"), ("A", "2024-06-29", "-20"),
    ("B", "2024-01-05", "30"), ("B", "2024-02-01", "30"), ("B", "2024-03-25", "30"),
    ("C", "2024-06-15", "20"),
    ("D", "2023-12-01", "40"),
    ("E", "2024-02-10", "60"), ("E", "2024-05-10", "60"),
    ("F", "2024-03-01", "80"), ("F", "2024-05-01", "-80"),
    ("G", "2024-01-20", "100"), ("G", "2024-02-20", "100"), ("G", "2024-03-10", "100"),
    ("G", "2024-04-15", "100"), ("G", "2024-06-01", "100"),
    ("H", "2024-03-31", "15"),
    ("I", "2023-11-15", "70"), ("I", "2023-12-15", "70"),
    ("J", "2024-05-20", "45"), ("J", "2024-06-20", "45"),
    ("K", "2024-02-01", "50"), ("K", "2024-02-15", "-50"), ("K", "2024-06-01", "70"),
    ("L", "2024-03-01", "-10"),
    ("M", "2024-02-01", "30"), ("M", "2024-03-01", "-30"),
    ("N", "2024-07-05", "99"),
]  # fmt: skip

#: customer -> (recency_days, frequency, monetary, r, f, m, segment) as of 2024-07-01
MEMBERS = {
    "A": ("3", "4", "180.00", "5", "5", "5", "champions"),
    "G": ("30", "5", "500.00", "3", "5", "5", "loyal"),
    "J": ("11", "2", "90.00", "5", "2", "3", "potential-loyalists"),
    "C": ("16", "1", "20.00", "4", "1", "1", "promising"),
    "E": ("52", "2", "120.00", "3", "2", "4", "about-to-sleep"),
    "K": ("30", "2", "70.00", "3", "2", "2", "about-to-sleep"),
    "B": ("98", "3", "90.00", "2", "4", "3", "at-risk"),
    "I": ("199", "2", "140.00", "1", "2", "4", "hibernating"),
    "D": ("213", "1", "40.00", "1", "1", "2", "hibernating"),
    "H": ("92", "1", "15.00", "2", "1", "1", "hibernating"),
    "F": ("122", "1", "0.00", "", "", "", "no-net-revenue"),
    "M": ("151", "1", "0.00", "", "", "", "no-net-revenue"),
    "L": ("", "0", "-10.00", "", "", "", "no-net-revenue"),
}

#: (from, to, customers, share of the first) from 2024-04-01 to 2024-07-01
MOVES = [
    ("no-orders-yet", "potential-loyalists", "1", "0.5"),
    ("no-orders-yet", "promising", "1", "0.5"),
    ("loyal", "loyal", "1", "0.5"),
    ("loyal", "at-risk", "1", "0.5"),
    ("potential-loyalists", "champions", "1", "1.0"),
    ("new-customers", "hibernating", "1", "1.0"),
    ("at-risk", "hibernating", "1", "1.0"),
    ("hibernating", "about-to-sleep", "1", "0.333333"),
    ("hibernating", "hibernating", "1", "0.333333"),
    ("hibernating", "no-net-revenue", "1", "0.333333"),
    ("no-net-revenue", "about-to-sleep", "1", "0.333333"),
    ("no-net-revenue", "no-net-revenue", "2", "0.666667"),
]


def rows_of(path):
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.fixture
def run(cli, tmp_path):
    orders = tmp_path / "orders.csv"
    with orders.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["order_id", "customer_id", "order_date", "amount"])
        writer.writerows((f"o{n}", *order) for n, order in enumerate(ORDERS, 1))
    out = {name: tmp_path / name for name in ("cohorts.yaml", "members.csv", "moves.csv")}
    result = cli(
        "cohorts", "rfm", orders, "--as-of", "2024-07-01", "--compare-as-of", "2024-04-01",
        "--transitions", out["moves.csv"], "--members", out["members.csv"],
        "-o", out["cohorts.yaml"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return result, out


def test_members_and_moves_are_the_hand_count(run):
    _, out = run
    members = {r["customer_id"]: tuple(r.values())[1:] for r in rows_of(out["members.csv"])}
    assert members == MEMBERS
    moves = rows_of(out["moves.csv"])
    assert {(r["from_as_of"], r["to_as_of"]) for r in moves} == {("2024-04-01", "2024-07-01")}
    assert [(r["from_segment"], r["to_segment"], r["customers"], r["share"]) for r in moves] == (
        MOVES
    )


def test_the_cohort_file_counts_the_members_and_the_moves_arrive_at_it(run):
    _, out = run
    cohorts = load_cohorts(out["cohorts.yaml"])
    totals = cohorts.cohort_set.totals
    members = rows_of(out["members.csv"])
    in_segment = Counter(r["segment"] for r in members)
    arrived = Counter()
    for r in rows_of(out["moves.csv"]):
        arrived[r["to_segment"]] += int(r["customers"])
    for card in cohorts.cohorts:
        assert card.customers == in_segment[card.id] == arrived[card.id], card.id
        assert card.share == round(in_segment[card.id] / 10, 6), card.id
        revenue = sum(float(r["monetary"]) for r in members if r["segment"] == card.id)
        assert card.revenue_share == pytest.approx(revenue / 1265, abs=1e-6), card.id
        stats = cohorts.stats(card.id)
        purchases = sum(int(r["frequency"]) for r in members if r["segment"] == card.id)
        assert (stats.revenue, stats.orders) == (revenue, purchases), card.id
        # purchases per customer a year, from the first order (2023-11-15): 229 days
        if card.customers:
            rate = purchases / card.customers / (229 / 365.25)
            assert card.orders_per_year == pytest.approx(rate, rel=1e-3), card.id
    assert (totals.customers, totals.segmented_customers) == (13, 10)
    assert totals.no_net_revenue_customers == in_segment["no-net-revenue"] == 3
    assert arrived["no-net-revenue"] == 3
    assert (totals.orders, totals.purchases, totals.later_orders) == (30, 25, 1)
    assert (totals.segmented_revenue, totals.revenue) == (1265, 1255)


def test_the_terminal_tables_say_what_the_files_hold(run, cli):
    result, out = run
    lines = result.output.splitlines()

    def row(first: str) -> list[str]:
        return next(line.split() for line in lines if line.lstrip().startswith(first))

    assert "13 customers, 30 orders (25 purchases), net revenue 1,255.00" in result.output
    # Segment, customers, share, revenue share, AOV (revenue per purchase), average M
    assert [c for c in row("About to Sleep") if not c.startswith(("█", "▏"))][-5:] == [
        "2", "20.0%", "15.0%", "47.50", "3.0",
    ]  # fmt: skip
    assert [c for c in row("Hibernating") if not c.startswith(("█", "▏"))][-5:] == [
        "3", "30.0%", "15.4%", "48.75", "2.3",
    ]  # fmt: skip
    assert row("all segments")[2:] == ["10", "100.0%", "100.0%", "55.00", "3.0"]
    moved = lines.index("Movement from 2024-04-01 to 2024-07-01")
    moves = [line.split() for line in lines[moved:] if line.rstrip().endswith("%")]
    assert moves[-3:] == [
        ["(no", "net", "revenue)", "1", "33.3%"],  # F, from Hibernating
        ["(no", "net", "revenue)", "About", "to", "Sleep", "1", "33.3%"],  # K
        ["(no", "net", "revenue)", "2", "66.7%"],  # L and M
    ]
    assert sum(int(m[-2]) for m in moves) == 13
    # `cohorts show` prints the file as `cohorts rfm` printed the run
    shown = cli("cohorts", "show", out["cohorts.yaml"])
    assert shown.exit_code == 0, shown.output
    assert "13 customers, 30 orders (25 purchases), net revenue 1,255.00" in shown.output
    table = lines[lines.index(next(x for x in lines if x.lstrip().startswith("segment"))) :]
    table = table[: next(n for n, x in enumerate(table) if "all segments" in x) + 1]
    assert all(line in shown.output.splitlines() for line in table)
