"""engine.csvcells: the one rule every CSV we write follows, and its inverse."""

from __future__ import annotations

import pytest

from cvo_workshop.engine.csvcells import cell, cell_sql, csv_text, read_rows, uncell

RUN = ["=1+1", "+cmd|' /C calc'!A0", "-1+1", "@SUM(A1)", "\t=1", "\r=1", "-", "+"]
KEEP = ["plain", "a=b", "1-2", "", "'", "'quoted", "-1.5", "+3", "-2e3", "42", ".5", "-0"]
DOUBLE = ["'=1+1", "''-x", "'-1.5"]  # apostrophes before a formula: one more


@pytest.mark.parametrize("value", RUN)
def test_a_formula_gets_an_apostrophe(value):
    assert cell(value) == "'" + value


@pytest.mark.parametrize("value", KEEP)
def test_text_and_plain_numbers_stay_as_they_are(value):
    assert cell(value) == value


@pytest.mark.parametrize("value", DOUBLE)
def test_apostrophes_before_a_formula_get_one_more(value):
    assert cell(value) == "'" + value


@pytest.mark.parametrize("value", RUN + KEEP + DOUBLE + ["-١"])
def test_uncell_gives_back_exactly_what_cell_was_given(value):
    assert uncell(cell(value)) == value


def test_digits_of_other_scripts_are_not_a_plain_number():
    assert cell("-١٢") == "'-١٢"


def test_values_that_are_not_text():
    assert [cell(None), cell(-1.5), cell(3)] == ["", "-1.5", "3"]


def test_rows_round_trip_through_csv_text():
    rows = [["a", "b"], ["=x", "'=y"], ["-1.5", "line\nbreak"]]
    text = csv_text(rows)
    assert text.splitlines()[1] == "'=x,''=y"
    assert read_rows(text) == rows


def test_duckdb_applies_the_same_rule():
    duckdb = pytest.importorskip("duckdb")
    values = RUN + KEEP + DOUBLE + ["-١٢", "x'y"]
    con = duckdb.connect()
    con.execute("CREATE TABLE t (i INT, v VARCHAR)")
    con.executemany("INSERT INTO t VALUES (?, ?)", list(enumerate(values)))
    got = [r[0] for r in con.execute(f"SELECT {cell_sql('v')} FROM t ORDER BY i").fetchall()]
    assert got == [cell(v) for v in values]
