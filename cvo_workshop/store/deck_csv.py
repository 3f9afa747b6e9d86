"""Decks as CSV, for people who keep cards in spreadsheets: one row a card.

List fields are joined with ';' (a literal ';' is written '\\;'); an RFM
range is written `r=4-5; f=4-5; m=1-5`. Files are written as UTF-8 with a
byte-order mark so spreadsheet programs open them as UTF-8. A cell a spreadsheet
would run as a formula (`=HYPERLINK(...)`) is written with a leading apostrophe
(engine.csvcells), which reading takes off again: a deck survives the round trip.
"""

from __future__ import annotations

import csv
import io
import re
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from cvo_workshop.engine.csvcells import csv_text, uncell
from cvo_workshop.model.card import CohortCard, RecipeCard, RfmRange
from cvo_workshop.model.deck import Deck, DeckMeta, reference_problems
from cvo_workshop.model.problem import InputError, Problem
from cvo_workshop.store.decks import LIMIT_MB as DECK_LIMIT_MB
from cvo_workshop.store.textfile import read_text
from cvo_workshop.store.validate import unknown_keys, validate
from cvo_workshop.store.yamlio import Located

_SPLIT = re.compile(r"(?<!\\);")
_RANGE = re.compile(r"^\s*([rfm])\s*=\s*(\d)\s*-\s*(\d)\s*$")


def _is_list(model: type[BaseModel], name: str) -> bool:
    return typing.get_origin(model.model_fields[name].annotation) is list


def join_list(items: list[str]) -> str:
    return "; ".join(str(i).replace(";", "\\;") for i in items)


def split_list(cell: str) -> list[str]:
    return [p.strip().replace("\\;", ";") for p in _SPLIT.split(cell) if p.strip()]


def _text(model: type[BaseModel], name: str, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, RfmRange):
        return "; ".join(
            f"{k}={lo}-{hi}" for k, (lo, hi) in (("r", value.r), ("f", value.f), ("m", value.m))
        )
    if _is_list(model, name):
        return join_list([str(v) for v in value])
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _rows(model: type[BaseModel], records: list[BaseModel]) -> str:
    names = list(model.model_fields)
    rows = [[_text(model, n, getattr(record, n)) for n in names] for record in records]
    return "\ufeff" + csv_text([names, *rows], lineterminator="\n")


def cards_csv(deck: Deck) -> str:
    return _rows(RecipeCard, list(deck.cards))


def cohorts_csv(deck: Deck) -> str:
    return _rows(CohortCard, list(deck.cohorts))


def _parse_range(cell: str) -> dict[str, list[int]] | str:
    out: dict[str, list[int]] = {}
    for part in split_list(cell):
        m = _RANGE.match(part)
        if not m:
            return f"expected ranges like 'r=4-5; f=4-5; m=1-5', got {cell!r}"
        out[m.group(1)] = [int(m.group(2)), int(m.group(3))]
    return out


def _read_rows(
    model: type[BaseModel], path: Path | str, kind: str
) -> tuple[
    list[Any], list[tuple[Located, tuple, str | None, list[tuple[tuple, str]]]], list[Problem]
]:
    """Records from a CSV file; problems point at `file:line` and the column name."""
    source = str(path)
    text = read_text(path, limit_mb=DECK_LIMIT_MB)
    reader = csv.reader(io.StringIO(text, newline=""))
    problems: list[Problem] = []
    try:
        header = next(reader)
    except StopIteration:
        raise InputError(Problem(source, "the file is empty; expected a header row")) from None
    except csv.Error as e:
        raise InputError(Problem(source, f"not readable as CSV: {e}", 1)) from None
    names = [h.strip() for h in header]
    known = list(model.model_fields)
    located = Located(source, None)
    for col, name in enumerate(names, 1):
        located.keys[(name,)] = (1, col)
    problems += unknown_keys({n: None for n in names}, known, located)
    first: dict[str, int] = {}
    for col, name in enumerate(names, 1):
        # Two columns of one name: which is the card's? Neither is kept silently.
        if name in first and name in known:
            problems.append(
                Problem(
                    source,
                    f"the column is given twice (also column {first[name]}); keep one",
                    1,
                    col,
                    name,
                )
            )
        first.setdefault(name, col)
    records: list[Any] = []
    items = []
    i = -1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as e:
            problems.append(Problem(source, f"not readable as CSV: {e}", reader.line_num))
            break
        if not any(c.strip() for c in row):
            continue
        i += 1
        line = reader.line_num
        if len(row) > len(names):
            problems.append(
                Problem(source, f"{len(row)} cells but the header has {len(names)}", line)
            )
            continue
        data: dict[str, Any] = {}
        row_loc = Located(source, None)
        for col, (name, cell) in enumerate(zip(names, row, strict=False), 1):
            row_loc.positions[(f"{kind}[{i}]", name)] = (line, col)
            cell = uncell(cell.strip())
            if not cell or name not in known:
                continue
            if name == "rfm":
                parsed = _parse_range(cell)
                if isinstance(parsed, str):
                    problems.append(Problem(source, parsed, line, col, f"{kind}[{i}].{name}"))
                    continue
                data[name] = parsed
            elif _is_list(model, name):
                data[name] = split_list(cell)
            else:
                data[name] = cell
        row_loc.positions[(f"{kind}[{i}]",)] = (line, 1)
        record, more = validate(model, data, row_loc, (f"{kind}[{i}]",))
        problems += more
        if record is not None:
            records.append(record)
        cid = data.get("id")
        items.append(
            (
                row_loc,
                (f"{kind}[{i}]",),
                cid,
                [((f"{kind}[{i}]", "requires"), r) for r in data.get("requires", [])],
            )
        )
    return records, items, problems


def load_csv_deck(cards: Path | str, cohorts: Path | str | None, meta: DeckMeta) -> Deck:
    card_records, card_items, problems = _read_rows(RecipeCard, cards, "cards")
    cohort_records: list[Any] = []
    cohort_items: list[Any] = []
    if cohorts is not None:
        cohort_records, cohort_items, more = _read_rows(CohortCard, cohorts, "cohorts")
        problems += more
    for (loc, path), message in reference_problems(
        (((loc, (*p, "id")), cid) for loc, p, cid, _ in card_items),
        (((loc, rp), cid, t) for loc, _, cid, reqs in card_items for rp, t in reqs),
        (((loc, (*p, "id")), cid) for loc, p, cid, _ in cohort_items),
    ):
        problems.append(loc.problem(path, message))
    if problems:
        raise InputError(problems)
    return Deck.model_construct(deck=meta, cards=card_records, cohorts=cohort_records)
