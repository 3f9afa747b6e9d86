"""Every file a command writes goes through here: one set of checks, one way to
say what is wrong, nothing half-written.

The rules, for every writer (CLI, app, demo):
- `-` means standard output, for one output only, and so does any other name
  for it (`/dev/stdout`, which a pipe cannot be opened by; the file `>` sends
  it to);
- the folder must exist (we make no folder we were not asked to);
- an output is never one of the command's inputs, nor another of its outputs,
  however it is reached (same path, symlink, hard link);
- a workshop or response file open in a cvo-workshop (its lock is held) is
  never written over;
- a regular file (or a new one) is replaced atomically; a device or a pipe
  (`/dev/null`, `/dev/stdout`, a FIFO) is written to directly, never replaced
  by a regular file;
- the disk refusing (full, read-only, no permission) is a located message, and
  the files already there are left as they were.
Several outputs of one command are all checked, then all staged, then all put
in place: a full disk leaves none of them, not one without the other.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import BinaryIO

from cvo_workshop.engine.text import printable_document, printable_json
from cvo_workshop.model.problem import InputError, Problem
from cvo_workshop.store.atomic import commit, stage
from cvo_workshop.store.lock import held
from cvo_workshop.store.unnamed import UnnamedFile

STDOUT = "-"


class Json(str):
    """Text that is JSON. On standard output what a terminal would act on is
    written as JSON escapes (engine.text.printable_json), the same data to a
    program; other text shows it as codes (`\\x85`), which JSON would not read."""


Data = str | bytes


def is_stdout(path: Path | str | None) -> bool:
    """`-`, or another name for where standard output goes (`/dev/stdout`, the file
    `>` sends it to): written to as standard output, its messages on stderr."""
    if path is None:
        return False
    if str(path) == STDOUT:
        return True
    stream = _stdout_identity()
    return stream is not None and _identity(Path(path)) == stream


def _identity(path: Path) -> tuple[int, int] | None:
    """(device, inode) of what `path` leads to, following symlinks; None if nothing."""
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_dev, st.st_ino


def _stdout_identity() -> tuple[int, int] | None:
    """(device, inode) of where standard output goes, so an output naming the same
    place another way is seen as standard output; None if it has no file (tests)
    or is /dev/null (thrown away: nothing to mix up)."""
    try:
        st = os.fstat(sys.stdout.fileno())
        null = os.stat(os.devnull)
    except (AttributeError, ValueError, OSError):
        return None
    if (st.st_dev, st.st_ino) == (null.st_dev, null.st_ino):
        return None
    return st.st_dev, st.st_ino


def _special(path: Path) -> bool:
    """A device, pipe or socket: written to in place, never replaced."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def _real(path: Path) -> Path:
    """Where a write lands: through symlinks, so a linked file stays linked."""
    return path.resolve() if path.is_symlink() else path


def _files(inputs: Iterable[Path | str]) -> Iterable[Path]:
    """The input files, a folder (a deck of several files) standing for those inside."""
    for raw in inputs:
        path = Path(raw)
        if path.is_dir():
            yield from (p for p in path.rglob("*") if p.is_file())
        else:
            yield path


def check_outputs(outputs: Iterable[Path | str], inputs: Iterable[Path | str] = ()) -> None:
    """InputError naming every output that cannot be written (see the module's rules)."""
    problems: list[Problem] = []
    seen: dict[object, Path] = {}
    sources = {ident: p for p in _files(inputs) if (ident := _identity(p)) is not None}
    for raw in outputs:
        if is_stdout(raw):
            # Two outputs in one stream could not be told apart (nor kept apart),
            # whatever the stream's other name (is_stdout: /dev/stdout, ...).
            if STDOUT in seen:
                problems.append(Problem(STDOUT, "is given twice as an output (standard output)"))
            seen[STDOUT] = Path(STDOUT)
            continue
        path = Path(raw)
        shown = str(raw)
        real = _real(path)
        folder = real.parent if str(real.parent) else Path(".")
        ident = _identity(path)
        if not folder.is_dir():
            problems.append(Problem(shown, f"no such folder: {folder}"))
            continue
        if path.is_dir():
            problems.append(Problem(shown, "is a folder; give a file name"))
            continue
        if ident is not None and ident in sources:
            same = sources[ident]
            also = "" if same == path else f" ({same})"
            problems.append(
                Problem(
                    shown,
                    f"is also an input of this command{also}; writing it would destroy "
                    "that input: choose another output file",
                )
            )
            continue
        key = ident if ident is not None else real.absolute()
        if key in seen:
            problems.append(Problem(shown, f"is given twice as an output (also as {seen[key]})"))
            continue
        seen[key] = path
        if ident is not None and not _special(path) and held(path):
            problems.append(
                Problem(
                    shown,
                    "is open in cvo-workshop (a workshop or questionnaire in use); "
                    "close it first or choose another output file",
                )
            )
            continue
        if not _special(path) and not os.access(folder, os.W_OK):
            problems.append(Problem(shown, f"cannot write in {folder}: permission denied"))
    if problems:
        raise InputError(problems)


def write_outputs(
    files: Mapping[Path, Data],
    inputs: Iterable[Path | str] = (),
    *,
    prepared: Mapping[Path, UnnamedFile] | None = None,
) -> None:
    """Check every output, then write them all or none (standard output last).

    `prepared` maps outputs to files already written with no name yet (too large
    to hold in memory; store/unnamed.py); they are put in place with the rest.
    """
    prepared = dict(prepared or {})
    staged: list[tuple[Path, Path, str]] = []
    publish: list[UnnamedFile] = []
    direct: list[tuple[Path, bytes | Path, str]] = []
    to_stdout: list[str | bytes | Path] = []
    temps: list[Path] = []
    shown = ""
    try:
        check_outputs([*files, *prepared], inputs)
        for target, unnamed in prepared.items():
            shown = str(target)
            if is_stdout(target):
                to_stdout.append(Path(unnamed.path))
            elif _special(real := _real(target)):
                direct.append((real, Path(unnamed.path), shown))
            else:
                publish.append(unnamed)
        for raw, data in files.items():
            shown = str(raw)
            if is_stdout(raw):
                to_stdout.append(data)
                continue
            blob = data.encode("utf-8") if isinstance(data, str) else data
            if _special(path := _real(Path(raw))):
                direct.append((path, blob, shown))
            else:
                temp = stage(path, blob)
                temps.append(temp)
                staged.append((temp, path, shown))
        # Devices first: they cannot be undone, but a failure there (a full
        # /dev/full) still leaves every regular file as it was.
        for path, content, name in direct:
            shown = name
            with open(path, "wb") as f:
                _copy(content, f)
        for temp, path, name in staged:
            shown = name
            commit(temp, path)
        for unnamed in publish:
            shown = str(unnamed.target)
            unnamed.publish()
        if to_stdout:
            shown = "standard output"
            for text in to_stdout:
                _to_stdout(text)
            sys.stdout.buffer.flush()
    except OSError as e:
        raise InputError(Problem(shown, f"cannot write: {e.strerror or e}")) from None
    finally:
        for temp in temps:  # committed ones are gone already
            with contextlib.suppress(OSError):
                temp.unlink()
        for unnamed in prepared.values():  # published ones are gone already
            unnamed.discard()


def _to_stdout(content: str | bytes | Path) -> None:
    """Standard output may be a terminal: text shows its control characters
    (engine.text.printable), JSON escapes them (`Json`); bytes (a PDF) go as they are."""
    out = sys.stdout.buffer
    if isinstance(content, Json):
        out.write(printable_json(content).encode("utf-8"))
    elif isinstance(content, str):
        out.write(printable_document(content).encode("utf-8"))
    elif isinstance(content, Path):  # a large text file written beside, line by line
        with open(content, encoding="utf-8", newline="") as src:
            for n, line in enumerate(src):
                out.write(printable_document(line, start=n == 0).encode("utf-8"))
    else:
        out.write(content)


def _copy(content: bytes | Path, f: BinaryIO) -> None:
    if isinstance(content, Path):
        with open(content, "rb") as src:
            shutil.copyfileobj(src, f)
    else:
        f.write(content)


def named(path: Path | str) -> str:
    """An output as a message names it."""
    return "standard output" if is_stdout(path) else str(path)


def write_output(path: Path | str, data: Data, inputs: Iterable[Path | str] = ()) -> None:
    """One output: see `write_outputs`."""
    write_outputs({Path(path): data}, inputs)
