"""The demo shop's order history: seeded, and shaped like a shop's."""

from __future__ import annotations

import csv
import io
from collections import Counter

from cvo_workshop.engine.demo_orders import CUSTOMERS, HEADER, demo_orders


def test_the_same_seed_gives_the_same_order_file_byte_for_byte():
    assert demo_orders(500, seed=3) == demo_orders(500, seed=3)


def test_another_seed_gives_another_shop():
    assert demo_orders(500, seed=3) != demo_orders(500, seed=4)


def test_every_customer_orders_and_most_order_only_once_or_twice():
    rows = list(csv.reader(io.StringIO(demo_orders())))
    assert tuple(rows[0]) == HEADER
    per_customer = Counter(r[1] for r in rows[1:])
    assert len(per_customer) == CUSTOMERS
    few = sum(1 for n in per_customer.values() if n <= 2)
    assert 0.4 < few / CUSTOMERS < 0.8
    assert max(per_customer.values()) >= 10  # and a core of frequent buyers
    assert len({r[0] for r in rows[1:]}) == len(rows) - 1  # order ids are unique
