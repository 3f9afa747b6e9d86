"""The workshop file: an append-only journal in JSON lines.

Line 1 holds the setup; every later line is one event. Each event is written
with a single `write` and fsynced before the app shows it as done, so a crash
can only leave the last line cut off, and that line was never acknowledged.

Reading:
- a last line that is cut off or garbled (nothing valid after it) is left out
  and reported; before the file is next written, a backup of it is kept and the
  bad tail is cut off;
- any other bad line is an error naming the file and line; the file is not
  touched (`salvage=True` keeps the events before it, after a backup);
- a file another app is writing to is refused (an advisory lock).
"""

from __future__ import annotations

import codecs
import contextlib
import datetime as dt
import json
import os
import re
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from cvo_workshop.engine.fold import FoldError, State, fold
from cvo_workshop.engine.frameworks import FRAMEWORKS, UnknownFramework
from cvo_workshop.engine.session import SaveDeferred
from cvo_workshop.model.messages import describe, newer_format, tag_key
from cvo_workshop.model.problem import InputError, Problem
from cvo_workshop.model.workshop import FORMAT, Event, WorkshopSetup
from cvo_workshop.store.atomic import _fsync_dir, write_atomic
from cvo_workshop.store.lock import lock_open
from cvo_workshop.store.textfile import read_bytes

SUFFIX = ".workshop.jsonl"
NEWER_HINT = "the file is unchanged; open it with the cvo-workshop that wrote it (or update)"
LIMIT_MB = 200
_EVENT = TypeAdapter(Event)


class DamagedJournal(InputError):
    """A bad line before the end of a workshop file: the file is left as it is.

    `line` is the first bad line (1-based); `kept` the events before it, which
    reading with `salvage=True` keeps (after a backup)."""

    def __init__(self, problems: list[Problem], line: int, kept: list[Event]):
        super().__init__(problems)
        self.line = line
        self.kept = kept


def _damaged(shown: str, error: Problem, line: int, kept: list[Event]) -> DamagedJournal:
    hint = (
        "the file is unchanged; `cvo-workshop workshop resume --salvage` keeps "
        f"the {len(kept)} events before line {line} (after a backup)"
    )
    return DamagedJournal([error, Problem(shown, hint, advice=True)], line, kept)


@dataclass
class Loaded:
    """What a workshop file holds, and what was wrong with its tail."""

    path: Path
    setup: WorkshopSetup
    events: list[Event]
    #: Things a person should know (a cut-off last line, salvaged events).
    warnings: list[str] = field(default_factory=list)
    #: Byte offset where the good part of the file ends, if a bad tail follows.
    good_end: int | None = None
    #: The last good line lacks its newline (written, never confirmed).
    needs_newline: bool = False
    #: The events folded (reading checks they fold): readers use it, not a fold of their own.
    state: State | None = None

    def folded(self) -> State:
        """The events folded, once (reading the file folded them to check them)."""
        if self.state is None:
            self.state = fold(self.setup, self.events)
        return self.state


def _pydantic_problem(path: str, line: int, e: ValidationError, what: str) -> Problem:
    first = e.errors()[0]
    where = tuple(first.get("loc", ()))
    if what == "event":  # pydantic's path starts with the event's type, which is no key
        where = where[1:]
    if key := tag_key(first):  # the type itself: missing, or not one
        where = (*where, key)
    loc = ".".join(str(p) for p in where)
    msg = describe(first)
    if first.get("type") == "extra_forbidden":
        msg = "unknown key (a newer version's file?)"
    return Problem(path, f"{msg}", line, 1, f"{what}.{loc}" if loc else what)


#: Lists and mappings inside one another, at most. An event nests three deep; the
#: JSON decoder and pydantic recurse once a level and end in RecursionError.
MAX_DEPTH = 32
_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"')
_BRACKET = re.compile(rb"[\[\]{}]")


def _too_deep(raw: bytes) -> bool:
    if raw.count(b"[") + raw.count(b"{") <= MAX_DEPTH:
        return False  # the common case: too few brackets to nest too deep
    depth = 0
    for m in _BRACKET.finditer(_STRING.sub(b'""', raw)):
        depth += 1 if m.group() in (b"[", b"{") else -1
        if depth > MAX_DEPTH:
            return True
    return False


def _decode(raw: bytes) -> tuple[Any, str | None]:
    if _too_deep(raw):
        return None, f"nested more than {MAX_DEPTH} levels deep; not a line cvo-workshop writes"
    try:
        return json.loads(raw.decode("utf-8")), None
    except UnicodeDecodeError:
        return None, "not UTF-8 text"
    except json.JSONDecodeError as e:
        return None, f"not valid JSON ({e.msg} at column {e.colno})"


def _newer(data: Any, e: ValidationError) -> str | None:
    """Why a line that is valid JSON looks written by a newer version (an event type
    or key this one does not know), or None."""
    if not isinstance(data, dict):
        return None
    errors = e.errors()
    unknown = [err for err in errors if err["type"] == "extra_forbidden"]
    if errors[0]["type"] == "union_tag_invalid" and isinstance(data.get("type"), str):
        what = f"event type {data.get('type')!r}"
    elif unknown:
        what = f"key {unknown[0]['loc'][-1]!r} in a {data.get('type')!r} event"
    else:
        return None
    return f"written by a newer cvo-workshop (format {FORMAT} with {what}, unknown to this one)"


def read_journal(path: Path | str, *, salvage: bool = False) -> Loaded:
    """Read a workshop file. InputError (located) if it cannot be trusted."""
    p = Path(path)
    shown = str(path)
    raw = read_bytes(p, limit_mb=LIMIT_MB)

    # A byte-order mark (an editor on Windows may add one) is not part of line 1.
    first = len(codecs.BOM_UTF8) if raw.startswith(codecs.BOM_UTF8) else 0
    lines = raw[first:].split(b"\n")
    # Offsets where each line starts, to cut a bad tail off exactly.
    starts = [first]
    for chunk in lines[:-1]:
        starts.append(starts[-1] + len(chunk) + 1)

    header, problem = _decode(lines[0])
    if problem or not isinstance(header, dict) or header.get("format") != FORMAT:
        if isinstance(header, dict) and (newer := newer_format(header.get("format"), FORMAT)):
            raise InputError([Problem(shown, newer, 1, 1), Problem(shown, NEWER_HINT, advice=True)])
        raise InputError(Problem(shown, "not a cvo-workshop workshop file", 1, 1))
    try:
        setup = WorkshopSetup.model_validate(header)
    except ValidationError as e:
        raise InputError(_pydantic_problem(shown, 1, e, "setup")) from None
    if setup.framework not in FRAMEWORKS:  # the model takes any id; the registry says which exist
        message = str(UnknownFramework(setup.framework))
        raise InputError(Problem(shown, message, 1, 1, "setup.framework"))

    loaded = Loaded(p, setup, [])
    n = len(lines)
    # The last index holding anything but whitespace and NULs (a crash can leave NULs).
    last = max((i for i in range(1, n) if lines[i].strip(b"\x00 \t\r")), default=0)
    for i in range(1, n):
        chunk = lines[i]
        if not chunk.strip(b"\x00 \t\r"):
            if i < last and chunk.strip():
                raise InputError(Problem(shown, "damaged line (NUL bytes)", i + 1, 1))
            continue
        data, problem = _decode(chunk)
        error: Problem | None = None
        if problem:
            error = Problem(shown, problem, i + 1, 1)
        else:
            try:
                loaded.events.append(_EVENT.validate_python(data))
                continue
            except ValidationError as e:
                newer = _newer(data, e)
                if newer:
                    # Not damage: cutting or salvaging would lose what the newer app wrote.
                    raise InputError(
                        [
                            Problem(shown, newer, i + 1, 1, "event"),
                            Problem(shown, NEWER_HINT, advice=True),
                        ]
                    ) from None
                error = _pydantic_problem(shown, i + 1, e, "event")
        # A write cut short by a crash is never valid JSON (an event is one object):
        # a last line that is valid JSON is a line this version cannot read, not a tail.
        if i == last and problem:
            loaded.good_end = starts[i]
            loaded.warnings.append(
                f"{shown}:{i + 1}: the last line was cut off or garbled (a crash while "
                "saving?); it was never confirmed on screen and is left out"
            )
            break
        if salvage:
            loaded.good_end = starts[i]
            loaded.warnings.append(
                f"{error}; kept the {len(loaded.events)} events before line {i + 1}, "
                "left out the rest"
            )
            break
        raise _damaged(shown, error, i + 1, list(loaded.events))
    else:
        loaded.needs_newline = bool(raw) and not raw.endswith(b"\n") and last > 0

    try:
        loaded.state = fold(setup, loaded.events)
    except FoldError as e:
        line = e.index + 2
        if not salvage:
            raise _damaged(
                shown, Problem(shown, e.message, line, 1, "event"), line, loaded.events[: e.index]
            ) from None
        loaded.events = loaded.events[: e.index]
        loaded.state = fold(setup, loaded.events)  # the kept events fold (salvage only)
        loaded.good_end = starts[line - 1]
        loaded.warnings.append(
            f"{shown}:{line}: {e.message}; kept the {e.index} events before it, left out the rest"
        )
    return loaded


def backup(path: Path) -> Path:
    """A copy of `path` beside it, named with the time, fsynced."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.{stamp}.bak")
    n = 2
    while target.exists():
        target = path.with_name(f"{path.name}.{stamp}-{n}.bak")
        n += 1
    shutil.copy2(path, target)
    with open(target, "rb") as f:
        os.fsync(f.fileno())
    _fsync_dir(path.parent)
    return target


def journal_bytes(setup: WorkshopSetup, events: Iterable[Event]) -> bytes:
    """A whole workshop file, as `Journal` writes it line by line."""
    lines = [setup.model_dump_json(), *(e.model_dump_json() for e in events)]
    return ("\n".join(lines) + "\n").encode("utf-8")


class Journal:
    """An open workshop file that events are appended to, one fsynced line each."""

    def __init__(self, path: Path, fd: int):
        self.path = path
        self._fd: int | None = fd
        #: Events not yet on disk because saving failed; flush() retries them.
        self.pending: list[bytes] = []

    @classmethod
    def create(cls, path: Path | str, setup: WorkshopSetup) -> Journal:
        """A new workshop file holding only the setup. Never overwrites a file."""
        p = Path(path)
        if p.exists():
            raise InputError(Problem(str(p), "already exists; choose another file name"))
        try:
            p.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(p, setup.model_dump_json() + "\n")
        except OSError as e:
            raise InputError(Problem(str(p), f"cannot write: {e.strerror or e}")) from None
        return cls._open(p)

    @classmethod
    def open(cls, loaded: Loaded) -> tuple[Journal, list[str]]:
        """Open a read file for appending, after cutting off a bad tail (backed up)."""
        notes: list[str] = []
        journal = cls._open(loaded.path)
        try:
            if loaded.good_end is not None:
                saved = backup(loaded.path)
                os.ftruncate(journal._fd, loaded.good_end)  # type: ignore[arg-type]
                os.fsync(journal._fd)  # type: ignore[arg-type]
                notes.append(f"a copy of the file as it was is kept in {saved}")
                loaded.good_end = None
            elif loaded.needs_newline:
                journal._write(b"\n")
                loaded.needs_newline = False
        except BaseException:
            journal.close()
            raise
        return journal, notes

    @classmethod
    def _open(cls, p: Path) -> Journal:
        try:
            fd = os.open(p, os.O_WRONLY | os.O_APPEND)
        except OSError as e:
            raise InputError(
                Problem(str(p), f"cannot open for writing: {e.strerror or e}")
            ) from None
        lock_open(fd, str(p))
        return cls(p, fd)

    def _write(self, data: bytes) -> None:
        if self._fd is None:
            raise OSError("the workshop file is closed")
        view = memoryview(data)
        while view:
            written = os.write(self._fd, view)
            view = view[written:]
        os.fsync(self._fd)

    def append(self, event: Event) -> None:
        """Write one event and make it durable before returning.

        If the disk refuses (full, read-only, gone), the file is put back as it
        was, the event is kept in `pending`, and SaveDeferred is raised: the
        caller may go on with the event in memory, and `flush()` retries.
        """
        self.pending.append(event.model_dump_json().encode("utf-8") + b"\n")
        self.flush()

    def flush(self) -> None:
        """Write the events kept while saving failed, in order (SaveDeferred if it fails again)."""
        if not self.pending:
            return
        data = b"".join(self.pending)
        size = None
        try:
            size = os.lseek(self._fd, 0, os.SEEK_END) if self._fd is not None else None
            self._write(data)
        except OSError as e:
            if size is not None:
                # Never leave part of a line: a later append would follow it.
                with contextlib.suppress(OSError):
                    os.ftruncate(self._fd, size)  # type: ignore[arg-type]
                    os.fsync(self._fd)  # type: ignore[arg-type]
            raise SaveDeferred(len(self.pending), e) from e
        self.pending.clear()

    def close(self) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)
            self._fd = None

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
