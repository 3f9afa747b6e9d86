"""`cvo-workshop cohorts ...`: cohorts from order history (RFM), and cohort files.

DuckDB and Rich are imported inside the commands: `--help` stays fast.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import click

from cvo_workshop.commands._out import echo, print_export
from cvo_workshop.commands._text import TEXT
from cvo_workshop.model.problem import InputError

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.table import Table
    from rich.text import Text

    from cvo_workshop.engine.rfm import Transitions
    from cvo_workshop.model.card import CohortCard
    from cvo_workshop.model.cohorts import CohortSet, CohortTotals
    from cvo_workshop.store.rfm_run import RfmResult

#: Inputs at least this large get a progress bar.
PROGRESS_BYTES = 20 * 1024 * 1024

_DELIMITER_WORDS = {
    "tab": "\t",
    "\\t": "\t",
    "comma": ",",
    "semicolon": ";",
    "pipe": "|",
    "bar": "|",
}


def _delimiter(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    value = _DELIMITER_WORDS.get(value.lower(), value)
    if len(value) != 1 or value in '\r\n"':
        raise click.BadParameter("one character, or 'tab'")
    return value


def _timezone(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    from cvo_workshop.engine.rfm import check_timezone

    if value is None:
        return None
    try:
        return check_timezone(value.strip())
    except ValueError as e:
        raise click.BadParameter(str(e)) from None


def _statuses(_ctx: click.Context, _param: click.Parameter, values: tuple[str, ...]):
    """`Cancelled,Refunded` (repeatable): compared trimmed and without case, as read."""
    import re

    out: list[str] = []
    for value in values:
        for part in value.split(","):
            part = part.strip().lower()
            if not part:
                continue
            if re.search(r"['\\\x00-\x1f\x7f]", part):
                raise click.BadParameter(
                    f"{part!r}: quotes, backslashes and control characters are not allowed"
                )
            out.append(part)
    return tuple(dict.fromkeys(out))


@click.group()
def cohorts() -> None:
    """Cohorts from order history: RFM segments with real sizes and value."""


@cohorts.command("rfm")
@click.argument("orders", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--preset",
    type=click.Choice(["shopify", "generic"]),
    help="Column names of a known export. Default: a Shopify orders export is recognized "
    "by its columns; anything else is read as generic (customer, date, amount, order).",
)
@click.option(
    "--customer", metavar="COL", help="Customer id column: a name, or a position from 1.", type=TEXT
)
@click.option("--date", "date_col", metavar="COL", help="Order date column.", type=TEXT)
@click.option("--amount", metavar="COL", help="Amount column (what the customer paid).", type=TEXT)
@click.option(
    "--order",
    metavar="COL",
    help="Order id column (lines of one order share it); optional.",
    type=TEXT,
)
@click.option(
    "--quantity",
    metavar="COL",
    help="Quantity column: with --price, a line's amount is quantity x unit price "
    "(for exports with no amount column, such as Quantity and UnitPrice).",
    type=TEXT,
)
@click.option("--price", metavar="COL", help="Unit price column, with --quantity.", type=TEXT)
@click.option(
    "--status",
    metavar="COL",
    help="Order status column (default: found by name, e.g. status, order_status, "
    "financial_status).",
    type=TEXT,
)
@click.option(
    "--exclude-status",
    "exclude_statuses",
    multiple=True,
    callback=_statuses,
    metavar="VALUE,...",
    help="Leave out orders with these status values (case ignored), e.g. Cancelled,Refunded.",
    type=TEXT,
)
@click.option(
    "--timezone",
    callback=_timezone,
    metavar="ZONE",
    help="The shop's time zone (e.g. Europe/Amsterdam): times with an offset or time zone "
    "are dated in it. Default: times as written (offset dropped), instants in UTC.",
    type=TEXT,
)
@click.option(
    "--drop-duplicates",
    is_flag=True,
    help="Read exact duplicate lines (the same in every column) once; they are counted either way.",
)
@click.option(
    "--amount-per",
    type=click.Choice(["line", "order"]),
    help="Does the amount column hold each line's amount (summed per order) or the order's "
    "total (taken once)? Default: order for Shopify, line otherwise.",
)
@click.option(
    "--as-of",
    type=click.DateTime(["%Y-%m-%d"]),
    metavar="DATE",
    help="Score as of this date (YYYY-MM-DD); orders on or after it are left out. "
    "Default: the day after the last order.",
)
@click.option(
    "--compare-as-of",
    type=click.DateTime(["%Y-%m-%d"]),
    metavar="DATE",
    help="Also score the customers as of DATE and show who moved from which segment to "
    "which between the two dates (new customers and those left without net revenue too).",
)
@click.option(
    "--transitions",
    type=click.Path(path_type=Path, dir_okay=False),
    metavar="FILE.csv",
    help="With --compare-as-of: write the moves as CSV (from, to, customers, share).",
)
@click.option(
    "--delimiter",
    callback=_delimiter,
    metavar="D",
    help="Value separator (default: detected).",
    type=TEXT,
)
@click.option(
    "--no-header", is_flag=True, help="The files have no header row: name columns by position."
)
@click.option(
    "--date-format",
    "date_formats",
    multiple=True,
    metavar="FMT",
    help="strptime format of the dates, e.g. '%d/%m/%Y' (repeatable). Default: ISO 8601.",
    type=TEXT,
)
@click.option("--decimal-comma", is_flag=True, help="Amounts are written 1.234,50.")
@click.option(
    "--encoding",
    type=click.Choice(["utf-8", "utf-16", "latin-1"]),
    default="utf-8",
    show_default=True,
    help="Text encoding of CSV files.",
)
@click.option(
    "--skip-bad-rows",
    is_flag=True,
    help="Leave out rows with an unreadable date or amount (and orders left without one) "
    "instead of stopping; they are counted in the output.",
)
@click.option(
    "--members",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Also write one CSV row per customer: id, recency, frequency, monetary, R, F, M, segment.",
)
@click.option(
    "--deck",
    "deck_path",
    type=click.Path(path_type=Path),
    help="Take segment names, descriptions and plays from this deck's cohort cards "
    "(default: the built-in deck).",
)
@click.option(
    "--emit-sql", is_flag=True, help="Print the computation as SQL for a warehouse instead."
)
@click.option(
    "--dialect",
    type=click.Choice(["duckdb", "bigquery", "snowflake", "spark"]),
    help="SQL dialect for --emit-sql (default: duckdb).",
)
@click.option(
    "--table",
    default=None,
    metavar="NAME",
    help="Table holding the order lines, for --emit-sql (default: orders).",
    type=TEXT,
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the cohort file (YAML) here; with --emit-sql, the SQL.",
)
def rfm(
    orders: tuple[Path, ...],
    preset: str | None,
    customer: str | None,
    date_col: str | None,
    amount: str | None,
    order: str | None,
    quantity: str | None,
    price: str | None,
    status: str | None,
    exclude_statuses: tuple[str, ...],
    timezone: str | None,
    drop_duplicates: bool,
    amount_per: str | None,
    as_of: dt.datetime | None,
    compare_as_of: dt.datetime | None,
    transitions: Path | None,
    delimiter: str | None,
    no_header: bool,
    date_formats: tuple[str, ...],
    decimal_comma: bool,
    encoding: str,
    skip_bad_rows: bool,
    members: Path | None,
    deck_path: Path | None,
    emit_sql: bool,
    dialect: str | None,
    table: str | None,
    output: Path | None,
) -> None:
    """Score customers by recency, frequency and monetary value and sort them into the
    ten RFM segments, from order lines in ORDERS (CSV, .csv.gz, Parquet).

    \b
    Examples:
      cvo-workshop cohorts rfm orders_export.csv -o cohorts.yaml
      cvo-workshop cohorts rfm sales-*.csv.gz --members members.csv
      cvo-workshop cohorts rfm lines.txt --no-header --delimiter tab \\
          --customer 2 --date 1 --amount 4 --order 3
      cvo-workshop cohorts rfm --emit-sql --dialect bigquery --table shop.orders \\
          --customer email --date created_at --amount total --order order_id
    """
    from cvo_workshop.store.orders import ReadOptions
    from cvo_workshop.store.rfm_run import RfmRequest

    if not emit_sql:
        if dialect or table:
            raise click.UsageError("--dialect and --table go with --emit-sql")
        if not orders:
            raise click.UsageError("name one or more order files (or use --emit-sql)")
    elif members or compare_as_of:
        flag = "--members" if members else "--compare-as-of"
        raise click.UsageError(f"{flag} needs the data: leave out --emit-sql")
    if transitions and not compare_as_of:
        raise click.UsageError("--transitions FILE.csv goes with --compare-as-of DATE")
    if bool(quantity) != bool(price):
        raise click.UsageError("--quantity and --price go together (amount = quantity x price)")
    if amount and quantity:
        raise click.UsageError("--amount, or --quantity with --price: not both")
    given = {
        "customer": customer,
        "date": date_col,
        "amount": amount,
        "order": order,
        "quantity": quantity,
        "price": price,
        "status": status,
    }
    named = [(role, spec) for role, spec in given.items() if spec]
    for i, (role, spec) in enumerate(named):
        for other, other_spec in named[:i]:
            if spec.strip().casefold() == other_spec.strip().casefold():
                raise click.UsageError(
                    f"--{other} and --{role} both name column {spec!r}; "
                    "each role needs a column of its own"
                )
    request = RfmRequest(
        paths=orders,
        options=ReadOptions(
            delimiter=delimiter,
            header=not no_header,
            encoding=encoding,
            date_formats=date_formats,
            decimal_comma=decimal_comma,
            skip_bad_rows=skip_bad_rows,
            timezone=timezone,
            drop_duplicates=drop_duplicates,
        ),
        preset=preset,
        columns=given,
        amount_per=amount_per,
        as_of=as_of.date() if as_of else None,
        exclude_statuses=exclude_statuses,
        compare_as_of=compare_as_of.date() if compare_as_of else None,
    )
    from cvo_workshop.store.output import check_outputs

    inputs = [*orders, *([deck_path] if deck_path else [])]
    check_outputs([o for o in (output, members, transitions) if o is not None], inputs)
    if emit_sql:
        _emit_sql(request, dialect or "duckdb", table or "orders", output)
        return
    _run_rfm(request, output, members, transitions, deck_path)


def _emit_sql(request, dialect: str, table: str, output: Path | None) -> None:
    from cvo_workshop.engine.order_presets import GENERIC, PRESETS, REQUIRED
    from cvo_workshop.engine.rfm import AmountPer, Dialect, RfmPlan, emit_sql
    from cvo_workshop.model.cohorts import OrderColumns, amount_column
    from cvo_workshop.store.rfm_run import RfmRun

    excluded: tuple[str, ...] = request.exclude_statuses
    if request.paths:
        # Read the header so the SQL names real columns.
        with RfmRun(request) as run:
            choice = run.open()
            if not run.files[0].header:
                raise click.UsageError(
                    "--emit-sql needs column names: the warehouse table has no positions"
                )
            names, per = dict(choice.names), choice.amount_per
            assert run.plan is not None
            excluded = run.plan.excluded_statuses
    else:
        preset = PRESETS[request.preset] if request.preset else GENERIC
        names = {}
        for role, spec in request.columns.items():
            if spec:
                if spec.isdigit():
                    raise click.UsageError(f"--{role} {spec}: name the warehouse column")
                names[role] = spec
        for role in ("customer", "order", "date", "amount", "refunded", "status"):
            if role not in names and preset.candidates(role) and preset is not GENERIC:
                names[role] = preset.candidates(role)[0]
        for role in REQUIRED:
            if role != "amount" or "price" not in names:
                names.setdefault(role, role)
        per = AmountPer(request.amount_per) if request.amount_per else preset.amount_per
        excluded = tuple(dict.fromkeys([*preset.excluded_statuses, *excluded]))
        if excluded and "status" not in names:
            raise click.UsageError("--exclude-status needs --status COLUMN (the warehouse column)")
    columns = OrderColumns(
        customer=names["customer"],
        date=names["date"],
        amount=amount_column(names),
        order=names.get("order"),
        refunded=names.get("refunded"),
        status=names.get("status"),
        quantity=names.get("quantity"),
        price=names.get("price"),
    )
    plan = RfmPlan(
        by_order=columns.order is not None,
        amount_per=per,
        refunds=columns.refunded is not None,
        status=columns.status is not None,
        excluded_statuses=excluded,
        as_of=request.as_of,
        timezone=request.options.timezone,
        drop_duplicates=request.options.drop_duplicates,
    )
    mapping = ", ".join(
        f"{role} = {name}"
        for role, name in (
            ("customer", columns.customer),
            ("order", columns.order),
            ("date", columns.date),
            ("amount", columns.amount),
            ("quantity", columns.quantity),
            ("price", columns.price),
            ("refunded", columns.refunded),
            ("status", columns.status),
        )
        if name
    )
    header = (
        f"Generated by cvo-workshop cohorts rfm. Table {table}: {mapping}; amount per {per.value}."
    )
    sql = emit_sql(plan, columns, Dialect(dialect), table, header=header)
    from cvo_workshop.store.output import is_stdout, named, write_output

    if output and not is_stdout(output):
        write_output(output, sql, request.paths)
        echo(f"Wrote {dialect} SQL to {named(output)}", err=True)
    else:
        print_export(sql)


def _deck_cohorts(deck_path: Path | None) -> dict[str, CohortCard]:
    from cvo_workshop.store.bundled import builtin_deck_path
    from cvo_workshop.store.decks import load_deck

    if deck_path is not None:
        return {c.id: c for c in load_deck(deck_path).cohorts}
    path = builtin_deck_path()
    if not path.exists():
        return {}
    try:
        return {c.id: c for c in load_deck(path).cohorts}
    except InputError:
        return {}


def _run_rfm(
    request,
    output: Path | None,
    members: Path | None,
    transitions: Path | None,
    deck_path: Path | None,
) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from cvo_workshop.commands._out import console
    from cvo_workshop.engine.rfm import transitions_csv
    from cvo_workshop.engine.text import counted
    from cvo_workshop.store.cohorts import cohorts_to_yaml
    from cvo_workshop.store.output import is_stdout, named, write_outputs
    from cvo_workshop.store.rfm_run import RfmRun

    # The built-in deck (always readable) is read while DuckDB works, in a thread;
    # a deck given with --deck is read first, so a bad one stops before the work.
    given = _deck_cohorts(deck_path) if deck_path else None
    builtin = ThreadPoolExecutor(1)
    deck = builtin.submit(_deck_cohorts, None) if given is None else None
    err = console(stderr=True)
    size = sum(p.stat().st_size for p in request.paths if p.is_file())
    show_progress = size >= PROGRESS_BYTES and err.is_terminal
    temp = None
    try:
        with RfmRun(request) as run, _progress(err, show_progress) as on_progress:
            run.open()
            result = run.compute(on_progress)
            if members:
                temp = run.export_members(members, on_progress)
        cohort_set = result.cohort_set(deck.result() if deck else given)
        files: dict[Path, str | bytes] = {output: cohorts_to_yaml(cohort_set)} if output else {}
        if transitions and result.transitions:
            files[transitions] = transitions_csv(result.transitions)
        prepared = {members: temp} if members and temp else {}
        temp = None  # write_outputs owns it now: both files in place, or neither
        write_outputs(files, request.paths, prepared=prepared)
    finally:
        builtin.shutdown()
        if temp is not None:
            temp.discard()
    # With a file on standard output, everything said goes to stderr.
    said_to_stderr = is_stdout(output) or is_stdout(members) or is_stdout(transitions)
    _print_result(result, cohort_set, said_to_stderr)
    out = console(stderr=said_to_stderr)
    if members:
        out.print(
            f"Wrote {counted(result.totals.customers, 'customer')} to {named(members)}",
            markup=False,
        )
    if output:
        out.print(
            f"Wrote {counted(len(cohort_set.cohorts), 'cohort card')} to {named(output)}",
            markup=False,
        )
    if transitions and result.transitions:
        moves = len(result.transitions.moves)
        out.print(f"Wrote {counted(moves, 'move')} to {named(transitions)}", markup=False)


class _progress:
    """A Rich progress bar on stderr fed by (stage, fraction) callbacks; or nothing."""

    def __init__(self, err, enabled: bool):
        self.err, self.enabled = err, enabled
        self.bar = None
        self.tasks: dict[str, int] = {}

    def __enter__(self):
        if not self.enabled:
            return None
        from rich.progress import (
            BarColumn,
            Progress,
            TaskProgressColumn,
            TextColumn,
            TimeElapsedColumn,
        )

        self.bar = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            TaskProgressColumn(),
            TimeElapsedColumn(),
            console=self.err,
            transient=True,
        )
        self.bar.__enter__()
        return self.update

    def update(self, stage: str, fraction: float | None) -> None:
        assert self.bar is not None
        if stage not in self.tasks:
            self.tasks[stage] = self.bar.add_task(stage, total=1.0)
        if fraction is not None:
            self.bar.update(self.tasks[stage], completed=fraction)

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.__exit__(*exc)
        return False


def _print_result(result: RfmResult, cohort_set: CohortSet, to_stderr: bool = False) -> None:
    from cvo_workshop.commands._out import console, text
    from cvo_workshop.engine.text import counted

    out, err = console(stderr=to_stderr), console(stderr=True)
    t = result.totals
    files = ", ".join(i.path for i in result.inputs)
    as_of = f"{result.as_of}" + ("" if result.as_of_given else " (the day after the last order)")
    out.print(text(f"RFM segments as of {as_of}", "bold"))
    out.print(
        text(
            f"{counted(t.customers, 'customer')}, {_orders_words(t)}, "
            f"net revenue {t.revenue:,.2f}; "
            f"read as {'a Shopify orders export' if result.preset == 'shopify' else 'order lines'} "
            f"({_amount_words(result)}) from {files}",
            "dim",
        )
    )
    from cvo_workshop.engine.rfm import time_rule_short

    out.print(text(time_rule_short(result.plan.timezone), "dim"))
    for note in result.notes:
        err.print(text(f"! {note}", "yellow"))
    out.print(segment_table(cohort_set, width=out.width))
    if result.transitions:
        moves = result.transitions
        out.print(text(f"Movement from {moves.earlier} to {moves.later}", "bold"))
        out.print(transition_table(moves, cohort_set, width=out.width))


def _orders_words(totals: CohortTotals) -> str:
    """`12 orders (10 purchases)`: refunded and zero orders count, but are not purchases."""
    from cvo_workshop.engine.text import counted

    orders = counted(totals.orders, "order")
    if totals.purchases == totals.orders:
        return orders
    return f"{orders} ({counted(totals.purchases, 'purchase')})"


def _amount_words(result: RfmResult) -> str:
    columns = result.columns
    if columns.quantity and columns.price:
        return f"amount = {columns.quantity} x {columns.price} per line"
    return f"amount per {result.amount_per.value}"


#: A bar's width in characters: full, and the narrowest worth drawing.
BAR_WIDTH, BAR_MIN = 16, 8
#: The narrowest a shortened segment name gets ("Potenti…").
NAME_MIN = 8
#: The headers of the segment table's number columns, one line each.
_NUMBER_HEADERS = (("customers",), ("share",), ("revenue", "share"), ("AOV",), ("avg", "M"))


def _table_width(widths: Sequence[int]) -> int:
    """The width of a `_plain_table` whose columns hold cells this wide: a space of
    padding either side of each column but the outer two, a divider between columns,
    an edge on each side."""
    return sum(widths) + 3 * len(widths) - 1


def _plain_table():
    from rich import box
    from rich.table import Table

    return Table(box=box.SIMPLE_HEAD, pad_edge=False)


@dataclass(frozen=True)
class _SegmentRow:
    name: Text
    cells: str
    #: customers, share, revenue share, AOV, average M: as shown, never cut
    numbers: tuple[str, ...]
    #: for the bars (None: the total row, which has none)
    share: float | None = None
    revenue: float | None = None


def segment_table(cohort_set: CohortSet, *, width: int = 200) -> RenderableType:
    """The segments: who is in them, how many, and what they are worth, in `width`
    columns. The numbers are never cut: where they do not fit with everything else
    the bars narrow and then go, then the names are shortened and the R F cells
    go; a terminal too narrow even for that gets a paragraph a segment."""
    from cvo_workshop.commands._out import text
    from cvo_workshop.engine.rfm import span
    from cvo_workshop.engine.text import percent

    rows: list[_SegmentRow] = []
    for c in cohort_set.cohorts:
        share = c.share or 0.0
        revenue = c.revenue_share or 0.0
        stats = cohort_set.stats(c.id)
        numbers = (
            f"{c.customers or 0:,}",
            percent(share, 1, trim=False),
            percent(revenue, 1, trim=False),
            f"{c.aov:,.2f}" if c.aov is not None else "",
            _average_m(stats.average_m if stats else None),
        )
        cells = f"R{span(c.rfm.r)} F{span(c.rfm.f)}" if c.rfm else ""
        rows.append(_SegmentRow(text(c.name, "bold"), cells, numbers, share, revenue))
    t = cohort_set.cohort_set.totals
    orders = sum(s.orders for s in cohort_set.segments)
    aov = t.segmented_revenue / orders if orders else None
    averaged = [(s.average_m, s.customers) for s in cohort_set.segments if s.average_m]
    customers = sum(n for _, n in averaged)
    total = _SegmentRow(
        text("all segments"),
        "",
        (
            f"{t.segmented_customers:,}",
            # The whole, in the column's decimals as every row above it ("100.0%").
            percent(1.0 if t.segmented_customers else 0.0, 1, trim=False),
            percent(1.0 if t.segmented_revenue else 0.0, 1, trim=False),
            f"{aov:,.2f}" if aov is not None else "",
            _average_m(sum(m * n for m, n in averaged) / customers if customers else None),
        ),
    )
    # The columns' widths: the numbers', the names' and the R F cells'.
    numeric = _number_widths([*rows, total])
    named = max(r.name.cell_len for r in [*rows, total, _SegmentRow(text("segment"), "", ())])
    rf = max(len(r.cells) for r in [*rows, _SegmentRow(text(""), "R F", ())])

    # Everything, with the bars as wide as there is room for (up to BAR_WIDTH).
    room = width - _table_width([named, rf, *numeric, 0, 0])
    if room >= 2 * BAR_MIN:
        return _segments(rows, total, named, rf, min(BAR_WIDTH, room // 2))
    if _table_width([named, rf, *numeric]) <= width:
        return _segments(rows, total, named, rf, 0)
    # No bars; names shortened (to NAME_MIN at least), then no R F cells either.
    short = named - (_table_width([named, rf, *numeric]) - width)
    if short >= NAME_MIN:
        return _segments(rows, total, short, rf, 0)
    short = named - (_table_width([named, *numeric]) - width)
    if short >= NAME_MIN:
        return _segments(rows, total, min(short, named), None, 0)
    return _segment_paragraphs(rows, total)


def _number_widths(rows: Sequence[_SegmentRow]) -> list[int]:
    """Each number column's width: its widest cell or header line."""
    return [
        max([*(len(line) for line in header), *(len(r.numbers[i]) for r in rows)])
        for i, header in enumerate(_NUMBER_HEADERS)
    ]


def _customers_noun(shown: str) -> str:
    return "customer" if shown == "1" else "customers"


def _segments(
    rows: Sequence[_SegmentRow],
    total: _SegmentRow,
    name: int,
    cells: int | None,
    bar: int,
) -> Table:
    """The segment table: names `name` wide (shortened with "…" when narrower than
    they are), R F cells unless `cells` is None, bars `bar` wide unless 0."""
    from cvo_workshop.commands._out import text

    table = _plain_table()
    table.add_column("segment", width=name, no_wrap=True, overflow="ellipsis")
    if cells is not None:
        table.add_column("R F", no_wrap=True)
    headers = ["\n".join(h) for h in _NUMBER_HEADERS]
    for i, header in enumerate(headers):
        table.add_column(header, justify="right", no_wrap=True)
        if bar and i in (1, 2):
            table.add_column("", no_wrap=True)
    colors = ("cyan", "green")
    for r in [*rows, total]:
        # the total row's name, when the column is too narrow for it: in a word
        row: list[Text | str] = [text("total") if r is total and r.name.cell_len > name else r.name]
        if cells is not None:
            row.append(r.cells)
        for i, number in enumerate(r.numbers):
            row.append(number)
            if bar and i in (1, 2):
                fraction = r.share if i == 1 else r.revenue
                row.append(text(_bar(fraction, bar), colors[i - 1]) if fraction is not None else "")
        if r is total:
            table.add_section()
        table.add_row(*row)
    return table


def _segment_paragraphs(rows: Sequence[_SegmentRow], total: _SegmentRow) -> RenderableType:
    """The segments for a terminal too narrow for their table: a paragraph each,
    wrapped between words, so no number is cut."""
    from rich.console import Group

    from cvo_workshop.commands._out import text

    parts = []
    for r in [*rows, total]:
        customers, share, revenue, aov, average_m = r.numbers
        line = text("").append_text(r.name)
        if r.cells:
            line.append_text(text(f" {r.cells}", "dim"))
        said = [f"{customers} {_customers_noun(customers)} ({share})", f"revenue share {revenue}"]
        said += [f"AOV {aov}"] if aov else []
        said += [f"avg M {average_m}"] if average_m else []
        line.append_text(text(": " + ", ".join(said)))
        parts.append(line)
    return Group(*parts)


def _average_m(value: float | None) -> str:
    """`3.4`; blank for an empty segment or a file written before M was averaged."""
    return f"{value:.1f}" if value is not None else ""


def transition_table(
    moves: Transitions, cohort_set: CohortSet, *, width: int = 200
) -> RenderableType:
    """Who moved from which segment to which: one row per pair with customers, in
    `width` columns. The numbers are never cut: the segment names are shortened
    where they do not fit, and a terminal too narrow for that gets a line a move."""
    from rich.console import Group

    from cvo_workshop.commands._out import text
    from cvo_workshop.engine.rfm import NO_NET_REVENUE, NO_ORDERS_YET
    from cvo_workshop.engine.text import percent

    outside = {NO_ORDERS_YET: "(no orders yet)", NO_NET_REVENUE: "(no net revenue)"}

    def name(state: str) -> str:
        return outside.get(state) or cohort_set.cohort(state).name

    rows: list[tuple[Text, Text, str, str]] = []
    previous = None
    for m in moves.moves:
        first = text(name(m.from_segment), "bold") if m.from_segment != previous else text("")
        to = text(name(m.to_segment), "dim" if m.to_segment == m.from_segment else "")
        rows.append((first, to, f"{m.customers:,}", percent(m.share, 1, trim=False)))
        previous = m.from_segment
    headers = [
        f"segment on {moves.earlier}",
        f"on {moves.later}",
        "customers",
        "share of\nthe first",
    ]
    numbers = [
        max([*map(len, headers[i].splitlines()), *(len(r[i]) for r in rows)]) for i in (2, 3)
    ]
    # the narrowest a name column gets: its header's date, whole
    least = max(len("segment on"), len(str(moves.earlier)))
    names = [
        max([least, *(r[0].cell_len for r in rows)]),
        max([least, *(r[1].cell_len for r in rows)]),
    ]
    whole = [max(len(headers[i]), names[i]) for i in (0, 1)]
    if _table_width([*whole, *numbers]) > width:
        # The dates under the words, then the names shortened, the longer first.
        headers[:2] = [f"segment on\n{moves.earlier}", f"on\n{moves.later}"]
        whole = names
        while _table_width([*whole, *numbers]) > width and max(whole) > least:
            whole[whole.index(max(whole))] -= 1
    if _table_width([*whole, *numbers]) > width:
        lines = [
            text("")
            .append_text(first or text(name(m.from_segment), "bold"))
            .append_text(
                text(f" -> {to.plain}: {customers} {_customers_noun(customers)} ({share})")
            )
            for (first, to, customers, share), m in zip(rows, moves.moves, strict=True)
        ]
        return Group(*lines)
    table = _plain_table()
    for i, header in enumerate(headers):
        if i < 2:
            table.add_column(header, width=whole[i], no_wrap=True, overflow="ellipsis")
        else:
            table.add_column(header, justify="right", no_wrap=True)
    for row in rows:
        table.add_row(*row)
    return table


def _bar(fraction: float, width: int = 16) -> str:
    eighths = round(max(0.0, min(1.0, fraction)) * width * 8)
    full, part = divmod(eighths, 8)
    return "█" * full + ("▏▎▍▌▋▊▉"[part - 1] if part else "")


@cohorts.command("show")
@click.argument("path", type=click.Path(path_type=Path))
def show(path: Path) -> None:
    """Print a cohort file: how it was made and its segments."""
    from cvo_workshop.commands._out import console, text
    from cvo_workshop.engine.text import counted
    from cvo_workshop.store.cohorts import load_cohorts

    cohort_set = load_cohorts(path)
    meta = cohort_set.cohort_set
    out = console()
    t = meta.totals
    given = "" if meta.as_of_given else " (the day after the last order)"
    out.print(text(f"{meta.name} as of {meta.as_of}{given}", "bold"))
    out.print(
        text(
            f"{counted(t.customers, 'customer')}, {_orders_words(t)}, "
            f"net revenue {t.revenue:,.2f}, "
            f"from {', '.join(i.path for i in meta.inputs)}",
            "dim",
        )
    )
    out.print(segment_table(cohort_set, width=out.width))
