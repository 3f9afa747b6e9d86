"""Safe YAML with a position for every value, and every problem located.

We build Python values from libyaml's event stream ourselves, iteratively,
rather than with `yaml.safe_load`, for four reasons: a line and column for
every field (so a pydantic error can say where it is); nesting depth bounded
without recursion (libyaml's composer recurses and crashes on deep input);
alias expansion counted (billion-laughs); duplicate keys and tags reported
instead of silently taking the last or executing anything.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)
from yaml.nodes import ScalarNode

from cvo_workshop.model.problem import InputError, Problem

MAX_DEPTH = 64
MAX_NODES = 3_000_000  # values, counting every alias expansion
_Parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

FieldPath = tuple[str | int, ...]
_SCALAR_TAGS = {
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:timestamp",
}
_STR = "tag:yaml.org,2002:str"
_COLLECTION_TAGS = {None, "!", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}


#: A YAML type in our words.
_TAG_WORDS = {"tag:yaml.org,2002:timestamp": "a date"}


class _Fatal(Exception):
    def __init__(self, message: str, line: int, col: int, field: str = ""):
        self.message, self.line, self.col, self.field = message, line, col, field


@dataclass(frozen=True)
class Unparsed:
    """Stands in for a list item whose YAML could not be read, so indexes stay put."""

    id: str | None


@dataclass
class Located:
    """A YAML document's data with where each value and key starts (1-based)."""

    source: str
    data: Any
    positions: dict[FieldPath, tuple[int, int]] = field(default_factory=dict)
    keys: dict[FieldPath, tuple[int, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    #: Text whose positions are not read yet: they are found when first asked for.
    pending_text: str | None = field(default=None, repr=False)

    def _read_positions(self) -> None:
        if self.pending_text is not None:
            text, self.pending_text = self.pending_text, None
            try:
                full = _parse(text, self.source)
            except _Fatal:  # text YAML cannot read (JSON read as JSON): no positions
                return
            self.positions, self.keys = full.positions, full.keys

    def where(self, path: FieldPath, *, key: bool = False) -> tuple[int | None, int | None]:
        """Position of `path`, or of its nearest ancestor that has one."""
        self._read_positions()
        p = tuple(path)
        if key and p in self.keys:
            return self.keys[p]
        while p:
            if p in self.positions:
                return self.positions[p]
            p = p[:-1]
        return self.positions.get((), (None, None))

    def problem(self, path: FieldPath, message: str, *, key: bool = False) -> Problem:
        line, col = self.where(path, key=key)
        return Problem(self.source, message, line, col, field=format_path(path))


def format_path(path: FieldPath) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


class _Frame:
    __slots__ = ("anchor", "base", "container", "key", "key_pos", "path", "size")

    def __init__(self, container: dict | list, path: FieldPath, anchor: str | None, base: int = 0):
        self.container = container
        self.path = path
        self.anchor = anchor
        self.base = base  # index of a sequence's first item (a recovered chunk starts mid-list)
        self.key: str | None = None  # a mapping's key waiting for its value
        self.key_pos: tuple[int, int] = (0, 0)
        self.size = 1


class _Builder:
    def __init__(self, located: Located, line_offset: int, prefix: FieldPath, first_index: int):
        self.loc = located
        self.offset = line_offset
        self.prefix = prefix
        self.first_index = first_index
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.nodes = 0
        self.ctor = yaml.SafeLoader("")

    def pos(self, mark: Any) -> tuple[int, int]:
        return (mark.line + 1 + self.offset, mark.column + 1)

    def run(self, events: Any) -> Any:
        stack: list[_Frame] = []
        root: Any = None
        documents = 0
        for ev in events:
            cls = type(ev)
            if cls is ScalarEvent:
                if stack and isinstance(stack[-1].container, dict) and stack[-1].key is None:
                    self._key(stack[-1], ev)
                    continue
                value = self._scalar(stack, ev)
                if ev.anchor:
                    self.anchors[ev.anchor] = (value, 1)
                root = self._place(stack, value, ev.start_mark, 1, root)
            elif cls is MappingStartEvent or cls is SequenceStartEvent:
                if stack and isinstance(stack[-1].container, dict) and stack[-1].key is None:
                    raise _Fatal("mapping keys must be plain text", *self.pos(ev.start_mark))
                if len(stack) >= MAX_DEPTH:
                    raise _Fatal(f"nested deeper than {MAX_DEPTH} levels", *self.pos(ev.start_mark))
                if ev.tag not in _COLLECTION_TAGS:
                    self._bad_tag(stack, ev)
                container: dict | list = {} if cls is MappingStartEvent else []
                path = self._child_path(stack)
                root = self._place(stack, container, ev.start_mark, 0, root)
                stack.append(
                    _Frame(container, path, ev.anchor, self.first_index if not stack else 0)
                )
                self._count(1, ev.start_mark)
            elif cls is MappingEndEvent or cls is SequenceEndEvent:
                done = stack.pop()
                if done.anchor:
                    self.anchors[done.anchor] = (done.container, done.size)
                if stack:
                    stack[-1].size += done.size
            elif cls is AliasEvent:
                if stack and isinstance(stack[-1].container, dict) and stack[-1].key is None:
                    raise _Fatal("mapping keys must be plain text", *self.pos(ev.start_mark))
                if ev.anchor not in self.anchors:
                    raise _Fatal(
                        f"alias *{ev.anchor} used before its anchor &{ev.anchor}",
                        *self.pos(ev.start_mark),
                    )
                value, size = self.anchors[ev.anchor]
                self._count(size, ev.start_mark)
                if stack and stack[-1].key == "<<":
                    self._merge(stack[-1], value, ev.start_mark)
                    continue
                root = self._place(stack, value, ev.start_mark, size, root)
            elif cls is DocumentStartEvent:
                documents += 1
                if documents > 1:
                    line, col = self.pos(ev.start_mark)
                    self.loc.problems.append(
                        Problem(
                            self.loc.source,
                            "more than one YAML document ('---'); only the first is read",
                            line,
                            col,
                        )
                    )
                    break
        return root

    def _count(self, n: int, mark: Any) -> None:
        self.nodes += n
        if self.nodes > MAX_NODES:
            raise _Fatal(
                f"more than {MAX_NODES:,} values once aliases are expanded (an alias bomb?)",
                *self.pos(mark),
            )

    def _child_path(self, stack: list[_Frame]) -> FieldPath:
        if not stack:
            return self.prefix
        top = stack[-1]
        if isinstance(top.container, dict):
            return (*top.path, top.key)  # type: ignore[arg-type]
        return (*top.path, top.base + len(top.container))

    def _place(self, stack: list[_Frame], value: Any, mark: Any, size: int, root: Any) -> Any:
        path = self._child_path(stack)
        self.loc.positions[path] = self.pos(mark)
        if not stack:
            return value
        top = stack[-1]
        top.size += size
        if isinstance(top.container, dict):
            key = top.key
            assert key is not None
            if key in top.container:
                line, col = top.key_pos
                self.loc.problems.append(
                    Problem(
                        self.loc.source,
                        f"duplicate key {key!r} (the first one is kept)",
                        line,
                        col,
                        field=format_path(path),
                    )
                )
            else:
                top.container[key] = value
                self.loc.keys[path] = top.key_pos
            top.key = None
        else:
            top.container.append(value)
        return root

    def _key(self, frame: _Frame, ev: ScalarEvent) -> None:
        frame.key = ev.value
        frame.key_pos = self.pos(ev.start_mark)
        self._count(1, ev.start_mark)

    def _merge(self, frame: _Frame, value: Any, mark: Any) -> None:
        frame.key = None
        if not isinstance(value, dict):
            raise _Fatal("'<<' merges a mapping; this alias is not one", *self.pos(mark))
        assert isinstance(frame.container, dict)
        for k, v in value.items():
            frame.container.setdefault(k, v)

    def _bad_tag(self, stack: list[_Frame], ev: Any) -> None:
        line, col = self.pos(ev.start_mark)
        tag = ev.tag.replace("tag:yaml.org,2002:", "!!")
        self.loc.problems.append(
            Problem(
                self.loc.source,
                f"YAML tag {tag} is not allowed here; write plain values",
                line,
                col,
                field=format_path(self._child_path(stack)),
            )
        )

    def _scalar(self, stack: list[_Frame], ev: ScalarEvent) -> Any:
        if ev.tag in (None, "!"):
            if not ev.implicit[0]:
                return ev.value  # quoted: always text
            tag = self.ctor.resolve(ScalarNode, ev.value, ev.implicit)
        else:
            tag = ev.tag
        if tag == _STR:
            return ev.value
        if tag not in _SCALAR_TAGS:
            self._bad_tag(stack, ev)
            return None
        node = ScalarNode(tag, ev.value, ev.start_mark, ev.end_mark, ev.style)
        try:
            return self.ctor.yaml_constructors[tag](self.ctor, node)
        except (ValueError, yaml.YAMLError):
            # A value that is no real date (2026-02-30), named by its field.
            raise _Fatal(
                f"cannot read {ev.value!r} as {_TAG_WORDS.get(tag, tag.rsplit(':', 1)[-1])}",
                *self.pos(ev.start_mark),
                field=format_path(self._child_path(stack)),
            ) from None


_PLAIN_COLLECTION_TAGS = {None, "!"}
_NOT_PLAIN = object()
_NO_KEY = object()


def _plain(text: str) -> Any:
    """The data of plain YAML, fast, or _NOT_PLAIN for anything unusual.

    Most files are plain: no tags, anchors, duplicate keys or deep nesting.
    For those, build the data alone (positions cost as much again and are
    only needed when something is wrong). Anything else takes the careful path.
    """
    loader = _Parser(text)
    get_event = loader.get_event
    ctor = yaml.SafeLoader("")
    tags: dict[str, str] = {}
    stack: list[Any] = []
    pending: list[Any] = []  # per open mapping: the key waiting for its value
    root: Any = None
    documents = 0
    try:
        while (ev := get_event()) is not None:
            cls = type(ev)
            if cls is ScalarEvent:
                if ev.anchor is not None or ev.tag not in _PLAIN_COLLECTION_TAGS:
                    return _NOT_PLAIN
                value = ev.value
                if stack and pending[-1] is _NO_KEY:
                    pending[-1] = value
                    continue
                if ev.implicit[0]:
                    tag = tags.get(value)
                    if tag is None:
                        tag = tags[value] = ctor.resolve(ScalarNode, value, ev.implicit)
                    if tag != _STR:
                        if tag not in _SCALAR_TAGS:
                            return _NOT_PLAIN
                        node = ScalarNode(tag, value, ev.start_mark, ev.end_mark, ev.style)
                        value = ctor.yaml_constructors[tag](ctor, node)
            elif cls is MappingStartEvent or cls is SequenceStartEvent:
                if ev.anchor is not None or ev.tag not in _PLAIN_COLLECTION_TAGS:
                    return _NOT_PLAIN
                if len(stack) >= MAX_DEPTH or (stack and pending[-1] is _NO_KEY):
                    return _NOT_PLAIN
                value = {} if cls is MappingStartEvent else []
            elif cls is MappingEndEvent or cls is SequenceEndEvent:
                stack.pop()
                pending.pop()
                continue
            elif cls is DocumentStartEvent:
                documents += 1
                if documents > 1:
                    return _NOT_PLAIN
                continue
            elif cls is AliasEvent:
                return _NOT_PLAIN
            else:
                continue
            if not stack:
                root = value
            elif pending[-1] is None:  # in a sequence
                stack[-1].append(value)
            else:
                key = pending[-1]
                if key in stack[-1] or key == "<<":
                    return _NOT_PLAIN
                stack[-1][key] = value
                pending[-1] = _NO_KEY
            if cls is not ScalarEvent:
                stack.append(value)
                pending.append(_NO_KEY if cls is MappingStartEvent else None)
    except (yaml.YAMLError, ValueError, RecursionError):
        return _NOT_PLAIN
    finally:
        loader.dispose()
    return root


def _parse(
    text: str, source: str, line_offset: int = 0, prefix: FieldPath = (), first_index: int = 0
) -> Located:
    """Parse one document; raises _Fatal on whatever stops the reading."""
    located = Located(source, None)
    builder = _Builder(located, line_offset, prefix, first_index)
    try:
        loader = _Parser(text)
        try:
            located.data = builder.run(iter(loader.get_event, None))
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 + line_offset if mark else None
        col = mark.column + 1 if mark else None
        what = (e.problem or e.context or "invalid YAML").strip()
        if "nesting depth" in what:
            # Newer libyaml refuses deep nesting itself (PyYAML 6.0.4: at 1,000
            # levels, scanning ahead of us); one message whichever stops it.
            raise _Fatal(f"nested deeper than {MAX_DEPTH} levels", line or 0, col or 0) from None
        hint = _hint(what)
        if mark is not None and text[mark.index : mark.index + 1] == "\t":
            hint = " (YAML indents with spaces, not tabs)"
        raise _Fatal(f"invalid YAML: {what}{hint}", line or 0, col or 0) from None
    except yaml.YAMLError as e:  # reader errors: control characters and the like
        raise _Fatal(f"invalid YAML: {e}", 0, 0) from None
    except RecursionError:
        raise _Fatal(f"nested deeper than {MAX_DEPTH} levels", 0, 0) from None
    return located


_HINTS = {
    "mapping values are not allowed": "check this line's indentation",
    "did not find expected key": "check the indentation, or a missing '-' or ':'",
    "did not find expected '-' indicator": "check the indentation of this list",
    "could not find expected ':'": "a key needs a ':' after it",
    "found undefined alias": "an alias (*name) needs an anchor (&name) before it",
}


def _hint(what: str) -> str:
    for start, hint in _HINTS.items():
        if what.startswith(start):
            return f" ({hint})"
    return ""


def _fatal_problem(source: str, f: _Fatal) -> Problem:
    return Problem(source, f.message, f.line or None, f.col or None, field=f.field)


_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:(?:[ \t]+(.*))?\s*$")
_ITEM = re.compile(r"^([ \t]*)-(?:[ \t]|$)")
_ID = re.compile(r"^[ \t-]*id[ \t]*:[ \t]*['\"]?([^'\"\s#]+)")


def _recover(text: str, source: str, first: Problem) -> Located:
    """Read what can be read around a syntax error, a top-level section or list item at a time.

    A typo in one card must not hide the mistakes in the other fifty, so each
    item of a top-level list is parsed on its own; one that fails becomes an
    `Unparsed` placeholder (keeping indexes) and its own located problem.
    """
    lines = text.splitlines(keepends=True)
    heads = [i for i, ln in enumerate(lines) if _TOP_KEY.match(ln)]
    if not heads:
        return Located(source, None, problems=[first])
    out = Located(source, {}, problems=[first])
    out.positions[()] = (1, 1)
    reported = {first.line}
    bounds = [*heads, len(lines)]
    for start, end in itertools.pairwise(bounds):
        m = _TOP_KEY.match(lines[start])
        assert m
        key, inline = m.group(1), (m.group(2) or "").strip()
        body = lines[start + 1 : end]
        items = [i for i, ln in enumerate(body) if _ITEM.match(ln)]
        out.keys[(key,)] = (start + 1, 1)
        if (
            inline
            or not items
            or any(ln.strip() and not ln.lstrip().startswith("#") for ln in body[: items[0]])
        ):
            chunk = _try(lines[start:end], start, (), 0, source, out, reported)
            if chunk is not None and isinstance(chunk.data, dict) and key in chunk.data:
                out.data[key] = chunk.data[key]
            continue
        indent = _ITEM.match(body[items[0]]).group(1)  # type: ignore[union-attr]
        starts = [i for i in items if _ITEM.match(body[i]).group(1) == indent]  # type: ignore[union-attr]
        values: list[Any] = []
        out.data[key] = values
        out.positions[(key,)] = (start + 2 + starts[0], len(indent) + 1)
        for a, b in zip(starts, [*starts[1:], len(body)], strict=False):
            chunk = _try(body[a:b], start + 1 + a, (key,), len(values), source, out, reported)
            if chunk is None or not isinstance(chunk.data, list) or len(chunk.data) != 1:
                ids = [m.group(1) for ln in body[a:b] if (m := _ID.match(ln))]
                values.append(Unparsed(ids[0] if ids else None))
                out.positions[(key, len(values) - 1)] = (start + 2 + a, len(indent) + 1)
                continue
            values.append(chunk.data[0])
    return out


def _try(
    chunk: list[str],
    offset: int,
    prefix: FieldPath,
    first_index: int,
    source: str,
    out: Located,
    reported: set[int | None],
) -> Located | None:
    try:
        located = _parse("".join(chunk), source, offset, prefix, first_index)
    except _Fatal as f:
        if f.line not in reported:
            reported.add(f.line)
            out.problems.append(_fatal_problem(source, f))
        return None
    out.problems.extend(located.problems)
    out.positions.update((p, v) for p, v in located.positions.items() if p)
    out.keys.update(located.keys)
    return located


def load_yaml(text: str, source: str, *, recover: bool = True) -> Located:
    """Parse YAML text. Syntax errors raise InputError unless `recover` finds more to read."""
    data = _plain(text)
    if data is not _NOT_PLAIN:
        return Located(source, data, pending_text=text)
    try:
        return _parse(text, source)
    except _Fatal as f:
        first = _fatal_problem(source, f)
        if not recover or f.message.startswith(("nested deeper", "more than")):
            raise InputError(first) from None
    located = _recover(text, source, first)
    if located.data is None:
        raise InputError(located.problems)
    return located
