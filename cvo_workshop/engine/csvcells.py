"""CSV a spreadsheet opens as data: every CSV the project writes goes through here.

A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` as a formula
(`=HYPERLINK(...)` leaks data, `+cmd|...` starts a program), and some trim a
leading tab or carriage return first. Such a cell is written with a leading
apostrophe (OWASP "CSV injection"), which spreadsheets read as "text follows".

Two exceptions keep data useful: a cell that is a plain number (`-1.5`, `+3`,
`-2e3`: digits only, nothing a formula could call) is written as it is, so it
stays a number; and a cell that already starts with apostrophes before such a
character gets one more, so `uncell` can tell our apostrophe from the data's and
reading our own CSV back gives exactly what was written (`deck import-csv` of an
`export-csv` file).

The rule is stated once, as the two patterns below: `cell` applies it to rows
Python writes, `cell_sql` to rows DuckDB streams to a file (the RFM members,
too many to pass through Python).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from typing import Any, TextIO

#: A cell a spreadsheet would run: apostrophes, then a formula's first character.
FORMULA = r"^'*[=+\-@\t\r]"
#: A plain number, which stays a number (only ASCII digits: nothing to call).
NUMBER = r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?"

_FORMULA = re.compile(FORMULA)
_NUMBER = re.compile(NUMBER)


def _runs(text: str) -> bool:
    return bool(_FORMULA.match(text)) and not _NUMBER.fullmatch(text)


def cell(value: Any) -> str:
    """`value` as a cell a spreadsheet shows, never runs (None is empty)."""
    text = "" if value is None else str(value)
    return "'" + text if _runs(text) else text


def uncell(text: str) -> str:
    """The value a `cell` came from."""
    return text[1:] if text.startswith("'") and _runs(text[1:]) else text


class Writer:
    """`csv.writer` whose every cell goes through `cell`."""

    def __init__(self, stream: TextIO, *, lineterminator: str = "\r\n"):
        self._writer = csv.writer(stream, lineterminator=lineterminator)

    def writerow(self, row: Iterable[Any]) -> None:
        self._writer.writerow([cell(v) for v in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_text(rows: Iterable[Iterable[Any]], *, lineterminator: str = "\r\n") -> str:
    """Rows (the header first) as CSV text."""
    out = io.StringIO()
    Writer(out, lineterminator=lineterminator).writerows(rows)
    return out.getvalue()


def read_rows(text: str) -> list[list[str]]:
    """The rows of CSV text we wrote, cells as they were before `cell`."""
    return [[uncell(c) for c in row] for row in csv.reader(io.StringIO(text, newline=""))]


def _sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def cell_sql(expr: str) -> str:
    """`cell` as a DuckDB expression over the text expression `expr` (RE2 reads
    both patterns as Python does)."""
    runs = (
        f"regexp_matches({expr}, {_sql_string(FORMULA)}) "
        f"AND NOT regexp_full_match({expr}, {_sql_string(NUMBER)})"
    )
    return f"CASE WHEN {runs} THEN '''' || {expr} ELSE {expr} END"
