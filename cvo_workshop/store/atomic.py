"""Atomic writes: a reader sees the old file or the new one, never half of one."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def write_atomic(path: Path | str, data: str | bytes) -> None:
    """Write to a temp file beside `path`, fsync it, rename it over `path`, fsync the folder."""
    target = Path(path)
    commit(stage(target, data.encode("utf-8") if isinstance(data, str) else data), target)


def stage(target: Path, raw: bytes) -> Path:
    """`raw` in a fsynced temp file beside `target` (removed again if writing fails)."""
    folder = target.parent if str(target.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(raw)
            f.flush()
            os.fsync(f.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return Path(tmp)


def commit(temp: Path | str, path: Path | str) -> None:
    """Rename a finished, fsynced temp file written beside `path` over it, keeping
    `path`'s permissions (mkstemp creates 0600); fsync the folder."""
    target, tmp = Path(path), Path(temp)
    try:
        if target.exists():
            os.chmod(tmp, target.stat().st_mode & 0o7777)
        else:
            os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_dir(target.parent if str(target.parent) else Path("."))


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
