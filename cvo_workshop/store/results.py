"""Results read back: maturity results saved as JSON (`assess score --format json`,
`--save` snapshots), and test results typed into a tracker's copy of the backlog CSV.

A result is a JSON document, and read as one. What is not JSON (a broken or
hand-edited result, YAML) is read with the YAML loader that reads decks, so it
gets every problem with its line and column, like any other file the product
reads; a JSON document's own problems (a value out of range) are located the
same way where YAML can read it, else named by field. `result_json` writes it
so that YAML reads back every note as it was typed; JSON on standard output
(`assess score --format json > r.json`) writes a character past U+FFFF that a
terminal would not show as JSON's surrogate-pair escape, which YAML refuses and
JSON reads.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cvo_workshop.engine.csvcells import uncell
from cvo_workshop.engine.power import typed_change
from cvo_workshop.model.grooming import (
    RESULT_COLUMNS,
    parse_percent,
    value_problem,
)
from cvo_workshop.model.maturity import MaturityResult
from cvo_workshop.model.problem import InputError, Problem
from cvo_workshop.store.deck_yaml import json_for_yaml
from cvo_workshop.store.textfile import read_text
from cvo_workshop.store.validate import as_mapping, validate
from cvo_workshop.store.yamlio import Located, load_yaml


def result_json(result: MaturityResult) -> str:
    """A result as the file `load_result` reads (`assess score -o`, `--save`): JSON
    whose text the YAML loader reads back exactly (store.deck_yaml.json_for_yaml)."""
    return json_for_yaml(result.model_dump_json(indent=2)) + "\n"


def load_result(path: Path | str) -> MaturityResult:
    """A saved maturity result; InputError with located problems if it is not one."""
    text = read_text(path)
    located = _json(text, str(path)) or load_yaml(text, str(path))
    problems = list(located.problems)
    data, more = as_mapping(located, "a maturity result from `assess score --format json`")
    problems += more
    if data is None or problems:
        raise InputError(problems)
    record, problems = validate(MaturityResult, data, located)
    if record is None:
        raise InputError(problems)
    return record


def _json(text: str, source: str) -> Located | None:
    """`text` read as a JSON document, its values located as YAML finds them when
    YAML can read it; None if it is not JSON, or has a key twice (the YAML loader
    says where)."""
    try:
        data = json.loads(text, object_pairs_hook=_once_each)
    except (ValueError, RecursionError):  # (json.JSONDecodeError is a ValueError)
        return None
    return Located(source, data, pending_text=text)


def _once_each(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        raise ValueError("a key given twice")
    return out


# --- test results read back from the tracker ---------------------------------

ITEM_COLUMN = "Item"
#: The card an item was made from: item ids (d12) repeat in every workshop, the
#: card says whether a row belongs to this workshop's item.
CARD_COLUMN = "Card"


@dataclass(frozen=True)
class TrackedResult:
    """One row's results: the item, where its row is, and field -> value as typed."""

    item: str
    line: int
    values: dict[str, str]
    #: field -> column number, to point at a cell
    columns: dict[str, int]
    #: The row's card id ("" when the CSV has no Card column).
    card: str = ""


def read_tracked_results(path: Path | str) -> list[TrackedResult]:
    """The results typed into a backlog CSV (`backlog export --format csv`) in the
    tracker: InputError, located at `file:line:col`, if a value cannot be one."""
    source = str(path)
    text = read_text(path)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise InputError(Problem(source, "the file is empty; expected a header row")) from None
    except csv.Error as e:
        raise InputError(Problem(source, f"not readable as CSV: {e}", 1)) from None
    at = {name: col for col, name in enumerate(header, 1)}
    if ITEM_COLUMN not in at:
        raise InputError(
            Problem(source, f"no {ITEM_COLUMN!r} column: export the backlog as CSV to get one", 1)
        )
    fields = {f: at[c] for f, c in RESULT_COLUMNS.items() if c in at}
    if not fields:
        wanted = ", ".join(repr(c) for c in RESULT_COLUMNS.values())
        raise InputError(Problem(source, f"none of the result columns {wanted}", 1))
    problems: list[Problem] = []
    out: list[TrackedResult] = []
    seen: dict[str, int] = {}
    line = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as e:
            problems.append(Problem(source, f"not readable as CSV: {e}", reader.line_num))
            break
        start, line = line, reader.line_num + 1  # a row may span lines (a cell's breaks)
        if not any(c.strip() for c in row):
            continue
        item = _cell(row, at[ITEM_COLUMN])
        if not item:
            problems.append(Problem(source, "no item id", start, at[ITEM_COLUMN], ITEM_COLUMN))
            continue
        if item in seen:
            problems.append(
                Problem(
                    source,
                    f"item {item} again (first on line {seen[item]})",
                    start,
                    at[ITEM_COLUMN],
                    ITEM_COLUMN,
                )
            )
            continue
        seen[item] = start
        values = {f: _cell(row, col) for f, col in fields.items()}
        for f, value in values.items():
            problem = value_problem(f, value)  # located at the cell, named by its column
            if problem:
                col = fields[f]
                at_line = start + sum(c.count("\n") for c in row[: col - 1])
                problems.append(Problem(source, problem, at_line, col, RESULT_COLUMNS[f]))
            else:
                values[f] = canonical(f, value)
        card = _cell(row, at[CARD_COLUMN]) if CARD_COLUMN in at else ""
        out.append(TrackedResult(item, start, values, dict(fields), card))
    if problems:
        raise InputError(problems)
    return out


def canonical(field: str, value: str) -> str:
    """A result as grooming shows it and the CSV writes it ("Won" -> "won", "12" ->
    "+12%", "-0%" -> "0%", engine/backlog.typed_result), so a value the workshop
    already holds is not read in again, however its text was written."""
    if not value:
        return value
    if field == "outcome":
        return value.lower()
    if field == "measured_lift":
        return typed_change(parse_percent(value))
    return value


def _cell(row: list[str], col: int) -> str:
    """The cell in column `col` (1-based) as typed: a formula guard taken off."""
    return uncell(row[col - 1].strip()) if col <= len(row) else ""
