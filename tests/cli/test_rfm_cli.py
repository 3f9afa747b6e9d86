"""`cohorts rfm`: the file formats and presets it reads, and how it refuses bad data."""

from __future__ import annotations

import csv
import gzip
from pathlib import Path

import pytest

from cvo_workshop.store.cohorts import load_cohorts
from tests.conftest import run_process

DATA = Path(__file__).parent.parent / "data" / "rfm"
HAND = DATA / "hand.csv"
SHOPIFY = DATA / "shopify.csv"


def members_of(path: Path) -> dict[str, dict[str, str]]:
    with path.open(newline="") as f:
        return {r["customer_id"]: r for r in csv.DictReader(f)}


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def hand_members(cli, tmp_path) -> dict[str, dict[str, str]]:
    out = tmp_path / "reference.csv"
    assert cli("cohorts", "rfm", HAND, "--members", out).exit_code == 0
    return members_of(out)


# -- Shopify ---------------------------------------------------------------


@pytest.fixture
def shopify(cli, tmp_path):
    members = tmp_path / "m.csv"
    result = cli("cohorts", "rfm", SHOPIFY, "--members", members, "-o", tmp_path / "c.yaml")
    assert result.exit_code == 0, result.output
    return result, members_of(members), load_cohorts(tmp_path / "c.yaml")


def test_shopify_export_is_recognized_by_its_columns(shopify):
    result, _, cohorts = shopify
    meta = cohorts.cohort_set
    assert meta.preset == "shopify" and meta.amount_per == "order"
    assert meta.columns.customer == "Email" and meta.columns.order == "Name"
    assert meta.columns.date == "Created at" and meta.columns.amount == "Total"
    assert meta.columns.refunded == "Refunded Amount"
    assert "Shopify orders export" in result.output


def test_shopify_order_totals_count_once_however_many_line_items(shopify):
    _, rows, _ = shopify
    # cat: #1003 (three line items, Total 120 on the first row) + #1007 (25)
    assert rows["cat@example.com"]["monetary"] == "145.00"
    assert rows["cat@example.com"]["frequency"] == "2"


def test_shopify_refunds_reduce_monetary_and_emails_ignore_case(shopify):
    _, rows, _ = shopify
    # ann: #1001 95 + #1004 (60 - 20 refunded) + #1008 40, written Ann@, ann@, "ANN@ "
    assert rows["ann@example.com"]["monetary"] == "175.00"
    assert rows["ann@example.com"]["frequency"] == "3"
    # ben's only order was refunded in full: not a purchase, no net revenue
    assert rows["ben@example.com"]["frequency"] == "0"
    assert rows["ben@example.com"]["segment"] == "no-net-revenue"


def test_shopify_voided_and_guest_orders_are_left_out(shopify):
    result, rows, cohorts = shopify
    assert "dan@example.com" not in rows
    totals = cohorts.cohort_set.totals
    assert (totals.voided_orders, totals.guest_orders) == (1, 1)
    assert "1 voided order left out" in result.output


def test_generic_preset_on_a_shopify_file_sums_lines_and_finds_blank_totals(cli):
    result = cli("cohorts", "rfm", SHOPIFY, "--preset", "generic")
    assert result.exit_code == 1
    assert f"{SHOPIFY}:3: Total: empty (4 rows hold it)" in result.output
    assert "pass --amount-per order" in result.output


# -- formats ---------------------------------------------------------------


def test_gzipped_csv_reads_like_the_csv(cli, tmp_path):
    gz = tmp_path / "orders.csv.gz"
    gz.write_bytes(gzip.compress(HAND.read_bytes()))
    out = tmp_path / "m.csv"
    assert cli("cohorts", "rfm", gz, "--members", out).exit_code == 0
    assert members_of(out) == hand_members(cli, tmp_path)


def test_parquet_reads_like_the_csv(cli, tmp_path):
    import duckdb

    pq = tmp_path / "orders.parquet"
    duckdb.sql(
        f'COPY (SELECT customer, "order", CAST(date AS TIMESTAMP) AS date, '
        f"CAST(amount AS DOUBLE) AS amount FROM read_csv('{HAND}', all_varchar=true)) "
        f"TO '{pq}' (FORMAT parquet)"
    )
    out = tmp_path / "m.csv"
    result = cli("cohorts", "rfm", pq, "--members", out)
    assert result.exit_code == 0, result.output
    assert members_of(out) == hand_members(cli, tmp_path)


def test_headerless_file_names_columns_by_position(cli, tmp_path):
    lines = HAND.read_text().splitlines()[1:]
    # reorder to date|amount|order|customer, tab-separated, no header
    body = "\n".join("\t".join([d, a, o, c]) for c, o, d, a in (ln.split(",") for ln in lines))
    txt = write(tmp_path / "orders.txt", body + "\n")
    out = tmp_path / "m.csv"
    result = cli(
        "cohorts", "rfm", txt, "--no-header", "--delimiter", "tab",
        "--customer", "4", "--date", "1", "--amount", "2", "--order", "3",
        "--members", out,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert members_of(out) == hand_members(cli, tmp_path)


def test_no_header_on_a_file_with_a_header_says_so(cli, tmp_path):
    args = ["--no-header", "--customer", "1", "--date", "3", "--amount", "4", "--order", "2"]
    msg = refused(cli, tmp_path, HAND, *args)
    assert (
        f"{HAND}:1: the first row looks like a header ('customer', 'order', 'date', 'amount')"
        in msg
    )
    assert "leave out --no-header" in msg
    # a headerless file whose data is bad gets no such hint
    txt = write(tmp_path / "lines.txt", "c1,O1,someday,5\nc2,O2,2024-01-02,6\n")
    assert "looks like a header" not in refused(cli, tmp_path, txt, *args)


def test_several_files_are_read_as_one(cli, tmp_path):
    header, *lines = HAND.read_text().splitlines()
    a = write(tmp_path / "a.csv", "\n".join([header, *lines[:15]]) + "\n")
    # the second file has its columns in another order
    b_lines = [",".join([d, am, c, o]) for c, o, d, am in (ln.split(",") for ln in lines[15:])]
    b = write(tmp_path / "b.csv", "\n".join(["date,amount,customer,order", *b_lines]) + "\n")
    out = tmp_path / "m.csv"
    result = cli("cohorts", "rfm", a, b, "--members", out, "-o", tmp_path / "c.yaml")
    assert result.exit_code == 0, result.output
    assert members_of(out) == hand_members(cli, tmp_path)
    assert [i.path for i in load_cohorts(tmp_path / "c.yaml").cohort_set.inputs] == [
        str(a),
        str(b),
    ]


def test_a_file_named_twice_is_read_once(cli, tmp_path):
    out = tmp_path / "m.csv"
    result = cli("cohorts", "rfm", HAND, HAND, "--members", out)
    assert result.exit_code == 0, result.output
    assert f"{HAND}: given twice; read once." in result.output
    assert members_of(out) == hand_members(cli, tmp_path)


def test_the_same_order_ids_in_two_files_are_refused_naming_both(cli, tmp_path):
    gz = tmp_path / "hand.csv.gz"
    gz.write_bytes(gzip.compress(HAND.read_bytes()))
    msg = refused(cli, tmp_path, HAND, gz)
    assert f"{gz}: " in msg and f"also in {HAND} (" in msg
    assert "count their revenue twice" in msg
    # --skip-bad-rows does not make overlapping files add up
    msg = refused(cli, tmp_path, HAND, gz, "--skip-bad-rows")
    assert "count their revenue twice" in msg


def test_one_column_for_two_roles_is_a_usage_error(cli, tmp_path):
    result = cli("cohorts", "rfm", HAND, "--customer", "customer", "--order", "customer")
    assert result.exit_code == 2
    assert "--customer and --order both name column 'customer'" in result.output
    # a given column that the preset also takes for another role
    msg = refused(cli, tmp_path, HAND, "--order", "customer")
    assert "column 'customer' is taken for --customer (by its name) and --order (given)" in msg


def test_measures_that_tell_customers_nothing_apart_are_warned_about(cli, tmp_path):
    f = write(
        tmp_path / "once.csv",
        "customer,date,amount\n" + "".join(f"c{i},2024-01-0{i},{i}\n" for i in range(1, 7)),
    )
    result = cli("cohorts", "rfm", f)
    assert result.exit_code == 0, result.output
    assert "Every customer has the same number of orders (1): F is 1" in result.output
    assert "Only" not in result.output
    few = write(tmp_path / "few.csv", "customer,date,amount\na,2024-01-01,5\nb,2024-01-02,5\n")
    result = cli("cohorts", "rfm", few)
    assert result.exit_code == 0, result.output
    assert "Only 2 customers with net revenue" in result.output
    assert "Every customer has the same net revenue: M is 1" in result.output
    quiet = cli("cohorts", "rfm", HAND)
    assert "Only" not in quiet.output and "Every customer" not in quiet.output


def test_customers_whose_last_orders_share_a_day_across_segments_are_warned_about(cli, tmp_path):
    # six customers with 1 to 6 orders, every one's last on 2024-07-01: several segments
    earlier = "".join(f"c{i},2024-0{m}-01,{i}\n" for i in range(1, 7) for m in range(1, i))
    last = "".join(f"c{i},2024-07-01,{i}\n" for i in range(1, 7))
    text = "customer,date,amount\n" + earlier + last
    result = cli("cohorts", "rfm", write(tmp_path / "day.csv", text))
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "Every customer has their last order on the same day: R is 1" in said
    assert "same number of orders" not in said and "same net revenue" not in said


@pytest.mark.parametrize("column", ["customer_id", "email"])
def test_email_addresses_are_lowercased_whatever_the_column_is_called(cli, tmp_path, column):
    f = write(
        tmp_path / "o.csv",
        f"order_id,{column},order_date,amount\n"
        "1,A@X.com,2024-01-01,10\n2,a@x.com,2024-03-01,20\n3,Bob,2024-02-01,5\n"
        "4,bob,2024-02-03,5\n",
    )
    out = tmp_path / "m.csv"
    assert cli("cohorts", "rfm", f, "--members", out).exit_code == 0
    rows = members_of(out)
    assert sorted(rows) == ["Bob", "a@x.com", "bob"]
    assert rows["a@x.com"]["frequency"] == "2"


def test_semicolons_decimal_commas_and_day_first_dates(cli, tmp_path):
    f = write(
        tmp_path / "eu.csv",
        "Kunde;Datum;Betrag\nk1;05.03.2024;1.234,50\nk2;06.03.2024;10,00\nk1;01.02.2024;5\n",
    )
    out = tmp_path / "m.csv"
    result = cli(
        "cohorts", "rfm", f, "--customer", "Kunde", "--date", "Datum", "--amount", "Betrag",
        "--date-format", "%d.%m.%Y", "--decimal-comma", "--members", out,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    rows = members_of(out)
    assert rows["k1"]["monetary"] == "1239.50" and rows["k1"]["frequency"] == "2"
    assert rows["k1"]["recency_days"] == "2"  # as of 2024-03-07


def test_a_blank_order_id_is_an_order_of_one_customer_at_one_time(cli, tmp_path):
    f = write(
        tmp_path / "o.csv",
        "order_id,customer_id,order_date,amount\n"
        ",c1,2024-01-01,10\n,c1,2024-03-01,20\n,c1,2024-03-01,5\n,c2,2024-03-01,7\n"
        "X,c3,2024-02-01,5\nX,c3,2024-02-01,1\n",
    )
    out = tmp_path / "m.csv"
    result = cli("cohorts", "rfm", f, "--members", out)
    assert result.exit_code == 0, result.output
    assert "None" not in result.output
    assert "3 orders from lines without an order id" in result.output
    rows = members_of(out)
    # c1: two orders (2024-01-01, 2024-03-01), the later one counts for recency
    assert (rows["c1"]["frequency"], rows["c1"]["recency_days"]) == ("2", "1")
    assert rows["c1"]["monetary"] == "35.00"
    assert (rows["c2"]["frequency"], rows["c2"]["monetary"]) == ("1", "7.00")
    assert (rows["c3"]["frequency"], rows["c3"]["monetary"]) == ("1", "6.00")
    skipped = cli("cohorts", "rfm", f, "--skip-bad-rows", "--members", out)
    assert skipped.exit_code == 0 and "skipped" not in skipped.output
    assert members_of(out) == rows


def test_without_an_order_column_an_order_is_a_customers_lines_at_one_time(cli, tmp_path):
    f = write(
        tmp_path / "lines.csv",
        "customer,date,amount\n"
        "a,2024-01-01 10:00,5\na,2024-01-01 10:00,7\na,2024-01-01 11:00,1\nb,2024-01-02,3\n",
    )
    out = tmp_path / "m.csv"
    assert cli("cohorts", "rfm", f, "--members", out).exit_code == 0
    assert members_of(out)["a"]["frequency"] == "2"


def test_order_level_amounts_for_a_generic_file(cli, tmp_path):
    f = write(
        tmp_path / "o.csv",
        "customer,order,date,amount\na,1,2024-01-01,30\na,1,2024-01-01,30\nb,2,2024-01-02,5\n",
    )
    out = tmp_path / "m.csv"
    assert cli("cohorts", "rfm", f, "--amount-per", "order", "--members", out).exit_code == 0
    assert members_of(out)["a"]["monetary"] == "30.00"


def test_same_input_same_output_every_run(cli, tmp_path):
    for n in (1, 2):
        result = cli(
            "cohorts", "rfm", HAND, "-o", tmp_path / f"c{n}.yaml",
            "--members", tmp_path / f"m{n}.csv",
        )  # fmt: skip
        assert result.exit_code == 0
    assert (tmp_path / "c1.yaml").read_bytes() == (tmp_path / "c2.yaml").read_bytes()
    assert (tmp_path / "m1.csv").read_bytes() == (tmp_path / "m2.csv").read_bytes()


def test_names_and_plays_come_from_the_deck(cli, tmp_path):
    deck = write(
        tmp_path / "deck.yaml",
        "deck: {id: d, name: D}\n"
        "cohorts:\n"
        "  - id: champions\n"
        "    name: Our Best People\n"
        "    definition: whatever the deck says\n"
        "    plays: [Send flowers]\n",
    )
    out = tmp_path / "c.yaml"
    assert cli("cohorts", "rfm", HAND, "--deck", deck, "-o", out).exit_code == 0
    card = load_cohorts(out).cohort("champions")
    assert card.name == "Our Best People" and card.plays == ["Send flowers"]
    assert card.definition.startswith("R 5, F 4-5")  # the rule used, not the deck's words


def test_byte_order_mark_and_windows_line_ends(cli, tmp_path):
    f = tmp_path / "o.csv"
    f.write_bytes(b"\xef\xbb\xbfcustomer,date,amount\r\na,2024-01-01,5\r\nb,2024-01-02,6\r\n")
    out = tmp_path / "m.csv"
    assert cli("cohorts", "rfm", f, "--members", out).exit_code == 0
    assert set(members_of(out)) == {"a", "b"}


def test_file_names_that_look_like_globs_are_read_as_named(cli, tmp_path):
    f = write(tmp_path / "orders[1].csv", HAND.read_text())
    write(tmp_path / "orders1.csv", "customer,date,amount\nzz,2024-01-01,5\n")
    out = tmp_path / "m.csv"
    result = cli("cohorts", "rfm", f, "--members", out)
    assert result.exit_code == 0, result.output
    assert members_of(out) == hand_members(cli, tmp_path)


# -- bad data: clear errors, exit 1, nothing written -----------------------


def refused(cli, tmp_path, *args: object) -> str:
    out, members = tmp_path / "out.yaml", tmp_path / "members.csv"
    result = cli("cohorts", "rfm", *args, "-o", out, "--members", members)
    assert result.exit_code == 1, result.output
    assert not out.exists() and not members.exists()
    assert not list(tmp_path.glob(".*.tmp"))
    assert "Traceback" not in result.output
    return result.output


def test_missing_column_names_the_columns_found_and_a_close_one(cli, tmp_path):
    f = write(tmp_path / "o.csv", "Buyer,When,Amnt\na,2024-01-01,5\n")
    msg = refused(cli, tmp_path, f)
    assert f"{f}:1: no amount column" in msg
    assert "columns found: 'Buyer', 'When', 'Amnt'" in msg
    assert "did you mean 'Amnt'?" in msg
    assert "pass --amount COLUMN" in msg
    # every missing role at once
    assert "no customer id column" in msg and "no order date column" in msg


def test_unknown_column_option_suggests_a_close_name(cli, tmp_path):
    f = write(tmp_path / "o.csv", "customer,date,amount\na,2024-01-01,5\n")
    msg = refused(cli, tmp_path, f, "--amount", "amuont")
    assert "no column 'amuont' (--amount)" in msg and "did you mean 'amount'?" in msg


def test_column_position_out_of_range(cli, tmp_path):
    f = write(tmp_path / "o.csv", "customer,date,amount\na,2024-01-01,5\n")
    assert "the file has 3 column(s)" in refused(cli, tmp_path, f, "--amount", "7")


def test_bad_dates_are_counted_and_shown_with_their_lines(cli, tmp_path):
    f = write(
        tmp_path / "o.csv",
        "customer,date,amount\na,2024-01-01,5\nb,31/01/2024,6\nc,31/01/2024,7\n"
        "d,yesterday,8\ne,2024-02-30,9\n",
    )
    msg = refused(cli, tmp_path, f)
    assert f"{f}:3: date: cannot read '31/01/2024' as a date (2 rows hold it)" in msg
    assert f"{f}:5: date: cannot read 'yesterday' as a date" in msg
    assert f"{f}:6: date: cannot read '2024-02-30' as a date" in msg
    assert "4 rows with an unreadable date" in msg
    assert "--date-format '%d/%m/%Y'" in msg and "--skip-bad-rows" in msg


def test_a_last_order_in_the_year_9999_is_located_not_a_traceback(cli, tmp_path):
    # The as-of date is the day after the last order: 9999-12-31 has none.
    f = write(tmp_path / "o.csv", "customer,date,amount\na,2024-01-01,5\nb,9999-12-31,6\n")
    msg = refused(cli, tmp_path, f)
    assert (
        f"{f}:3: date: '9999-12-31' is too far in the future to score (the last order date "
        "possible is 9999-12-30)"
    ) in msg
    kept = cli("cohorts", "rfm", f, "--skip-bad-rows", "-o", tmp_path / "out.yaml")
    assert kept.exit_code == 0 and "1 row" in kept.output


@pytest.mark.parametrize(
    ("name", "why"),
    [("cust\nomer", "must be one line (no line breaks)"), ("c" * 400, "too long (400 characters")],
)
def test_a_column_name_the_cohort_file_cannot_hold_is_located_at_the_header(
    cli, tmp_path, name, why
):
    f = write(tmp_path / "o.csv", f'"{name}",date,amount\na,2024-01-01,5\nb,2024-02-01,6\n')
    msg = refused(cli, tmp_path, f, "--customer", "1")
    assert f"{f}:1: customer: the customer column's name" in msg
    assert why in msg and "rename the column" in msg


def test_bad_amounts_are_counted_and_shown_with_their_lines(cli, tmp_path):
    f = write(
        tmp_path / "o.csv",
        'customer,date,amount\na,2024-01-01,5\nb,2024-01-02,"1,5"\nc,2024-01-03,$7\n'
        "d,2024-01-04,\n",
    )
    msg = refused(cli, tmp_path, f)
    assert f"{f}:3: amount: cannot read '1,5' as an amount" in msg
    assert f"{f}:4: amount: cannot read '$7' as an amount" in msg
    assert f"{f}:5: amount: empty" in msg
    assert "3 rows with an unreadable amount" in msg and "--decimal-comma" in msg


def test_decimal_comma_refuses_amounts_written_with_a_decimal_point(cli, tmp_path):
    f = write(
        tmp_path / "o.csv",
        "order_id;customer_id;order_date;amount\n"
        "O1;c1;2024-01-01;10\nO2;c2;2024-01-02;1.234\nO3;c3;2024-01-03;12.50\n"
        'O4;c4;2024-01-04;"1,234.50"\nO5;c5;2024-01-05;1.234,50\n',
    )
    msg = refused(cli, tmp_path, f, "--decimal-comma")
    # never read as 1250.00 or 1.23
    assert f"{f}:4: amount: cannot read '12.50' as an amount" in msg
    assert f"{f}:5: amount: cannot read '1,234.50' as an amount" in msg
    assert "2 rows with an unreadable amount" in msg
    assert "leave out --decimal-comma" in msg


def test_decimal_comma_reads_thousands_in_groups_of_three(cli, tmp_path):
    f = write(
        tmp_path / "o.csv",
        "customer;date;amount\na;2024-01-01;1.234\nb;2024-01-02;1.234,50\nc;2024-01-03;-2,5\n"
        "c;2024-01-04;12,50\nd;2024-01-05;1.234.567,8\n",
    )
    out = tmp_path / "m.csv"
    assert cli("cohorts", "rfm", f, "--decimal-comma", "--members", out).exit_code == 0
    rows = members_of(out)
    assert [rows[c]["monetary"] for c in "abcd"] == ["1234.00", "1234.50", "10.00", "1234567.80"]
    skipped = cli("cohorts", "rfm", f, "--decimal-comma", "--skip-bad-rows", "--members", out)
    assert skipped.exit_code == 0


def test_thousands_separators_are_not_taken_for_a_decimal_comma(cli, tmp_path):
    f = write(tmp_path / "o.csv", 'customer,date,amount\na,2024-01-01,"1,234.50"\nb,2024-01-02,5\n')
    msg = refused(cli, tmp_path, f)
    assert f"{f}:2: amount: cannot read '1,234.50' as an amount" in msg
    assert "--decimal-comma" not in msg
    assert "write 1,234.50 as 1234.50" in msg


def test_line_numbers_count_quoted_line_breaks(cli, tmp_path):
    f = write(
        tmp_path / "o.csv",
        'customer,note,date,amount\na,"two\nlines",2024-01-01,5\nb,x,someday,6\n',
    )
    assert f"{f}:4: date: cannot read 'someday'" in refused(cli, tmp_path, f)


def test_skip_bad_rows_leaves_them_out_and_says_how_many(cli, tmp_path):
    f = write(
        tmp_path / "o.csv",
        "customer,date,amount\na,2024-01-01,5\nb,31/01/2024,6\nc,2024-01-03,x\nc,2024-01-02,4\n",
    )
    out = tmp_path / "c.yaml"
    result = cli("cohorts", "rfm", f, "--skip-bad-rows", "-o", out)
    assert result.exit_code == 0, result.output
    assert "2 rows skipped: 1 with an unreadable date, 1 with an unreadable amount" in (
        result.output
    )
    totals = load_cohorts(out).cohort_set.totals
    assert (totals.rows, totals.skipped_rows, totals.segmented_customers) == (4, 2, 2)


def test_order_lines_naming_two_customers_are_refused(cli, tmp_path):
    f = write(
        tmp_path / "o.csv",
        "customer,order,date,amount\na,1,2024-01-01,5\nb,1,2024-01-01,6\nc,2,2024-01-02,1\n",
    )
    msg = refused(cli, tmp_path, f)
    assert f"{f}:2: customer: order '1' has lines for two customers ('a' and 'b')" in msg


def test_order_level_amount_missing_on_every_line(cli, tmp_path):
    f = write(
        tmp_path / "o.csv",
        "customer,order,date,amount\na,1,2024-01-01,\na,1,2024-01-01,\nb,2,2024-01-02,3\n",
    )
    msg = refused(cli, tmp_path, f, "--amount-per", "order")
    assert f"{f}:2: amount: order '1' has no amount on any of its lines" in msg


def test_a_failed_run_leaves_earlier_outputs_untouched(cli, tmp_path):
    out, members = tmp_path / "c.yaml", tmp_path / "m.csv"
    out.write_text("earlier cohort file\n")
    members.write_text("earlier members\n")
    f = write(tmp_path / "o.csv", "customer,date,amount\na,someday,5\n")
    result = cli("cohorts", "rfm", f, "-o", out, "--members", members)
    assert result.exit_code == 1
    assert out.read_text() == "earlier cohort file\n"
    assert members.read_text() == "earlier members\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_parquet_bad_values_are_shown_with_their_row(cli, tmp_path):
    import duckdb

    pq = tmp_path / "o.parquet"
    duckdb.sql(
        "COPY (SELECT * FROM (VALUES ('a', '2024-01-01', 5.0), ('b', 'later', 6.0)) "
        f"t(customer, date, amount)) TO '{pq}' (FORMAT parquet)"
    )
    msg = refused(cli, tmp_path, pq)
    assert f"{pq}:2: date: cannot read 'later' as a date" in msg


def test_empty_file(cli, tmp_path):
    f = write(tmp_path / "o.csv", "")
    assert f"{f}: the file is empty" in refused(cli, tmp_path, f)


def test_header_only(cli, tmp_path):
    f = write(tmp_path / "o.csv", "customer,date,amount\n")
    assert f"{f}: no order lines (only a header?)" in refused(cli, tmp_path, f)


def test_wrong_delimiter_is_pointed_out(cli, tmp_path):
    f = write(tmp_path / "o.csv", "customer;date;amount\na;2024-01-01;5\n")
    msg = refused(cli, tmp_path, f, "--delimiter", ",")
    assert "columns found: 'customer;date;amount'" in msg
    assert "pass --delimiter ';'" in msg


def test_ragged_rows_are_reported_by_line(cli, tmp_path):
    f = write(tmp_path / "o.csv", "customer,date,amount\na,2024-01-01,5\nb,2024-01-02\n")
    assert f"{f}:3: expected 3 values (as in the header), found 2" in refused(cli, tmp_path, f)


def test_binary_junk(cli, tmp_path):
    f = tmp_path / "o.csv"
    f.write_bytes(bytes(range(256)) * 20)
    assert "binary data, not CSV text" in refused(cli, tmp_path, f)


def test_spreadsheet_instead_of_csv(cli, tmp_path):
    f = tmp_path / "orders.xlsx"
    f.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    assert "Excel .xlsx workbook" in refused(cli, tmp_path, f)


def test_latin1_text_suggests_the_encoding(cli, tmp_path):
    f = tmp_path / "o.csv"
    f.write_bytes(b"customer,date,amount\nJos\xe9,2024-01-01,5\n")
    assert "--encoding latin-1" in refused(cli, tmp_path, f)
    result = cli("cohorts", "rfm", f, "--encoding", "latin-1", "--members", tmp_path / "m.csv")
    assert result.exit_code == 0
    assert "José" in members_of(tmp_path / "m.csv")


def test_missing_file_and_missing_output_folder(cli, tmp_path):
    assert "no such file" in refused(cli, tmp_path, tmp_path / "nope.csv")
    result = cli("cohorts", "rfm", HAND, "-o", tmp_path / "no" / "such" / "c.yaml")
    assert result.exit_code == 1 and "no such folder" in result.output


def test_output_may_not_overwrite_an_input(cli, tmp_path):
    f = write(tmp_path / "o.csv", HAND.read_text())
    result = cli("cohorts", "rfm", f, "--members", f)
    assert result.exit_code == 1 and "is also an input of this command" in result.output
    assert f.read_text() == HAND.read_text()


def test_bad_date_format_option(cli, tmp_path):
    result = cli("cohorts", "rfm", HAND, "--date-format", "%Q")
    assert result.exit_code == 1 and "--date-format '%Q'" in result.output


def test_as_of_before_every_order(cli):
    result = cli("cohorts", "rfm", HAND, "--as-of", "2020-01-01")
    assert result.exit_code == 1
    assert "no orders before the as-of date 2020-01-01" in result.output


def test_only_refunds_means_nothing_to_segment(cli, tmp_path):
    f = write(tmp_path / "o.csv", "customer,date,amount\na,2024-01-01,-5\nb,2024-01-02,-1\n")
    assert "no customer has net revenue above 0" in refused(cli, tmp_path, f)


def test_a_real_process_prints_problems_without_a_traceback(tmp_path):
    f = write(tmp_path / "o.csv", "customer,date,amount\na,someday,5\n")
    proc = run_process("cohorts", "rfm", f, "-o", tmp_path / "c.yaml")
    assert proc.returncode == 1
    assert f"{f}:2: date: cannot read 'someday' as a date" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "c.yaml").exists()


# -- cohort files ------------------------------------------------------------


def test_show_prints_a_cohort_file(cli, tmp_path):
    out = tmp_path / "c.yaml"
    assert cli("cohorts", "rfm", HAND, "-o", out).exit_code == 0
    result = cli("cohorts", "show", out)
    assert result.exit_code == 0
    assert "as of 2024-07-01" in result.output and "Can't Lose Them" in result.output


def test_show_reports_a_broken_cohort_file(cli, tmp_path):
    out = tmp_path / "c.yaml"
    assert cli("cohorts", "rfm", HAND, "-o", out).exit_code == 0
    out.write_text(out.read_text().replace("share: 0.1\n", "share: 1.5\n", 1))
    result = cli("cohorts", "show", out)
    assert result.exit_code == 1
    assert f"{out}:" in result.output and "share" in result.output


# -- --emit-sql ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("dialect", "marker"),
    [
        ("duckdb", "DATE_DIFF('day', "),
        ("bigquery", "DATE_DIFF(p.as_of_date, c.last_order, DAY)"),
        ("snowflake", "DATEDIFF(day, "),
        ("spark", "DATEDIFF(p.as_of_date, c.last_order)"),
    ],
)
def test_emit_sql_prints_the_query_for_each_dialect(cli, dialect, marker):
    result = cli(
        "cohorts", "rfm", "--emit-sql", "--dialect", dialect, "--table", "shop.orders",
        "--customer", "email", "--date", "created_at", "--amount", "total", "--order", "order_id",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert marker in result.output
    assert "'cant-lose'" in result.output
    assert "Table shop.orders: customer = email, order = order_id" in result.output


def test_emit_sql_takes_column_names_from_a_file_header(cli):
    result = cli("cohorts", "rfm", SHOPIFY, "--emit-sql", "--dialect", "spark")
    assert result.exit_code == 0
    assert "`Created at`" in result.output and "`Refunded Amount`" in result.output
    assert "MAX(amount) - COALESCE(MAX(refunded), 0) AS net" in result.output


def test_emit_sql_needs_column_names_not_positions(cli):
    result = cli("cohorts", "rfm", "--emit-sql", "--customer", "2")
    assert result.exit_code == 2 and "name the warehouse column" in result.output


def test_emit_sql_refuses_members_and_plain_runs_refuse_dialect(cli, tmp_path):
    assert cli("cohorts", "rfm", "--emit-sql", "--members", tmp_path / "m.csv").exit_code == 2
    assert cli("cohorts", "rfm", HAND, "--dialect", "spark").exit_code == 2
    assert cli("cohorts", "rfm").exit_code == 2


def test_the_cohort_file_records_each_cohorts_orders_per_customer_a_year(cli, tmp_path):
    # Ten customers, each ordering twice within the year before the as-of date.
    lines = ["customer,order,date,amount", "c00,O0,2025-01-01,10"]
    for i in range(10):
        lines += [f"c{i:02},A{i},2025-{i + 2:02}-10,{10 * (i + 1)}"]
        lines += [f"c{i:02},B{i},2025-12-{i + 10},{10 * (i + 1)}"]
    orders = write(tmp_path / "orders.csv", "\n".join(lines) + "\n")
    out = tmp_path / "c.yaml"
    result = cli("cohorts", "rfm", orders, "--as-of", "2026-01-01", "-o", out)
    assert result.exit_code == 0, result.output
    cohorts = load_cohorts(out).cohorts
    measured = {c.id: c.orders_per_year for c in cohorts if c.customers}
    assert measured and all(rate is not None for rate in measured.values())
    # c00 has a third order on the first day of the data: 21 orders by 10 customers
    # over the 365 days from the first order to the as-of date.
    total = sum(c.orders_per_year * c.customers for c in cohorts if c.customers)
    assert total == pytest.approx(21 * 365.25 / 365, abs=0.01)


def _two_years_of_orders(extra: list[str]) -> str:
    """200 customers ordering monthly through 2024 and 2025, and `extra` lines."""
    lines = ["customer,order,date,amount"]
    for c in range(200):
        for month in range(24):
            lines.append(f"c{c},O{c}-{month},{2024 + month // 12}-{month % 12 + 1:02}-15,20")
    return "\n".join(lines + extra) + "\n"


def test_an_order_dated_long_before_the_rest_is_pointed_out_as_it_lowers_orders_per_year(
    cli, tmp_path
):
    orders = write(tmp_path / "o.csv", _two_years_of_orders(["c7,X1,1900-01-01,10"]))
    result = cli("cohorts", "rfm", orders, "-o", tmp_path / "c.yaml")
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "1 order dated more than a year before the rest (the first on 1900-01-01" in said
    assert "orders_per_year counts from the first order" in said


def test_orders_spread_evenly_over_the_years_are_not_pointed_out(cli, tmp_path):
    orders = write(tmp_path / "o.csv", _two_years_of_orders([]))
    result = cli("cohorts", "rfm", orders, "-o", tmp_path / "c.yaml")
    assert result.exit_code == 0, result.output
    assert "before the rest" not in result.output


# -- members file order ------------------------------------------------------


def test_members_go_by_segment_then_spend_in_the_same_order_every_run(cli, tmp_path):
    """Champions first, each segment's biggest spenders first; customers who spent
    the same keep one order from run to run (a file people diff between runs)."""
    from cvo_workshop.engine.rfm import SEGMENT_IDS

    lines = ["order_id,customer_id,ordered_at,amount"]
    for i in range(300):  # 300 customers; a third spend 10 an order, so many tie on spend
        spend = 10 if i % 3 == 0 else 10 + i
        for k in range(1 + i % 4):
            lines.append(f"o{i}-{k},c{i},2024-{1 + (i + k) % 12:02d}-{1 + i % 28:02d},{spend}")
    orders = write(tmp_path / "orders.csv", "\n".join(lines) + "\n")
    runs = []
    for name in ("a.csv", "b.csv"):
        assert cli("cohorts", "rfm", orders, "--members", tmp_path / name).exit_code == 0
        runs.append((tmp_path / name).read_bytes())
    assert runs[0] == runs[1]
    with (tmp_path / "a.csv").open(newline="") as f:
        rows = list(csv.DictReader(f))
    rank = {s: i for i, s in enumerate(SEGMENT_IDS)}
    keys = [(rank.get(r["segment"], 99), -float(r["monetary"])) for r in rows]
    assert keys == sorted(keys)
    assert len({r["customer_id"] for r in rows}) == 300
