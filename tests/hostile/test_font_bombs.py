"""`--font` with a font file whose counts lie: refused in words, in bounded memory.

Reportlab's TrueType parser trusts a font's counts: a character map saying it
maps 0 to U+FFFFFFFF (12 bytes) had it build a dictionary entry for each code,
gigabytes. The hostile files here are the bundled DejaVu with a few bytes
patched; the commands run as processes held to `MEMORY` of address space, so a
guard that fails shows as a refused allocation (exit 1 with a traceback, or
killed), never as a machine out of memory.
"""

from __future__ import annotations

import io
import os
import struct
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from cvo_workshop.export import sfnt
from cvo_workshop.export.fonts import FONT_DIR, load_font
from tests.export.decks import recipe, write_deck
from tests.export.font_files import DEJAVU, groups, tables, with_cmap
from tests.export.test_script import CJK_FONT, needs_cjk_font

#: Address space each command may take: a real export with a CJK font needs
#: under 500 MB; a guard that fails needs gigabytes.
MEMORY = 600_000_000

SUFFIX = ": it needs a TrueType font, a .ttf (or a .ttc or .otf with TrueType outlines)\n"


def segments(count: int) -> bytes:
    """A format 4 subtable of `count` segments, each the whole of 0..FFFF."""
    arrays = (
        struct.pack(f">{count}H", *[0xFFFF] * count)
        + b"\0\0"
        + struct.pack(f">{count}H", *[0] * count)
        + struct.pack(f">{count}H", *[1] * count)
        + struct.pack(f">{count}H", *[0] * count)
    )
    return struct.pack(">HHHHHHH", 4, 0xFFFF, 0, 2 * count, 0, 0, 0) + arrays


def patched(table: str, at: int, fmt: str, value: int) -> bytes:
    data = bytearray(DEJAVU)
    struct.pack_into(fmt, data, tables(DEJAVU)[table][0] + at, value)
    return bytes(data)


def collection(font: bytes, count: int | None = None) -> bytes:
    """`font` as the one font of a .ttc (or saying it holds `count`)."""
    data = bytearray(font)
    for entry, offset, _ in tables(font).values():
        struct.pack_into(">L", data, entry + 8, offset + 16)
    return b"ttcf" + struct.pack(">LLL", 0x00010000, count or 1, 16) + bytes(data)


HOSTILE = {
    "cmap12-codes-to-ffffffff": (
        with_cmap(groups(12, (0, 0xFFFFFFFF))),
        "its character map has codes up to U+FFFFFFFF, past Unicode's last, U+10FFFF",
    ),
    "cmap13-all-of-unicode-twice": (
        with_cmap(groups(13, (0, 0x10FFFF), (0, 0x10FFFF))),
        "its character map has 2,228,224 entries, more than the 1,114,112 characters Unicode has",
    ),
    "cmap12-4G-groups": (
        with_cmap(groups(12, (0x41, 0x5A)))[:-16] + struct.pack(">L", 0xFFFFFFFF) + bytes(12),
        "its character map has 4,294,967,295 entries, more than the 1,114,112 characters "
        "Unicode has",
    ),
    "cmap4-overlapping-segments": (
        with_cmap(segments(32767)),
        "its character map has 2,147,418,112 entries, more than the 1,114,112 characters "
        "Unicode has",
    ),
    "cmap10-4G-glyphs": (
        with_cmap(struct.pack(">HHLLLL", 10, 0, 24, 0, 0, 0xFFFFFFFF) + b"\0A" * 64),
        "its character map has 4,294,967,295 entries, more than the 1,114,112 characters "
        "Unicode has",
    ),
    "glyf-length-4G": (patched("glyf", 12, ">L", 0xFFFFFFF0), sfnt.DAMAGED),
    "cmap-offset-4G": (patched("cmap", 8, ">L", 0xFFFFFFF0), sfnt.DAMAGED),
    "4G-fonts-in-a-collection": (
        collection(DEJAVU, count=0xFFFFFFFF),
        "it says it holds 4,294,967,295 fonts, and a collection holds at most 65,535",
    ),
}


def run_limited(*args: object, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """`python -m cvo_workshop ARGS` in a process held to MEMORY of address space."""

    def limit() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))

    return subprocess.run(
        [sys.executable, "-m", "cvo_workshop", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "NO_COLOR": "1", "COLUMNS": "120"},
        preexec_fn=limit if sys.platform == "linux" else None,
    )


@pytest.fixture
def deck(tmp_path) -> Path:
    cards = [recipe(f"c{n}", title=f"Launch {chr(0x4E00 + n)}{chr(0x4F00 + n)}") for n in range(3)]
    return write_deck(tmp_path / "d.yaml", cards)


@pytest.mark.parametrize("case", list(HOSTILE))
def test_the_guard_names_what_is_wrong_without_reportlab(case):
    data, reason = HOSTILE[case]
    assert sfnt.problem(data) == reason


@pytest.mark.parametrize("case", list(HOSTILE))
def test_a_font_whose_counts_lie_is_refused_in_words_and_nothing_is_written(case, deck, tmp_path):
    data, reason = HOSTILE[case]
    bad = tmp_path / f"{case}.ttf"
    bad.write_bytes(data)
    out = tmp_path / "out.pdf"
    result = run_limited("deck", "print", deck, "-o", out, "--font", bad)
    assert result.returncode == 1, result.stderr[-2000:]
    assert result.stderr == f"{bad}: not a font the PDF can embed ({reason})" + SUFFIX
    assert not out.exists()


def test_a_font_file_over_100_mb_is_refused_unread(deck, tmp_path):
    big = tmp_path / "big.ttf"
    with big.open("wb") as f:  # sparse: takes no disk
        f.write(DEJAVU)
        f.truncate(301_000_000)
    out = tmp_path / "out.pdf"
    result = run_limited("deck", "print", deck, "-o", out, "--font", big)
    assert result.returncode == 1, result.stderr[-2000:]
    assert result.stderr == f"{big}: too big for a font: 301 MB, and a font is at most 100 MB\n"
    assert not out.exists()


def test_the_backlog_export_refuses_one_the_same_way(tmp_path):
    from tests.backlog_fixtures import sample

    workshop = tmp_path / "acme.workshop.jsonl"
    sample().save(workshop)
    data, reason = HOSTILE["cmap12-codes-to-ffffffff"]
    bad = tmp_path / "bomb.ttf"
    bad.write_bytes(data)
    out = tmp_path / "out.pdf"
    result = run_limited("backlog", "export", workshop, "--format", "pdf", "-o", out, "--font", bad)
    assert result.returncode == 1, result.stderr[-2000:]
    assert result.stderr == f"{bad}: not a font the PDF can embed ({reason})" + SUFFIX
    assert not out.exists()


def _text(path: Path) -> str:
    return " ".join(p.extract_text() for p in PdfReader(io.BytesIO(path.read_bytes())).pages)


def test_a_character_map_of_all_unicode_passes():
    """As a last-resort font's does: Unicode's every code (reportlab reads it in
    about 500 MB, too much to try here)."""
    assert sfnt.problem(with_cmap(groups(13, (0, 0x10FFFF)))) is None


def test_a_real_font_is_a_font_still_in_the_same_memory(deck, tmp_path):
    out = tmp_path / "out.pdf"
    result = run_limited(
        "deck", "print", deck, "-o", out, "--font", FONT_DIR / "DejaVuSansCondensed.ttf"
    )
    assert result.returncode == 0, result.stderr
    assert out.exists()


@needs_cjk_font
@pytest.mark.parametrize("as_collection", [False, True], ids=["ttf", "ttc"])
def test_a_cjk_font_prints_its_characters_in_the_same_memory(deck, tmp_path, as_collection):
    font = CJK_FONT
    if as_collection:
        font = tmp_path / "droid.ttc"
        font.write_bytes(collection(CJK_FONT.read_bytes()))
    out = tmp_path / "out.pdf"
    result = run_limited("deck", "print", deck, "-o", out, "--font", font)
    assert result.returncode == 0 and "warning" not in result.stderr, result.stderr
    assert "Launch 一伀" in _text(out)


def test_a_font_collection_is_a_font_still(tmp_path):
    ttc = tmp_path / "dejavu.ttc"
    ttc.write_bytes(collection(DEJAVU))
    assert sfnt.problem(ttc.read_bytes()) is None
    assert load_font(ttc)


def _refused_as_damaged(font: bytes, reason: str, deck: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttf"
    bad.write_bytes(font)
    out = tmp_path / "out.pdf"
    result = run_limited("deck", "print", deck, "-o", out, "--font", bad)
    assert result.returncode == 1, result.stderr[-2000:]
    assert result.stderr == (
        f"{bad}: not a font the PDF can embed ({sfnt.DAMAGED}: {reason})" + SUFFIX
    )
    assert not out.exists()


def test_a_font_whose_glyphs_lie_past_their_table_is_refused_in_words(deck, tmp_path):
    """reportlab loads it, and would print its characters blank."""
    font = patched("glyf", 12, ">L", 100)
    _refused_as_damaged(font, "its glyphs lie past their table", deck, tmp_path)


@needs_cjk_font
def test_a_font_whose_character_map_names_glyphs_it_lacks_is_refused_in_words(deck, tmp_path):
    """reportlab loads it, and failed (an IndexError) only when writing the PDF."""
    font = bytearray(CJK_FONT.read_bytes())
    struct.pack_into(">H", font, tables(bytes(font))["maxp"][1] + 4, 10)  # 10 glyphs
    _refused_as_damaged(bytes(font), "its character map names glyphs it lacks", deck, tmp_path)
