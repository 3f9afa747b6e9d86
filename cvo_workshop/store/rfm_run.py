"""Running the RFM computation over order files with DuckDB.

    with RfmRun(request) as run:
        result = run.compute(on_progress)      # InputError for bad data
        run.export_members(path)               # optional, atomic

The SQL is the engine's (engine/rfm.py), the same that `--emit-sql` prints; this
module reads the files into it, checks the data, and collects the figures.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import shutil
import tempfile
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from cvo_workshop.engine.csvcells import cell_sql
from cvo_workshop.engine.rfm import (
    LAST_ORDER_DATE,
    NO_NET_REVENUE,
    REFUND_RULE,
    SCORE_RULE,
    SEGMENT_IDS,
    AmountPer,
    Dialect,
    RfmPlan,
    SegmentFigures,
    Transitions,
    cohort_cards,
    compare_problem,
    members_select,
    orders_select,
    rfm_ctes,
    time_rule,
    transitions,
    transitions_select,
    valid_order,
    with_query,
)
from cvo_workshop.engine.text import counted
from cvo_workshop.model.card import CohortCard, Line
from cvo_workshop.model.cohorts import (
    CohortSet,
    CohortSetMeta,
    CohortTotals,
    InputFile,
    OrderColumns,
    SegmentStats,
    amount_column,
)
from cvo_workshop.model.messages import describe
from cvo_workshop.model.problem import InputError, Problem
from cvo_workshop.store.orders import (
    ColumnChoice,
    OrderFile,
    ReadOptions,
    check_file,
    choose_columns,
    create_lines_view,
    duckdb_problem,
    first_row,
    locate,
    looks_like_header,
    out_of_range,
    sniff,
    sql_string,
    unit_price_warning,
)
from cvo_workshop.store.unnamed import UnnamedFile

#: Orders that stop the run (without --skip-bad-rows), as conditions on rfm_orders: no
#: date or no amount on any line (lines with a bad value are reported as such), or
#: lines naming two customers.
ORDER_PROBLEMS = {
    "undated": "bad_date_lines = 0 AND bad_amount_lines = 0 AND order_date IS NULL",
    "unpriced": "bad_date_lines = 0 AND bad_amount_lines = 0 AND net IS NULL",
    "two_customers": "mixed",
}

#: Called with (stage, fraction done or None) while the work runs.
Progress = Callable[[str, float | None], None]

EXAMPLES = 5


def memory_limit() -> str:
    """DuckDB's memory for one run: a quarter of the machine's memory, 1 to 4 GB.

    Enough to aggregate a 10M-line export without spilling to disk (spilling cost a
    tenth of the run at 1 GB), and most of a laptop left to the user's other work;
    larger inputs spill to the run's scratch folder. 1 GB where the size is unknown.
    """
    gib = 1024**3
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, ValueError, OSError):  # no sysconf (Windows)
        total = gib
    return f"{max(1, min(4, total // 4 // gib))}GB"


#: A column's name as the cohort file records it.
_COLUMN_NAME: TypeAdapter[str] = TypeAdapter(Line)


@dataclass(frozen=True)
class RfmRequest:
    paths: tuple[Path, ...]
    options: ReadOptions = field(default_factory=ReadOptions)
    preset: str | None = None
    #: role -> column name or 1-based position, from --customer, --date, ...
    columns: dict[str, str | None] = field(default_factory=dict)
    amount_per: str | None = None
    as_of: dt.date | None = None
    #: status values whose orders are left out (--exclude-status), besides the preset's
    exclude_statuses: tuple[str, ...] = ()
    #: a second as-of date: who moved from which segment to which (--compare-as-of)
    compare_as_of: dt.date | None = None


@dataclass
class RfmResult:
    as_of: dt.date
    as_of_given: bool
    preset: str
    amount_per: AmountPer
    columns: OrderColumns
    inputs: list[InputFile]
    totals: CohortTotals
    figures: dict[str, SegmentFigures]
    stats: list[SegmentStats]
    #: things the user should know that did not stop the run
    notes: list[str]
    plan: RfmPlan
    #: how an order's date was found (engine.rfm.time_rule)
    time_rule: str = ""
    #: the moves between the compare date and the as-of date (--compare-as-of)
    transitions: Transitions | None = None
    #: the first order counted: purchase frequency is measured from it to the as-of date
    first_order: dt.date | None = None

    def cohort_set(self, deck_cohorts: Mapping[str, CohortCard] | None = None) -> CohortSet:
        """The cohort file's record: cards with sizes and shares, and how they were made."""
        meta = CohortSetMeta(
            as_of=self.as_of,
            as_of_given=self.as_of_given,
            preset=self.preset,  # type: ignore[arg-type]
            amount_per=self.amount_per.value,  # type: ignore[arg-type]
            columns=self.columns,
            inputs=self.inputs,
            totals=self.totals,
            score_rule=SCORE_RULE,
            refund_rule=REFUND_RULE,
            time_rule=self.time_rule or None,
            timezone=self.plan.timezone,
            excluded_statuses=list(self.plan.excluded_statuses) if self.plan.status else [],
            drop_duplicates=self.plan.drop_duplicates,
        )
        cards = cohort_cards(
            self.figures,
            deck_cohorts=deck_cohorts,
            first_order=self.first_order,
            as_of=self.as_of,
        )
        return CohortSet(cohort_set=meta, cohorts=cards, segments=self.stats)


class RfmRun:
    """A DuckDB connection over the order files, with its own scratch folder."""

    def __init__(self, request: RfmRequest):
        self.request = request
        self.files: list[OrderFile] = []
        self.choice: ColumnChoice | None = None
        self.plan: RfmPlan | None = None
        self._tmp: Path | None = None
        self._con: Any = None
        #: said while opening (a file named twice), shown with the result's notes
        self._notes: list[str] = []

    def __enter__(self) -> RfmRun:
        import duckdb

        self._tmp = Path(tempfile.mkdtemp(prefix="cvo-rfm-"))
        self._con = duckdb.connect(
            config={
                "memory_limit": memory_limit(),
                "temp_directory": str(self._tmp / "spill"),
                # Order does not matter to an aggregation; not keeping it saves memory.
                "preserve_insertion_order": False,
            }
        )
        # The session's zone dates instants (tz-aware Parquet): the shop's, never the machine's.
        zone = self.request.options.timezone or "UTC"
        self._con.execute(f"SET TimeZone = {sql_string(zone)}")
        # Progress is tracked only for a bar someone sees (`_execute`): it costs a few percent.
        self._con.execute("SET enable_progress_bar = false")
        return self

    def __exit__(self, *exc: object) -> None:
        # Drop every reference to the connection before removing its spill folder:
        # a traceback that still reaches it would keep the database alive until
        # the interpreter exits, and DuckDB aborts when its folder has vanished.
        if self._con is not None:
            with contextlib.suppress(Exception):
                self._con.close()
            self._con = None
        if self._tmp is not None:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None

    # -- reading -----------------------------------------------------------

    def open(self) -> ColumnChoice:
        """Check and sniff every file and choose the columns; nothing heavy yet."""
        req = self.request
        if not req.paths:
            raise InputError("no order files given")
        problems: list[Problem] = []
        for path in self._distinct(req.paths):
            try:
                self.files.append(check_file(path, req.options))
            except InputError as e:
                problems.extend(e.problems)
        if problems:
            raise InputError(problems)
        assert self._tmp is not None
        for f in self.files:
            try:
                sniff(self._con, f, req.options, self._tmp)
            except InputError as e:
                problems.extend(e.problems)
        if problems:
            raise InputError(problems)
        if req.as_of is not None:
            self._check_compare_date(req.as_of)
        if req.options.date_formats:
            self._check_date_formats(req.options.date_formats)
        self.choice = choose_columns(self.files, req.preset, req.columns, req.amount_per)
        self._check_column_names()
        names = self.choice.names
        if req.exclude_statuses and "status" not in names:
            raise InputError(
                Problem(
                    self.files[0].shown,
                    "--exclude-status: no status column found (looked for 'status', "
                    "'order_status', 'financial_status', ...); pass --status COLUMN",
                    1 if self.files[0].header else None,
                )
            )
        preset = self.choice.preset
        excluded = tuple(dict.fromkeys([*preset.excluded_statuses, *req.exclude_statuses]))
        self.plan = RfmPlan(
            by_order="order" in names,
            amount_per=self.choice.amount_per,
            refunds="refunded" in names,
            status="status" in names,
            excluded_statuses=excluded,
            as_of=req.as_of,
            timezone=req.options.timezone,
            drop_duplicates=req.options.drop_duplicates,
        )
        for file, per_file in zip(self.files, self.choice.per_file, strict=True):
            warning = unit_price_warning(file, per_file)
            if warning:
                self._notes.append(f"{file.shown}: {warning}.")
        return self.choice

    def _distinct(self, paths: Sequence[Path]) -> list[Path]:
        """The paths, each file once: a file named twice (or by two names) is read once."""
        seen: dict[Path, Path] = {}
        out: list[Path] = []
        for path in paths:
            try:
                key = path.resolve() if path.is_file() else path
            except OSError:
                key = path
            if key in seen:
                first = seen[key]
                same = "given twice" if str(first) == str(path) else f"the same file as {first}"
                self._notes.append(f"{path}: {same}; read once.")
                continue
            twin = _same_content(path, out)
            if twin is not None:
                # Two copies of one export (orders.csv and "orders (1).csv"): read
                # twice, every purchase would count twice.
                self._notes.append(f"{path}: the same content as {twin}; read once.")
                continue
            seen[key] = path
            out.append(path)
        return out

    def _check_compare_date(self, as_of: dt.date) -> None:
        """Before the scoring: a compare date that can show no one moving is refused."""
        compare = self.request.compare_as_of
        problem = None
        if compare is not None:
            problem = compare_problem(compare, as_of, as_of_given=self.request.as_of is not None)
        if problem:
            raise InputError(problem)

    def _check_column_names(self) -> None:
        """The columns used are named in the cohort file, one line each: a header
        cell holding a line break is refused here, at the header, not after the work."""
        assert self.choice is not None
        problems = []
        for file, names in zip(self.files, self.choice.per_file, strict=False):
            for role, name in names.items():
                try:
                    _COLUMN_NAME.validate_python(name)
                except ValidationError as e:
                    problems.append(
                        Problem(
                            file.shown,
                            f"the {role} column's name {name!r}: {describe(e.errors()[0])}; "
                            "rename the column",
                            1,
                            field=role,
                        )
                    )
        if problems:
            raise InputError(problems)

    def _check_date_formats(self, formats: Sequence[str]) -> None:
        import duckdb

        for fmt in formats:
            try:
                self._con.execute("SELECT TRY_STRPTIME('2000-01-01', ?)", [fmt])
            except duckdb.Error as e:
                detail = re.sub(r"^.*?Error: ", "", str(e).splitlines()[0])
                raise InputError(f"--date-format {fmt!r}: {detail}") from None

    def _execute(self, sql: str, stage: str, on_progress: Progress | None) -> None:
        """Run a statement in a worker thread, reporting DuckDB's progress; Ctrl-C stops it.

        DuckDB does not see Ctrl-C while it runs in the main thread, so the main
        thread waits, polls progress, and on KeyboardInterrupt asks DuckDB to stop
        and waits for the worker: leaving it running would crash the interpreter
        on exit. (An Event, not Thread.join: an interrupted join can report a
        thread stopped that is still running.)
        """
        import duckdb

        failure: list[BaseException] = []
        finished = threading.Event()

        def work() -> None:
            try:
                self._con.execute(sql)
            except BaseException as e:
                failure.append(e)
            finally:
                finished.set()

        if on_progress is not None:
            self._con.execute("SET enable_progress_bar = true")
            self._con.execute("SET enable_progress_bar_print = false")
        threading.Thread(target=work, name="cvo-rfm-query", daemon=True).start()
        interrupted = False
        while not finished.is_set():
            try:
                finished.wait(0.1)
                if on_progress is not None and not interrupted:
                    done = self._con.query_progress()
                    on_progress(stage, done / 100 if done is not None and done >= 0 else None)
            except KeyboardInterrupt:
                interrupted = True
                self._con.interrupt()
        if interrupted:
            raise KeyboardInterrupt
        if failure:
            error = failure[0]
            if isinstance(error, duckdb.Error):
                raise duckdb_problem(error, self.files) from None
            raise error
        if on_progress is not None:
            on_progress(stage, 1.0)

    # -- computing ---------------------------------------------------------

    def compute(self, on_progress: Progress | None = None) -> RfmResult:
        if self.choice is None:
            self.open()
        assert self.choice is not None and self.plan is not None
        choice, plan = self.choice, self.plan
        # (each line read is one line, unless --drop-duplicates merged copies)
        copies = "SUM(line_copies)" if plan.drop_duplicates else "COUNT(*)"
        extras = [
            f"{copies} AS line_count",
            f"{self._duplicate_lines(copies)} AS duplicate_lines",
            "COUNT_IF(bad_date) AS bad_date_lines",
            "COUNT_IF(bad_amount) AS bad_amount_lines",
        ]
        # Aggregates that can only tell something with several files, or a currency
        # column, are left out otherwise: each costs a few percent on 10M lines.
        if len(self.files) > 1:
            extras += ["MIN(file_index) AS file_index", "MAX(file_index) AS last_file_index"]
        else:
            extras += ["0 AS file_index", "0 AS last_file_index"]
        any_currency = any("currency" in names for names in choice.per_file)
        extras.append("MAX(currency) AS currency" if any_currency else "NULL AS currency")
        if plan.by_order:
            # whether the order's lines name two customers (NULL: they name none); the
            # two names are looked up only for the orders an error shows
            extras += ["order_id", "MIN(customer_id) <> MAX(customer_id) AS mixed"]
        else:
            extras += ["CAST(NULL AS VARCHAR) AS order_id", "CAST(NULL AS BOOLEAN) AS mixed"]
        orders_sql = with_query(
            [("rfm_lines", "SELECT * FROM order_lines")],
            orders_select(plan, Dialect.DUCKDB, extras),
        )
        create_lines_view(self._con, self.files, choice, self.request.options)
        self._execute(
            f"CREATE TEMP TABLE rfm_orders AS\n{orders_sql}", "Reading orders", on_progress
        )

        rejected = self._rejected_rows()
        if plan.by_order and len(self.files) > 1:
            self._check_overlap()
        check = self._check_orders(on_progress)
        notes = self._notes + self._problems_or_notes(check, rejected)

        as_of = self._as_of(plan)
        if self.request.as_of is None:
            self._check_compare_date(as_of)
        members_sql = with_query(
            rfm_ctes(plan, Dialect.DUCKDB), members_select(plan, Dialect.DUCKDB)
        )
        self._execute(
            f"CREATE TEMP TABLE rfm_members AS\n{members_sql}", "Scoring customers", on_progress
        )
        result = self._result(as_of, check, rejected, notes)
        if self.request.compare_as_of is not None:
            result.transitions = self._transitions(as_of, self.request.compare_as_of, on_progress)
        return result

    def _transitions(
        self, as_of: dt.date, compare_as_of: dt.date, on_progress: Progress | None
    ) -> Transitions:
        """Score the customers again as of the compare date, and count who moved where."""
        plan = self.plan
        assert plan is not None
        then = replace(plan, as_of=compare_as_of)
        sql = with_query(rfm_ctes(then, Dialect.DUCKDB), members_select(then, Dialect.DUCKDB))
        self._execute(
            f"CREATE TEMP TABLE rfm_members_then AS\n{sql}", "Scoring the compare date", on_progress
        )
        tables = ("rfm_members_then", "rfm_members")
        if compare_as_of > as_of:
            tables = tables[::-1]
        counts = self._con.execute(transitions_select(*tables)).fetchall()
        return transitions(min(as_of, compare_as_of), max(as_of, compare_as_of), counts)

    def _check_overlap(self) -> None:
        """The same order id in two files: one export read twice, or overlapping exports.

        Their lines would be added into one order (revenue counted twice), so this
        stops the run, naming the files; --skip-bad-rows does not change that.
        """
        rows = self._con.execute(
            f"""
SELECT file_index, last_file_index, COUNT(*) AS n,
  LIST(order_id ORDER BY order_id)[1:3] AS examples
FROM rfm_orders
WHERE order_id IS NOT NULL AND file_index <> last_file_index
GROUP BY ALL ORDER BY file_index, last_file_index LIMIT {EXAMPLES}
"""
        ).fetchall()
        if not rows:
            return
        problems = []
        for a, b, n, examples in rows:
            listed = ", ".join(repr(e) for e in examples) + (", ..." if n > len(examples) else "")
            problems.append(
                Problem(
                    self.files[b].shown,
                    f"{counted(n, 'order id')} also in {self.files[a].shown} ({listed}): "
                    "the same orders in two files (one export given twice, or exports "
                    "that overlap) would count their revenue twice; leave one file out, "
                    "or remove the overlap",
                )
            )
        raise InputError(problems)

    def _rejected_rows(self) -> int:
        if not self.request.options.skip_bad_rows or not any(f.format == "csv" for f in self.files):
            return 0
        try:
            return int(self._con.execute("SELECT COUNT(*) FROM reject_errors").fetchone()[0])
        except Exception:
            return 0

    def _check_orders(self, on_progress: Progress | None = None) -> dict[str, Any]:
        plan = self.plan
        assert plan is not None
        checks = {
            "orders": "TRUE",
            **ORDER_PROBLEMS,
            "guests": "customer_id IS NULL AND mixed IS NULL",
            "skipped": "mixed IS NOT NULL AND (order_date IS NULL OR net IS NULL OR mixed)",
            "voided": "customer_id IS NOT NULL AND order_date IS NOT NULL AND net IS NOT NULL "
            f"AND NOT ({valid_order(plan)})",
            # orders made of lines with a blank order id (grouped by customer and time)
            "unnumbered": "order_id IS NULL AND mixed IS NOT NULL" if plan.by_order else "FALSE",
        }
        # CASE rather than COUNT_IF: a condition on NULLs must count as false, not as NULL.
        counts = ",\n  ".join(
            f"COALESCE(SUM(CASE WHEN {cond} THEN 1 ELSE 0 END), 0) AS {name}"
            for name, cond in checks.items()
        )
        row = self._con.execute(
            f"""
SELECT
  {counts},
  COALESCE(SUM(line_count), 0) AS rows,
  COALESCE(SUM(bad_date_lines), 0) AS bad_dates,
  COALESCE(SUM(bad_amount_lines), 0) AS bad_amounts,
  COALESCE(SUM(duplicate_lines), 0) AS duplicates,
  COALESCE(SUM(CASE WHEN duplicate_lines IS NULL THEN 1 ELSE 0 END), 0)
    AS duplicates_unsettled,
  COUNT(DISTINCT currency) AS currencies,
  LIST(DISTINCT currency ORDER BY currency)[1:6] AS currency_list
FROM rfm_orders
"""
        ).fetchone()
        names = [
            *checks,
            "rows",
            "bad_dates",
            "bad_amounts",
            "duplicates",
            "duplicates_unsettled",
            "currencies",
            "currency_list",
        ]
        check = {
            n: (int(v) if isinstance(v, int | float) else v)
            for n, v in zip(names, row, strict=True)
        }
        if check["duplicates_unsettled"]:
            check["duplicates"] = self._duplicates(on_progress)
        return check

    def _duplicate_lines(self, copies: str) -> str:
        """An order's lines identical to another of its lines (every column the same).

        With --drop-duplicates the copies were merged: their count says it. Otherwise
        an order of up to four lines is settled from a few sums of its lines' hashes
        (h, below 2^60, so every product fits a HUGEINT): lines all alike; of two
        lines, none; of three, the middle one equals the lowest or the highest; of
        four, the middle two (sum s, sum of squares q) are alike when 2q = s², and
        equal the lowest (a) when a² + (s - a)² = q, the highest likewise. Longer
        orders are left NULL, for `_duplicates` to count over the whole input: lists
        of hashes per order would cost more than that second pass on large inputs."""
        if self.request.options.drop_duplicates:
            return f"{copies} - COUNT(*)"
        a, b = "MIN(line_hash)", "MAX(line_hash)"
        mid = f"(SUM(line_hash) - {a} - {b})"
        s = f"CAST({mid} AS HUGEINT)"
        q = (
            f"(SUM(CAST(line_hash AS HUGEINT) * line_hash) "
            f"- CAST({a} AS HUGEINT) * {a} - CAST({b} AS HUGEINT) * {b})"
        )

        def alike(x: str) -> str:
            return f"CAST(CAST({x} AS HUGEINT) * {x} + ({s} - {x}) * ({s} - {x}) = {q} AS INTEGER)"

        return (
            f"CASE WHEN {a} = {b} THEN COUNT(*) - 1 WHEN COUNT(*) = 2 THEN 0 "
            f"WHEN COUNT(*) = 3 THEN CAST({mid} IN ({a}, {b}) AS INTEGER) "
            f"WHEN COUNT(*) = 4 THEN CAST(2 * {q} = {s} * {s} AS INTEGER) + {alike(a)} "
            f"+ {alike(b)} END"
        )

    def _duplicates(self, on_progress: Progress | None) -> int:
        """Duplicate lines counted over the whole input, when some order's count was
        left open (`_duplicate_lines`): identical lines share their order id, so the
        count over the input is the sum over the orders."""
        self._execute(
            "CREATE OR REPLACE TEMP TABLE rfm_duplicates AS "
            "SELECT SUM(line_copies) - COUNT(DISTINCT line_hash) AS n FROM order_lines",
            "Counting duplicate lines",
            on_progress,
        )
        row = self._con.execute("SELECT n FROM rfm_duplicates").fetchone()
        return int(row[0] or 0)

    def _problems_or_notes(self, check: dict[str, Any], rejected: int) -> list[str]:
        choice = self.choice
        assert choice is not None
        skip = self.request.options.skip_bad_rows
        if check["rows"] == 0:
            raise InputError(
                [Problem(f.shown, "no order lines (only a header?)") for f in self.files]
            )
        bad = check["bad_dates"] + check["bad_amounts"]
        order_bad = check["undated"] + check["unpriced"] + check["two_customers"]
        notes: list[str] = []
        if (bad or order_bad) and not skip:
            problems: list[Problem] = []
            if check["bad_dates"]:
                problems += self._value_problems("date", check["bad_dates"], check["rows"])
            if check["bad_amounts"]:
                problems += self._value_problems("amount", check["bad_amounts"], check["rows"])
            if check["undated"]:
                problems += self._order_problems("undated", check["undated"])
            if check["unpriced"]:
                problems += self._order_problems("unpriced", check["unpriced"])
            if check["two_customers"]:
                problems += self._order_problems("two_customers", check["two_customers"])
            if bad:
                problems += [Problem(f.shown, hint, 1) for f, hint in self._header_hints()]
            raise InputError(problems)
        if bad or rejected:
            notes.append(
                f"{counted(bad + rejected, 'row')} skipped: "
                + ", ".join(
                    part
                    for part in (
                        f"{check['bad_dates']:,} with an unreadable date"
                        if check["bad_dates"]
                        else "",
                        f"{check['bad_amounts']:,} with an unreadable amount"
                        if check["bad_amounts"]
                        else "",
                        f"{rejected:,} not readable as CSV" if rejected else "",
                    )
                    if part
                )
                + "."
            )
        if bad:
            notes += [f"{f.shown}:1: {hint}" for f, hint in self._header_hints()]
        if order_bad:
            notes.append(
                f"{counted(check['skipped'], 'order')} skipped: no readable date or amount, "
                "or lines naming two customers."
            )
        if check["unnumbered"]:
            notes.append(
                f"{counted(check['unnumbered'], 'order')} from lines without an order id, "
                "taken as one customer's lines at one date and time."
            )
        if check["guests"]:
            notes.append(
                f"{counted(check['guests'], 'order')} without a customer id (guest checkouts?) "
                "left out."
            )
        if check["voided"]:
            plan = self.plan
            assert plan is not None
            if plan.excluded_statuses == ("voided",):
                notes.append(f"{counted(check['voided'], 'voided order')} left out.")
            else:
                listed = " or ".join(repr(s) for s in plan.excluded_statuses)
                notes.append(f"{counted(check['voided'], 'order')} with status {listed} left out.")
        notes += self._status_notes()
        if check["duplicates"]:
            notes.append(self._duplicates_note(check["duplicates"]))
        if check["currencies"] > 1:
            listed = ", ".join(str(c) for c in check["currency_list"])
            notes.append(
                f"Orders are in {check['currencies']} currencies ({listed}); amounts are added "
                "as they are, without conversion."
            )
        return notes

    def _duplicates_note(self, n: int) -> str:
        """What exact duplicate lines did. With amounts per line they add to their
        order's amount (bought again), which --drop-duplicates undoes; with amounts
        per order (Shopify's Total, --amount-per order) an order's amount is taken
        once, and a copy of a line falls in the same order (the same order id, or
        the same customer and time): it changes nothing, and no flag is suggested."""
        plan = self.plan
        assert plan is not None
        per_order = plan.amount_per is AmountPer.ORDER
        if self.request.options.drop_duplicates:
            said = f"{counted(n, 'exact duplicate line')} read once (--drop-duplicates)"
            if per_order:
                return (
                    f"{said}; amounts are taken once per order, so reading them twice "
                    "would have changed nothing."
                )
            return f"{said}."
        are = "is an exact duplicate" if n == 1 else "are exact duplicates"
        lines = f"{counted(n, 'line')} {are} of another line (every column the same)"
        if per_order:
            return (
                f"{lines}; amounts are taken once per order, so they change no "
                "customer's orders, revenue or segment."
            )
        return f"{lines}, counted as bought again; pass --drop-duplicates to read each once."

    def _status_notes(self) -> list[str]:
        """What a status column holds (lines per value), and values named but never found."""
        plan, choice = self.plan, self.choice
        assert plan is not None and choice is not None
        if not plan.status:
            return []
        rows = self._con.execute(
            "SELECT status, SUM(line_count) AS n FROM rfm_orders "
            "GROUP BY status ORDER BY n DESC, status NULLS LAST"
        ).fetchall()
        held = {r[0] for r in rows}
        notes = [
            f"No order has status {value!r} (--exclude-status); the status column holds "
            + ", ".join(repr(r[0]) for r in rows[:8] if r[0] is not None)
            + "."
            for value in self.request.exclude_statuses
            if value not in held
        ]
        if choice.preset.name == "shopify" and not self.request.exclude_statuses:
            return notes
        shown = ", ".join(
            f"{'(blank)' if value is None else repr(value)} {counted(int(n), 'line')}"
            for value, n in rows[:8]
        )
        more = f" and {len(rows) - 8} more" if len(rows) > 8 else ""
        excluded = [v for v in plan.excluded_statuses if v in held]
        tail = (
            "left out: " + ", ".join(repr(v) for v in excluded)
            if excluded
            else "every status counts as a purchase; pass --exclude-status VALUE,... to leave "
            "cancelled orders out"
        )
        notes.insert(0, f"Status column {choice.names['status']!r}: {shown}{more}; {tail}.")
        return notes

    def _header_hints(self) -> list[tuple[OrderFile, str]]:
        """Files read with --no-header whose first row holds names, not values."""
        if self.request.options.header:
            return []
        hints = []
        for file in self.files:
            cells = first_row(file, self.request.options.encoding)
            if file.format == "csv" and not file.header and looks_like_header(cells):
                shown = ", ".join(repr(c.strip()) for c in cells[:6] if c.strip())
                hints.append(
                    (
                        file,
                        f"the first row looks like a header ({shown}), not an order line: "
                        "leave out --no-header and name the columns",
                    )
                )
        return hints

    def _value_problems(self, what: str, total: int, lines: int) -> list[Problem]:
        choice = self.choice
        assert choice is not None
        opts = self.request.options
        flag = "bad_date" if what == "date" else "bad_amount"
        if what == "amount":
            # a bad refunded amount is reported against its own column
            role = "CASE WHEN bad_amount_value THEN amount_role ELSE 'refunded' END"
            value = "CASE WHEN bad_amount_value THEN amount_raw ELSE refunded_raw END"
        else:
            role, value = "'date'", "date_raw"
        rows = self._con.execute(
            f"""
SELECT file_index, {role} AS role, {value} AS value, COUNT(*) AS n, MIN(row_number) AS row_number
FROM checked_lines WHERE {flag}
GROUP BY ALL ORDER BY n DESC, file_index, value NULLS FIRST LIMIT {EXAMPLES}
"""
        ).fetchall()
        problems = []
        for file_index, role, value, n, row_number in rows:
            file = self.files[file_index]
            column = choice.per_file[file_index][role]
            line = row_number
            if line is None:
                line = locate(file, column, [value], opts.encoding).get(value)
            label = "a date" if role == "date" else "an amount"
            message = "empty" if value is None else f"cannot read {value!r} as {label}"
            if role == "date" and out_of_range(value):
                message = (
                    f"{value!r} is too far in the future to score (the last order date "
                    f"possible is {LAST_ORDER_DATE})"
                )
            if n > 1:
                message += f" ({n:,} rows hold it)"
            problems.append(Problem(file.shown, message, line, field=column))
        problems.sort(key=lambda p: (p.path, p.line or 0))
        first = self.files[rows[0][0]] if rows else self.files[0]
        noun = "date" if what == "date" else "amount"
        hint = _date_hint(rows, opts) if what == "date" else _amount_hint(rows, opts)
        # Skipping every row leaves nothing to score: then only the hint helps.
        skip = "" if total >= lines else ", or pass --skip-bad-rows to leave them out"
        every = "every row has" if total >= lines else f"{counted(total, 'row')} with"
        problems.append(Problem(first.shown, f"{every} an unreadable {noun}; {hint}{skip}"))
        return problems

    def _order_problems(self, kind: str, total: int) -> list[Problem]:
        choice = self.choice
        assert choice is not None
        rows = self._con.execute(
            "SELECT file_index, order_id, customer_id "
            f"FROM rfm_orders WHERE {ORDER_PROBLEMS[kind]} "
            f"ORDER BY file_index, order_id LIMIT {EXAMPLES}"
        ).fetchall()
        customers = self._customers_of([r[1] for r in rows if r[1] is not None])
        problems = []
        for file_index, order_id, customer in rows:
            a, b = customers.get(order_id, (customer, customer))
            file = self.files[file_index]
            names = choice.per_file[file_index]
            line = (
                locate(file, names["order"], [order_id], self.request.options.encoding).get(
                    order_id
                )
                if "order" in names and order_id is not None
                else None
            )
            # without an order id, the order is one customer's lines at one time
            if order_id is not None:
                what = f"order {order_id!r}"
            else:
                what = f"an order of {a!r}" if a is not None else "an order without a customer id"
            if kind == "undated":
                msg, col = f"{what} has no date on any of its lines", names["date"]
            elif kind == "unpriced":
                msg, col = f"{what} has no amount on any of its lines", names["amount"]
            else:
                msg = f"order {order_id!r} has lines for two customers ({a!r} and {b!r})"
                col = names["customer"]
            problems.append(Problem(file.shown, msg, line, field=col))
        what = {
            "undated": "with no date",
            "unpriced": "with no amount",
            "two_customers": "with lines naming different customers",
        }[kind]
        first = self.files[rows[0][0]] if rows else self.files[0]
        problems.append(
            Problem(
                first.shown,
                f"{counted(total, 'order')} {what}; pass --skip-bad-rows to leave them out",
            )
        )
        return problems

    def _customers_of(self, order_ids: Sequence[str]) -> dict[str, tuple[str, str]]:
        """The lowest and highest customer id on each order's lines (one more read of
        the files, only when examples of bad orders are shown)."""
        if not order_ids:
            return {}
        self._con.execute(
            "CREATE OR REPLACE TEMP TABLE rfm_example_ids AS SELECT UNNEST(?) AS order_id",
            [list(order_ids)],
        )
        self._execute(
            "CREATE OR REPLACE TEMP TABLE rfm_examples AS "
            "SELECT order_id, MIN(customer_id) AS a, MAX(customer_id) AS b FROM order_lines "
            "WHERE order_id IN (SELECT order_id FROM rfm_example_ids) GROUP BY order_id",
            "Finding examples",
            None,
        )
        rows = self._con.execute("SELECT order_id, a, b FROM rfm_examples").fetchall()
        return {order_id: (a, b) for order_id, a, b in rows}

    def _as_of(self, plan: RfmPlan) -> dt.date:
        row = self._con.execute(
            with_query(rfm_ctes(plan, Dialect.DUCKDB)[:1], "SELECT as_of_date FROM rfm_params")
        ).fetchone()
        as_of = row[0] if row else None
        if as_of is None:
            raise InputError(
                Problem(self.files[0].shown, "no orders with a customer, a date and an amount")
            )
        return as_of

    def _result(
        self, as_of: dt.date, check: dict[str, Any], rejected: int, notes: list[str]
    ) -> RfmResult:
        plan, choice, con = self.plan, self.choice, self._con
        assert plan is not None and choice is not None
        valid = valid_order(plan)
        n_orders, purchases, later, first_order = con.execute(
            f"""
SELECT COUNT_IF(order_date < ?), COUNT_IF(order_date < ? AND net > 0), COUNT_IF(order_date >= ?),
  MIN(order_date) FILTER (WHERE order_date < ?)
FROM rfm_orders WHERE {valid}
""",
            [as_of, as_of, as_of, as_of],
        ).fetchone()
        if later:
            notes.append(f"{counted(later, 'order')} on or after the as-of date {as_of} left out.")
        notes += self._early_orders(as_of, _day(first_order))
        rows = con.execute(
            """
SELECT segment, COUNT(*), SUM(frequency), SUM(monetary),
  MIN(recency_days), MAX(recency_days), MIN(frequency), MAX(frequency),
  MIN(monetary), MAX(monetary), AVG(m)
FROM rfm_members GROUP BY segment
"""
        ).fetchall()
        if not rows:
            first = con.execute(f"SELECT MIN(order_date) FROM rfm_orders WHERE {valid}").fetchone()[
                0
            ]
            raise InputError(
                Problem(
                    self.files[0].shown,
                    f"no orders before the as-of date {as_of} (the first order is on {first})",
                )
            )
        by_segment = {r[0]: r for r in rows}
        excluded = by_segment.pop(NO_NET_REVENUE, None)
        if not by_segment:
            raise InputError(
                Problem(
                    self.files[0].shown,
                    "no customer has net revenue above 0: nothing to segment "
                    "(are the amounts all refunds?)",
                )
            )
        figures: dict[str, SegmentFigures] = {}
        stats: list[SegmentStats] = []
        for seg_id in SEGMENT_IDS:
            r = by_segment.get(seg_id)
            if r is None:
                figures[seg_id] = SegmentFigures(seg_id, 0, 0, 0.0)
                stats.append(SegmentStats(id=seg_id, customers=0, orders=0, revenue=0.0))
                continue
            _, customers, orders, revenue, r_lo, r_hi, f_lo, f_hi, m_lo, m_hi, m_avg = r
            figures[seg_id] = SegmentFigures(seg_id, customers, int(orders), float(revenue))
            stats.append(
                SegmentStats(
                    id=seg_id,
                    customers=customers,
                    orders=int(orders),
                    revenue=_money(revenue),
                    recency_days=(int(r_lo), int(r_hi)),
                    frequency=(int(f_lo), int(f_hi)),
                    monetary=(_money(m_lo), _money(m_hi)),
                    average_m=round(float(m_avg), 2),
                )
            )
        notes += self._uninformative(list(by_segment.values()))
        seg_customers = sum(f.customers for f in figures.values())
        seg_revenue = sum(float(r[3]) for r in by_segment.values())
        ex_customers = excluded[1] if excluded else 0
        ex_revenue = float(excluded[3]) if excluded else 0.0
        if ex_customers:
            notes.append(
                f"{counted(ex_customers, 'customer')} with no net revenue (refunded in "
                "full, returns, or orders of 0) left without a segment."
            )
        totals = CohortTotals(
            rows=int(check["rows"]),
            skipped_rows=int(check["bad_dates"] + check["bad_amounts"] + rejected),
            orders=int(n_orders),
            purchases=int(purchases),
            skipped_orders=int(check["skipped"]),
            guest_orders=int(check["guests"]),
            voided_orders=int(check["voided"]),
            later_orders=int(later),
            duplicate_lines=int(check["duplicates"]),
            customers=seg_customers + ex_customers,
            revenue=_money(seg_revenue + ex_revenue),
            segmented_customers=seg_customers,
            segmented_revenue=_money(seg_revenue),
            no_net_revenue_customers=ex_customers,
            no_net_revenue=min(0.0, _money(ex_revenue)),
        )
        names = choice.names
        columns = OrderColumns(
            customer=names["customer"],
            date=names["date"],
            amount=amount_column(names),
            order=names.get("order"),
            refunded=names.get("refunded"),
            status=names.get("status"),
            currency=names.get("currency"),
            quantity=names.get("quantity"),
            price=names.get("price"),
        )
        inputs = [
            InputFile(path=f.shown, format=f.format, bytes=f.path.stat().st_size)
            for f in self.files
        ]
        return RfmResult(
            as_of=as_of,
            as_of_given=self.request.as_of is not None,
            preset=choice.preset.name,
            amount_per=choice.amount_per,
            columns=columns,
            inputs=inputs,
            totals=totals,
            figures=figures,
            stats=stats,
            notes=notes,
            plan=plan,
            time_rule=time_rule(plan.timezone),
            first_order=_day(first_order),
        )

    def _early_orders(self, as_of: dt.date, first_order: dt.date | None) -> list[str]:
        """A note when a few orders are dated more than a year before the first 1% of
        orders (a placeholder date such as 1900-01-01): orders_per_year counts from
        the first order, so one such line makes every test look far longer."""
        assert self.plan is not None
        valid = valid_order(self.plan)
        years = self._con.execute(
            f"SELECT YEAR(order_date), COUNT(*) FROM rfm_orders "
            f"WHERE {valid} AND order_date < ? GROUP BY 1 ORDER BY 1",
            [as_of],
        ).fetchall()
        total = sum(n for _, n in years)
        seen, start = 0, None
        for year, n in years:
            seen += n
            if seen >= total / 100:
                start = year
                break
        early = sum(n for year, n in years if start is not None and year < start - 1)
        if not early or first_order is None:
            return []
        return [
            f"{counted(early, 'order')} dated more than a year before the rest (the first "
            f"on {first_order}; 99% of orders are from {start} on): orders_per_year counts "
            "from the first order, so every cohort's rate comes out lower and test "
            "durations longer; if those dates are placeholders, correct or remove those lines."
        ]

    @staticmethod
    def _uninformative(rows: Sequence[tuple]) -> list[str]:
        """Warnings for scores that cannot tell the customers apart (the run goes on).

        `rows` are the segments' figures (customers, then the lowest and highest
        recency, frequency and monetary): a value is the same for everyone when its
        lowest and highest agree over all segments."""
        n = sum(r[1] for r in rows)

        def same(lowest: int) -> bool:
            return len({v for r in rows for v in r[lowest : lowest + 2]}) == 1

        notes = []
        if n < 5:
            notes.append(
                f"Only {counted(n, 'customer')} with net revenue: scores by quintile "
                "(1-5) need at least 5 customers to mean much."
            )
        if n > 1:
            frequency = min(r[6] for r in rows)
            checks = [
                (same(6), f"the same number of orders ({frequency})", "F"),
                (same(4), "their last order on the same day", "R"),
                (same(8), "the same net revenue", "M"),
            ]
            for alike, what, letter in checks:
                if alike:
                    notes.append(
                        f"Every customer has {what}: {letter} is 1 for all of them and "
                        "tells them nothing apart."
                    )
        return notes

    # -- members -----------------------------------------------------------

    def export_members(self, target: Path, on_progress: Progress | None = None) -> UnnamedFile:
        """Write the members CSV for `target` into a file with no name yet.

        A customer id a spreadsheet would run as a formula is neutralised as in
        every CSV we write (engine.csvcells); DuckDB writes the rows, fast. Rows go
        by segment, biggest spenders first: monetary is compared as a double, a
        third cheaper to sort on than its 128-bit decimal on millions of customers,
        and the same order for any revenue below a hundred billion. Customers who
        spent the same go in the order of a hash of their id: the same order every
        run, and a fixed-width key, which sorts millions of customers in about half
        the time their ids as text take.

        Its `publish()` puts it in place once everything else has succeeded; until
        then a crash or kill leaves no customer rows on disk (store/unnamed.py).
        """
        order = " ".join(f"WHEN {sql_string(s)} THEN {i}" for i, s in enumerate(SEGMENT_IDS))
        members = UnnamedFile(target)
        sql = f"""
COPY (
  SELECT {cell_sql("members.customer_id")} AS customer_id, recency_days, frequency,
    ROUND(monetary, 2) AS monetary, r, f, m, segment
  FROM rfm_members members
  ORDER BY CASE segment {order} ELSE 99 END, CAST(monetary AS DOUBLE) DESC,
    hash(members.customer_id)
) TO {sql_string(members.path)} (FORMAT csv, HEADER true, USE_TMP_FILE false)
"""
        try:
            self._execute(sql, "Writing members", on_progress)
        except BaseException:
            members.discard()
            raise
        return members


def _same_content(path: Path, earlier: Sequence[Path]) -> Path | None:
    """An earlier file with exactly the same bytes (only files of equal size are read)."""
    try:
        size = path.stat().st_size if path.is_file() else None
        same_size = [p for p in earlier if p.is_file() and p.stat().st_size == size]
        if size is None or not same_size:
            return None
        digest = _digest(path)
        return next((p for p in same_size if _digest(p) == digest), None)
    except OSError:
        return None  # unreadable: check_file says why


def _digest(path: Path) -> str:
    import hashlib

    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def _day(value: Any) -> dt.date | None:
    """A date from DuckDB's MIN(order_date): a date, a timestamp, or None."""
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else None


def _money(value: Any) -> float:
    return round(float(value), 2)


#: 31/01/2024, 1.2.24, 12/1/2010 8:26, 12/1/2010 08:26:00: day, month, year, time
_DAY_MONTH_YEAR = re.compile(
    r"^(\d{1,2})([/.-])(\d{1,2})[/.-](\d{2}|\d{4})(?:[ T]\d{1,2}:\d\d(:\d\d)?)?$"
)
_COMPACT = re.compile(r"^(19|20)\d{6}$")


def _date_hint(rows: Sequence[tuple], opts: ReadOptions) -> str:
    values = [r[2].strip() for r in rows if r[2]]
    if opts.date_formats:
        return "check --date-format (" + ", ".join(repr(f) for f in opts.date_formats) + ")"
    formats = _date_formats(values)
    if formats:
        return "dates are read as 2024-03-05 by default: pass --date-format " + " or ".join(
            repr(f) for f in formats
        )
    if not values:
        return "every line needs a date"
    return "dates are read as 2024-03-05 or 2024-03-05 14:02:11; pass --date-format for others"


def _date_formats(values: Sequence[str]) -> list[str]:
    """The --date-format that would read these dates (both readings when unsure)."""
    if values and all(_COMPACT.match(v) for v in values):
        return ["%Y%m%d"]
    matches = [m for m in map(_DAY_MONTH_YEAR.match, values) if m]
    if not matches:
        return []
    m = matches[0]
    sep, year = m.group(2), "%Y" if len(m.group(4)) == 4 else "%y"
    time = ""
    if any(" " in v or "T" in v for v in values):
        time = " %H:%M:%S" if m.group(5) else " %H:%M"
    day_first = any(int(x.group(1)) > 12 for x in matches)
    month_first = any(int(x.group(3)) > 12 for x in matches)
    orders = [["%d", "%m"]] if day_first else [["%m", "%d"]] if month_first else []
    orders = orders or [["%d", "%m"], ["%m", "%d"]]
    return [f"{a}{sep}{b}{sep}{year}{time}" for a, b in orders]


_THOUSANDS_COMMA = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_DECIMAL_COMMA = re.compile(r"^[+-]?(\d{1,3}(\.\d{3})+|\d+),\d+$")


def _amount_hint(rows: Sequence[tuple], opts: ReadOptions) -> str:
    values = [r[2] for r in rows if r[2]]
    if opts.decimal_comma and any(re.fullmatch(r"[\d.,\s+-]+", v) for v in values):
        return (
            "with --decimal-comma amounts are read as 1234,50 or 1.234,50 ('.' only "
            "between groups of three digits); leave out --decimal-comma if '.' is the "
            "decimal separator"
        )
    decimal_comma = [v for v in values if _DECIMAL_COMMA.match(v.strip())]
    thousands = [v for v in values if _THOUSANDS_COMMA.match(v.strip())]
    if not opts.decimal_comma and decimal_comma and not any("." in v for v in thousands):
        # 1,5 or 1.234,50 (1,234 could be either: then both readings are named)
        hint = "if ',' is the decimal separator (1.234,50), pass --decimal-comma"
        if thousands:
            hint += "; if it separates thousands (1,234.50), write amounts without it"
        return hint
    if thousands:
        return "amounts are read without thousands separators: write 1,234.50 as 1234.50"
    if any(re.search(r"[^\d.,\s+-]", v) for v in values):
        return "amounts must be plain numbers (no currency signs or words)"
    if not values or None in [r[2] for r in rows]:
        return (
            "every line needs an amount (if the amount is the order's total, written on "
            "its first line only, pass --amount-per order)"
        )
    return "amounts must be plain numbers such as 1234.50"
