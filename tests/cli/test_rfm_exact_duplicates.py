"""`cohorts rfm` reads every cell as text and casts it in the same pass: padded values
score as their plain twins, bad values are reported at their line, and exact duplicate
lines are lines written the same (not lines whose values are equal)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.test_rfm_cli import DATA, members_of, write

PLAIN = "customer,order,date,amount\na,A1,2024-01-05,10\na,A2,2024-02-01,5\nb,B1,2024-01-20,7\n"
#: The same orders as PLAIN, with values padded by blanks (a no-break space too: the
#: cast alone refuses it, the trimmed text reads).
PADDED = (
    "customer,order,date,amount\n"
    "a,A1, 2024-01-05 , 10\na,A2,2024-02-01\u00a0,5\u00a0\nb,B1,2024-01-20 ,7\n"
)


def members(cli, tmp_path, name: str, text: str, *options: str) -> dict:
    out = tmp_path / f"{name}-members.csv"
    orders = write(tmp_path / f"{name}.csv", text)
    result = cli("cohorts", "rfm", orders, "--members", out, *options)
    assert result.exit_code == 0, result.output
    return members_of(out)


def test_padded_values_score_as_their_plain_twins(cli, tmp_path):
    assert members(cli, tmp_path, "padded", PADDED) == members(cli, tmp_path, "plain", PLAIN)


def test_a_bad_date_is_located_at_its_line(cli, tmp_path):
    f = write(tmp_path / "bad.csv", PLAIN + "c,C1,5 March,3\n")
    result = cli("cohorts", "rfm", f)
    assert result.exit_code == 1
    assert f"{f}:5: date: cannot read '5 March' as a date" in " ".join(result.output.split())


def test_a_skipped_bad_amount_is_counted_as_an_unreadable_amount_not_as_a_bad_csv_row(
    cli, tmp_path
):
    f = write(tmp_path / "bad.csv", PLAIN + "c,C1,2024-01-09,n/a\n")
    result = cli("cohorts", "rfm", f, "--skip-bad-rows")
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "1 row skipped: 1 with an unreadable amount." in said
    assert "not readable as CSV" not in said


#: Customer a's order A1 has two lines whose amounts are equal numbers written
#: differently: not the same text, so not an exact duplicate.
WRITTEN_TWICE = (
    "customer,order,date,amount\n"
    "a,A1,2024-01-05,10.0\na,A1,2024-01-05,10.00\na,A2,2024-02-01,5\nb,B1,2024-01-20,7\n"
)


def test_equal_amounts_written_differently_are_not_exact_duplicates(cli, tmp_path):
    result = cli("cohorts", "rfm", write(tmp_path / "o.csv", WRITTEN_TWICE))
    assert result.exit_code == 0, result.output
    assert "exact duplicate" not in " ".join(result.output.split())


def test_equal_dates_written_differently_are_not_exact_duplicates(cli, tmp_path):
    text = WRITTEN_TWICE.replace("2024-01-05,10.00", "2024-01-05 00:00,10.0")
    result = cli("cohorts", "rfm", write(tmp_path / "o.csv", text))
    assert result.exit_code == 0, result.output
    assert "exact duplicate" not in " ".join(result.output.split())


def test_drop_duplicates_keeps_lines_whose_text_differs(cli, tmp_path):
    got = members(cli, tmp_path, "o", WRITTEN_TWICE, "--drop-duplicates", "--skip-bad-rows")
    assert got["a"]["monetary"] == "25.00"


def test_drop_duplicates_does_not_depend_on_a_bad_line_elsewhere_in_the_file(cli, tmp_path):
    bad = WRITTEN_TWICE + "c,C1,5 March,3\n"
    options = ("--drop-duplicates", "--skip-bad-rows")
    assert members(cli, tmp_path, "bad", bad, *options) == members(
        cli, tmp_path, "good", WRITTEN_TWICE, *options
    )


def test_exact_duplicate_lines_are_still_read_once_with_drop_duplicates(cli, tmp_path):
    text = WRITTEN_TWICE + "a,A1,2024-01-05,10.00\n"
    got = members(cli, tmp_path, "o", text, "--drop-duplicates")
    assert got["a"]["monetary"] == "25.00"


@pytest.mark.parametrize(
    "text",
    [
        WRITTEN_TWICE + "b,B2,2024-02-03,4\nb,B2,2024-02-03,4\n",
        # orders of more than four lines are counted in a pass of their own
        WRITTEN_TWICE + "a,A1,2024-01-05,1\na,A1,2024-01-05,2\na,A1,2024-01-05,3\n"
        "b,B2,2024-02-03,4\nb,B2,2024-02-03,4\n",
        # no order ids: a customer's lines at one date and time are one order
        "customer,date,amount\na,2024-01-05,10.0\na,2024-01-05,10.00\n"
        "b,2024-02-03,4\nb,2024-02-03,4\n",
    ],
    ids=["short orders", "a long order", "no order ids"],
)
def test_only_lines_written_the_same_are_counted_as_exact_duplicates(cli, tmp_path, text):
    result = cli("cohorts", "rfm", write(tmp_path / "o.csv", text))
    assert result.exit_code == 0, result.output
    assert "1 line is an exact duplicate" in " ".join(result.output.split())


# -- what duplicates change, by how amounts are read -------------------------------

SHOPIFY = DATA / "shopify.csv"


def shopify_twice_over(path: Path) -> Path:
    """The Shopify sample with its first five lines (orders #1001 to #1003, every
    line item) exported again at the end, as a page exported twice."""
    lines = SHOPIFY.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines + lines[1:6]), encoding="utf-8")
    return path


def said_and_members(cli, tmp_path, orders: Path, *options: str) -> tuple[str, bytes]:
    out = tmp_path / f"members{len(options)}-{'-'.join(o.strip('-') for o in options)}.csv"
    result = cli("cohorts", "rfm", orders, "--members", out, *options)
    assert result.exit_code == 0, result.output
    return " ".join(result.output.split()), out.read_bytes()


def test_duplicates_of_order_level_amounts_are_said_to_change_nothing(cli, tmp_path):
    """Shopify's Total is taken once per order: a copy of a line changes nothing, so
    the note says so and suggests no flag. It did: "5 lines are exact duplicates ...
    counted as bought again; pass --drop-duplicates", and with the flag the members
    file was the same to the byte."""
    orders = shopify_twice_over(tmp_path / "shopify.csv")
    said, kept = said_and_members(cli, tmp_path, orders)
    assert (
        "5 lines are exact duplicates of another line (every column the same); amounts are "
        "taken once per order, so they change no customer's orders, revenue or segment."
    ) in said
    assert "--drop-duplicates" not in said and "bought again" not in said
    said, dropped = said_and_members(cli, tmp_path, orders, "--drop-duplicates")
    assert dropped == kept  # what the note says
    assert (
        "5 exact duplicate lines read once (--drop-duplicates); amounts are taken once per "
        "order, so reading them twice would have changed nothing."
    ) in said


ORDER_TOTALS = (
    "customer,order,date,total\n"
    "a,A1,2024-01-05,30\na,A1,2024-01-05,30\na,A2,2024-02-01,5\nb,B1,2024-01-20,7\n"
    "b,B1,2024-01-20,7\n"
)


def test_generic_order_totals_say_the_same(cli, tmp_path):
    orders = write(tmp_path / "o.csv", ORDER_TOTALS)
    said, kept = said_and_members(cli, tmp_path, orders, "--amount-per", "order")
    assert "2 lines are exact duplicates" in said and "change no customer's orders" in said
    assert "--drop-duplicates" not in said
    options = ("--amount-per", "order", "--drop-duplicates")
    assert said_and_members(cli, tmp_path, orders, *options)[1] == kept


@pytest.mark.parametrize(
    ("text", "options"),
    [
        (ORDER_TOTALS, ()),  # amounts per line: summed
        ("customer,date,total\na,2024-01-05,30\na,2024-01-05,30\nb,2024-01-20,7\n", ()),
        ("customer,order,date,qty,price\na,A1,2024-01-05,2,5\na,A1,2024-01-05,2,5\n"
         "b,B1,2024-01-20,1,7\n", ("--quantity", "qty", "--price", "price")),
    ],
    ids=["line amounts", "no order ids", "quantity x price"],  # the default: per line
)  # fmt: skip
def test_duplicates_of_line_amounts_still_point_to_the_flag_that_changes_them(
    cli, tmp_path, text, options
):
    orders = write(tmp_path / "o.csv", text)
    said, kept = said_and_members(cli, tmp_path, orders, *options)
    assert "counted as bought again; pass --drop-duplicates to read each once." in said
    assert said_and_members(cli, tmp_path, orders, *options, "--drop-duplicates")[1] != kept
