"""The built-in computation, the SQL `--emit-sql` prints, and the documented rules agree.

- The duckdb dialect of `--emit-sql`, run by DuckDB over a table holding the
  order lines, gives the same members as `cohorts rfm` on the file.
- On random order data (ties, refunds, multi-line orders), `cohorts rfm` gives
  what a plain-Python reading of the rules in README/engine gives.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections import Counter
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cvo_workshop.engine.rfm import (
    NO_NET_REVENUE,
    AmountPer,
    Dialect,
    RfmPlan,
    emit_sql,
    scores,
    segment_for,
)
from cvo_workshop.model.cohorts import OrderColumns
from cvo_workshop.store.orders import ReadOptions
from cvo_workshop.store.rfm_run import RfmRequest, RfmRun

DATA = Path(__file__).parent.parent / "data" / "rfm"

Member = tuple[str, int | None, int, str, int | None, int | None, int | None, str]


def builtin_members(paths: list[Path], tmp: Path, **request) -> dict[str, Member]:
    target = tmp / "members.csv"
    with RfmRun(RfmRequest(paths=tuple(paths), **request)) as run:
        run.compute()
        run.export_members(target).publish()
    with target.open(newline="") as f:
        return {
            r["customer_id"]: (
                r["customer_id"],
                int(r["recency_days"]) if r["recency_days"] else None,
                int(r["frequency"]),
                r["monetary"],
                int(r["r"]) if r["r"] else None,
                int(r["f"]) if r["f"] else None,
                int(r["m"]) if r["m"] else None,
                r["segment"],
            )
            for r in csv.DictReader(f)
        }


def emitted_members(con, plan: RfmPlan, columns: OrderColumns) -> dict[str, Member]:
    sql = emit_sql(plan, columns, Dialect.DUCKDB, "orders")
    out = {}
    for cid, rec, freq, mon, r, f, m, seg in con.execute(sql).fetchall():
        out[cid] = (cid, rec, freq, f"{Decimal(mon):.2f}", r, f, m, seg)
    return out


def test_emitted_duckdb_sql_matches_the_builtin_run_on_order_lines(tmp_path):
    con = duckdb.connect()
    con.execute(
        f"CREATE TABLE orders AS SELECT * FROM read_csv('{DATA / 'hand.csv'}', "
        "types = {'date': 'TIMESTAMP', 'amount': 'DECIMAL(18, 2)', 'order': 'VARCHAR'})"
    )
    columns = OrderColumns(customer="customer", date="date", amount="amount", order="order")
    got = emitted_members(con, RfmPlan(), columns)
    assert got == builtin_members([DATA / "hand.csv"], tmp_path)
    assert got["c01"][-1] == "champions"


def test_emitted_duckdb_sql_matches_the_builtin_run_on_a_shopify_export(tmp_path):
    con = duckdb.connect()
    con.execute(
        f"CREATE TABLE orders AS SELECT * FROM read_csv('{DATA / 'shopify.csv'}', "
        "all_varchar = true)"
    )
    columns = OrderColumns(
        customer="Email",
        date="Created at",
        amount="Total",
        order="Name",
        refunded="Refunded Amount",
        status="Financial Status",
    )
    plan = RfmPlan(amount_per=AmountPer.ORDER, refunds=True, status=True)
    got = emitted_members(con, plan, columns)
    assert got == builtin_members([DATA / "shopify.csv"], tmp_path)
    assert got["ann@example.com"][3] == "175.00"


def test_emitted_sql_and_builtin_run_agree_on_blank_order_ids(tmp_path):
    path = tmp_path / "orders.csv"
    path.write_text(
        "order,customer,date,amount\n"
        ",a,2024-01-01,10\n,a,2024-03-01,20\n,a,2024-03-01,5\n,b,2024-03-01,7\n"
        "X,c,2024-02-01,5\nX,c,2024-02-01,1\n,d,2024-02-10,3\n,d,2024-02-12,4\n"
    )
    con = duckdb.connect()
    con.execute(
        f"CREATE TABLE orders AS SELECT * FROM read_csv('{path}', "
        "types = {'date': 'TIMESTAMP', 'amount': 'DECIMAL(18, 2)', 'order': 'VARCHAR'})"
    )
    columns = OrderColumns(customer="customer", date="date", amount="amount", order="order")
    got = emitted_members(con, RfmPlan(), columns)
    assert got == builtin_members([path], tmp_path)
    # blank ids never make one order: a has two orders, d two
    assert (got["a"][1], got["a"][2], got["d"][2]) == (1, 2, 2)


@pytest.mark.parametrize("as_of", [None, dt.date(2024, 3, 1)])
def test_emitted_sql_cli_output_runs_in_duckdb(cli, tmp_path, as_of):
    args = ["cohorts", "rfm", DATA / "hand.csv", "--emit-sql", "-o", tmp_path / "rfm.sql"]
    if as_of:
        args += ["--as-of", as_of.isoformat()]
    assert cli(*args).exit_code == 0
    con = duckdb.connect()
    con.execute(
        f"CREATE TABLE orders AS SELECT * FROM read_csv('{DATA / 'hand.csv'}', "
        "types = {'date': 'TIMESTAMP', 'amount': 'DECIMAL(18, 2)', 'order': 'VARCHAR'})"
    )
    rows = con.execute((tmp_path / "rfm.sql").read_text()).fetchall()
    request = {"as_of": as_of} if as_of else {}
    expected = builtin_members([DATA / "hand.csv"], tmp_path, **request)
    assert {r[0]: r[-1] for r in rows} == {k: v[-1] for k, v in expected.items()}


# -- random data against the rules written out in Python ---------------------

START = dt.date(2024, 1, 1)

order_st = st.tuples(
    st.sampled_from(["ann", "bob", "cat", "dan", "eve", "fay", "gus"]),
    st.integers(0, 40),  # day
    # line amounts in cents: small ones tie often; large ones span many monetary buckets
    st.lists(st.one_of(st.integers(-3000, 9000), st.integers(1, 10**9)), min_size=1, max_size=3),
)


def by_the_rules(orders: list[tuple[str, int, list[int]]]) -> dict[str, Member]:
    """RFM as README states it, written plainly (orders: customer, day, line cents)."""
    as_of = max(day for _, day, _ in orders) + 1
    per: dict[str, list[tuple[int, Decimal]]] = {}
    for customer, day, lines in orders:
        per.setdefault(customer, []).append((day, Decimal(sum(lines)) / 100))
    facts = {}
    for c, os in per.items():
        purchases = [day for day, net in os if net > 0]
        monetary = sum((net for _, net in os), Decimal(0))
        recency = as_of - max(purchases) if purchases else None
        facts[c] = (recency, len(purchases), monetary)
    scored = [c for c, (_, freq, mon) in facts.items() if freq > 0 and mon > 0]
    r = scores([facts[c][0] for c in scored], higher_is_better=False)
    f = scores([facts[c][1] for c in scored])
    m = scores([facts[c][2] for c in scored])
    out: dict[str, Member] = {}
    for c, (rec, freq, mon) in facts.items():
        out[c] = (c, rec, freq, f"{mon:.2f}", None, None, None, NO_NET_REVENUE)
    for i, c in enumerate(scored):
        rec, freq, mon = facts[c]
        out[c] = (c, rec, freq, f"{mon:.2f}", r[i], f[i], m[i], segment_for(r[i], f[i]))
    return out


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(orders=st.lists(order_st, min_size=1, max_size=25))
def test_builtin_run_follows_the_rules_on_random_orders(orders, tmp_path):
    path = tmp_path / "orders.csv"
    with path.open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["customer", "order", "date", "amount"])
        for n, (customer, day, lines) in enumerate(orders):
            date = (START + dt.timedelta(days=day)).isoformat()
            for cents in lines:
                w.writerow([customer, f"o{n}", date, f"{cents / 100:.2f}"])
    if not any(sum(lines) > 0 for _, _, lines in orders):
        return  # nothing to segment: refused, tested elsewhere
    expected = by_the_rules(orders)
    if all(e[-1] == NO_NET_REVENUE for e in expected.values()):
        return
    assert builtin_members([path], tmp_path) == expected


# -- real exports: offsets, statuses, duplicates, quantity x price (issue 19) ----


def emitted_from_cli(cli, tmp_path, con, path: Path, *options: str) -> dict[str, Member]:
    """Members from the SQL `--emit-sql` prints for `path`'s header, run on table `orders`."""
    sql_path = tmp_path / "rfm.sql"
    result = cli("cohorts", "rfm", path, "--emit-sql", *options, "-o", sql_path)
    assert result.exit_code == 0, result.output
    out = {}
    for cid, rec, freq, mon, r, f, m, seg in con.execute(sql_path.read_text()).fetchall():
        out[cid] = (cid, rec, freq, f"{Decimal(mon):.2f}", r, f, m, seg)
    return out


def text_table(path: Path):
    """The file as a warehouse table of text columns, in a session on another time zone."""
    con = duckdb.connect()
    con.execute("SET TimeZone = 'Asia/Tokyo'")  # the emitted SQL sets its own
    con.execute(f"CREATE TABLE orders AS SELECT * FROM read_csv('{path}', all_varchar = true)")
    return con


@pytest.mark.parametrize(
    "options",
    [
        (),
        ("--exclude-status", "Cancelled"),
        ("--drop-duplicates",),
        ("--timezone", "America/Los_Angeles", "--exclude-status", "cancelled"),
        ("--timezone", "Asia/Tokyo", "--drop-duplicates", "--as-of", "2024-03-15"),
    ],
)
def test_emitted_sql_matches_the_builtin_run_with_offsets_statuses_and_duplicates(
    cli, tmp_path, options
):
    path = DATA / "statuses.csv"
    got = emitted_from_cli(cli, tmp_path, text_table(path), path, *options)
    out = tmp_path / "members.csv"
    assert cli("cohorts", "rfm", path, *options, "--members", out).exit_code == 0
    with out.open(newline="") as f:
        expected = {
            r["customer_id"]: (
                r["customer_id"],
                int(r["recency_days"]) if r["recency_days"] else None,
                int(r["frequency"]),
                r["monetary"],
                int(r["r"]) if r["r"] else None,
                int(r["f"]) if r["f"] else None,
                int(r["m"]) if r["m"] else None,
                r["segment"],
            )
            for r in csv.DictReader(f)
        }
    assert got == expected


def test_emitted_sql_and_builtin_run_read_once_only_lines_written_the_same(cli, tmp_path):
    # 10.0 and 10.00 are one number written two ways: two lines, not a duplicate.
    path = tmp_path / "orders.csv"
    path.write_text(
        "customer,order,date,amount\n"
        "a,A1,2024-01-05,10.0\na,A1,2024-01-05,10.00\na,A1,2024-01-05,10.00\n"
        "a,A2,2024-02-01,5\nb,B1,2024-01-20,7\n"
    )
    got = emitted_from_cli(cli, tmp_path, text_table(path), path, "--drop-duplicates")
    assert got == builtin_members([path], tmp_path, options=ReadOptions(drop_duplicates=True))
    assert got["a"][3] == "25.00"


def test_emitted_sql_matches_the_builtin_run_on_quantity_x_price_with_float_ids(cli, tmp_path):
    path = DATA / "retail_quantity_price.csv"
    got = emitted_from_cli(cli, tmp_path, text_table(path), path)
    assert got == builtin_members([path], tmp_path)
    assert "14646" in got


@pytest.mark.parametrize("timezone", [None, "Asia/Tokyo"])
def test_emitted_sql_dates_instants_as_the_builtin_run_does(cli, tmp_path, timezone):
    pq = tmp_path / "orders.parquet"
    con = duckdb.connect()
    con.execute("SET TimeZone = 'America/New_York'")
    con.execute(
        "CREATE TABLE orders AS SELECT * FROM (VALUES "
        "('a', 'O1', TIMESTAMPTZ '2024-03-01 02:00:00+00', 10.0), "
        "('a', 'O2', TIMESTAMPTZ '2024-03-09 20:00:00+00', 10.0), "
        "('b', 'O3', TIMESTAMPTZ '2024-03-09 02:00:00+00', 30.0), "
        "('c', 'O4', TIMESTAMPTZ '2024-03-05 22:30:00+00', 5.0), "
        "('d', 'O5', TIMESTAMPTZ '2024-03-02 23:59:00+00', 50.0)"
        ') t(customer, "order", date, amount)'
    )
    con.execute(f"COPY orders TO '{pq}' (FORMAT parquet)")
    options = ("--timezone", timezone) if timezone else ()
    got = emitted_from_cli(cli, tmp_path, con, pq, *options)
    request = {"options": ReadOptions(timezone=timezone)}
    assert got == builtin_members([pq], tmp_path, **request)


# -- ties, and ranking without one window over every customer (issue 19) --------

TIES = DATA / "ties.csv"


def orders_of(path: Path) -> list[tuple[str, int, list[int]]]:
    """A customer,order,date,amount file as by_the_rules reads orders: (customer, day, cents)."""
    orders: dict[str, tuple[str, int, list[int]]] = {}
    with path.open(newline="") as f:
        for row in csv.DictReader(f):
            day = (dt.date.fromisoformat(row["date"]) - START).days
            _, _, lines = orders.setdefault(row["order"], (row["customer"], day, []))
            lines.append(int(Decimal(row["amount"]) * 100))
    return list(orders.values())


def test_builtin_run_follows_the_rules_on_a_file_with_many_ties(tmp_path):
    expected = by_the_rules(orders_of(TIES))
    got = builtin_members([TIES], tmp_path)
    assert got == expected
    # ties in every measure: most customers share their monetary value with another
    monetary = Counter(m[3] for m in got.values())
    assert sum(n for n in monetary.values() if n > 1) > len(got) / 2
    assert len({m[1] for m in got.values()}) < 10


def test_emitted_duckdb_sql_matches_the_builtin_run_on_a_file_with_many_ties(tmp_path):
    con = duckdb.connect()
    con.execute(
        f"CREATE TABLE orders AS SELECT * FROM read_csv('{TIES}', "
        "types = {'date': 'TIMESTAMP', 'amount': 'DECIMAL(18, 2)', 'order': 'VARCHAR'})"
    )
    columns = OrderColumns(customer="customer", date="date", amount="amount", order="order")
    assert emitted_members(con, RfmPlan(), columns) == builtin_members([TIES], tmp_path)


def unpartitioned_windows(sql: str) -> set[str]:
    """The CTEs of `sql` holding a window over all their rows (no PARTITION BY)."""
    ctes = re.findall(r"^(rfm_\w+) AS \(\n(.*?)^\)", sql, flags=re.M | re.S)
    return {name for name, body in ctes if re.search(r"OVER \((?!PARTITION BY)", body)}


@pytest.mark.parametrize("dialect", list(Dialect))
def test_emitted_sql_ranks_distinct_values_never_every_customer_in_one_window(dialect):
    columns = OrderColumns(customer="customer", date="date", amount="amount", order="order")
    sql = emit_sql(RfmPlan(), columns, dialect, "orders")
    # recency days, frequencies and monetary buckets: a few thousand rows at most
    assert unpartitioned_windows(sql) == {"rfm_r_ranks", "rfm_f_ranks", "rfm_m_buckets"}
    assert "RANK()" not in sql


@pytest.mark.parametrize("dialect", list(Dialect))
@pytest.mark.parametrize(
    "plan",
    [
        RfmPlan(amount_per=AmountPer.ORDER, refunds=True, status=True),
        RfmPlan(as_of=dt.date(2024, 3, 1), timezone="Europe/Amsterdam", drop_duplicates=True),
    ],
)
def test_emitted_sql_parses_in_its_dialect(dialect, plan):
    # BigQuery, Snowflake and Spark cannot run here: sqlglot reads their grammar.
    import sqlglot

    columns = OrderColumns(
        customer="Email",
        date="Created at",
        amount="Total",
        order="Name",
        refunded="Refunded Amount",
        status="Financial Status",
    )
    sql = emit_sql(plan, columns, dialect, "shop.orders")
    *_, query = sqlglot.parse(sql, read=dialect.value, error_level=sqlglot.ErrorLevel.RAISE)
    assert query is not None and query.find(sqlglot.exp.Window) is not None


def test_emitted_sql_leaves_out_orders_naming_two_customers_as_the_builtin_run_does(cli, tmp_path):
    path = tmp_path / "orders.csv"
    path.write_text(
        "order,customer,date,amount\n"
        "A,ann,2024-01-01,10\nB,bob,2024-01-02,20\nB,cat,2024-01-02,5\n"
        "C,cat,2024-01-03,7\nD,bob,2024-01-04,3\n"
    )
    got = emitted_from_cli(cli, tmp_path, text_table(path), path)
    sql = (tmp_path / "rfm.sql").read_text()
    comment = " ".join(line[3:] for line in sql.splitlines() if line.startswith("-- "))
    assert "Left out: orders with no customer, date or amount; orders whose lines name two" in (
        comment
    )
    out = tmp_path / "members.csv"
    result = cli("cohorts", "rfm", path, "--skip-bad-rows", "--members", out)
    assert "1 order skipped" in result.output and "naming two customers" in result.output
    with out.open(newline="") as f:
        expected = {r["customer_id"]: r["frequency"] for r in csv.DictReader(f)}
    assert (
        {cid: str(m[2]) for cid, m in got.items()}
        == expected
        == {
            "ann": "1",
            "bob": "1",
            "cat": "1",
        }
    )
