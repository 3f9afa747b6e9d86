"""engine/rfm.py: the scoring rule, the segment grid, the SQL dialects, the cards."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from cvo_workshop.engine import rfm
from cvo_workshop.engine.rfm import (
    SEGMENTS,
    AmountPer,
    Dialect,
    RfmPlan,
    SegmentFigures,
    cohort_cards,
    score,
    scores,
    segment_for,
)
from cvo_workshop.model.card import CohortCard
from cvo_workshop.model.cohorts import OrderColumns

# -- scoring ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("below", "n", "expected"),
    [(0, 10, 1), (1, 10, 1), (2, 10, 2), (7, 10, 4), (8, 10, 5), (9, 10, 5), (0, 1, 1)],
)
def test_score_is_the_quintile_where_the_tie_group_starts(below, n, expected):
    assert score(below, n) == expected


def test_five_distinct_values_use_the_whole_scale():
    assert scores([10, 20, 30, 40, 50]) == [1, 2, 3, 4, 5]


def test_equal_values_get_equal_scores():
    assert scores([3, 3, 3, 3, 3]) == [1, 1, 1, 1, 1]
    assert scores([1, 2, 2, 2, 9]) == [1, 2, 2, 2, 5]


def test_one_time_buyers_all_score_one_and_repeat_buyers_start_at_four():
    # 60 of 100 customers bought once, 25 twice, 15 three times or more.
    freq = [1] * 60 + [2] * 25 + [3] * 10 + [7] * 5
    got = dict(zip(freq, scores(freq), strict=True))
    assert got == {1: 1, 2: 4, 3: 5, 7: 5}


def test_lower_is_better_reverses_the_scale():
    # days since the last order, N = 4: 400 has B 0 -> 1; 5 and 5 have B 1 -> 1 + 5 // 4 = 2;
    # 1 has B 3 -> 1 + 15 // 4 = 4
    assert scores([1, 5, 5, 400], higher_is_better=False) == [4, 2, 2, 1]


def test_score_refuses_impossible_counts():
    with pytest.raises(ValueError):
        score(10, 10)


# -- the grid ----------------------------------------------------------------


def test_the_ten_segments_cover_the_25_cells_exactly_once():
    for r in range(1, 6):
        for f in range(1, 6):
            assert sum(s.contains(r, f) for s in SEGMENTS) == 1, (r, f)
    assert [s.id for s in SEGMENTS] == [
        "champions",
        "loyal",
        "potential-loyalists",
        "new-customers",
        "promising",
        "need-attention",
        "about-to-sleep",
        "at-risk",
        "cant-lose",
        "hibernating",
    ]


@pytest.mark.parametrize(
    ("r", "f", "segment"),
    [
        (5, 5, "champions"),
        (5, 4, "champions"),
        (4, 5, "loyal"),
        (3, 4, "loyal"),
        (5, 2, "potential-loyalists"),
        (4, 3, "potential-loyalists"),
        (5, 1, "new-customers"),
        (4, 1, "promising"),
        (3, 3, "need-attention"),
        (3, 2, "about-to-sleep"),
        (2, 3, "at-risk"),
        (1, 4, "at-risk"),
        (2, 5, "cant-lose"),
        (1, 1, "hibernating"),
    ],
)
def test_segment_for(r, f, segment):
    assert segment_for(r, f) == segment


def test_definition_states_the_rule_in_words_and_codes():
    champions = rfm.segment("champions")
    assert champions.definition == (
        "R 5, F 4-5 (RFM codes 55, 54): bought most recently and most often."
    )


# -- SQL ---------------------------------------------------------------------

COLUMNS = OrderColumns(
    customer="Email",
    date="Created at",
    amount="Total",
    order="Name",
    refunded="Refunded Amount",
    status="Financial Status",
)
PLAN = RfmPlan(amount_per=AmountPer.ORDER, refunds=True, status=True)


@pytest.mark.parametrize(
    ("dialect", "quoted", "diff", "day_after", "money"),
    [
        (Dialect.DUCKDB, '"Created at"', "DATE_DIFF('day', ", "MAX(order_date) + 1", "DECIMAL"),
        (Dialect.BIGQUERY, "`Created at`", ", DAY)", "INTERVAL 1 DAY", "NUMERIC"),
        (Dialect.SNOWFLAKE, '"Created at"', "DATEDIFF(day, ", "DATEADD(day, 1,", "NUMBER"),
        (Dialect.SPARK, "`Created at`", "DATEDIFF(p.as_of_date", "DATE_ADD(MAX", "DECIMAL"),
    ],
)
def test_dialects_differ_only_in_dates_types_and_quoting(dialect, quoted, diff, day_after, money):
    sql = rfm.emit_sql(PLAN, COLUMNS, dialect, "shop.orders")
    assert quoted in sql and diff in sql and day_after in sql and money in sql
    # the ranking and the grid are the same text everywhere
    assert "JOIN rfm_m_ranks m ON m.monetary = s.monetary" in sql
    assert "WHEN s.r BETWEEN 5 AND 5 AND s.f BETWEEN 4 AND 5 THEN 'champions'" in sql
    assert sql.rstrip().endswith(";")


def test_snowflake_leaves_plain_names_unquoted_and_quotes_the_rest():
    columns = OrderColumns(
        customer="customer_id", date="Created at", amount="amount", order="order"
    )
    sql = rfm.emit_sql(RfmPlan(), columns, Dialect.SNOWFLAKE, "shop.orders")
    # unquoted, Snowflake finds an ordinary (upper-case) table and columns
    assert "FROM shop.orders" in sql and '"orders"' not in sql
    assert "CAST(customer_id AS VARCHAR)" in sql and "CAST(amount AS NUMBER(18, 4))" in sql
    assert 'CAST("Created at" AS VARCHAR)' in sql  # needs quotes: kept exactly
    assert 'CAST("ORDER" AS VARCHAR)' in sql  # a reserved word: quoted, upper case
    assert rfm.quote_table("My Shop.orders", Dialect.SNOWFLAKE) == '"My Shop".orders'
    # other dialects quote as before
    assert '"customer_id"' in rfm.emit_sql(RfmPlan(), columns, Dialect.DUCKDB, "orders")


def test_sql_without_dialect_parts_is_identical_across_dialects():
    def neutral(d: Dialect) -> str:
        sql = rfm.emit_sql(PLAN, COLUMNS, d, "orders")
        text = rfm._string_type(d)
        customer = f"NULLIF(TRIM(CAST({rfm.quote(COLUMNS.customer, d)} AS {text})), '')"
        for part in (
            rfm.session_time_zone(PLAN.timezone, d),
            rfm.local_timestamp(rfm.quote(COLUMNS.date, d), d, PLAN.timezone),
            rfm.customer_key(customer, d),
            rfm._days_between("c.last_order", "p.as_of_date", d),
            rfm._day_after("MAX(order_date)", d),
            rfm.money_type(d),
            rfm._string_type(d),
            rfm._integer_type(d),
        ):
            sql = sql.replace(part, "<dialect>")
        sql = re.sub(r"[`\"]", "", sql)
        return re.sub(r"^--.*\n", "", sql, flags=re.M)

    assert len({neutral(d) for d in Dialect}) == 1


def test_as_of_date_is_a_literal_when_given():
    plan = RfmPlan(as_of=dt.date(2024, 7, 1))
    sql = rfm.emit_sql(plan, COLUMNS, Dialect.BIGQUERY, "orders")
    assert "CAST('2024-07-01' AS DATE) AS as_of_date" in sql


def test_order_level_amounts_are_taken_once_and_refunds_subtracted():
    sql = rfm.orders_select(PLAN, Dialect.DUCKDB)
    assert "MAX(amount) - COALESCE(MAX(refunded), 0) AS net" in sql
    assert "SUM(amount)" in rfm.orders_select(RfmPlan(), Dialect.DUCKDB)


def test_without_order_ids_orders_are_grouped_by_customer_and_time():
    sql = rfm.orders_select(RfmPlan(by_order=False), Dialect.DUCKDB)
    assert "GROUP BY customer_id, ordered_at" in sql


@pytest.mark.parametrize(
    ("value", "key"),
    [
        ("A@X.com", "a@x.com"),
        ("  Ann@Example.COM ", "ann@example.com"),
        ("Bob", "Bob"),
        ("C-1001", "C-1001"),
        ("AB@CD", "AB@CD"),  # no domain: not an e-mail address
        ("", None),
    ],
)
def test_customer_ids_that_look_like_email_addresses_are_lowercased(value, key):
    import duckdb

    for column in ("customer_id", "Email"):  # decided by the value, not the column name
        columns = OrderColumns(customer=column, date="d", amount="a")
        sql = rfm.table_lines_select(columns, rfm.RfmPlan(), Dialect.DUCKDB, "t")
        con = duckdb.connect()
        con.execute(f'CREATE TABLE t ("{column}" VARCHAR, d TIMESTAMP, a DECIMAL(18, 2))')
        con.execute("INSERT INTO t VALUES (?, NULL, NULL)", [value])
        assert con.execute(sql).fetchone()[0] == key


@pytest.mark.parametrize(
    ("dialect", "name", "expected"),
    [
        (Dialect.DUCKDB, 'say "hi"', '"say ""hi"""'),
        (Dialect.SNOWFLAKE, "Total", '"Total"'),
        (Dialect.SNOWFLAKE, "customer_id", "customer_id"),
        (Dialect.SNOWFLAKE, "ORDERS", "ORDERS"),
        (Dialect.SNOWFLAKE, "date", '"DATE"'),
        (Dialect.SNOWFLAKE, "order id", '"order id"'),
        (Dialect.BIGQUERY, "a`b", "`a\\`b`"),
        (Dialect.SPARK, "a`b", "`a``b`"),
    ],
)
def test_quoting(dialect, name, expected):
    assert rfm.quote(name, dialect) == expected


def test_table_names_are_quoted_per_part():
    assert rfm.quote_table("my-proj.shop.orders", Dialect.BIGQUERY) == "`my-proj`.`shop`.`orders`"


def test_literal_refuses_anything_but_plain_text():
    with pytest.raises(ValueError):
        rfm.literal("x'; DROP TABLE orders; --")


# -- cards -------------------------------------------------------------------


def figures(**customers_revenue_orders):
    return {
        k.replace("_", "-"): SegmentFigures(k.replace("_", "-"), *v)
        for k, v in customers_revenue_orders.items()
    }


def test_cards_have_shares_revenue_shares_and_aov():
    cards = {
        c.id: c for c in cohort_cards(figures(champions=(2, 10, 600.0), hibernating=(8, 8, 200.0)))
    }
    assert len(cards) == 10
    assert (cards["champions"].share, cards["champions"].revenue_share) == (0.2, 0.75)
    assert cards["champions"].aov == 60.0
    assert cards["hibernating"].aov == 25.0
    assert cards["loyal"].customers == 0 and cards["loyal"].aov is None
    assert all(c.source == "rfm" for c in cards.values())


def test_a_share_above_zero_stays_above_zero_however_small():
    # one new customer with one order of 1.00 among 6,232,655 of revenue, and one
    # customer in 5,000,000: six decimals made both 0.0 ("0% of revenue")
    cards = {
        c.id: c
        for c in cohort_cards(
            figures(new_customers=(1, 1, 1.0), champions=(4_999_999, 9_000_000, 6_232_654.0))
        )
    }
    new = cards["new-customers"]
    assert new.revenue_share == pytest.approx(1 / 6_232_655, rel=1e-5)
    assert new.share == pytest.approx(1 / 5_000_000, rel=1e-5)
    assert cards["loyal"].share == 0.0 and cards["loyal"].revenue_share == 0.0


def test_cards_take_names_and_plays_from_the_deck_but_keep_the_rule():
    deck = {
        "champions": CohortCard(
            id="champions", name="VIPs", definition="deck words", plays=["Say thanks"]
        )
    }
    card = cohort_cards(figures(champions=(1, 1, 5.0)), deck_cohorts=deck)[0]
    assert (card.name, card.plays) == ("VIPs", ["Say thanks"])
    assert card.definition == rfm.segment("champions").definition
    assert card.rfm is not None and card.rfm.r == (5, 5) and card.rfm.f == (4, 5)


def test_cards_count_orders_per_customer_a_year_from_the_first_order_to_the_as_of_date():
    cards = cohort_cards(
        figures(champions=(2, 10, 600.0)),
        first_order=dt.date(2025, 1, 1),
        as_of=dt.date(2026, 1, 1),
    )
    rates = {c.id: c.orders_per_year for c in cards}
    # 10 orders by 2 customers over 365 days; an empty segment has no rate
    assert rates["champions"] == round(10 / 2 / (365 / 365.25), 3)
    assert rates["loyal"] is None


def test_cards_without_the_data_s_span_have_no_orders_per_year():
    cards = cohort_cards(figures(champions=(2, 10, 600.0)))
    assert all(c.orders_per_year is None for c in cards)
