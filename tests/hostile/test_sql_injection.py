"""`cohorts rfm --emit-sql`: names from the command line or a file header are
quoted for each dialect and comments stay comments, whatever the names hold."""

from __future__ import annotations

import pytest

HOSTILE_TABLE = 'orders\nDROP TABLE users; --"`\\'
HOSTILE_COLUMN = 'customer"\nDROP TABLE users; --'


def test_emitted_sql_with_hostile_names_is_one_statement_on_that_table(cli):
    duckdb = pytest.importorskip("duckdb")
    result = cli(
        "cohorts",
        "rfm",
        "--emit-sql",
        "--table",
        HOSTILE_TABLE,
        "--customer",
        HOSTILE_COLUMN,
        "--date",
        "ordered at",
        "--amount",
        "amount",
    )
    assert result.exit_code == 0, result.output
    sql = result.output
    comment = sql[: sql.index("\nSET TimeZone")]
    assert all(line.startswith("--") for line in comment.splitlines())
    assert "DROP TABLE users; --" in comment  # the name is there, shown on its own line

    con = duckdb.connect()
    con.execute("CREATE TABLE users (id INT)")
    table = '"' + HOSTILE_TABLE.replace('"', '""') + '"'
    column = '"' + HOSTILE_COLUMN.replace('"', '""') + '"'
    con.execute(f'CREATE TABLE {table} ({column} VARCHAR, "ordered at" TIMESTAMP, amount DOUBLE)')
    con.execute(f"INSERT INTO {table} VALUES ('a', '2024-01-01', 10), ('b', '2024-02-01', 20)")
    # the session's time zone, then the one query
    assert len(con.extract_statements(sql)) == 2
    rows = con.execute(sql).fetchall()
    assert sorted(r[0] for r in rows) == ["a", "b"]
    assert con.execute("SELECT count(*) FROM users").fetchone() == (0,)


@pytest.mark.parametrize("dialect", ["bigquery", "spark", "snowflake"])
def test_emitted_sql_quotes_names_for_each_dialect(cli, dialect):
    result = cli(
        "cohorts", "rfm", "--emit-sql", "--dialect", dialect, "--table", "x\\", "--customer", "c`"
    )
    assert result.exit_code == 0, result.output
    body = result.output[result.output.index("\nWITH") :]
    expected = {
        "bigquery": ("`x\\\\`", "`c\\``"),
        "spark": ("`x\\`", "`c```"),
        "snowflake": ('"x\\"', '"c`"'),
    }[dialect]
    for name in expected:
        assert name in body
