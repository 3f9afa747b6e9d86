"""A share is stored with six significant digits, and more where six would round a
share of some (not all) to 1.0 or 0.0: only all is 1 and only none is 0, in the
cohort file and the moves CSV alike.

With 2,000,000 customers staying Hibernating and one becoming a Champion, six
digits wrote Hibernating's `share: 1.0` (the workshop then said "100% of
customers", the tables "100.0%") and a moves row `hibernating,hibernating,
2000000,1.0` beside `hibernating,champions,1,5e-07`: shares adding up above 1."""

from __future__ import annotations

import csv
import math

import pytest

from cvo_workshop.engine.rfm import _ratio
from cvo_workshop.store.cohorts import load_cohorts

MANY = 2_000_000


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """2,000,000 customers who bought once for 10.00 on 2023-01-05 (Hibernating at
    both dates), and one who bought for 0.01 then and again on 2024-06-01 (a
    Champion by the as-of date): as a Parquet file, 2,000,002 order lines."""
    import duckdb
    from click.testing import CliRunner

    from cvo_workshop.cli import cli

    folder = tmp_path_factory.mktemp("digits")
    orders = folder / "orders.parquet"
    con = duckdb.connect()
    con.execute(
        f"""COPY (
  SELECT 'c' || i AS customer, 'o' || i AS order_id, DATE '2023-01-05' AS date,
    CAST(10 AS DECIMAL(18, 2)) AS amount
  FROM range({MANY}) t(i)
  UNION ALL SELECT 'champ', 'x1', DATE '2023-01-05', 0.01
  UNION ALL SELECT 'champ', 'x2', DATE '2024-06-01', 0.01
) TO '{orders}' (FORMAT parquet)"""
    )
    con.close()
    made, moves = folder / "cohorts.yaml", folder / "moves.csv"
    runner = CliRunner(env={"COLUMNS": "100", "NO_COLOR": "1"})
    args = ["cohorts", "rfm", orders, "-o", made, "--compare-as-of", "2024-01-01"]
    result = runner.invoke(cli, [str(a) for a in [*args, "--transitions", moves]])
    assert result.exit_code == 0, result.output
    show = runner.invoke(cli, ["cohorts", "show", str(made)])
    assert show.exit_code == 0, show.output
    return result.output, show.output, made, moves


def test_the_cohort_file_keeps_all_but_one_below_1(run):
    _, _, made, _ = run
    cohorts = load_cohorts(made)
    hibernating, champions = cohorts.cohort("hibernating"), cohorts.cohort("champions")
    assert hibernating.share == 0.9999995  # 2,000,000 / 2,000,001, not 1.0
    assert champions.share == 5e-07
    # revenue: 20,000,000.00 of 20,000,000.02
    assert hibernating.revenue_share == 0.999999999
    assert champions.revenue_share == 1e-09
    text = made.read_text(encoding="utf-8")
    assert "share: 1.0\n" not in text
    assert "share: 0.9999995\n" in text and "revenue_share: 0.999999999\n" in text


def test_the_moves_file_keeps_all_but_one_below_1(run):
    _, _, _, moves = run
    with moves.open(newline="", encoding="utf-8") as f:
        rows = {(r["from_segment"], r["to_segment"]): r for r in csv.DictReader(f)}
    stay = rows["hibernating", "hibernating"]
    assert (stay["customers"], stay["share"]) == ("2000000", "0.9999995")
    assert rows["hibernating", "champions"]["share"] == "5e-07"
    total = sum(float(r["share"]) for r in rows.values())
    assert total == pytest.approx(1.0, abs=1e-12)


def test_the_tables_say_over_99_9_percent_not_100(run):
    output, shown, _, _ = run
    for text in (output, shown):
        row = next(line.split() for line in text.splitlines() if "Hibernating" in line)
        assert "2,000,000" in row, text
        assert [w for w in row if w.endswith("%")] == [">99.9%", ">99.9%"], text


@pytest.mark.parametrize(
    ("part", "whole", "stored"),
    [
        (MANY, MANY + 1, 0.9999995),
        (1, MANY + 1, 5e-07),
        (1, 7, 0.142857),  # six digits where six are enough
        (1, 3, 0.333333),
        (5, 5, 1.0),
        (0, 5, 0.0),
        (10**12 - 1, 10**12, 0.999999999999),
        (10**17, 10**17 + 1, math.nextafter(1.0, 0.0)),  # a float cannot tell them apart
    ],
)
def test_a_share_is_1_only_for_all_and_0_only_for_none(part, whole, stored):
    assert _ratio(part, whole) == stored
