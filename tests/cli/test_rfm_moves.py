"""`cohorts rfm --compare-as-of`: who moved from which segment to which, computed by hand.

tests/data/rfm/moves.csv: six customers, orders of 10 (E5 is a return of -1000).
Five customers are scored at each date, so score = 1 + B (B = customers strictly worse).

As of 2024-04-01 (orders before it):
    a  last 03-25, 3 orders   b  last 03-30, 1   c  last 01-05, 1
    d  last 02-15, 2          e  last 03-28, 4   f  no order yet
    R: c 1, d 2, a 3, e 4, b 5      F: b 1, c 1, d 3, a 4, e 5
    a R3 F4 loyal, b R5 F1 new-customers, c R1 F1 hibernating, d R2 F3 at-risk,
    e R4 F5 loyal
As of 2024-07-01:
    a  last 06-20, 5 orders   b  last 03-30, 1   c  last 06-25, 2
    d  last 02-15, 2          e  40 - 1000 < 0: no net revenue   f  last 06-28, 1
    R: d 1, b 2, a 3, c 4, f 5      F: b 1, f 1, c 3, d 3, a 5
    a R3 F5 loyal, b R2 F1 hibernating, c R4 F3 potential-loyalists, d R1 F3 at-risk,
    f R5 F1 new-customers
Moves (share of the first segment): loyal -> loyal 1 (1/2), loyal -> no-net-revenue 1
(1/2), new-customers -> hibernating 1, hibernating -> potential-loyalists 1,
at-risk -> at-risk 1, no-orders-yet -> new-customers 1.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from rich.console import Console

from cvo_workshop.commands.cohorts import transition_table
from cvo_workshop.engine.rfm import transitions, transitions_csv
from cvo_workshop.store.cohorts import load_cohorts
from tests.conftest import DATA, run_process

MOVES = Path(__file__).parent.parent / "data" / "rfm" / "moves.csv"

EXPECTED = [
    ("no-orders-yet", "new-customers", "1", "1.0"),
    ("loyal", "loyal", "1", "0.5"),
    ("loyal", "no-net-revenue", "1", "0.5"),
    ("new-customers", "hibernating", "1", "1.0"),
    ("at-risk", "at-risk", "1", "1.0"),
    ("hibernating", "potential-loyalists", "1", "1.0"),
]


def moves_in(path: Path) -> list[tuple[str, ...]]:
    with path.open(newline="") as f:
        rows = list(csv.DictReader(f))
    assert {(r["from_as_of"], r["to_as_of"]) for r in rows} == {("2024-04-01", "2024-07-01")}
    return [(r["from_segment"], r["to_segment"], r["customers"], r["share"]) for r in rows]


def test_transitions_file_lists_who_moved_from_which_segment_to_which(cli, tmp_path):
    out = tmp_path / "moves.csv"
    result = cli(
        "cohorts", "rfm", MOVES, "--as-of", "2024-07-01",
        "--compare-as-of", "2024-04-01", "--transitions", out,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert moves_in(out) == EXPECTED
    assert f"Wrote 6 moves to {out}" in result.output


def test_a_compare_date_after_the_as_of_date_gives_the_same_moves(cli, tmp_path):
    out = tmp_path / "moves.csv"
    result = cli(
        "cohorts", "rfm", MOVES, "--as-of", "2024-04-01",
        "--compare-as-of", "2024-07-01", "--transitions", out,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert moves_in(out) == EXPECTED


def test_transition_table_names_new_and_lapsed_customers_with_shares():
    result = run_process(
        "cohorts", "rfm", MOVES, "--as-of", "2024-07-01", "--compare-as-of", "2024-04-01",
        env={"COLUMNS": "80"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    start = lines.index("Movement from 2024-04-01 to 2024-07-01")
    rows = [line.split() for line in lines[start:] if "%" in line]
    assert rows == [
        ["(no", "orders", "yet)", "New", "Customers", "1", "100.0%"],
        ["Loyal", "Loyal", "1", "50.0%"],
        ["(no", "net", "revenue)", "1", "50.0%"],
        ["New", "Customers", "Hibernating", "1", "100.0%"],
        ["At", "Risk", "At", "Risk", "1", "100.0%"],
        ["Hibernating", "Potential", "Loyalists", "1", "100.0%"],
    ]
    assert max(len(line) for line in lines) <= 80


def test_a_share_in_the_file_is_a_number_as_a_cohort_file_has_it_not_six_padded_decimals():
    moves = transitions(
        dt.date(2024, 1, 1),
        dt.date(2024, 7, 1),
        [("loyal", "loyal", 1), ("loyal", "at-risk", 6), ("champions", "loyal", 3)],
    )
    rows = list(csv.DictReader(io.StringIO(transitions_csv(moves))))
    assert [r["share"] for r in rows] == ["1.0", "0.142857", "0.857143"]


def test_a_move_of_one_in_millions_is_above_0_in_the_file_and_the_table(cli, tmp_path):
    moves = transitions(
        dt.date(2024, 1, 1),
        dt.date(2024, 7, 1),
        [("loyal", "loyal", 1), ("loyal", "at-risk", 1_999_999)],
    )
    rows = list(csv.DictReader(io.StringIO(transitions_csv(moves))))
    # and the rest below 1: 1.0 would say all of them moved
    assert [(r["to_segment"], r["share"]) for r in rows] == [
        ("loyal", "5e-07"),
        ("at-risk", "0.9999995"),
    ]
    made = tmp_path / "c.yaml"
    assert cli("cohorts", "rfm", DATA / "rfm" / "hand.csv", "-o", made).exit_code == 0
    console = Console(file=io.StringIO(), width=100)
    console.print(transition_table(moves, load_cohorts(made)))
    shown = [line.split() for line in console.file.getvalue().splitlines() if "%" in line]
    assert shown == [["Loyal", "Loyal", "1", "<0.1%"], ["At", "Risk", "1,999,999", ">99.9%"]]


def test_transitions_file_needs_a_compare_date(cli, tmp_path):
    result = cli("cohorts", "rfm", MOVES, "--transitions", tmp_path / "moves.csv")
    assert result.exit_code == 2
    assert "--transitions FILE.csv goes with --compare-as-of DATE" in result.output


def test_compare_date_equal_to_the_as_of_date_is_refused_and_nothing_is_written(cli, tmp_path):
    out, cohorts = tmp_path / "moves.csv", tmp_path / "cohorts.yaml"
    result = cli(
        "cohorts", "rfm", MOVES, "--as-of", "2024-07-01", "--compare-as-of", "2024-07-01",
        "--transitions", out, "-o", cohorts,
    )  # fmt: skip
    assert result.exit_code == 1
    assert result.output.startswith("--compare-as-of 2024-07-01 is the as-of date itself")
    assert not out.exists() and not cohorts.exists()


def test_compare_date_equal_to_the_as_of_date_is_refused_before_the_data_is_read(cli, tmp_path):
    # The file holds an unreadable date: a refusal naming it would mean the data was read.
    orders = tmp_path / "orders.csv"
    orders.write_text(MOVES.read_text() + "g,G1,not a date,10\n")
    result = cli(
        "cohorts", "rfm", orders, "--as-of", "2024-07-01", "--compare-as-of", "2024-07-01",
    )  # fmt: skip
    assert result.exit_code == 1
    assert "--compare-as-of 2024-07-01 is the as-of date itself" in result.output
    assert "not a date" not in result.output


def test_compare_date_after_the_last_order_is_refused_when_the_as_of_date_is_not_given(
    cli, tmp_path
):
    # The last order is on 2024-06-28: the as-of date is 2024-06-29.
    out = tmp_path / "moves.csv"
    result = cli("cohorts", "rfm", MOVES, "--compare-as-of", "2024-08-01", "--transitions", out)
    assert result.exit_code == 1
    assert (
        "--compare-as-of 2024-08-01 is after the last order (the as-of date is 2024-06-29"
        in " ".join(result.output.split())
    )
    assert not out.exists()


def test_compare_date_equal_to_the_day_after_the_last_order_is_refused(cli):
    result = cli("cohorts", "rfm", MOVES, "--compare-as-of", "2024-06-29")
    assert result.exit_code == 1
    assert "--compare-as-of 2024-06-29 is the as-of date itself" in result.output


def test_transitions_file_is_never_written_over_an_order_file(cli, tmp_path):
    orders = tmp_path / "orders.csv"
    orders.write_bytes(MOVES.read_bytes())
    result = cli("cohorts", "rfm", orders, "--compare-as-of", "2024-04-01", "--transitions", orders)
    assert result.exit_code == 1
    assert orders.read_bytes() == MOVES.read_bytes()


def test_compare_as_of_needs_the_data_not_emitted_sql(cli):
    result = cli("cohorts", "rfm", "--emit-sql", "--compare-as-of", "2024-04-01")
    assert result.exit_code == 2
    assert "--compare-as-of needs the data: leave out --emit-sql" in result.output
