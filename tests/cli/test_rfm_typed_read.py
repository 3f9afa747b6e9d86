"""`cohorts rfm` reads dates and amounts with DuckDB's typed CSV reader, and reads the
file again as text only when that reader stops at a value (store/orders.typed_file):
values only the text read takes score as their plain twins, and bad values are still
reported at their line."""

from __future__ import annotations

from tests.cli.test_rfm_cli import members_of, write

PLAIN = "customer,order,date,amount\na,A1,2024-01-05,10\na,A2,2024-02-01,5\nb,B1,2024-01-20,7\n"
#: The same orders as PLAIN, with values padded by blanks: the typed reader stops at
#: a padded date, the text read trims it.
PADDED = (
    "customer,order,date,amount\na,A1, 2024-01-05 , 10\na,A2,2024-02-01,5\nb,B1,2024-01-20 ,7\n"
)


def members(cli, tmp_path, name: str, text: str, *options: str) -> dict:
    out = tmp_path / f"{name}-members.csv"
    orders = write(tmp_path / f"{name}.csv", text)
    result = cli("cohorts", "rfm", orders, "--members", out, *options)
    assert result.exit_code == 0, result.output
    return members_of(out)


def test_values_the_typed_reader_stops_at_score_as_their_plain_twins(cli, tmp_path):
    assert members(cli, tmp_path, "padded", PADDED) == members(cli, tmp_path, "plain", PLAIN)


def test_a_bad_date_is_located_after_the_typed_read_stops_at_it(cli, tmp_path):
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
