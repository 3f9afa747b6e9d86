"""Reading user text files: size limit, encodings, binary junk, all reported with a location."""

from __future__ import annotations

import codecs
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
    try:
        size = p.stat().st_size
        if not p.is_file():
            raise InputError(Problem(shown, "not a file"))
        if size > limit_mb * MB:
            raise InputError(
                Problem(shown, f"file is {size / MB:.1f} MB; the limit is {limit_mb:g} MB")
            )
        raw = p.read_bytes()
    except FileNotFoundError:
        raise InputError(Problem(shown, "no such file")) from None
    except PermissionError:
        raise InputError(Problem(shown, "permission denied")) from None
    except IsADirectoryError:
        raise InputError(Problem(shown, "is a folder, expected a file")) from None
    except OSError as e:
        raise InputError(Problem(shown, f"cannot read: {e.strerror or e}")) from None
    return raw
