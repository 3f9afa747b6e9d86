"""Order files (CSV, gzipped CSV, Parquet, headerless delimited text) read through DuckDB.

Checks each file before DuckDB sees it (empty, binary, spreadsheet, encoding),
finds the columns for each role, and builds the view `order_lines`: one row per
line with the typed columns the RFM SQL reads (engine/rfm.py) plus what the
checks need (raw text, which file, bad-value flags).

DuckDB is imported by the caller and handed in as a connection: this module
only writes SQL for it.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import difflib
import gzip
import io
import re
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from cvo_workshop.engine.order_presets import (
    PRESETS,
    REQUIRED,
    ROLES,
    UNIT_PRICED,
    Preset,
    detect,
    normalize,
)
from cvo_workshop.engine.rfm import (
    FIRST_ORDER_DATE,
    LAST_ORDER_DATE,
    AmountPer,
    Dialect,
    customer_key,
    local_timestamp,
)
from cvo_workshop.model.problem import InputError, Problem
from cvo_workshop.store.textfile import regular_file

HEAD_BYTES = 64 * 1024
#: An amount as --decimal-comma reads it: 1234,50 or 1.234,50 (thousands in groups of 3).
DECIMAL_COMMA_PATTERN = r"[+-]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?"
ENCODINGS = ("utf-8", "utf-16", "latin-1")
_DELIMITERS = (",", ";", "\t", "|")
_DELIMITER_NAMES = {"\t": "tab", ",": "comma", ";": "semicolon", "|": "bar"}
_MAGIC = {
    b"PK\x03\x04": "a ZIP archive (an Excel .xlsx workbook?); save it as CSV first",
    b"\xd0\xcf\x11\xe0": "an old Excel .xls workbook; save it as CSV first",
    b"%PDF": "a PDF document, not order data",
    b"SQLite format 3": "an SQLite database; export the orders table as CSV",
    b"\x89PNG": "a PNG image, not order data",
    b"\xff\xd8\xff": "a JPEG image, not order data",
    b"BZh": "a bzip2 archive; only gzip (.gz) is read, so unpack it first",
    b"\xfd7zXZ": "an xz archive; only gzip (.gz) is read, so unpack it first",
    b"\x28\xb5\x2f\xfd": "a zstd archive; only gzip (.gz) is read, so unpack it first",
}


@dataclass(frozen=True)
class ReadOptions:
    delimiter: str | None = None
    header: bool = True
    encoding: str = "utf-8"
    date_formats: tuple[str, ...] = ()
    decimal_comma: bool = False
    skip_bad_rows: bool = False
    #: the shop's time zone (--timezone); None: dates as written, instants in UTC
    timezone: str | None = None
    drop_duplicates: bool = False


@dataclass
class OrderFile:
    path: Path
    shown: str
    format: Literal["csv", "parquet"]
    gzipped: bool = False
    columns: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    delimiter: str = ","
    header: bool = True
    #: path handed to DuckDB (a link when the real name holds glob characters)
    sql_path: str = ""

    def column_type(self, name: str) -> str:
        return self.types[self.columns.index(name)] if self.types else "VARCHAR"


@dataclass(frozen=True)
class ColumnChoice:
    """The column chosen for each role, by name in each file (names may differ by position)."""

    preset: Preset
    per_file: tuple[dict[str, str], ...]
    amount_per: AmountPer

    @property
    def names(self) -> dict[str, str]:
        """As named in the first file: what the cohort file records."""
        return self.per_file[0]

    def has(self, role: str) -> bool:
        return role in self.names

    @property
    def unit_priced(self) -> bool:
        """A line's amount is quantity x unit price (no amount column)."""
        return "price" in self.names


def sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def sql_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


# ---------------------------------------------------------------------------
# Looking at the files


def check_file(path: Path, options: ReadOptions) -> OrderFile:
    """What kind of file this is, or an InputError saying why it cannot be read."""
    shown = str(path)
    if path.is_dir():
        raise InputError(Problem(shown, "is a folder; name the order files in it"))
    size = regular_file(path, shown)
    try:
        with path.open("rb") as f:
            head = f.read(HEAD_BYTES)
            if head[:4] == b"PAR1":
                f.seek(max(0, size - 4))
                tail = f.read(4)
    except FileNotFoundError:
        raise InputError(Problem(shown, "no such file")) from None
    except PermissionError:
        raise InputError(Problem(shown, "permission denied")) from None
    except OSError as e:
        raise InputError(Problem(shown, f"cannot read: {e.strerror or e}")) from None
    if size == 0:
        raise InputError(Problem(shown, "the file is empty; expected order lines"))
    if head[:4] == b"PAR1":
        if tail != b"PAR1":
            raise InputError(Problem(shown, "a Parquet file that is cut short (no footer)"))
        return OrderFile(path, shown, "parquet")
    gzipped = head[:2] == b"\x1f\x8b"
    if gzipped:
        head = _gunzip_head(path, shown)
        if not head:
            raise InputError(Problem(shown, "the file is empty once unzipped"))
    for magic, what in _MAGIC.items():
        if head.startswith(magic):
            raise InputError(Problem(shown, f"this is {what}"))
    _check_text(head, shown, options.encoding)
    return OrderFile(path, shown, "csv", gzipped=gzipped)


def _gunzip_head(path: Path, shown: str) -> bytes:
    try:
        with gzip.open(path, "rb") as f:
            return f.read(HEAD_BYTES)
    except (OSError, EOFError, zlib.error):
        raise InputError(Problem(shown, "not a valid gzip file (damaged or cut short)")) from None


def _check_text(head: bytes, shown: str, encoding: str) -> None:
    utf16 = head[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
    if encoding == "utf-16" or utf16:
        if encoding != "utf-16":
            raise InputError(Problem(shown, "UTF-16 text; pass --encoding utf-16"))
        return
    if b"\x00" in head:
        line = head.count(b"\n", 0, head.index(b"\x00")) + 1
        raise InputError(Problem(shown, "binary data, not CSV text (NUL byte)", line))
    if encoding == "utf-8":
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as e:
            if e.start < len(head) - 4:  # not just a character cut at the end of the sample
                line = head.count(b"\n", 0, e.start) + 1
                raise InputError(
                    Problem(
                        shown,
                        f"not UTF-8 text (byte 0x{head[e.start]:02X}); save the file as "
                        "UTF-8, or pass --encoding latin-1 (Excel and older systems)",
                        line,
                    )
                ) from None
    sample = head.decode(encoding if encoding != "utf-8" else "utf-8", "replace")
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\r\n\t")
    if controls > max(8, len(sample) // 100):
        raise InputError(Problem(shown, "binary data, not CSV text (control characters)"))


def sniff(con: Any, file: OrderFile, options: ReadOptions, link_dir: Path) -> None:
    """Fill in the file's columns (and, for CSV, its delimiter)."""
    file.sql_path = _safe_path(file, link_dir)
    if file.format == "parquet":
        rows = _run(
            con,
            f"DESCRIBE SELECT * FROM read_parquet({sql_string(file.sql_path)})",
            [file],
        )
        file.columns = [r[0] for r in rows]
        file.types = [str(r[1]) for r in rows]
        return
    file.header = options.header
    # ignore_errors: a ragged row must not hide the header; the strict read reports it.
    args = (
        f"header={str(options.header).lower()}, skip=0, ignore_errors=true, "
        f"encoding={sql_string(options.encoding)}"
    )
    if options.delimiter:
        args += f", delim={sql_string(options.delimiter)}"
    row = _run(con, f"SELECT * FROM sniff_csv({sql_string(file.sql_path)}, {args})", [file])[0]
    delimiter, columns = row[0], [c["name"] for c in row[7]]
    if not options.delimiter and len(columns) == 1:
        # DuckDB falls back to an unused delimiter when rows disagree on how many
        # values they hold; the header shows the one the file really uses, and
        # reading with it reports the ragged rows by line.
        guess = max(_DELIMITERS, key=columns[0].count)
        if columns[0].count(guess):
            delimiter = guess
            row = _run(
                con,
                f"SELECT * FROM sniff_csv({sql_string(file.sql_path)}, {args}, "
                f"delim={sql_string(guess)})",
                [file],
            )[0]
            columns = [c["name"] for c in row[7]]
    if delimiter == " " or len(columns) == 1:
        _refuse_aligned_text(file, options.encoding)
    file.delimiter = delimiter
    file.columns = columns
    file.types = ["VARCHAR"] * len(columns)


def _refuse_aligned_text(file: OrderFile, encoding: str) -> None:
    """Values lined up with runs of spaces (CDNOW as shipped) have no delimiter to split
    on: read with one, blanks between them would shift every position."""
    lines = [ln.strip() for ln in _head_lines(file, encoding, 5) if ln.strip()]
    if lines and all(len(ln.split()) >= 3 for ln in lines) and any("  " in ln for ln in lines):
        raise InputError(
            Problem(
                file.shown,
                "values are lined up with runs of spaces (fixed-width text), not separated "
                "by one delimiter: convert the file to CSV first, e.g. "
                f"sed -E 's/^ +//; s/ +/,/g' {file.path.name} > {file.path.stem}.csv",
                1,
            )
        )


def _head_lines(file: OrderFile, encoding: str, n: int) -> list[str]:
    opener = gzip.open if file.gzipped else open
    try:
        with opener(file.path, "rb") as raw:
            text = io.TextIOWrapper(raw, encoding=_py_encoding(encoding), errors="replace")
            return [line for _, line in zip(range(n), text, strict=False)]
    except (OSError, EOFError, zlib.error, UnicodeError):
        return []


def _safe_path(file: OrderFile, link_dir: Path) -> str:
    """DuckDB reads `*`, `?`, `[` in a path as a glob: hand it a plain-named link."""
    text = str(file.path)
    if not re.search(r"[*?\[\]{}]", text):
        return text
    link = link_dir / f"input-{abs(hash(text))}{''.join(file.path.suffixes)[-12:]}"
    try:
        if not link.exists():
            link.symlink_to(file.path.resolve())
        return str(link)
    except OSError:
        return text


def _run(con: Any, sql: str, files: Sequence[OrderFile]) -> list[tuple]:
    import duckdb

    try:
        return con.execute(sql).fetchall()
    except duckdb.Error as e:
        raise duckdb_problem(e, files) from None


def duckdb_problem(error: Exception, files: Sequence[OrderFile]) -> InputError:
    """DuckDB's error as a short located problem: which file, which line, what to do."""
    text = str(error)
    file = _file_in(text, files)
    shown = file.shown if file else (files[0].shown if len(files) == 1 else "")
    m = re.search(r"CSV Error on Line: (\d+)", text)
    line = int(m.group(1)) if m else None
    if "Invalid unicode" in text or "not utf-8 encoded" in text:
        msg = (
            "not UTF-8 text; save the file as UTF-8, or pass --encoding latin-1 "
            "(Excel and older systems)"
        )
    elif m2 := re.search(r"Expected Number of Columns: (\d+) Found: (\d+)", text):
        msg = (
            f"expected {m2.group(1)} values (as in the header), found {m2.group(2)}; "
            "check the delimiter and the quoting, or pass --skip-bad-rows"
        )
    elif "Value with unterminated quote" in text or "unterminated quote" in text:
        msg = 'a quoted value is never closed (a stray ")'
    elif "Maximum line size" in text:
        msg = "a line is longer than 2 MB: not a CSV of order lines?"
    elif "not possible to automatically detect the CSV" in text or "sniffing file" in text:
        msg = "not readable as CSV (no consistent delimiter); is this really order data?"
    elif "No magic bytes" in text or "Invalid Parquet" in text or "parquet" in text.lower():
        msg = "not a readable Parquet file: " + _first_line(text)
    elif "does not exist" in text or "No files found" in text:
        msg = "no such file"
    else:
        msg = "cannot be read: " + _first_line(text)
    return InputError(Problem(shown or "orders", msg, line))


def _file_in(text: str, files: Sequence[OrderFile]) -> OrderFile | None:
    for f in files:
        if f.sql_path and (f"file = {f.sql_path}" in text or f'"{f.sql_path}"' in text):
            return f
    for f in files:
        if f.sql_path and f.sql_path in text:
            return f
    return None


def _first_line(text: str) -> str:
    line = text.strip().splitlines()[0] if text.strip() else text
    return re.sub(r"^[A-Za-z ]*Error: ", "", line)[:300]


# ---------------------------------------------------------------------------
# Choosing the columns


def choose_columns(
    files: Sequence[OrderFile],
    preset_name: str | None,
    given: dict[str, str | None],
    amount_per: str | None,
) -> ColumnChoice:
    """Each role's column in every file, from the options or the preset's names."""
    first = files[0]
    preset = PRESETS[preset_name] if preset_name else detect(first.columns)
    problems: list[Problem] = []
    per_file: list[dict[str, str]] = []
    for file in files:
        chosen: dict[str, str] = {}
        for role in ROLES:
            spec = given.get(role)
            name = _by_spec(file, role, spec, problems) if spec else _by_preset(file, preset, role)
            if name is not None:
                chosen[role] = name
        _amount_or_unit_price(chosen, given)
        for role in REQUIRED:
            if role not in chosen and not given.get(role):
                if role == "amount" and (
                    "price" in chosen or any(given.get(r) for r in UNIT_PRICED)
                ):
                    continue  # quantity x price (both or neither: the command line checks)
                problems.append(_missing(file, role, preset))
        roles_of: dict[str, list[str]] = {}
        for role, name in chosen.items():
            roles_of.setdefault(name, []).append(role)
        for name, roles in roles_of.items():
            if len(roles) > 1:
                options = " and ".join(
                    f"--{r}" + (" (given)" if given.get(r) else " (by its name)") for r in roles
                )
                problems.append(
                    Problem(
                        file.shown,
                        f"column {_shorten(name)!r} is taken for {options}; each role needs "
                        "a column of its own: name another with "
                        + " or ".join(f"--{r}" for r in roles),
                    )
                )
        per_file.append(chosen)
    if problems:
        raise InputError(problems)
    per = AmountPer(amount_per) if amount_per else preset.amount_per
    return ColumnChoice(preset, tuple(per_file), per)


def _amount_or_unit_price(chosen: dict[str, str], given: dict[str, str | None]) -> None:
    """One way to a line's amount: the amount column, or quantity x unit price.

    Given columns win; otherwise an amount column found by name is preferred, and
    quantity x price is used only when a file has no amount column.
    """
    if given.get("amount"):
        unit_priced = False
    elif all(given.get(r) for r in UNIT_PRICED):
        unit_priced = True
    else:
        unit_priced = "amount" not in chosen and all(r in chosen for r in UNIT_PRICED)
    for role in ("amount",) if unit_priced else UNIT_PRICED:
        chosen.pop(role, None)


def unit_price_warning(file: OrderFile, names: dict[str, str]) -> str | None:
    """The amount column looks like a unit price, in a file with a quantity column."""
    if "amount" not in names or not file.header:
        return None
    amount = normalize(names["amount"])
    if "price" not in amount or "total" in amount:
        return None
    quantity = _by_preset(file, PRESETS["generic"], "quantity")
    if quantity is None:
        return None
    return (
        f"the amount column {_shorten(names['amount'])!r} looks like a unit price and the "
        f"file has a quantity column {_shorten(quantity)!r}: if the amount is per unit, "
        f"pass --quantity {_shorten(quantity)!r} --price {_shorten(names['amount'])!r}"
    )


def _by_spec(file: OrderFile, role: str, spec: str, problems: list[Problem]) -> str | None:
    if spec in file.columns and file.header:
        return spec
    if spec.isdigit():
        pos = int(spec)
        if 1 <= pos <= len(file.columns):
            return file.columns[pos - 1]
        problems.append(
            Problem(
                file.shown,
                f"--{role} {spec}: the file has {len(file.columns)} column(s); "
                "positions count from 1",
                1,
            )
        )
        return None
    if not file.header:
        problems.append(
            Problem(
                file.shown,
                f"--{role} {spec!r}: a file without a header names its columns by "
                "position (1, 2, ...)",
            )
        )
        return None
    folded = [c for c in file.columns if c.casefold() == spec.casefold()]
    if len(folded) == 1:
        return folded[0]
    problems.append(
        Problem(
            file.shown,
            f"no column {spec!r} (--{role}); {_found(file)}{_close(spec, file.columns)}",
            1,
        )
    )
    return None


def _by_preset(file: OrderFile, preset: Preset, role: str) -> str | None:
    if not file.header:
        return None
    by_norm: dict[str, str] = {}
    for c in file.columns:
        by_norm.setdefault(normalize(c), c)
    for candidate in preset.candidates(role):
        if normalize(candidate) in by_norm:
            return by_norm[normalize(candidate)]
    return None


_ROLE_WORDS = {"customer": "customer id", "date": "order date", "amount": "amount"}
_ROLE_HINTS = {"amount": " (or --quantity COLUMN --price COLUMN: amount = quantity x unit price)"}


def _missing(file: OrderFile, role: str, preset: Preset) -> Problem:
    if not file.header:
        return Problem(
            file.shown,
            f"no header, so name the {_ROLE_WORDS[role]} column by position: --{role} N",
        )
    expected = ", ".join(repr(c) for c in preset.candidates(role)[:4])
    close = _close_any(preset.candidates(role), file.columns)
    hint = _header_hint(file)
    return Problem(
        file.shown,
        f"no {_ROLE_WORDS[role]} column (looked for {expected}, as in the {preset.label}); "
        f"{_found(file)}{close}; pass --{role} COLUMN{_ROLE_HINTS.get(role, '')}{hint}",
        1,
    )


def _found(file: OrderFile) -> str:
    names = [_shorten(c) for c in file.columns[:30]]
    more = f" and {len(file.columns) - 30} more" if len(file.columns) > 30 else ""
    return f"columns found: {', '.join(repr(n) for n in names)}{more}"


def _shorten(name: str) -> str:
    from cvo_workshop.engine.text import printable

    name = printable(name)
    return name if len(name) <= 40 else name[:37] + "..."


def _close(spec: str, columns: Sequence[str]) -> str:
    lookup = {c.casefold(): c for c in columns}
    close = difflib.get_close_matches(spec.casefold(), list(lookup), n=1, cutoff=0.6)
    return f"; did you mean {lookup[close[0]]!r}?" if close else ""


def _close_any(candidates: Iterable[str], columns: Sequence[str]) -> str:
    lookup = {normalize(c): c for c in columns}
    for cand in candidates:
        close = difflib.get_close_matches(normalize(cand), list(lookup), n=1, cutoff=0.75)
        if close:
            return f"; did you mean {lookup[close[0]]!r}?"
    return ""


_LOOKS_LIKE_DATA = re.compile(r"^(-?\d+([.,]\d+)?|\d{4}-\d\d-\d\d.*|[^@\s]+@[^@\s]+)$")


def _header_hint(file: OrderFile) -> str:
    if len(file.columns) == 1:
        col = file.columns[0]
        for d in _DELIMITERS:
            if d in col:
                return (
                    f" (the header holds {_DELIMITER_NAMES[d]}s: pass --delimiter "
                    f"{'tab' if d == chr(9) else repr(d)}?)"
                )
    data_like = sum(1 for c in file.columns if _LOOKS_LIKE_DATA.match(c.strip()))
    if data_like >= max(1, len(file.columns) // 2):
        return " (the first row looks like data: pass --no-header and name columns by position?)"
    return ""


# ---------------------------------------------------------------------------
# The `order_lines` view


def _date_expr(col: str, col_type: str, options: ReadOptions, shown: str, name: str) -> str:
    t = col_type.upper()
    if t.startswith("TIMESTAMP") or t == "DATE":
        # An instant (TIMESTAMP WITH TIME ZONE) is dated in the session's zone, which
        # RfmRun sets to --timezone or UTC; a plain timestamp is the shop's clock.
        return f"CAST({col} AS TIMESTAMP)"
    if t not in ("VARCHAR", "BLOB") and not t.startswith("VARCHAR"):
        raise InputError(
            Problem(shown, f"column {name!r} holds {t.lower()} values, not dates", field=name)
        )
    text = f"NULLIF(TRIM(CAST({col} AS VARCHAR)), '')"
    if options.date_formats:
        formats = "[" + ", ".join(sql_string(f) for f in options.date_formats) + "]"
        return f"CAST(TRY_STRPTIME({text}, {formats}) AS TIMESTAMP)"
    if options.timezone:
        return local_timestamp(text, Dialect.DUCKDB, options.timezone)
    # A trailing UTC offset (Shopify writes `2024-03-05 14:02:11 +0100`) is
    # dropped, keeping the shop's local date and time (engine.rfm.time_rule).
    return _cell_cast(col, "TIMESTAMP")


def _in_range(date: str) -> str:
    """A date outside the ones an order can have is unreadable (reported with its line)."""
    first, last = FIRST_ORDER_DATE.isoformat(), LAST_ORDER_DATE.isoformat()
    return (
        f"(CASE WHEN {date} >= TIMESTAMP '{first}' AND {date} < TIMESTAMP '{last}' + "
        f"INTERVAL 1 DAY THEN {date} END)"
    )


def out_of_range(value: str | None) -> bool:
    """Whether a date that could not be used is a real date, just too far out."""
    try:
        return value is not None and dt.date.fromisoformat(value.strip()[:10]) > LAST_ORDER_DATE
    except ValueError:
        return False


def _amount_expr(col: str, col_type: str, options: ReadOptions, shown: str, name: str) -> str:
    t = col_type.upper()
    if t.startswith(("DECIMAL", "DOUBLE", "FLOAT", "REAL", "BIGINT", "INT", "SMALLINT", "TINY")):
        return f"TRY_CAST({col} AS DECIMAL(18, 4))"
    if t.startswith("HUGEINT") or t.startswith("UBIGINT") or t.startswith("UINT"):
        return f"TRY_CAST({col} AS DECIMAL(18, 4))"
    if t not in ("VARCHAR",) and not t.startswith("VARCHAR"):
        raise InputError(
            Problem(shown, f"column {name!r} holds {t.lower()} values, not amounts", field=name)
        )
    text = f"NULLIF(TRIM(CAST({col} AS VARCHAR)), '')"
    if options.decimal_comma:
        # 1.234,50: '.' only between groups of three digits, ',' before the decimals.
        # Anything else (12.50, 1,234.50) is refused, never read as another number.
        plain = f"REPLACE(REPLACE({text}, '.', ''), ',', '.')"
        return (
            f"CASE WHEN regexp_full_match({text}, {sql_string(DECIMAL_COMMA_PATTERN)}) "
            f"THEN TRY_CAST({plain} AS DECIMAL(18, 4)) END"
        )
    return _cell_cast(col, "DECIMAL(18, 4)")


def _cell_cast(col: str, kind: str) -> str:
    """TRY_CAST of a cell's trimmed text, trimming only the cells that need it.

    The cast skips ASCII blanks itself; TRIM also takes Unicode spaces (U+00A0)
    off, and costs about a tenth of the read on a large file. Where the plain cast
    reads a value, the trimmed text reads as the same value (checked over a large
    random sample of blanks, digits and separators), so only refused cells are
    trimmed and cast again."""
    text = f"CAST({col} AS VARCHAR)"
    return f"COALESCE(TRY_CAST({text} AS {kind}), TRY_CAST(TRIM({text}) AS {kind}))"


def _raw(col: str) -> str:
    return f"NULLIF(TRIM(CAST({col} AS VARCHAR)), '')"


def _source(file: OrderFile, options: ReadOptions) -> str:
    """The file's rows; with --drop-duplicates, each distinct row once with its count."""
    read = _read(file, options)
    if not options.drop_duplicates:
        return f"(SELECT *, 1 AS rfm_copies FROM {read})"
    if file.format == "parquet":
        return (
            "(SELECT COLUMNS(* EXCLUDE (file_row_number)), MIN(file_row_number) AS "
            f"file_row_number, COUNT(*) AS rfm_copies FROM {read} GROUP BY ALL)"
        )
    return f"(SELECT COLUMNS(*), COUNT(*) AS rfm_copies FROM {read} GROUP BY ALL)"


def _read(file: OrderFile, options: ReadOptions) -> str:
    path = sql_string(file.sql_path)
    if file.format == "parquet":
        return f"read_parquet({path}, file_row_number = true)"
    columns = ", ".join(
        f"{sql_string(c)}: {sql_string(t)}" for c, t in zip(file.columns, file.types, strict=True)
    )
    # Nothing left to guess: DuckDB's sniffer would otherwise skip "junk" rows at
    # the top or switch delimiters when rows disagree, silently dropping orders.
    args = [
        "auto_detect = false",
        f"columns = {{{columns}}}",
        f"header = {str(file.header).lower()}",
        "skip = 0",
        f"delim = {sql_string(file.delimiter)}",
        "quote = '\"'",
        "escape = '\"'",
        f"encoding = {sql_string(options.encoding)}",
    ]
    if options.skip_bad_rows:
        args.append("store_rejects = true")
    return f"read_csv({path}, {', '.join(args)})"


def file_select(index: int, file: OrderFile, names: dict[str, str], options: ReadOptions) -> str:
    """One file's lines with the canonical columns (typed values and raw text)."""

    def col(role: str) -> str:
        return sql_ident(names[role])

    def given(role: str) -> str:
        """Whether the cell holds something (blank cells are NULL on both reads)."""
        if file.column_type(names[role]) == "VARCHAR":
            return f"({_raw(col(role))} IS NOT NULL)"
        return f"({col(role)} IS NOT NULL)"

    def raw(role: str) -> str:
        return _raw(col(role))

    customer = customer_key(_raw(col("customer")))
    cols = [f"{index} AS file_index", f"{customer} AS customer_id"]
    cols.append(f"{_raw(col('order'))} AS order_id" if "order" in names else "NULL AS order_id")
    date_type = file.column_type(names["date"])
    cols.append(f"{raw('date')} AS date_raw")
    cols.append(f"{given('date')} AS date_given")
    cols.append(
        f"{_in_range(_date_expr(col('date'), date_type, options, file.shown, names['date']))} "
        "AS ordered_at"
    )

    def amount_of(role: str) -> str:
        kind = file.column_type(names[role])
        return _amount_expr(col(role), kind, options, file.shown, names[role])

    if "price" in names:
        # amount = quantity x unit price; a bad value is reported against its own column
        quantity, price = amount_of("quantity"), amount_of("price")
        cols.append(
            f"CASE WHEN {quantity} IS NULL THEN {raw('quantity')} "
            f"ELSE {raw('price')} END AS amount_raw"
        )
        cols.append(
            f"CASE WHEN {quantity} IS NULL THEN {given('quantity')} "
            f"ELSE {given('price')} END AS amount_given"
        )
        cols.append(f"CASE WHEN {quantity} IS NULL THEN 'quantity' ELSE 'price' END AS amount_role")
        cols.append(f"TRY_CAST({quantity} * {price} AS DECIMAL(18, 4)) AS amount")
    else:
        cols.append(f"{raw('amount')} AS amount_raw")
        cols.append(f"{given('amount')} AS amount_given")
        cols.append("'amount' AS amount_role")
        cols.append(f"{amount_of('amount')} AS amount")
    if "refunded" in names:
        r_type = file.column_type(names["refunded"])
        cols.append(f"{raw('refunded')} AS refunded_raw")
        cols.append(f"{given('refunded')} AS refunded_given")
        cols.append(
            f"{_amount_expr(col('refunded'), r_type, options, file.shown, names['refunded'])} "
            "AS refunded"
        )
    else:
        cols += [
            "NULL AS refunded_raw",
            "FALSE AS refunded_given",
            "CAST(NULL AS DECIMAL(18, 4)) AS refunded",
        ]
    cols.append(
        f"LOWER({_raw(col('status'))}) AS status" if "status" in names else "NULL AS status"
    )
    cols.append(
        f"{_raw(col('currency'))} AS currency" if "currency" in names else "NULL AS currency"
    )
    cols.append(
        "file_row_number + 1 AS row_number" if file.format == "parquet" else "NULL AS row_number"
    )
    # Exact duplicate lines: the same values in every column of the file.
    every = "* EXCLUDE (rfm_copies" + (", file_row_number)" if file.format == "parquet" else ")")
    # 60 bits: room for the sums of squares that settle short orders (rfm_run)
    cols.append(f"CAST(hash(*COLUMNS({every})) >> 4 AS BIGINT) AS line_hash")
    cols.append("rfm_copies AS line_copies")
    return f"SELECT {', '.join(cols)} FROM {_source(file, options)}"


def create_lines_view(
    con: Any,
    files: Sequence[OrderFile],
    choice: ColumnChoice,
    options: ReadOptions,
) -> None:
    """`order_lines`: the canonical columns, with bad values flagged (and nulled out).

    Every cell is read as text and cast here: a line's hash is over what it says, so
    exact duplicates are lines written the same, and a bad value is found in the
    same pass, to be located by its text."""
    selects = [file_select(i, f, choice.per_file[i], options) for i, f in enumerate(files)]
    union = "\nUNION ALL BY NAME\n".join(selects)
    # In line mode every line needs its own date and amount; order-level exports
    # write them on the order's first line only, so blanks are expected there
    # (whether a cell is blank is then asked, which costs a TRIM of every cell).
    if choice.amount_per is AmountPer.LINE:
        bad_date, bad_amount = "ordered_at IS NULL", "amount IS NULL"
    else:
        bad_date, bad_amount = (
            "ordered_at IS NULL AND date_given",
            "amount IS NULL AND amount_given",
        )
    con.execute(f"CREATE OR REPLACE TEMP VIEW raw_lines AS\n{union}")
    con.execute(
        f"""
CREATE OR REPLACE TEMP VIEW checked_lines AS
SELECT *, bad_amount_value OR bad_refunded AS bad_amount
FROM (
  SELECT *,
    ({bad_date}) AS bad_date,
    ({bad_amount}) AS bad_amount_value,
    (refunded IS NULL AND refunded_given) AS bad_refunded
  FROM raw_lines
)
"""
    )
    con.execute(
        """
CREATE OR REPLACE TEMP VIEW order_lines AS
SELECT file_index, row_number, customer_id, order_id, date_raw, amount_raw, refunded_raw,
  status, currency, bad_date, bad_amount, line_hash, line_copies,
  CASE WHEN NOT (bad_date OR bad_amount) THEN ordered_at END AS ordered_at,
  CASE WHEN NOT (bad_date OR bad_amount) THEN amount END AS amount,
  CASE WHEN NOT (bad_date OR bad_amount) THEN refunded END AS refunded
FROM checked_lines
"""
    )


# ---------------------------------------------------------------------------
# Finding the line of an example, for the error message


def locate(file: OrderFile, column: str, values: Iterable[str | None], encoding: str) -> dict:
    """The first line (1-based, counting the header) where `column` holds each value.

    Only runs when something is wrong, to point at an example; DuckDB does not
    number CSV rows. None stands for an empty cell.
    """
    wanted = set(values)
    found: dict[str | None, int] = {}
    if file.format != "csv" or column not in file.columns or not wanted:
        return found
    index = file.columns.index(column)
    opener = gzip.open if file.gzipped else open
    try:
        with opener(file.path, "rb") as raw:
            text = io.TextIOWrapper(
                raw, encoding=_py_encoding(encoding), errors="replace", newline=""
            )
            reader = csv.reader(text, delimiter=file.delimiter, quotechar='"')
            start = 1
            if file.header:
                next(reader, None)
                start = reader.line_num + 1
            for row in reader:
                cell = row[index].strip() if index < len(row) else ""
                value: str | None = cell or None
                if value in wanted and value not in found:
                    found[value] = start
                    if len(found) == len(wanted):
                        break
                start = reader.line_num + 1
    except (OSError, EOFError, csv.Error, zlib.error, UnicodeError):
        pass
    return found


def first_row(file: OrderFile, encoding: str) -> list[str]:
    """The cells of a CSV file's first row ([] when it cannot be read)."""
    if file.format != "csv":
        return []
    opener = gzip.open if file.gzipped else open
    try:
        with opener(file.path, "rb") as raw:
            text = io.TextIOWrapper(
                raw, encoding=_py_encoding(encoding), errors="replace", newline=""
            )
            return next(csv.reader(text, delimiter=file.delimiter, quotechar='"'), [])
    except (OSError, EOFError, csv.Error, zlib.error, UnicodeError):
        return []


def looks_like_header(cells: Sequence[str]) -> bool:
    """Names, not values: every cell holds a letter, and none a number, date or e-mail."""
    cells = [c.strip() for c in cells if c.strip()]
    return bool(cells) and all(
        re.search(r"[^\W\d_]", c) and not _LOOKS_LIKE_DATA.match(c) for c in cells
    )


def _py_encoding(encoding: str) -> str:
    return {"utf-8": "utf-8-sig", "utf-16": "utf-16", "latin-1": "latin-1"}[encoding]
