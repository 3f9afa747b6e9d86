"""Font files made from the bundled DejaVu with a few bytes changed, for the
tests of `--font` (a font whose counts lie, two fonts of one name)."""

from __future__ import annotations

import struct

from cvo_workshop.export.fonts import FONT_DIR

DEJAVU = (FONT_DIR / "DejaVuSansCondensed.ttf").read_bytes()


def tables(data: bytes) -> dict[str, tuple[int, int, int]]:
    """tag -> (where its directory entry is, its offset, its length)"""
    (count,) = struct.unpack_from(">H", data, 4)
    out = {}
    for n in range(count):
        tag, _, offset, length = struct.unpack_from(">4sLLL", data, 12 + 16 * n)
        out[tag.decode()] = (12 + 16 * n, offset, length)
    return out


def with_cmap(subtable: bytes) -> bytes:
    """DejaVu with its character map replaced by one (Windows Unicode) `subtable`."""
    data = bytearray(DEJAVU)
    cmap = struct.pack(">HHHHL", 0, 1, 3, 1, 12) + subtable
    entry = tables(DEJAVU)["cmap"][0]
    struct.pack_into(">LL", data, entry + 8, len(data), len(cmap))
    return bytes(data + cmap)


def groups(fmt: int, *spans: tuple[int, int]) -> bytes:
    """A format 12 or 13 subtable of the groups start..end, glyph 1 onward."""
    body = b"".join(struct.pack(">LLL", start, end, 1) for start, end in spans)
    return struct.pack(">HHLLL", fmt, 0, 16 + len(body), 0, len(spans)) + body
