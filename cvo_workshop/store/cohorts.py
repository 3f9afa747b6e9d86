"""Cohort files (`cohorts rfm -o cohorts.yaml`): written as YAML, read back with located errors."""

from __future__ import annotations

from pathlib import Path

from cvo_workshop.model.cohorts import CohortSet
from cvo_workshop.model.problem import InputError, Problem
from cvo_workshop.store.deck_yaml import dump_yaml
from cvo_workshop.store.textfile import read_text
from cvo_workshop.store.validate import as_mapping, unknown_keys, validate
from cvo_workshop.store.yamlio import Located, load_yaml

TOP_KEYS = ["cohort_set", "cohorts", "segments"]

HEADER = (
    "# Cohorts measured on order history by `cvo-workshop cohorts rfm`.\n"
    "# Load it in the workshop setup; `cvo-workshop cohorts show FILE` prints it.\n"
)


def cohorts_to_yaml(cohort_set: CohortSet) -> str:
    data = cohort_set.model_dump(mode="json", exclude_none=True)
    return HEADER + dump_yaml(data)


def _check(located: Located) -> CohortSet:
    problems = list(located.problems)
    data, more = as_mapping(located, "a cohort file with `cohort_set` and `cohorts`")
    problems += more
    if data is None:
        raise InputError(problems)
    problems += unknown_keys(data, TOP_KEYS, located)
    problems += _id_problems(located, data)
    if not problems:
        record, more = validate(CohortSet, data, located)
        problems += more
        if record is not None and not problems:
            return record
    raise InputError(sorted(problems, key=lambda p: (p.line or 0, p.col or 0)))


def _id_problems(located: Located, data: dict) -> list[Problem]:
    """Duplicate cohort ids and stats for unknown cohorts, pointed at their lines."""
    out: list[Problem] = []
    seen: set[str] = set()
    cohorts = data.get("cohorts")
    if isinstance(cohorts, list):
        for i, c in enumerate(cohorts):
            cid = c.get("id") if isinstance(c, dict) else None
            if isinstance(cid, str):
                if cid in seen:
                    out.append(
                        located.problem(("cohorts", i, "id"), f"duplicate cohort id {cid!r}")
                    )
                seen.add(cid)
    segments = data.get("segments")
    if isinstance(segments, list) and isinstance(cohorts, list):
        for i, s in enumerate(segments):
            sid = s.get("id") if isinstance(s, dict) else None
            if isinstance(sid, str) and sid not in seen:
                out.append(
                    located.problem(
                        ("segments", i, "id"), f"no cohort with id {sid!r} in this file"
                    )
                )
    return out


def load_cohorts(path: Path | str) -> CohortSet:
    """A cohort file; InputError lists every problem at `file:line:col`."""
    return _check(load_yaml(read_text(path), str(path)))


def load_cohorts_text(text: str, source: str = "<cohorts>") -> CohortSet:
    return _check(load_yaml(text, source))
