"""Turning pydantic's validation errors into located, readable problems."""

from __future__ import annotations

import typing
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from cvo_workshop.model.messages import describe
from cvo_workshop.model.problem import Problem
from cvo_workshop.store.yamlio import FieldPath, Located

M = TypeVar("M", bound=BaseModel)


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """The model classes an annotation can hold (through list[...], X | None, ...)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    out: list[type[BaseModel]] = []
    for arg in typing.get_args(annotation):
        out.extend(_models_in(arg))
    return out


def _fields_at(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """Field names of the model found at `loc` under `model` (for "did you mean")."""
    current: list[type[BaseModel]] = [model]
    for part in loc:
        if not isinstance(part, str):
            continue
        nxt: list[type[BaseModel]] = []
        for m in current:
            if part in m.model_fields:
                nxt.extend(_models_in(m.model_fields[part].annotation))
        if nxt:
            current = nxt
    return sorted({name for m in current for name in m.model_fields})


def _data_path(data: Any, loc: tuple[Any, ...]) -> FieldPath:
    """Keep only the parts of pydantic's `loc` that index the data (drops union tags)."""
    out: list[str | int] = []
    node = data
    for part in loc:
        if (isinstance(node, dict) and part in node) or (
            isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        ):
            out.append(part)
            node = node[part]
        elif isinstance(node, dict) and isinstance(part, str) and "[" not in part:
            out.append(part)  # a missing or unknown key: point at it, stop walking
            node = None
    return tuple(out)


def problems_from(
    exc: ValidationError, model: type[BaseModel], data: Any, located: Located, base: FieldPath = ()
) -> list[Problem]:
    out = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        path = base + _data_path(data, loc)
        fields = _fields_at(model, loc[:-1]) if err["type"] == "extra_forbidden" else []
        problem = located.problem(path, describe(err, fields), key=err["type"] == "extra_forbidden")
        out.append(problem)
    return out


def validate(
    model: type[M], data: Any, located: Located, base: FieldPath = ()
) -> tuple[M | None, list[Problem]]:
    """Validate `data` (found at `base` in `located`) as `model`; never raises for bad data."""
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        return None, problems_from(exc, model, data, located, base)


def unknown_keys(
    data: dict[str, Any], allowed: list[str], located: Located, base: FieldPath = ()
) -> list[Problem]:
    out = []
    for key in data:
        if key not in allowed:
            msg = describe({"type": "extra_forbidden", "loc": (key,), "msg": ""}, allowed)
            out.append(located.problem((*base, key), msg, key=True))
    return out


def as_mapping(located: Located, what: str) -> tuple[dict[str, Any] | None, list[Problem]]:
    """The top of a file as a mapping, or the problem with it."""
    data = located.data
    if data is None:
        return None, [Problem(located.source, f"the file is empty; expected {what}")]
    if not isinstance(data, dict):
        line, col = located.where(())
        return None, [
            Problem(
                located.source,
                f"expected {what} (a mapping of keys to values), found {type(data).__name__}",
                line,
                col,
            )
        ]
    return data, []
