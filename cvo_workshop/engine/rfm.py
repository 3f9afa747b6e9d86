"""RFM cohorts from order history: the scoring rule, the ten R x F segments, and the SQL.

The computation is written once, as SQL generated here, and runs on DuckDB for
`cohorts rfm` or on a warehouse through `--emit-sql`. Only date arithmetic,
type names and identifier quoting differ between dialects.

Pipeline (each step a CTE, named rfm_* so no table of the user's is shadowed):

    lines      one row per order line: customer_id, [order_id], ordered_at, amount,
               [refunded], [status]                       (read or cast from the source)
    orders     one row per order: customer_id, order_date, net [, status]
    params     the as-of date
    customers  per customer: last_order, frequency, monetary
    scored     customers with net revenue > 0, with recency_days
    *_ranks    per distinct value, how many scored customers have a strictly worse one
               (monetary in two steps: buckets, then values within a bucket)
    ranked     those counts joined back to the customers
    scores     R, F, M from those counts
    members    every customer with scores and segment
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from cvo_workshop.engine.csvcells import csv_text
from cvo_workshop.engine.text import one_line
from cvo_workshop.model.card import CohortCard, CohortSource, RfmRange, Stage
from cvo_workshop.model.cohorts import OrderColumns

#: How customers with equal values are scored (README and the cohort file say the same).
SCORE_RULE = (
    "Each of recency, frequency and monetary is scored 1-5 among the customers with "
    "net revenue: score = 1 + floor(5 x B / N), where N is the number of those customers "
    "and B how many of them have a strictly worse value (an older last order, fewer "
    "orders, less net revenue). Customers with equal values get equal scores; the "
    "worst value always scores 1, and 5 needs at least 80% of customers strictly behind. "
    "Segments come from R and F (M is reported, not used to segment)."
)

#: How refunds, negative amounts and voided orders count.
REFUND_RULE = (
    "An order's net amount is the sum of its lines (or, for order-level amounts, the "
    "order total less its refunded amount). An order with net amount > 0 is a purchase: "
    "it counts toward frequency and recency. An order with net amount <= 0 (fully "
    "refunded, or a return booked as a negative line) is not a purchase, but its amount "
    "still reduces monetary. Monetary is the customer's total net amount. Voided orders "
    "are left out. Customers whose monetary is <= 0 get no scores and no segment; they "
    "are counted separately as 'no net revenue'."
)

NO_NET_REVENUE = "no-net-revenue"
#: The orders dates can be scored from: the as-of date is the day after the last
#: order, and must itself be a date (a typed 9999-12-31 would have none).
FIRST_ORDER_DATE = dt.date(1, 1, 1)
LAST_ORDER_DATE = dt.date(9999, 12, 30)


class Dialect(StrEnum):
    DUCKDB = "duckdb"
    BIGQUERY = "bigquery"
    SNOWFLAKE = "snowflake"
    SPARK = "spark"


class AmountPer(StrEnum):
    """Whether the amount column holds each line's amount or the whole order's total."""

    LINE = "line"
    ORDER = "order"


@dataclass(frozen=True)
class Segment:
    id: str
    name: str
    r: tuple[int, int]
    f: tuple[int, int]
    words: str
    description: str
    lifecycle: Stage
    plays: tuple[str, ...]

    def contains(self, r: int, f: int) -> bool:
        return self.r[0] <= r <= self.r[1] and self.f[0] <= f <= self.f[1]

    @property
    def codes(self) -> list[str]:
        return [
            f"{r}{f}"
            for r in range(self.r[1], self.r[0] - 1, -1)
            for f in range(self.f[1], self.f[0] - 1, -1)
        ]

    @property
    def cells(self) -> str:
        """`R 5, F 4-5`."""
        return f"R {span(self.r)}, F {span(self.f)}"

    @property
    def definition(self) -> str:
        return f"{self.cells} (RFM codes {', '.join(self.codes)}): {self.words}."


def span(lo_hi: tuple[int, int]) -> str:
    """`(4, 5)` as `4-5`, `(5, 5)` as `5`."""
    lo, hi = lo_hi
    return str(lo) if lo == hi else f"{lo}-{hi}"


#: The R x F grid (R first). Together the ten segments cover the 25 cells once each.
SEGMENTS: tuple[Segment, ...] = (
    Segment(
        "champions",
        "Champions",
        (5, 5),
        (4, 5),
        "bought most recently and most often",
        "The best customers: recent, frequent buyers who carry a large share of revenue.",
        Stage.LOYALTY,
        ("Reward them", "Early access to new products", "First in the support queue"),
    ),
    Segment(
        "loyal",
        "Loyal",
        (3, 4),
        (4, 5),
        "buy often and bought fairly recently",
        "Regular buyers who respond to attention; the pool future champions come from.",
        Stage.LOYALTY,
        ("Upsell higher-value products", "Ask for reviews"),
    ),
    Segment(
        "potential-loyalists",
        "Potential Loyalists",
        (4, 5),
        (2, 3),
        "bought recently, and more than once",
        "Recent customers with a few orders who could become loyal.",
        Stage.RETENTION,
        ("Offer membership or a loyalty programme", "Recommend related products"),
    ),
    Segment(
        "new-customers",
        "New Customers",
        (5, 5),
        (1, 1),
        "bought most recently, for the first time",
        "First-time buyers whose second order decides whether they stay.",
        Stage.ONBOARDING,
        ("Onboarding series", "Make the second order easy"),
    ),
    Segment(
        "promising",
        "Promising",
        (4, 4),
        (1, 1),
        "bought fairly recently, once",
        "Recent one-time buyers, a little further along than new customers.",
        Stage.ONBOARDING,
        ("Build awareness of the range", "Samples or a small incentive to return"),
    ),
    Segment(
        "need-attention",
        "Need Attention",
        (3, 3),
        (3, 3),
        "middling recency and frequency",
        "Average customers drifting: neither recent nor frequent enough to be safe.",
        Stage.RETENTION,
        ("Limited-time offers", "Recommendations from their purchase history"),
    ),
    Segment(
        "about-to-sleep",
        "About to Sleep",
        (3, 3),
        (1, 2),
        "bought a while ago, once or twice",
        "Occasional buyers whose last order is fading.",
        Stage.RETENTION,
        ("Share popular products and useful content", "Reconnect before they lapse"),
    ),
    Segment(
        "at-risk",
        "At Risk",
        (1, 2),
        (3, 4),
        "used to buy often, but not for a long time",
        "Once-regular customers who have gone quiet.",
        Stage.WIN_BACK,
        ("Personal reconnect message", "Win-back offer"),
    ),
    Segment(
        "cant-lose",
        "Can't Lose Them",
        (1, 2),
        (5, 5),
        "bought most often, but not for a long time",
        "Former top buyers who stopped: the costliest customers to lose.",
        Stage.WIN_BACK,
        ("Win them back with new products", "Talk to them: find out what changed"),
    ),
    Segment(
        "hibernating",
        "Hibernating",
        (1, 2),
        (1, 2),
        "bought long ago, once or twice",
        "Lapsed occasional buyers.",
        Stage.WIN_BACK,
        ("Relevant products and special offers", "Otherwise, let them rest"),
    ),
)

SEGMENT_IDS = tuple(s.id for s in SEGMENTS)


def segment(segment_id: str) -> Segment:
    for s in SEGMENTS:
        if s.id == segment_id:
            return s
    raise KeyError(segment_id)


def segment_for(r: int, f: int) -> str:
    """The id of the segment that holds the R x F cell."""
    for s in SEGMENTS:
        if s.contains(r, f):
            return s.id
    raise ValueError(f"R {r}, F {f} is outside the grid")


def score(below: int, n: int) -> int:
    """1 + floor(5 * below / n), in integers: the quintile where a tie group starts."""
    if n <= 0 or not 0 <= below < n:
        raise ValueError(f"need 0 <= below < n, got {below} and {n}")
    return 1 + (5 * below) // n


def scores(values: Sequence[float], *, higher_is_better: bool = True) -> list[int]:
    """The score of each value among all of them (reference for the SQL)."""
    n = len(values)
    ordered = sorted(values, reverse=not higher_is_better)
    first: dict[float, int] = {}
    for i, v in enumerate(ordered):
        first.setdefault(v, i)
    return [score(first[v], n) for v in values]


# ---------------------------------------------------------------------------
# SQL


@dataclass(frozen=True)
class RfmPlan:
    """What the order lines hold, and the as-of date; decides the SQL."""

    #: lines carry an order id; without one an order is one customer's lines at one timestamp
    by_order: bool = True
    amount_per: AmountPer = AmountPer.LINE
    #: an order-level refunded amount, subtracted from the order's amount
    refunds: bool = False
    #: a payment status; orders whose status is in `excluded_statuses` are left out
    status: bool = False
    excluded_statuses: tuple[str, ...] = ("voided",)
    #: None: the day after the last order
    as_of: dt.date | None = None
    #: the shop's time zone (IANA name); None: dates as written, instants in UTC
    timezone: str | None = None
    #: exact duplicate lines are read once
    drop_duplicates: bool = False


#: Snowflake's reserved words: a plain name among them still needs quotes.
_SNOWFLAKE_RESERVED_WORDS = """
    ACCOUNT ALL ALTER AND ANY AS BETWEEN BY CASE CAST CHECK COLUMN CONNECT CONNECTION
    CONSTRAINT CREATE CROSS CURRENT CURRENT_DATE CURRENT_TIME CURRENT_TIMESTAMP CURRENT_USER
    DATABASE DELETE DISTINCT DROP ELSE EXISTS FALSE FOLLOWING FOR FROM FULL GRANT GROUP
    GSCLUSTER HAVING ILIKE IN INCREMENT INNER INSERT INTERSECT INTO IS ISSUE JOIN LATERAL
    LEFT LIKE LOCALTIME LOCALTIMESTAMP MINUS NATURAL NOT NULL OF ON OR ORDER ORGANIZATION
    QUALIFY REGEXP REVOKE RIGHT RLIKE ROW ROWS SAMPLE SCHEMA SELECT SET SOME START TABLE
    TABLESAMPLE THEN TO TRIGGER TRUE TRY_CAST UNION UNIQUE UPDATE USING VALUES VIEW WHEN
    WHENEVER WHERE WITH"""
#: ... and type words, to be safe (quoted in upper case, they still match).
_SNOWFLAKE_RESERVED = frozenset(_SNOWFLAKE_RESERVED_WORDS.split()) | {
    "DATE",
    "TIME",
    "TIMESTAMP",
    "INTERVAL",
    "NUMBER",
    "VALUE",
}
_PLAIN_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_$]*")


def quote(name: str, dialect: Dialect) -> str:
    """An identifier, quoted for the dialect (column names from exports hold spaces).

    Snowflake folds unquoted names to upper case and matches quoted ones exactly, so a
    plain name in one case (`orders`, `customer_id`, `ORDERS`) is left unquoted to find
    an ordinary table or column; a reserved word is quoted in upper case (`"ORDER"`);
    a name with spaces or in mixed case (`Created at`, `Total`) is quoted exactly.
    """
    if (
        dialect is Dialect.SNOWFLAKE
        and _PLAIN_NAME.fullmatch(name)
        and (name.islower() or name.isupper())
    ):
        if name.upper() in _SNOWFLAKE_RESERVED:
            return f'"{name.upper()}"'
        return name
    if dialect is Dialect.BIGQUERY:
        # BigQuery reads backslash escapes in quoted names: a name ending in `\`
        # must not escape the closing backtick.
        return "`" + "".join(_BIGQUERY_ESCAPES.get(ch, ch) for ch in name) + "`"
    if dialect is Dialect.SPARK:
        return "`" + name.replace("`", "``") + "`"
    return '"' + name.replace('"', '""') + '"'


_BIGQUERY_ESCAPES = {"\\": "\\\\", "`": "\\`", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def quote_table(name: str, dialect: Dialect) -> str:
    """`project.dataset.table` with each part quoted."""
    return ".".join(quote(part, dialect) for part in name.split("."))


def literal(text: str) -> str:
    """A string literal for text we write ourselves (ids, dates): the same in every dialect."""
    if not re.fullmatch(r"[A-Za-z0-9 _.:-]*", text):
        raise ValueError(f"not a plain literal: {text!r}")
    return f"'{text}'"


def text_literal(text: str) -> str:
    """A string literal for a value the user gave (a status): the same in every dialect.

    Quotes and backslashes are read differently by the dialects, so such values
    are refused (the command line checks first)."""
    if not text or re.search(r"['\\\x00-\x1f\x7f]", text):
        raise ValueError(f"not a plain literal: {text!r}")
    return f"'{text}'"


def check_timezone(name: str) -> str:
    """An IANA time-zone name (`Europe/Amsterdam`, `UTC`), or ValueError saying why not."""
    import zoneinfo

    if not re.fullmatch(r"[A-Za-z0-9_+-]+(/[A-Za-z0-9_+-]+)*", name):
        raise ValueError(f"{name!r} is not a time-zone name such as Europe/Amsterdam or UTC")
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"unknown time zone {name!r}; use a name such as Europe/Amsterdam, "
            "America/New_York or UTC"
        ) from None
    return name


def time_rule(timezone: str | None) -> str:
    """How an order's date is found, in words (the output and the SQL say it)."""
    if timezone:
        return (
            f"An order's date is its date in {timezone} (--timezone): a time with a UTC "
            f"offset or time zone is converted to {timezone}; a time without one is "
            f"taken as already in {timezone}. The machine's time zone never counts."
        )
    return (
        "An order's date is the shop's local date: a time written with a UTC offset "
        "(2024-03-05 23:30:00 -0800) is taken on the clock it was written in, the offset "
        "dropped; instants stored without an offset (Parquet or warehouse timestamps with "
        "time zone) are dated in UTC. --timezone names the shop's zone instead. The "
        "machine's time zone never counts."
    )


def time_rule_short(timezone: str | None) -> str:
    """`time_rule` in one line, for the terminal."""
    if timezone:
        return f"Order dates in {timezone} (--timezone), whatever the machine's zone."
    return (
        "Order dates as written (a UTC offset is dropped; timestamps with a time zone in "
        "UTC); --timezone ZONE dates them in the shop's zone."
    )


def session_time_zone(timezone: str | None, dialect: Dialect) -> str:
    """The statement that fixes the session's time zone, so no setting of the machine counts."""
    zone = timezone or "UTC"
    return {
        Dialect.DUCKDB: f"SET TimeZone = '{zone}';",
        Dialect.BIGQUERY: f"SET @@time_zone = '{zone}';",
        Dialect.SNOWFLAKE: f"ALTER SESSION SET TIMEZONE = '{zone}';",
        Dialect.SPARK: f"SET TIME ZONE '{zone}';",
    }[dialect]


#: A written time and its trailing UTC offset (` -0800`, `+01:00`, `Z`, ` UTC`); group 1
#: is the time without it. No backslashes: it reads the same in every dialect's literals.
OFFSET_PATTERN = (
    "^(.*[0-9]:[0-9][0-9](:[0-9][0-9]([.][0-9]*)?)?)[ ]*([+-][0-9][0-9](:?[0-9][0-9])?|Z|UTC)$"
)


def local_timestamp(expr: str, dialect: Dialect, timezone: str | None) -> str:
    """A TIMESTAMP on the shop's clock from `expr` (text, timestamp or instant).

    With no zone: the offset of a written time is dropped, and instants are taken in
    UTC (the session's zone, which `session_time_zone` sets). With a zone (the
    session's too): written offsets and instants are converted to it.
    """
    if dialect is Dialect.DUCKDB:
        if not timezone:
            # DuckDB drops a written offset; an instant is shown in the session's zone.
            return f"CAST({expr} AS TIMESTAMP)"
        # DuckDB reads `23:30:00-0800` as an instant, not `23:30:00 -0800`.
        spaced = f"regexp_replace(CAST({expr} AS VARCHAR), '[ ]+([+-][0-9][0-9])', '\\1')"
        return f"CAST(TRY_CAST({spaced} AS TIMESTAMPTZ) AS TIMESTAMP)"
    if not timezone:
        group = "$1" if dialect is Dialect.SPARK else "\\\\1"
        text = _string_type(dialect)
        return (
            f"CAST(REGEXP_REPLACE(CAST({expr} AS {text}), '{OFFSET_PATTERN}', '{group}') "
            "AS TIMESTAMP)"
        )
    if dialect is Dialect.SNOWFLAKE:
        return (
            f"CAST(CONVERT_TIMEZONE('{timezone}', CAST({expr} AS TIMESTAMP_TZ)) AS TIMESTAMP_NTZ)"
        )
    if dialect is Dialect.BIGQUERY:
        return f"DATETIME(TIMESTAMP(CAST({expr} AS STRING), '{timezone}'), '{timezone}')"
    # Spark's TIMESTAMP is an instant shown in the session's zone, set to the shop's.
    return f"CAST({expr} AS TIMESTAMP)"


def _string_type(dialect: Dialect) -> str:
    return "STRING" if dialect in (Dialect.BIGQUERY, Dialect.SPARK) else "VARCHAR"


def _integer_type(dialect: Dialect) -> str:
    return "INT64" if dialect is Dialect.BIGQUERY else "BIGINT"


def money_type(dialect: Dialect) -> str:
    # Exact decimals: sums of floats depend on the order they are added in, which
    # would let a parallel engine break ties differently from run to run.
    return {
        Dialect.DUCKDB: "DECIMAL(18, 4)",
        Dialect.BIGQUERY: "NUMERIC",
        Dialect.SNOWFLAKE: "NUMBER(18, 4)",
        Dialect.SPARK: "DECIMAL(18, 4)",
    }[dialect]


def _day_after(expr: str, dialect: Dialect) -> str:
    return {
        Dialect.DUCKDB: f"{expr} + 1",
        Dialect.BIGQUERY: f"DATE_ADD({expr}, INTERVAL 1 DAY)",
        Dialect.SNOWFLAKE: f"DATEADD(day, 1, {expr})",
        Dialect.SPARK: f"DATE_ADD({expr}, 1)",
    }[dialect]


def _days_between(start: str, end: str, dialect: Dialect) -> str:
    """Whole days from `start` to `end` (both DATE)."""
    return {
        Dialect.DUCKDB: f"DATE_DIFF('day', {start}, {end})",
        Dialect.BIGQUERY: f"DATE_DIFF({end}, {start}, DAY)",
        Dialect.SNOWFLAKE: f"DATEDIFF(day, {start}, {end})",
        Dialect.SPARK: f"DATEDIFF({end}, {start})",
    }[dialect]


def _score_sql(below: str) -> str:
    # 1 + floor(5 * below / n) without division, so every engine gives the same integer.
    whens = " ".join(f"WHEN 5 * {below} >= {k - 1} * n THEN {k}" for k in range(5, 1, -1))
    return f"CASE {whens} ELSE 1 END"


def valid_order(plan: RfmPlan, alias: str = "") -> str:
    """The orders RFM counts: with a customer, a date and an amount, and not voided."""
    p = f"{alias}." if alias else ""
    parts = [f"{p}customer_id IS NOT NULL", f"{p}order_date IS NOT NULL", f"{p}net IS NOT NULL"]
    if plan.status and plan.excluded_statuses:
        listed = ", ".join(text_literal(s) for s in plan.excluded_statuses)
        parts.append(f"({p}status IS NULL OR {p}status NOT IN ({listed}))")
    return " AND ".join(parts)


def orders_select(plan: RfmPlan, dialect: Dialect, extras: Sequence[str] = ()) -> str:
    """One row per order, from `lines`."""
    if plan.by_order:
        # An order belongs to one customer; lines may leave the customer blank
        # (exports repeat it only on the first line). Lines naming two different
        # customers make the order nobody's.
        customer = "CASE WHEN MIN(customer_id) = MAX(customer_id) THEN MIN(customer_id) END"
        # A line with a blank order id is grouped as if there were no order column
        # (one customer's lines at one timestamp): NULL ids never make one order.
        group = (
            "order_id,\n    CASE WHEN order_id IS NULL THEN customer_id END,\n"
            "    CASE WHEN order_id IS NULL THEN ordered_at END"
        )
    else:
        customer = "customer_id"
        group = "customer_id, ordered_at"
    # Order-level totals, repeated on every line or written on the first only, are
    # one value per order: take it once, never their sum.
    net = "SUM(amount)" if plan.amount_per is AmountPer.LINE else "MAX(amount)"
    if plan.refunds:
        net += " - COALESCE(MAX(refunded), 0)"
    cols = [f"{customer} AS customer_id", "CAST(MIN(ordered_at) AS DATE) AS order_date"]
    cols.append(f"{net} AS net")
    if plan.status:
        cols.append("MAX(status) AS status")
    cols.extend(extras)
    body = ",\n    ".join(cols)
    return f"SELECT\n    {body}\n  FROM rfm_lines\n  GROUP BY {group}"


def rfm_ctes(plan: RfmPlan, dialect: Dialect) -> list[tuple[str, str]]:
    """The CTEs from `rfm_orders` (a table or CTE) to `rfm_scores`."""
    if plan.as_of is not None:
        params = f"SELECT CAST({literal(plan.as_of.isoformat())} AS DATE) AS as_of_date"
    else:
        params = (
            f"SELECT {_day_after('MAX(order_date)', dialect)} AS as_of_date\n"
            f"  FROM rfm_orders\n  WHERE {valid_order(plan)}"
        )
    customers = (
        "SELECT\n"
        "    o.customer_id,\n"
        "    MAX(CASE WHEN o.net > 0 THEN o.order_date END) AS last_order,\n"
        "    SUM(CASE WHEN o.net > 0 THEN 1 ELSE 0 END) AS frequency,\n"
        "    SUM(o.net) AS monetary\n"
        "  FROM rfm_orders o CROSS JOIN rfm_params p\n"
        f"  WHERE {valid_order(plan, 'o')} AND o.order_date < p.as_of_date\n"
        "  GROUP BY o.customer_id"
    )
    scored = (
        "SELECT\n"
        "    c.customer_id,\n"
        f"    {_days_between('c.last_order', 'p.as_of_date', dialect)} AS recency_days,\n"
        "    c.frequency,\n"
        "    c.monetary\n"
        "  FROM rfm_customers c CROSS JOIN rfm_params p\n"
        "  WHERE c.frequency > 0 AND c.monetary > 0"
    )
    # B, the number of customers with a strictly worse value, without ranking the
    # customers in one window (a warehouse would move them all to one partition):
    # count the customers per value, grouped in parallel; sum those counts along the
    # few distinct values (recency days, frequencies); join back. Equal values share
    # their B, so ties can never be split.
    below = "SUM(k) OVER (ORDER BY {v}{desc} ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) - k"
    r_ranks = (
        f"SELECT recency_days, {below.format(v='recency_days', desc=' DESC')} AS below\n"
        "  FROM (SELECT recency_days, COUNT(*) AS k FROM rfm_scored GROUP BY recency_days) v"
    )
    f_ranks = (
        f"SELECT frequency, {below.format(v='frequency', desc='')} AS below\n"
        "  FROM (SELECT frequency, COUNT(*) AS k FROM rfm_scored GROUP BY frequency) v"
    )
    # Monetary values are nearly as many as customers: they are summed in two steps,
    # along a few thousand buckets (the integer part's length and first three digits,
    # which order the values as the values do), then within each bucket in parallel.
    text = _string_type(dialect)
    integer = _integer_type(dialect)
    whole = f"CAST(CAST(FLOOR(monetary) AS {integer}) AS {text})"
    bucket = f"LENGTH({whole}) * 1000 + CAST(SUBSTR({whole}, 1, 3) AS {integer})"
    m_values = (
        f"SELECT monetary, {bucket} AS bucket, COUNT(*) AS k\n"
        "  FROM rfm_scored\n"
        "  GROUP BY monetary"
    )
    m_buckets = (
        f"SELECT bucket, {below.format(v='bucket', desc='')} AS below\n"
        "  FROM (SELECT bucket, SUM(k) AS k FROM rfm_m_values GROUP BY bucket) b"
    )
    m_ranks = (
        "SELECT\n"
        "    v.monetary,\n"
        "    b.below + SUM(v.k) OVER (PARTITION BY v.bucket ORDER BY v.monetary\n"
        "      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) - v.k AS below\n"
        "  FROM rfm_m_values v JOIN rfm_m_buckets b ON b.bucket = v.bucket"
    )
    ranked = (
        "SELECT\n"
        "    s.customer_id,\n"
        "    r.below AS r_below,\n"
        "    f.below AS f_below,\n"
        "    m.below AS m_below,\n"
        "    n.n\n"
        "  FROM rfm_scored s\n"
        "  JOIN rfm_r_ranks r ON r.recency_days = s.recency_days\n"
        "  JOIN rfm_f_ranks f ON f.frequency = s.frequency\n"
        "  JOIN rfm_m_ranks m ON m.monetary = s.monetary\n"
        "  CROSS JOIN (SELECT COUNT(*) AS n FROM rfm_scored) n"
    )
    scores_ = (
        "SELECT\n"
        "    customer_id,\n"
        f"    {_score_sql('r_below')} AS r,\n"
        f"    {_score_sql('f_below')} AS f,\n"
        f"    {_score_sql('m_below')} AS m\n"
        "  FROM rfm_ranked"
    )
    return [
        ("rfm_params", params),
        ("rfm_customers", customers),
        ("rfm_scored", scored),
        ("rfm_r_ranks", r_ranks),
        ("rfm_f_ranks", f_ranks),
        ("rfm_m_values", m_values),
        ("rfm_m_buckets", m_buckets),
        ("rfm_m_ranks", m_ranks),
        ("rfm_ranked", ranked),
        ("rfm_scores", scores_),
    ]


def _segment_case() -> str:
    whens = "\n".join(
        f"      WHEN s.r BETWEEN {seg.r[0]} AND {seg.r[1]} "
        f"AND s.f BETWEEN {seg.f[0]} AND {seg.f[1]} THEN {literal(seg.id)}"
        for seg in SEGMENTS
    )
    return f"CASE\n      WHEN s.r IS NULL THEN {literal(NO_NET_REVENUE)}\n{whens}\n    END"


def members_select(plan: RfmPlan, dialect: Dialect) -> str:
    """Every customer: recency, frequency, monetary, R, F, M and segment."""
    return (
        "SELECT\n"
        "    c.customer_id,\n"
        f"    {_days_between('c.last_order', 'p.as_of_date', dialect)} AS recency_days,\n"
        "    c.frequency,\n"
        "    c.monetary,\n"
        "    s.r,\n"
        "    s.f,\n"
        "    s.m,\n"
        f"    {_segment_case()} AS segment\n"
        "  FROM rfm_customers c\n"
        "  CROSS JOIN rfm_params p\n"
        "  LEFT JOIN rfm_scores s ON s.customer_id = c.customer_id"
    )


def with_query(ctes: Sequence[tuple[str, str]], select: str) -> str:
    parts = ",\n".join(f"{name} AS (\n  {body}\n)" for name, body in ctes)
    return f"WITH\n{parts}\n{select}"


def rfm_query(plan: RfmPlan, dialect: Dialect, lines_select: str) -> str:
    """The whole computation as one query over `lines_select`."""
    ctes = [
        ("rfm_lines", lines_select),
        ("rfm_orders", orders_select(plan, dialect)),
        *rfm_ctes(plan, dialect),
    ]
    return with_query(ctes, members_select(plan, dialect))


def _rtrim(text: str, chars: str, dialect: Dialect) -> str:
    if dialect is Dialect.SPARK:
        return f"TRIM(TRAILING '{chars}' FROM {text})"
    return f"RTRIM({text}, '{chars}')"


def customer_key(text: str, dialect: Dialect = Dialect.DUCKDB) -> str:
    """SQL for a (trimmed) customer id: e-mail addresses are compared without case,
    and a whole number written as a float (`14646.0`, as pandas writes ids) is the
    number (`14646`), as a CRM holds it.

    Decided by the value, whatever the column is called: `A@X.com` and `a@x.com` are
    one customer, `Bob` and `bob` two. LIKE, TRANSLATE and RTRIM read the same in
    every dialect.
    """
    looks_like_email = f"{text} LIKE '%_@_%._%' AND {text} NOT LIKE '% %'"
    zeros = _rtrim(text, "0", dialect)
    # The cheap LIKE first: most ids have no `.` and stop there.
    whole_float = (
        f"{text} LIKE '_%.%0' AND TRANSLATE({text}, '0123456789', '') = '.' AND {zeros} LIKE '%.'"
    )
    return (
        f"CASE WHEN {looks_like_email} THEN LOWER({text}) "
        f"WHEN {whole_float} THEN {_rtrim(zeros, '.', dialect)} ELSE {text} END"
    )


def table_lines_select(columns: OrderColumns, plan: RfmPlan, dialect: Dialect, table: str) -> str:
    """`lines` read from a warehouse table whose columns are typed (timestamp, number)."""
    text, money = _string_type(dialect), money_type(dialect)

    def q(name: str) -> str:
        return quote(name, dialect)

    customer = f"NULLIF(TRIM(CAST({q(columns.customer)} AS {text})), '')"
    cols = [f"{customer_key(customer, dialect)} AS customer_id"]
    if columns.order:
        cols.append(f"NULLIF(TRIM(CAST({q(columns.order)} AS {text})), '') AS order_id")
    cols.append(f"{local_timestamp(q(columns.date), dialect, plan.timezone)} AS ordered_at")
    if columns.quantity and columns.price:
        product = f"CAST({q(columns.quantity)} AS {money}) * CAST({q(columns.price)} AS {money})"
        cols.append(f"CAST({product} AS {money}) AS amount")
    else:
        cols.append(f"CAST({q(columns.amount)} AS {money}) AS amount")
    if columns.refunded:
        cols.append(f"CAST({q(columns.refunded)} AS {money}) AS refunded")
    if columns.status:
        cols.append(f"LOWER(TRIM(CAST({q(columns.status)} AS {text}))) AS status")
    body = ",\n    ".join(cols)
    source = quote_table(table, dialect)
    if plan.drop_duplicates:
        source = f"(SELECT DISTINCT * FROM {source}) AS rfm_source"
    return f"SELECT\n    {body}\n  FROM {source}"


def emit_sql(
    plan: RfmPlan, columns: OrderColumns, dialect: Dialect, table: str, *, header: str = ""
) -> str:
    """The RFM members query for a warehouse table, with a comment saying what it does."""
    as_of = plan.as_of.isoformat() if plan.as_of else "the day after the last order"
    left_out = ["orders with no customer, date or amount"]
    if columns.order:
        left_out.append("orders whose lines name two different customers")
    if plan.status and plan.excluded_statuses:
        left_out.append(f"orders whose {columns.status} is " + " or ".join(plan.excluded_statuses))
    if plan.drop_duplicates:
        left_out.append("exact duplicate lines (read once)")
    notes = [
        f"RFM segments ({dialect.value}), as of {as_of}.",
        "One row per customer: recency_days, frequency, monetary, r, f, m, segment.",
        "",
        *_wrap("Dates: " + time_rule(plan.timezone)),
        "",
        *_wrap("Scores: " + SCORE_RULE),
        "",
        *_wrap("Refunds: " + REFUND_RULE),
        "",
        *_wrap("Left out: " + "; ".join(left_out) + "."),
        "",
        "Segment sizes:",
        "  SELECT segment, COUNT(*) AS customers, SUM(monetary) AS revenue,",
        "         SUM(monetary) / NULLIF(SUM(frequency), 0) AS aov",
        "  FROM (<this query>) GROUP BY segment;",
    ]
    if header:
        notes = [header, "", *notes]
    # One line each, whatever names they hold: a line break in a table or column
    # name would end the comment and start a statement.
    comment = "\n".join(f"-- {one_line(line)}".rstrip() for line in notes)
    query = rfm_query(plan, dialect, table_lines_select(columns, plan, dialect, table))
    # The session's zone decides how instants are dated: set, never the machine's.
    return f"{comment}\n{session_time_zone(plan.timezone, dialect)}\n{query};\n"


def _wrap(text: str, width: int = 88) -> list[str]:
    import textwrap

    return textwrap.wrap(text, width)


# ---------------------------------------------------------------------------
# Movement between two as-of dates (--compare-as-of)

#: The state before a customer's first order: where new customers move from.
NO_ORDERS_YET = "no-orders-yet"


@dataclass(frozen=True)
class SegmentMove:
    """How many customers moved from one segment (or state) to another."""

    from_segment: str
    to_segment: str
    customers: int
    #: of the customers in `from_segment` at the earlier date
    share: float


@dataclass(frozen=True)
class Transitions:
    earlier: dt.date
    later: dt.date
    moves: tuple[SegmentMove, ...]


def compare_problem(compare_as_of: dt.date, as_of: dt.date, *, as_of_given: bool) -> str | None:
    """Why a compare date cannot show anyone moving, or None.

    The as-of date itself compares a scoring with itself. When the as-of date is the
    day after the last order (not given), a compare date on or after it sees the same
    orders: every customer stays where they are."""
    if compare_as_of == as_of:
        return (
            f"--compare-as-of {compare_as_of} is the as-of date itself: "
            "give another date to see who moved"
        )
    if compare_as_of > as_of and not as_of_given:
        return (
            f"--compare-as-of {compare_as_of} is after the last order (the as-of date is "
            f"{as_of}, the day after it): no orders in between, so no one moved; give an "
            "earlier date"
        )
    return None


def transitions_select(earlier: str, later: str) -> str:
    """Customers per (segment at the earlier date, segment at the later date), from two
    members tables. Everyone scored at the earlier date is scored at the later one
    (their orders are before both), so the later table holds every customer; one
    not yet in the earlier table had no order yet."""
    return (
        f"SELECT COALESCE(e.segment, {literal(NO_ORDERS_YET)}) AS from_segment,\n"
        "  l.segment AS to_segment, COUNT(*) AS customers\n"
        f"FROM {later} l LEFT JOIN {earlier} e ON e.customer_id = l.customer_id\n"
        "GROUP BY 1, 2"
    )


#: Segments in grid order, then the states outside them: the order moves are listed in.
STATE_ORDER = (NO_ORDERS_YET, *SEGMENT_IDS, NO_NET_REVENUE)


def transitions(
    earlier: dt.date, later: dt.date, counts: Sequence[tuple[str, str, int]]
) -> Transitions:
    """The moves from (from, to, customers) counts, each with its share of `from`
    (not rounded: the table shows it as a percent, the CSV as a cohort's share)."""
    sizes: dict[str, int] = {}
    for from_, _, n in counts:
        sizes[from_] = sizes.get(from_, 0) + n
    moves = sorted(
        (SegmentMove(a, b, n, n / sizes[a]) for a, b, n in counts),
        key=lambda m: (STATE_ORDER.index(m.from_segment), STATE_ORDER.index(m.to_segment)),
    )
    return Transitions(earlier, later, tuple(moves))


def transitions_csv(moves: Transitions) -> str:
    """One row per move: the two dates, from, to, customers, share of `from`.

    The share is written as a cohort file and the deck's CSV hold a cohort's share:
    a number to six significant digits, no padding ("0.5", "1.0", "0.142857"), and
    more where six would make a share of some but not all 0 or 1: a move of a few
    customers in millions stays above 0 ("5e-07"), and the rest of them below 1
    ("0.9999995")."""
    header = ["from_as_of", "to_as_of", "from_segment", "to_segment", "customers", "share"]
    rows = [
        [moves.earlier, moves.later, m.from_segment, m.to_segment, m.customers, _share(m.share)]
        for m in moves.moves
    ]
    return csv_text([header, *rows], lineterminator="\n")  # the one CSV writer


# ---------------------------------------------------------------------------
# Cohort cards


@dataclass(frozen=True)
class SegmentFigures:
    """What the data says about one segment."""

    id: str
    customers: int
    orders: int
    revenue: float


def cohort_cards(
    figures: Mapping[str, SegmentFigures],
    *,
    deck_cohorts: Mapping[str, CohortCard] | None = None,
    first_order: dt.date | None = None,
    as_of: dt.date | None = None,
) -> list[CohortCard]:
    """One card per segment, in grid order, with sizes and shares filled in.

    Name, description, lifecycle stage, plays and tags come from the deck's cohort
    card with the same id when there is one, so the workshop speaks one language;
    the definition is always the rule that put the customers there. With the first
    order counted and the as-of date, each card says its orders per customer a year.
    """
    deck_cohorts = deck_cohorts or {}
    total_customers = sum(f.customers for f in figures.values())
    total_revenue = sum(f.revenue for f in figures.values())
    cards = []
    for seg in SEGMENTS:
        fig = figures.get(seg.id, SegmentFigures(seg.id, 0, 0, 0.0))
        base = deck_cohorts.get(seg.id)
        cards.append(
            CohortCard(
                id=seg.id,
                name=base.name if base else seg.name,
                description=base.description if base and base.description else seg.description,
                definition=seg.definition,
                lifecycle=base.lifecycle if base and base.lifecycle else seg.lifecycle,
                plays=list(base.plays) if base and base.plays else list(seg.plays),
                source=CohortSource.RFM,
                rfm=RfmRange(r=seg.r, f=seg.f),
                customers=fig.customers,
                share=_ratio(fig.customers, total_customers),
                revenue_share=_ratio(fig.revenue, total_revenue),
                aov=round(fig.revenue / fig.orders, 2) if fig.orders else None,
                orders_per_year=orders_per_year(fig, first_order, as_of),
                tags=list(base.tags) if base else [],
            )
        )
    return cards


def orders_per_year(
    fig: SegmentFigures, first_order: dt.date | None, as_of: dt.date | None
) -> float | None:
    """Orders per customer a year over the data's span, from the first order counted
    to the as-of date (what a test's duration is timed by)."""
    if not fig.customers or first_order is None or as_of is None:
        return None
    years = max((as_of - first_order).days, 1) / 365.25
    return round(fig.orders / fig.customers / years, 3)


def _share(share: float) -> str:
    """A share for a CSV cell, as a cohort file writes one (`_ratio`)."""
    return repr(_ratio(share, 1))


def _ratio(part: float, whole: float) -> float:
    """`part / whole` within 0-1, to six significant digits, or as many more as it
    takes to stay strictly between 0 and 1 when it is: only all is 1 and only none
    is 0. Six decimals made one order of 1.00 in 6 million of revenue 0.0 (the
    workshop read "0% of revenue"); six digits made 2,000,000 customers of
    2,000,001 1.0 ("100% of customers"), now 0.9999995."""
    if whole <= 0 or part <= 0:
        return 0.0
    if part >= whole:
        return 1.0
    exact = part / whole
    for digits in range(6, 18):  # 17 significant digits give back any float
        shown = float(f"{exact:.{digits}g}")
        if 0.0 < shown < 1.0:
            return shown
    # part / whole rounded to 1.0 itself (a part a float cannot tell from the whole)
    return math.nextafter(1.0, 0.0)
