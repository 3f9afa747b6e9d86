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


def load_assessment(path: Path) -> MaturityResult:
    """What a workshop attaches: a saved result (JSON, from `assess score -o`/`--save`),
    or one response file scored on the built-in questionnaire."""
    if path.suffix.lower() == ".json":
        return load_result(path)
    from cvo_workshop.engine.maturity import score
    from cvo_workshop.store.bundled import builtin_questionnaire_path
    from cvo_workshop.store.questionnaires import load_questionnaire, load_response

    bank = load_questionnaire(builtin_questionnaire_path())
    return score(bank, [load_response(path, bank)])


def for_another_organization(result: MaturityResult, organization: str | None) -> str | None:
    """A warning when an assessment attached to a workshop was saved for another client."""
    from cvo_workshop.store.responses import same_organization

    if not organization or not result.organization:
        return None
    if same_organization(result.organization, organization):
        return None
    return (
        f"warning: this assessment was saved for {result.organization}, not {organization}; "
        "check it is this client's"
    )
