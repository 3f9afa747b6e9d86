"""Reading user text files: size limit, encodings, binary junk, all reported with a location."""

from __future__ import annotations

import codecs
import os
import stat
from pathlib import Path

from cvo_workshop.model.problem import InputError, Problem

MB = 1024 * 1024


def _where_byte(raw: bytes, offset: int) -> tuple[int, int]:
    line = raw.count(b"\n", 0, offset) + 1
    col = offset - (raw.rfind(b"\n", 0, offset) + 1) + 1
    return line, col


def decode_text(raw: bytes, path: str) -> str:
    """UTF-8 (BOM or not) or UTF-16/32 with a BOM; anything else is a located error."""
    for bom, enc in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if raw.startswith(bom):
            try:
                text = raw.decode(enc)
            except UnicodeDecodeError as e:
                raise InputError(
                    Problem(path, f"not valid {enc.upper()} text ({e.reason})")
                ) from None
            break
    else:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            line, col = _where_byte(raw, e.start)
            if b"\x00" in raw[:4096]:
                msg = "binary data, not a text file"
            else:
                msg = (
                    f"not UTF-8 text (byte 0x{raw[e.start]:02X}); "
                    "save the file as UTF-8 and try again"
                )
            raise InputError(Problem(path, msg, line, col)) from None
    nul = text.find("\x00")
    if nul >= 0:
        head = raw[:4096]
        if len(head) >= 4 and (
            head[1::2].count(0) > len(head) // 3 or head[0::2].count(0) > len(head) // 3
        ):
            raise InputError(
                Problem(
                    path,
                    "looks like UTF-16 text without a byte-order mark; save it as UTF-8 "
                    "and try again",
                )
            )
        line = text.count("\n", 0, nul) + 1
        col = nul - (text.rfind("\n", 0, nul) + 1) + 1
        raise InputError(Problem(path, "binary data, not a text file (NUL character)", line, col))
    return text


def read_text(path: Path | str, *, limit_mb: float = 20) -> str:
    """The text of a file, or an InputError that names the file and what is wrong."""
    return decode_text(read_bytes(path, limit_mb=limit_mb), str(path))


def read_bytes(path: Path | str, *, limit_mb: float = 20) -> bytes:
    """The bytes of a file, or an InputError that names the file and what is wrong."""
    p = Path(path)
    shown = str(path)
    size = regular_file(p, shown)
    if size > limit_mb * MB:
        raise InputError(
            Problem(shown, f"file is {size / MB:.1f} MB; the limit is {limit_mb:g} MB")
        )
    try:
        return p.read_bytes()
    except OSError as e:
        raise InputError(_os_problem(shown, e)) from None


def regular_file(path: Path | str, shown: str | None = None) -> int:
    """The size of `path` if it is a regular file; else an InputError saying what it is.

    Every reader checks this before opening a file: opening a FIFO waits for a
    writer forever, and a device never ends.
    """
    shown = str(path) if shown is None else shown
    try:
        st = os.stat(path)
    except OSError as e:
        raise InputError(_os_problem(shown, e)) from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(Problem(shown, "is a folder, expected a file"))
    if not stat.S_ISREG(st.st_mode):
        kind = (
            "a named pipe (FIFO)"
            if stat.S_ISFIFO(st.st_mode)
            else "a socket"
            if stat.S_ISSOCK(st.st_mode)
            else "a device"
        )
        raise InputError(Problem(shown, f"is {kind}, not a regular file; give a file"))
    return st.st_size


def _os_problem(shown: str, e: OSError) -> Problem:
    if isinstance(e, FileNotFoundError):
        return Problem(shown, "no such file")
    if isinstance(e, PermissionError):
        return Problem(shown, "permission denied")
    if isinstance(e, IsADirectoryError):
        return Problem(shown, "is a folder, expected a file")
    return Problem(shown, f"cannot read: {e.strerror or e}")
