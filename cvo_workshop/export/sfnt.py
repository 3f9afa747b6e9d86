"""A font file's layout checked before reportlab reads it: bounded work, or a refusal.

Reportlab's TrueType parser trusts the counts a font file gives. A character map
(`cmap`) saying it maps characters 0 to 4,294,967,295 is a few bytes, and
reportlab builds a dictionary entry for each of them: gigabytes, then the
machine's memory is gone. So, before reportlab sees a file (`fonts.load_font`):

- the file is at most `MAX_BYTES` (reportlab holds all of it in memory);
- its table directory, and every table it lists, lie within the file;
- the character map reportlab will read maps no more entries than Unicode has
  characters (`UNICODE`), and none beyond Unicode.

Real fonts, a CJK font or one mapping all of Unicode included, pass: Unicode has
no more characters to map. Only what reportlab reads is checked, the way it
reads it (its choice of subtable and its counts); what else may be wrong in a
font reportlab finds for itself, in bounded time and memory.
"""

from __future__ import annotations

import struct

#: The largest font file used: reportlab holds the whole file in memory, twice
#: over while it copies glyphs. The largest TrueType fonts, and collections of
#: them (.ttc), are tens of MB.
MAX_BYTES = 100_000_000

#: Unicode's code points: no character map needs more entries, or one beyond.
UNICODE = 0x110000

#: The most fonts a collection (.ttc) may say it holds: reportlab reads the
#: offset of every one. Real collections hold a few, or a few dozen.
MAX_FONTS = 0xFFFF

#: Why a font file that ends too soon, or lacks a table, cannot be embedded.
DAMAGED = "cut short or damaged"

_TRUETYPE = (0x00010000, 0x74727565)  # 1.0 and 'true'; others reportlab refuses itself


def too_big(size: int) -> str | None:
    """Why a font file of `size` bytes is not read at all, or None."""
    if size <= MAX_BYTES:
        return None
    return (
        f"too big for a font: {size / 1e6:,.0f} MB, and a font is at most {MAX_BYTES // 10**6} MB"
    )


def problem(data: bytes) -> str | None:
    """What makes `data` unsafe to hand reportlab, in words; None when nothing does."""
    try:
        return _problem(memoryview(data))
    except struct.error:  # a count or an offset past the end of the file
        return DAMAGED


def _problem(data: memoryview) -> str | None:
    at = 0
    if data[:4] == b"ttcf":
        # a collection: reportlab reads every font's offset, then the first font
        (count,) = struct.unpack_from(">L", data, 8)
        if count > MAX_FONTS:
            return f"it says it holds {count:,} fonts, and a collection holds at most {MAX_FONTS:,}"
        if 12 + 4 * count > len(data):
            return DAMAGED
        if count:
            (at,) = struct.unpack_from(">L", data, 12)
    version, num_tables = struct.unpack_from(">LH", data, at)
    if version not in _TRUETYPE:
        return None  # not TrueType: reportlab refuses it in its own words
    if at + 12 + 16 * num_tables > len(data):
        return DAMAGED
    tables: dict[bytes, tuple[int, int]] = {}
    for n in range(num_tables):
        tag, _, offset, length = struct.unpack_from(">4sLLL", data, at + 12 + 16 * n)
        if offset + length > len(data):
            return DAMAGED
        tables[bytes(tag)] = (offset, length)
    if b"cmap" not in tables:
        return None  # reportlab says it lacks one
    return _cmap_problem(data, tables[b"cmap"][0])


def _cmap_problem(data: memoryview, cmap: int) -> str | None:
    """The subtable reportlab picks (the last suitable), and the entries it will make."""
    version, count = struct.unpack_from(">HH", data, cmap)
    if count == 0 and version != 0:
        count = version  # reportlab's allowance for the two swapped
    chosen, kind = None, 0
    for n in range(count):
        platform, encoding, offset = struct.unpack_from(">HHL", data, cmap + 4 + 8 * n)
        if platform == 3 or (platform == 1 and encoding == 1) or (platform == 0 and encoding != 5):
            chosen, kind = offset, 1
        elif platform == 1 and encoding == 0 and kind != 1:
            chosen, kind = offset, 2
    if chosen is None:
        return None  # reportlab says it finds no map it reads
    at = cmap + chosen
    (fmt,) = struct.unpack_from(">H", data, at)
    if fmt == 4:
        entries = _format4(data, at)
    elif fmt == 2:
        entries = _format2(data, at, cmap)
    elif fmt == 10:
        (entries,) = struct.unpack_from(">L", data, at + 16)
    elif fmt in (12, 13):
        (groups,) = struct.unpack_from(">L", data, at + 12)
        if groups > UNICODE:
            entries = groups
        else:
            entries, last = _groups(data, at + 16, groups)
            if last >= UNICODE:
                return (
                    f"its character map has codes up to U+{last:X}, past Unicode's last, U+10FFFF"
                )
    else:
        return None  # formats 0 and 6 are bounded by 16-bit counts; others reportlab refuses
    if entries > UNICODE:
        return (
            f"its character map has {entries:,} entries, more than the "
            f"{UNICODE:,} characters Unicode has"
        )
    return None


def _format4(data: memoryview, at: int) -> int:
    """Every segment start..end is walked, character by character: overlapping
    segments walk the same characters again."""
    (seg_x2,) = struct.unpack_from(">H", data, at + 6)
    segments = seg_x2 // 2
    ends = struct.unpack_from(f">{segments}H", data, at + 14)
    starts = struct.unpack_from(f">{segments}H", data, at + 16 + 2 * segments)
    return sum(max(0, end - start + 1) for start, end in zip(starts, ends, strict=True))


def _format2(data: memoryview, at: int, cmap: int) -> int:
    """As reportlab reads it: a sub-header per key up to the largest key, the glyph
    array to the end of the subtable by its arithmetic, and for every high byte
    with a sub-header, all that sub-header's entries."""
    (length,) = struct.unpack_from(">H", data, at + 2)
    keys = struct.unpack_from(">256H", data, at + 6)
    headers = max(keys) + 1
    counts = [struct.unpack_from(">H", data, at + 518 + 8 * k + 2)[0] for k in range(headers)]
    glyphs = (length - (at + 518 + 8 * headers - (cmap + at))) >> 1
    return max(0, glyphs) + sum(counts[k] for k in keys if k)


def _groups(data: memoryview, at: int, groups: int) -> tuple[int, int]:
    """The characters groups start..end cover, and the last of them (formats 12, 13)."""
    if len(data) < at + 12 * groups:
        raise struct.error("groups past the end of the file")
    entries, last = 0, 0
    for start, end, _ in struct.iter_unpack(">LLL", data[at : at + 12 * groups]):
        if end >= start:
            entries += end - start + 1
            last = max(last, end)
    return entries, last
