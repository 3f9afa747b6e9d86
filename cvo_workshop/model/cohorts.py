"""A cohort file: cohort cards measured on real customers, and how they were measured.

`cohorts rfm -o cohorts.yaml` writes one; the workshop loads it (store/cohorts.py)
to deal real cohorts with their sizes, and RICE reach reads `share` and
`revenue_share` from its cards.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import cached_property
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from cvo_workshop.model.base import Record
from cvo_workshop.model.card import CohortCard, Line, Slug, Text

Count = int


class InputFile(Record):
    path: Text = Field(min_length=1)
    format: Literal["csv", "parquet"]
    bytes: Count = Field(ge=0)


#: A column's name exactly as the order data spells it: spaces and even line
#: breaks kept (a warehouse column may have them; SQL quotes it as it is).
ColumnName = Annotated[str, StringConstraints(min_length=1, max_length=300, strip_whitespace=False)]


class OrderColumns(Record):
    """The order data's column each role is read from: in a cohort file, what was
    read; for `cohorts rfm --emit-sql`, the warehouse table's columns."""

    customer: ColumnName
    date: ColumnName
    amount: ColumnName
    order: ColumnName | None = None
    refunded: ColumnName | None = None
    status: ColumnName | None = None
    currency: ColumnName | None = None
    #: with `price`: the line's amount is quantity x unit price (`amount` then
    #: names both, "Quantity x UnitPrice"; the SQL reads these two instead)
    quantity: ColumnName | None = None
    price: ColumnName | None = None


def amount_column(names: Mapping[str, str]) -> str:
    """The amount's column by role name, or "Quantity x UnitPrice" when the amount
    is their product (a file without an amount column)."""
    return names.get("amount") or f"{names.get('quantity')} x {names.get('price')}"


class CohortTotals(Record):
    """What was read, what was left out and why, and what was segmented."""

    rows: Count = Field(ge=0, description="order lines read")
    skipped_rows: Count = Field(0, ge=0, description="lines with an unreadable date or amount")
    orders: Count = Field(ge=0, description="orders counted (before the as-of date)")
    purchases: Count = Field(ge=0, description="orders with net amount > 0")
    skipped_orders: Count = Field(
        0, ge=0, description="orders with no date, no amount, or two customers"
    )
    guest_orders: Count = Field(0, ge=0, description="orders with no customer id")
    voided_orders: Count = Field(0, ge=0)
    later_orders: Count = Field(0, ge=0, description="orders on or after the as-of date")
    duplicate_lines: Count = Field(
        0, ge=0, description="lines identical to another in every column (see drop_duplicates)"
    )
    customers: Count = Field(ge=0)
    revenue: float = Field(description="net revenue of all customers")
    segmented_customers: Count = Field(ge=0)
    segmented_revenue: float = Field(ge=0)
    no_net_revenue_customers: Count = Field(0, ge=0)
    no_net_revenue: float = Field(0.0, le=0)


class CohortSetMeta(Record):
    id: Slug = "rfm"
    name: Line = "RFM segments"
    method: Literal["rfm"] = "rfm"
    as_of: dt.date
    as_of_given: bool = Field(
        default=False, description="false: the day after the last order in the data"
    )
    preset: Literal["shopify", "generic"]
    amount_per: Literal["line", "order"]
    columns: OrderColumns
    inputs: list[InputFile] = Field(min_length=1)
    totals: CohortTotals
    score_rule: Text
    refund_rule: Text
    #: how an order's date was found (time zones); absent in older files
    time_rule: Text | None = None
    timezone: Line | None = None
    excluded_statuses: list[Line] = Field(default_factory=list)
    drop_duplicates: bool = False


class SegmentStats(Record):
    """Observed ranges in one segment (min, max), for reading the cards against the data."""

    id: Slug
    customers: Count = Field(ge=0)
    orders: Count = Field(ge=0)
    revenue: float = Field(ge=0)
    recency_days: tuple[int, int] | None = None
    frequency: tuple[int, int] | None = None
    monetary: tuple[float, float] | None = None
    #: the mean M score (1-5) of the segment's customers; absent in older files
    average_m: float | None = Field(None, ge=1, le=5)


class CohortSet(Record):
    cohort_set: CohortSetMeta
    cohorts: list[CohortCard] = Field(min_length=1)
    segments: list[SegmentStats] = Field(default_factory=list)

    @model_validator(mode="after")
    def _ids(self) -> CohortSet:
        seen: set[str] = set()
        for i, c in enumerate(self.cohorts):
            if c.id in seen:
                raise ValueError(f"cohorts[{i}].id: duplicate cohort id {c.id!r}")
            seen.add(c.id)
        for i, s in enumerate(self.segments):
            if s.id not in seen:
                raise ValueError(f"segments[{i}].id: no cohort with id {s.id!r} in this file")
        # A file cut short still reads as YAML: its cohorts then miss customers its totals count.
        held = sum(c.customers or 0 for c in self.cohorts)
        expected = self.cohort_set.totals.segmented_customers
        if held != expected:
            raise ValueError(
                f"cohorts: the cohorts hold {held:,} customers but "
                f"totals.segmented_customers says {expected:,}: is the file cut short, "
                "or a cohort left out? Make it again with cohorts rfm"
            )
        return self

    @cached_property
    def _by_id(self) -> dict[str, CohortCard]:
        return {c.id: c for c in self.cohorts}

    def cohort(self, cohort_id: str) -> CohortCard:
        return self._by_id[cohort_id]

    def has_cohort(self, cohort_id: str) -> bool:
        return cohort_id in self._by_id

    def stats(self, cohort_id: str) -> SegmentStats | None:
        return next((s for s in self.segments if s.id == cohort_id), None)
