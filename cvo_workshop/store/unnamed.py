"""A file written by something that needs a path (DuckDB's COPY), with no name in
any folder until it is complete: `kill -9` while writing leaves nothing behind.

On Linux the file is made with O_TMPFILE (an inode in the target's folder that no
folder lists; the kernel frees it when the process dies) and linked into place
when done. Elsewhere, or on a file system without O_TMPFILE, it is a hidden
temp file beside the target, removed on every exit Python sees.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import tempfile
from pathlib import Path

from cvo_workshop.store.atomic import _fsync_dir, _umask, commit


class UnnamedFile:
    """Write to `.path`, then `publish()` puts it at `target` (replacing it) or
    `discard()` drops it. As a context manager it discards what was not published."""

    def __init__(self, target: Path | str):
        self.target = Path(target)
        self.folder = self.target.parent if str(self.target.parent) else Path(".")
        if str(target) == "-" or (self.target.exists() and not self.target.is_file()):
            # Standard output or a device (/dev/null): it is copied there, never
            # linked, so it is made where temporary files belong, not in /dev.
            self.folder = Path(tempfile.gettempdir())
        self._fd: int | None = None
        self._temp: Path | None = None
        self.path = self._unnamed() or self._named()

    def _unnamed(self) -> str | None:
        flag = getattr(os, "O_TMPFILE", None)
        if flag is None or not Path("/proc/self/fd").is_dir():
            return None
        try:
            self._fd = os.open(self.folder, flag | os.O_RDWR, 0o600)
        except OSError:  # a file system without it (EOPNOTSUPP, EISDIR on old kernels)
            return None
        return f"/proc/self/fd/{self._fd}"

    def _named(self) -> str:
        fd, name = tempfile.mkstemp(prefix=f".{self.target.name}.", suffix=".tmp", dir=self.folder)
        os.close(fd)
        self._temp = Path(name)
        return name

    def publish(self) -> None:
        """Make the written file durable and put it at `target`, in one step for a reader."""
        if self._temp is not None:
            with open(self._temp, "rb+") as f:
                os.fsync(f.fileno())
            commit(self._temp, self.target)
            self._temp = None
            return
        assert self._fd is not None
        fd = self._fd
        os.fsync(fd)
        exists = self.target.exists()
        os.fchmod(fd, self.target.stat().st_mode & 0o7777 if exists else 0o666 & ~_umask())
        folder = os.open(self.folder, os.O_RDONLY)
        try:
            if not exists:
                with contextlib.suppress(FileExistsError):
                    self._link(folder, self.target.name)
                    return self._done()
            # A link cannot replace a file: link under a hidden name, then rename over
            # (the one moment a kill leaves a file behind is between these two calls).
            hidden = f".{self.target.name}.{secrets.token_hex(4)}.tmp"
            self._link(folder, hidden)
            try:
                os.replace(hidden, self.target.name, src_dir_fd=folder, dst_dir_fd=folder)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(hidden, dir_fd=folder)
                raise
            self._done()
        finally:
            os.close(folder)

    def _link(self, folder: int, name: str) -> None:
        # linkat with AT_SYMLINK_FOLLOW (a dir fd makes Python use linkat) gives the
        # unnamed inode behind /proc/self/fd/N a name.
        os.link(self.path, name, src_dir_fd=folder, dst_dir_fd=folder, follow_symlinks=True)

    def _done(self) -> None:
        _fsync_dir(self.folder)
        self.discard()

    def discard(self) -> None:
        """Drop the file if it was not published (safe to call again)."""
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)
            self._fd = None
        if self._temp is not None:
            self._temp.unlink(missing_ok=True)
            self._temp = None

    def __enter__(self) -> UnnamedFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.discard()
