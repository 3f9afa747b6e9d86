"""Pydantic's validation errors in the words our users read, for every file and form."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import ValidationError

from cvo_workshop.model.card import ONE_LINE

#: A file format and its version: "cvo-workshop/maturity-1".
FORMAT_VERSION = re.compile(r"(cvo-workshop/[a-z-]+)-(\d{1,9})")


def _plain(expected: str) -> str:
    return expected.replace("'", "")


def newer_format(given: object, reads: str) -> str | None:
    """The words for a file format a later cvo-workshop writes ("cvo-workshop/brand-2"
    where this one reads "cvo-workshop/brand-1"), as workshop files say it; None for
    any other value."""
    said, known = FORMAT_VERSION.fullmatch(str(given)), FORMAT_VERSION.fullmatch(reads)
    if not (said and known) or said[1] != known[1] or int(said[2]) <= int(known[2]):
        return None
    return f"written by a newer cvo-workshop (format {given}; this one reads {reads})"


def tag_key(err: Mapping[str, Any]) -> str | None:
    """The key whose value says which kind of record this is ("type" of a workshop
    event), for an error about that value (missing, or none of the kinds); pydantic
    leaves it out of the error's location. None for any other error."""
    if err["type"] not in ("union_tag_not_found", "union_tag_invalid"):
        return None
    return str((err.get("ctx") or {}).get("discriminator", "")).strip("'") or None


def describe(err: Mapping[str, Any], fields: Sequence[str] = ()) -> str:
    """One pydantic error in words (`fields`: the keys known where an unknown key was found)."""
    kind = err["type"]
    ctx = err.get("ctx") or {}
    given = err.get("input")
    if kind == "union_tag_invalid" and isinstance(given, Mapping):
        # Said of the kind's value, as the other errors are of theirs (tag_key names its key).
        tag = given.get(tag_key(err) or "")
        if not isinstance(tag, str):
            return describe({"type": "string_type", "loc": (), "input": tag})
        kinds = [k.strip().strip("'") for k in str(ctx.get("expected_tags", "")).split(",")]
        close = difflib.get_close_matches(tag, kinds, n=1, cutoff=0.6)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        return f"unknown {tag_key(err)} {tag!r}{hint}"
    if kind == "extra_forbidden":
        name = str(err["loc"][-1])
        close = difflib.get_close_matches(name, fields, n=1, cutoff=0.6)
        if close:
            hint = f"; did you mean {close[0]!r}?"
        else:
            hint = f"; known keys: {', '.join(fields)}" if fields else ""
        return f"unknown key {name!r}{hint}"
    if kind in ("missing", "union_tag_not_found"):
        return "required field is missing"
    if kind in ("enum", "literal_error"):
        expected = _plain(ctx.get("expected", ""))
        if newer := newer_format(given, expected):
            return newer
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
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == ONE_LINE:
        return "must be one line (no line breaks)"
    if kind == "string_pattern_mismatch":
        return f"{given!r} is not a valid id: use lowercase letters, digits, '-' and '_'"
    if kind == "string_unicode":  # a lone surrogate: no file can hold it
        return "holds a character that is not text"
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


def messages(exc: ValidationError) -> list[str]:
    """Every error as 'field.path: message' (no location: for values typed, not files)."""
    out = []
    for err in exc.errors(include_url=False):
        where = ".".join(str(p) for p in err["loc"])
        out.append(f"{where}: {describe(err)}" if where else describe(err))
    return out
