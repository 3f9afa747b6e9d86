"""Turning pydantic's validation errors into located, readable problems."""

from __future__ import annotations

import difflib
import typing
from collections.abc import Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

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


def _plain(expected: str) -> str:
    return expected.replace("'", "")


def _message(err: Mapping[str, Any], fields: list[str]) -> str:
    kind = err["type"]
    ctx = err.get("ctx") or {}
    given = err.get("input")
    if kind == "extra_forbidden":
        name = str(err["loc"][-1])
        close = difflib.get_close_matches(name, fields, n=1, cutoff=0.6)
        hint = f"; did you mean {close[0]!r}?" if close else f"; known keys: {', '.join(fields)}"
        return f"unknown key {name!r}{hint}"
    if kind == "missing":
        return "required field is missing"
    if kind in ("enum", "literal_error"):
        expected = _plain(ctx.get("expected", ""))
        options = [o.strip() for o in expected.replace(" or ", ", ").split(",")]
        close = difflib.get_close_matches(str(given), options, n=1, cutoff=0.5)
        hint = f" (did you mean {close[0]}?)" if close else ""
        return f"expected {expected}, got {given!r}{hint}"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "too_short":
        return f"needs at least {ctx.get('min_length', 1)} item(s)"
    if kind == "string_too_long":
        return f"too long ({len(str(given))} characters; at most {ctx.get('max_length')})"
    if kind == "string_pattern_mismatch":
        return f"{given!r} is not a valid id: use lowercase letters, digits, '-' and '_'"
    if kind == "string_type":
        return f"expected text, got {type(given).__name__} {given!r}"
    if kind in ("list_type", "tuple_type"):
        return f"expected a list, got {type(given).__name__}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"expected a mapping of keys to values, got {type(given).__name__}"
    msg: str = err["msg"]
    for prefix in ("Value error, ", "Assertion failed, "):
        msg = msg.removeprefix(prefix)
    return msg[:1].lower() + msg[1:]


def problems_from(
    exc: ValidationError, model: type[BaseModel], data: Any, located: Located, base: FieldPath = ()
) -> list[Problem]:
    out = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        path = base + _data_path(data, loc)
        fields = _fields_at(model, loc[:-1]) if err["type"] == "extra_forbidden" else []
        problem = located.problem(path, _message(err, fields), key=err["type"] == "extra_forbidden")
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
            msg = _message({"type": "extra_forbidden", "loc": (key,), "msg": ""}, allowed)
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
