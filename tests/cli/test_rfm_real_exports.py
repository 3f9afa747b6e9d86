"""`cohorts rfm` at the edges of real exports (issue 19): time zones, status
columns, quantity x unit price, exact duplicate lines, float customer ids,
currencies."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import duckdb
import pytest

from cvo_workshop.store.cohorts import load_cohorts
from tests.cli.test_rfm_cli import members_of, write
from tests.conftest import run_process

DATA = Path(__file__).parent.parent / "data" / "rfm"
STATUSES = DATA / "statuses.csv"
QUANTITY_PRICE = DATA / "retail_quantity_price.csv"
AMOUNT_TWIN = DATA / "retail_amount.csv"


def run_members(cli, tmp_path, *args, name: str = "m.csv"):
    out = tmp_path / name
    result = cli("cohorts", "rfm", *args, "--members", out, "-o", tmp_path / f"{name}.yaml")
    assert result.exit_code == 0, result.output
    return result, members_of(out), load_cohorts(tmp_path / f"{name}.yaml")


# -- time zones ----------------------------------------------------------------


def tz_aware_parquet(path: Path) -> Path:
    """Orders stored as instants (TIMESTAMP WITH TIME ZONE), some late in the UTC day:
    in Tokyo those fall on the next day, so a machine's zone would change recency."""
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    con.execute(
        f"""
COPY (
  SELECT * FROM (VALUES
    ('a', 'O1', TIMESTAMPTZ '2024-03-01 02:00:00+00', 10.0),
    ('a', 'O2', TIMESTAMPTZ '2024-03-09 20:00:00+00', 10.0),
    ('b', 'O3', TIMESTAMPTZ '2024-03-09 02:00:00+00', 30.0),
    ('c', 'O4', TIMESTAMPTZ '2024-03-05 22:30:00+00', 5.0),
    ('c', 'O5', TIMESTAMPTZ '2024-03-07 01:00:00+00', 5.0),
    ('d', 'O6', TIMESTAMPTZ '2024-03-02 23:59:00+00', 50.0),
    ('e', 'O7', TIMESTAMPTZ '2024-03-08 03:00:00+00', 7.0)
  ) t(customer, "order", date, amount)
) TO '{path}' (FORMAT parquet)
"""
    )
    con.close()
    return path


def test_a_tz_aware_parquet_gives_the_same_members_whatever_the_machines_time_zone(tmp_path):
    pq = tz_aware_parquet(tmp_path / "orders.parquet")
    outputs = {}
    for tz in ("UTC", "Asia/Tokyo"):
        out = tmp_path / f"members-{tz.replace('/', '-')}.csv"
        proc = run_process("cohorts", "rfm", pq, "--as-of", "2024-03-11", "--members", out,
                           env={"TZ": tz})  # fmt: skip
        assert proc.returncode == 0, proc.stderr
        outputs[tz] = out.read_bytes()
    assert outputs["UTC"] == outputs["Asia/Tokyo"]
    # dated in UTC: a's last order is on 2024-03-09 (in Tokyo it would be the 10th)
    assert members_of(tmp_path / "members-UTC.csv")["a"]["recency_days"] == "2"


def test_timezone_dates_instants_in_the_shops_zone_on_any_machine(tmp_path):
    pq = tz_aware_parquet(tmp_path / "orders.parquet")
    outputs = {}
    for tz in ("UTC", "America/New_York"):
        out = tmp_path / f"members-{tz.replace('/', '-')}.csv"
        proc = run_process("cohorts", "rfm", pq, "--as-of", "2024-03-11", "--timezone",
                           "Asia/Tokyo", "--members", out, env={"TZ": tz})  # fmt: skip
        assert proc.returncode == 0, proc.stderr
        assert "Order dates in Asia/Tokyo" in proc.stdout
        outputs[tz] = out.read_bytes()
    assert outputs["UTC"] == outputs["America/New_York"]
    # 2024-03-09 20:00 UTC is 2024-03-10 05:00 in Tokyo
    assert members_of(tmp_path / "members-UTC.csv")["a"]["recency_days"] == "1"


def test_a_utc_offset_is_dropped_by_default_and_converted_with_timezone(cli, tmp_path):
    f = write(
        tmp_path / "o.csv",
        "customer,date,amount\na,2024-03-05 23:30:00 -0800,5\nb,2024-03-01 00:30:00 +0100,6\n",
    )
    _, as_written, cohorts = run_members(cli, tmp_path, f, "--as-of", "2024-03-10")
    assert as_written["a"]["recency_days"] == "5"  # the 5th, on the shop's clock
    assert "the offset dropped" in (cohorts.cohort_set.time_rule or "")
    _, in_utc, cohorts = run_members(
        cli, tmp_path, f, "--as-of", "2024-03-10", "--timezone", "UTC", name="utc.csv"
    )
    assert in_utc["a"]["recency_days"] == "4"  # 2024-03-06 07:30 UTC
    assert as_written["b"]["recency_days"] == "9"
    assert in_utc["b"]["recency_days"] == "10"  # 2024-02-29 23:30 UTC
    assert cohorts.cohort_set.timezone == "UTC"


@pytest.mark.parametrize("zone", ["Mars/Olympus", "Europe/../etc", "UTC'; DROP"])
def test_an_unknown_time_zone_is_a_usage_error(cli, zone):
    result = cli("cohorts", "rfm", DATA / "hand.csv", "--timezone", zone)
    assert result.exit_code == 2
    assert "--timezone" in result.output and "Traceback" not in result.output


# -- status columns --------------------------------------------------------------


def statuses_file() -> list[dict[str, str]]:
    with STATUSES.open(newline="") as f:
        return list(csv.DictReader(f))


def test_a_status_column_is_found_and_its_values_counted(cli, tmp_path):
    lines = statuses_file()
    per_value = Counter(r["Order Status"].strip().lower() for r in lines)
    result, _, cohorts = run_members(cli, tmp_path, STATUSES)
    assert cohorts.cohort_set.columns.status == "Order Status"
    said = " ".join(result.output.split())
    assert (
        f"Status column 'Order Status': 'completed' {per_value['completed']} lines, "
        f"'cancelled' {per_value['cancelled']} lines; every status counts as a purchase"
    ) in said
    assert "--exclude-status" in said


def test_exclude_status_leaves_those_orders_out(cli, tmp_path):
    lines = statuses_file()
    cancelled = {r["order_id"] for r in lines if r["Order Status"].strip() == "Cancelled"}
    kept = {r["order_id"]: r["customer_id"] for r in lines if r["order_id"] not in cancelled}
    result, rows, cohorts = run_members(cli, tmp_path, STATUSES, "--exclude-status", "CANCELLED")
    assert cohorts.cohort_set.totals.voided_orders == len(cancelled)
    assert cohorts.cohort_set.excluded_statuses == ["cancelled"]
    assert f"{len(cancelled)} orders with status 'cancelled' left out" in result.output
    orders_of = Counter(kept.values())
    assert {c: int(r["frequency"]) for c, r in rows.items()} == dict(orders_of)


def test_exclude_status_without_a_status_column_is_refused(cli, tmp_path):
    result = cli("cohorts", "rfm", DATA / "hand.csv", "--exclude-status", "cancelled")
    assert result.exit_code == 1
    assert "--exclude-status: no status column found" in result.output
    assert "--status COLUMN" in result.output


def test_exclude_status_naming_a_value_not_in_the_data_says_what_is_there(cli, tmp_path):
    result, _, _ = run_members(cli, tmp_path, STATUSES, "--exclude-status", "Canceled")
    said = " ".join(result.output.split())
    assert "No order has status 'canceled' (--exclude-status)" in said
    assert "'completed', 'cancelled'" in said


# -- quantity x unit price ---------------------------------------------------------


def test_a_quantity_x_price_file_scores_as_its_precomputed_amount_twin(cli, tmp_path):
    result, by_price, cohorts = run_members(cli, tmp_path, QUANTITY_PRICE)
    _, by_amount, _ = run_members(cli, tmp_path, AMOUNT_TWIN, name="twin.csv")
    assert by_price == by_amount
    columns = cohorts.cohort_set.columns
    assert (columns.quantity, columns.price) == ("Quantity", "UnitPrice")
    assert "amount = Quantity x UnitPrice per line" in " ".join(result.output.split())


def test_quantity_and_price_can_be_named(cli, tmp_path):
    f = write(
        tmp_path / "o.csv",
        "who,when,n,each\na,2024-01-01,3,2.50\na,2024-02-01,1,4\nb,2024-02-02,2,1.25\n",
    )
    _, rows, _ = run_members(
        cli, tmp_path, f, "--customer", "who", "--date", "when", "--quantity", "n",
        "--price", "each",
    )  # fmt: skip
    assert (rows["a"]["monetary"], rows["b"]["monetary"]) == ("11.50", "2.50")


def test_quantity_without_price_is_a_usage_error(cli):
    result = cli("cohorts", "rfm", QUANTITY_PRICE, "--quantity", "Quantity")
    assert result.exit_code == 2 and "--quantity and --price go together" in result.output


def test_an_unreadable_quantity_is_located_in_its_own_column(cli, tmp_path):
    f = write(tmp_path / "o.csv", "customer,date,quantity,price\na,2024-01-01,two,2.50\n")
    result = cli("cohorts", "rfm", f)
    assert result.exit_code == 1
    assert f"{f}:2: quantity: cannot read 'two' as an amount" in result.output


def test_an_amount_column_that_looks_like_a_unit_price_is_warned_about(cli, tmp_path):
    result = cli("cohorts", "rfm", QUANTITY_PRICE, "--amount", "UnitPrice")
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "the amount column 'UnitPrice' looks like a unit price" in said
    assert "pass --quantity 'Quantity' --price 'UnitPrice'" in said
    quiet = cli("cohorts", "rfm", AMOUNT_TWIN)
    assert "looks like a unit price" not in quiet.output


# -- duplicates and float ids ---------------------------------------------------------


def test_exact_duplicate_lines_are_counted_and_read_once_on_request(cli, tmp_path):
    body = STATUSES.read_text().splitlines()[1:]
    duplicates = sum(n - 1 for n in Counter(body).values())
    assert duplicates > 0
    result, counted, cohorts = run_members(cli, tmp_path, STATUSES)
    said = " ".join(result.output.split())
    assert f"{duplicates} lines are exact duplicates of another line" in said
    assert cohorts.cohort_set.totals.duplicate_lines == duplicates
    assert "--drop-duplicates" in said

    result, once, cohorts = run_members(cli, tmp_path, STATUSES, "--drop-duplicates", name="d.csv")
    assert f"{duplicates} exact duplicate lines read once" in " ".join(result.output.split())
    meta = cohorts.cohort_set
    assert meta.drop_duplicates and meta.totals.rows == len(body)
    revenue = sum(float(r["monetary"]) for r in once.values())
    distinct = sum(float(line.split(",")[3]) for line in set(body))
    assert round(revenue, 2) == round(distinct, 2)
    assert revenue < sum(float(r["monetary"]) for r in counted.values())


def test_whole_number_float_customer_ids_are_read_as_whole_numbers(cli, tmp_path):
    pq = tmp_path / "o.parquet"
    duckdb.sql(
        "COPY (SELECT * FROM (VALUES (14646.0, '2024-01-01', 5.0), (14640.0, '2024-01-02', 6.0), "
        "(12.5, '2024-01-03', 7.0), (100.0, '2024-01-04', 8.0)) t(customer_id, date, amount)) "
        f"TO '{pq}' (FORMAT parquet)"
    )
    _, rows, _ = run_members(cli, tmp_path, pq)
    assert sorted(rows) == ["100", "12.5", "14640", "14646"]


# -- currencies ------------------------------------------------------------------------


def test_a_currency_column_in_a_generic_file_notes_mixed_currencies(cli, tmp_path):
    f = write(
        tmp_path / "o.csv",
        "customer,date,amount,currency\na,2024-01-01,5,EUR\nb,2024-01-02,6,USD\n"
        "c,2024-01-03,7,EUR\n",
    )
    result, _, cohorts = run_members(cli, tmp_path, f)
    assert cohorts.cohort_set.columns.currency == "currency"
    assert "Orders are in 2 currencies (EUR, USD)" in " ".join(result.output.split())


# -- hints -------------------------------------------------------------------------------


def refused(cli, f: Path, *args: str) -> str:
    result = cli("cohorts", "rfm", f, *args)
    assert result.exit_code == 1, result.output
    return " ".join(result.output.split())


def test_compact_dates_suggest_their_format(cli, tmp_path):
    f = write(tmp_path / "o.csv", "customer,date,amount\na,19970224,5\nb,1997-02-25,6\n")
    assert "pass --date-format '%Y%m%d'" in refused(cli, f)


@pytest.mark.parametrize(
    ("dates", "expected"),
    [
        (("12/1/2010 8:26", "12/13/2010 9:01"), "--date-format '%m/%d/%Y %H:%M'"),
        (("13/1/2010 08:26:00", "1/2/2010 09:01:00"), "--date-format '%d/%m/%Y %H:%M:%S'"),
        (("1.2.24", "2.2.24"), "--date-format '%d.%m.%y' or '%m.%d.%y'"),
    ],
)
def test_day_month_year_dates_suggest_a_format_with_their_time(cli, tmp_path, dates, expected):
    body = "".join(f"c{i},{d},5\n" for i, d in enumerate(dates))
    f = write(tmp_path / "o.csv", "customer,date,amount\n" + body + "z,2010-01-01,5\n")
    assert expected in refused(cli, f)


def test_skip_bad_rows_is_not_suggested_when_every_row_fails(cli, tmp_path):
    f = write(tmp_path / "o.csv", "customer,date,amount\na,19970224,5\nb,19970225,6\n")
    msg = refused(cli, f)
    assert "every row has an unreadable date" in msg
    assert "--skip-bad-rows" not in msg
    some = write(tmp_path / "p.csv", "customer,date,amount\na,19970224,5\nb,1997-02-25,6\n")
    assert "--skip-bad-rows" in refused(cli, some)


def test_the_summary_says_how_many_orders_are_purchases(cli, tmp_path):
    f = write(
        tmp_path / "o.csv",
        "customer,date,amount\na,2024-01-01,5\na,2024-01-02,-5\nb,2024-01-03,0\nc,2024-01-04,3\n",
    )
    result = cli("cohorts", "rfm", f)
    said = " ".join(result.output.split())
    assert "4 orders (2 purchases)" in said
    assert "2 customers with no net revenue (refunded in full, returns, or orders of 0)" in said


# -- --emit-sql without a file --------------------------------------------------------------


@pytest.mark.parametrize(
    ("dialect", "session"),
    [
        ("duckdb", "SET TimeZone = 'Europe/Amsterdam';"),
        ("bigquery", "SET @@time_zone = 'Europe/Amsterdam';"),
        ("snowflake", "ALTER SESSION SET TIMEZONE = 'Europe/Amsterdam';"),
        ("spark", "SET TIME ZONE 'Europe/Amsterdam';"),
    ],
)
def test_emit_sql_names_the_time_zone_statuses_and_quantity_x_price(cli, dialect, session):
    result = cli(
        "cohorts", "rfm", "--emit-sql", "--dialect", dialect, "--customer", "email",
        "--date", "created_at", "--quantity", "qty", "--price", "unit_price",
        "--status", "state", "--exclude-status", "Cancelled, refunded",
        "--timezone", "Europe/Amsterdam", "--drop-duplicates",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    sql = result.output
    assert session in sql
    assert "status NOT IN ('cancelled', 'refunded')" in sql
    assert "SELECT DISTINCT * FROM" in sql
    said = " ".join(line.removeprefix("-- ") for line in sql.splitlines() if line.startswith("--"))
    assert "An order's date is its date in Europe/Amsterdam" in said
    assert "Left out:" in said and "state is cancelled or refunded" in said
    assert "quantity = qty, price = unit_price" in said


def test_emit_sql_exclude_status_needs_the_status_column(cli):
    result = cli("cohorts", "rfm", "--emit-sql", "--exclude-status", "cancelled")
    assert result.exit_code == 2 and "--exclude-status needs --status COLUMN" in result.output


@pytest.mark.parametrize("delimiter", [(), ("--delimiter", " ")])
def test_text_aligned_with_runs_of_spaces_says_to_convert_it(cli, tmp_path, delimiter):
    # CDNOW as shipped: customer, date, quantity, amount lined up with spaces
    f = write(
        tmp_path / "CDNOW_master.txt",
        "00001 19970101  1   11.77\n00002 19970112  1   12.00\n00003 19970102  2   20.76\n",
    )
    msg = refused(cli, f, "--no-header", "--customer", "1", "--date", "2", "--amount", "4",
                  *delimiter)  # fmt: skip
    assert f"{f}:1: values are lined up with runs of spaces" in msg
    assert "sed -E 's/^ +//; s/ +/,/g' CDNOW_master.txt > CDNOW_master.csv" in msg


def test_two_files_with_the_same_content_are_read_once(cli, tmp_path):
    # without an order column, overlap cannot be told from purchases: the bytes can
    text = "customer,date,amount\na,2024-01-01,5\nb,2024-01-02,6\n"
    first, copy = write(tmp_path / "orders.csv", text), write(tmp_path / "orders (1).csv", text)
    result, rows, _ = run_members(cli, tmp_path, first, copy)
    assert f"{copy}: the same content as {first}; read once." in " ".join(result.output.split())
    assert rows["a"]["monetary"] == "5.00"


def order(name: str, *amounts: int) -> list[str]:
    """One order's lines, alike but for their amounts."""
    return [f"{name.lower()},{name},2024-01-0{len(name)},{amount}" for amount in amounts]


@pytest.mark.parametrize(
    "lines",
    [
        # orders of one or two lines, and an order whose lines are all alike
        [*order("O1", 10, 10), *order("O2", 5, 6), *order("O3", 7, 7, 7)],
        # three lines: the middle one alike the lowest, the highest, or neither
        [*order("O1", 1, 1, 2), *order("O2", 1, 2, 2), *order("O3", 1, 2, 3)],
        # four lines: every way two, three or four of them can be alike, and none
        [
            *order("O1", 1, 1, 2, 3),
            *order("O2", 1, 2, 2, 3),
            *order("O3", 1, 2, 3, 3),
            *order("O4", 1, 1, 2, 2),
            *order("O5", 1, 1, 1, 2),
            *order("O6", 1, 2, 2, 2),
            *order("O7", 1, 2, 3, 4),
            *order("O8", 1, 1, 1, 1),
            *order("O9", 3, 1, 3, 1),
        ],
        # long orders, counted over the whole input
        [*order("O1", 1, 2, 1, 3, 2, 1), *order("O2", 1, 2, 3, 4, 5), *order("O3", 4)],
        # no duplicates at all, in a long order
        [*order("O1", 1, 2, 3, 4, 5, 6), *order("O2", 4)],
    ],
    ids=["short-orders", "three-lines", "four-lines", "long-orders", "none"],
)
@pytest.mark.parametrize("once", [False, True], ids=["counted", "read-once"])
def test_duplicate_lines_are_counted_exactly_in_orders_of_any_length(cli, tmp_path, lines, once):
    path = write(tmp_path / "o.csv", "customer,order,date,amount\n" + "\n".join(lines) + "\n")
    expected = sum(n - 1 for n in Counter(lines).values())
    options = ("--drop-duplicates",) if once else ()
    _, members, cohorts = run_members(cli, tmp_path, path, *options)
    assert cohorts.cohort_set.totals.duplicate_lines == expected
    revenue = sum(float(line.split(",")[3]) for line in (set(lines) if once else lines))
    assert round(sum(float(r["monetary"]) for r in members.values()), 2) == revenue
