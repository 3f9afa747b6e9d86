"""Maturity results saved as JSON (`assess score --format json`, `--save` snapshots).

JSON is read with the YAML loader that reads decks (JSON is YAML), so a broken
or hand-edited result gets every problem with its line and column, like any
other file the product reads.
"""

from __future__ import annotations

from pathlib import Path

from cvo_workshop.model.maturity import MaturityResult
from cvo_workshop.model.problem import InputError
from cvo_workshop.store.textfile import read_text
from cvo_workshop.store.validate import as_mapping, validate
from cvo_workshop.store.yamlio import load_yaml


def load_result(path: Path | str) -> MaturityResult:
    """A saved maturity result; InputError with located problems if it is not one."""
    located = load_yaml(read_text(path), str(path))
    problems = list(located.problems)
    data, more = as_mapping(located, "a maturity result from `assess score --format json`")
    problems += more
    if data is None or problems:
        raise InputError(problems)
    record, problems = validate(MaturityResult, data, located)
    if record is None:
        raise InputError(problems)
    return record
