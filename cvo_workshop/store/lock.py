"""One writer per file: an advisory lock another cvo-workshop sees, dropped by the
kernel when the process holding it ends (however it ends).

A workshop file is appended to, so it is locked itself (`lock_open`). A file
replaced whole on every save (a response file: temp file, rename) is a new file
after each save, so it is locked through a hidden lock file beside it
(`SidecarLock`), removed when the lock is let go.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from cvo_workshop.model.problem import InputError, Problem

try:  # advisory locks: POSIX only; elsewhere the lock is skipped
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None  # type: ignore[assignment]

IN_USE = "is open in another cvo-workshop; close that one first"


def lock_open(fd: int, shown: str, message: str = IN_USE) -> None:
    """Lock the open file `fd` for this process, or close it and refuse (InputError)."""
    if fcntl is None:  # pragma: no cover
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        raise InputError(Problem(shown, message)) from None


def sidecar(path: Path | str) -> Path:
    """The hidden lock file of a file replaced on every save."""
    target = Path(path)
    return target.with_name(f".{target.name}.lock")


def held(path: Path | str) -> bool:
    """True while a cvo-workshop holds `path`'s lock (its own, or its sidecar's):
    a workshop or questionnaire in use, never to be written over."""
    if fcntl is None:  # pragma: no cover
        return False
    for candidate in (Path(path), sidecar(path)):
        try:
            fd = os.open(candidate, os.O_RDONLY | os.O_NONBLOCK)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except OSError:
            return True
        finally:
            os.close(fd)  # closing drops the shared lock we may have taken
    return False


class SidecarLock:
    """The lock of a file that is replaced on every save, held until `release()`."""

    def __init__(self, path: Path | str, message: str = IN_USE):
        target = Path(path)
        self.path = sidecar(target)
        self._fd: int | None = None
        target.parent.mkdir(parents=True, exist_ok=True)
        while self._fd is None:
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            except OSError as e:
                raise InputError(Problem(str(target), f"cannot lock: {e.strerror or e}")) from None
            lock_open(fd, str(target), message)
            # The holder before may have removed the lock file between our open and
            # our lock: then we hold a lock nobody else can see; take the new one.
            try:
                same = os.path.samestat(os.fstat(fd), os.stat(self.path))
            except FileNotFoundError:
                same = False
            if same:
                self._fd = fd
            else:
                os.close(fd)

    def release(self) -> None:
        """Let go (safe to call again): the lock file goes first, while still held."""
        if self._fd is None:
            return
        with contextlib.suppress(OSError):
            os.unlink(self.path)
        with contextlib.suppress(OSError):
            os.close(self._fd)
        self._fd = None

    def __enter__(self) -> SidecarLock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
