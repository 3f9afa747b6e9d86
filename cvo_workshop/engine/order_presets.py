"""Where order exports keep customer, order, date and amount: one preset per export format."""

from __future__ import annotations

import re
from dataclasses import dataclass

from cvo_workshop.engine.rfm import AmountPer

ROLES = (
    "customer",
    "order",
    "date",
    "amount",
    "refunded",
    "status",
    "currency",
    "quantity",
    "price",
)
#: Roles a file must have; the others are used when present. (`amount` may also be
#: quantity x price: see `UNIT_PRICED`.)
REQUIRED = ("customer", "date", "amount")
#: The roles that make a line's amount when a file has no amount column.
UNIT_PRICED = ("quantity", "price")


def normalize(name: str) -> str:
    """`Customer ID`, `customer_id` and `CustomerId` all read `customerid`."""
    return re.sub(r"[^0-9a-z]", "", name.lower())


@dataclass(frozen=True)
class Preset:
    name: str
    label: str
    #: candidate column names per role, best first, compared with `normalize`
    columns: dict[str, tuple[str, ...]]
    amount_per: AmountPer
    #: columns that together identify this export when no preset is given
    signature: tuple[str, ...] = ()
    #: status values (lower case) whose orders are always left out
    excluded_statuses: tuple[str, ...] = ()

    def candidates(self, role: str) -> tuple[str, ...]:
        return self.columns.get(role, ())


# Shopify's orders export (Admin > Orders > Export): one row per line item; the
# order's `Name` (#1001), `Email` and `Created at` are on every row, while
# order-level money (`Total`, `Refunded Amount`) and `Financial Status` are written
# on the order's first row only. `Total` includes shipping and taxes.
SHOPIFY = Preset(
    name="shopify",
    label="Shopify orders export",
    columns={
        "customer": ("Email",),
        "order": ("Name",),
        "date": ("Created at",),
        "amount": ("Total",),
        "refunded": ("Refunded Amount",),
        "status": ("Financial Status",),
        "currency": ("Currency",),
    },
    amount_per=AmountPer.ORDER,
    signature=("Name", "Email", "Financial Status", "Created at", "Total"),
    excluded_statuses=("voided",),
)

GENERIC = Preset(
    name="generic",
    label="order lines (customer, date, amount)",
    columns={
        "customer": (
            "customer",
            "customer_id",
            "customer_no",
            "customer_number",
            "client",
            "client_id",
            "email",
            "user_id",
        ),
        "order": (
            "order",
            "order_id",
            "order_no",
            "order_number",
            "invoice",
            "invoice_id",
            "invoice_no",
            "transaction_id",
        ),
        "date": (
            "date",
            "order_date",
            "ordered_at",
            "created_at",
            "invoice_date",
            "purchase_date",
            "timestamp",
            "datetime",
        ),
        "amount": ("amount", "revenue", "net_amount", "total", "value", "sales"),
        # Read as such when found; status values are only left out when named
        # (--exclude-status), since every export spells cancellation its own way.
        "status": (
            "status",
            "order_status",
            "financial_status",
            "payment_status",
            "order_state",
        ),
        "currency": ("currency", "currency_code"),
        # The UCI Online Retail layout: no amount, but Quantity and UnitPrice.
        "quantity": ("quantity", "qty", "quantity_ordered"),
        "price": ("unit_price", "price", "price_each", "item_price"),
    },
    amount_per=AmountPer.LINE,
)

PRESETS = {p.name: p for p in (SHOPIFY, GENERIC)}


def detect(header: list[str]) -> Preset:
    """The preset whose signature columns are all in `header`; generic otherwise."""
    names = {normalize(h) for h in header}
    for preset in PRESETS.values():
        if preset.signature and all(normalize(c) in names for c in preset.signature):
            return preset
    return GENERIC
