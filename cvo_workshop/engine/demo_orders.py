"""The demo shop's order history: two years of a made-up outdoor shop's orders.

`cvo-workshop demo` writes it as `orders.csv` and runs `cohorts rfm` on it, so the
demo's cohort sizes and purchase frequencies are measured, not typed. It is
generated, not bundled: a seeded function is a few lines where the file would be
a megabyte, and the same seed gives the same file byte for byte.

Each customer arrives once (more of them lately: the shop grows), orders at a
rate of their own (most rarely, a few often), and after each order may lapse
for good; a basket's size is the customer's own, give or take. That is the
usual buy-till-you-die picture, and it fills the R x F grid as real shops do:
many one-time buyers, a small core of frequent ones.
"""

from __future__ import annotations

import datetime as dt
import math
import random

from cvo_workshop.engine.csvcells import csv_text

FIRST_DAY = dt.date(2024, 11, 20)
LAST_DAY = dt.date(2026, 11, 19)
CUSTOMERS = 20_000
#: The shop's history is the same whatever seed deals the demo's cards.
SEED = 1_118
HEADER = ("order_id", "customer_id", "order_date", "amount")


def demo_orders(customers: int = CUSTOMERS, seed: int = SEED) -> str:
    """The order file's text: one line per order, oldest first."""
    rng = random.Random(seed)
    span = (LAST_DAY - FIRST_DAY).days
    orders: list[tuple[dt.date, str, float]] = []
    for n in range(1, customers + 1):
        customer = f"C{n:05d}"
        day = FIRST_DAY + dt.timedelta(days=int(span * rng.random() ** 0.7))
        per_year = rng.lognormvariate(math.log(3.0), 0.8)  # orders a year while active
        lapse = rng.betavariate(1.2, 6)  # the chance of never coming back after an order
        basket = rng.lognormvariate(math.log(70), 0.45)
        while day <= LAST_DAY:
            orders.append((day, customer, round(basket * rng.lognormvariate(0, 0.35), 2)))
            if rng.random() < lapse:
                break
            day += dt.timedelta(days=max(1, round(rng.expovariate(per_year / 365.25))))
    orders.sort(key=lambda o: (o[0], o[1]))
    rows = [
        (f"NW-{100_001 + i}", customer, day.isoformat(), f"{amount:.2f}")
        for i, (day, customer, amount) in enumerate(orders)
    ]
    return csv_text([HEADER, *rows], lineterminator="\n")
