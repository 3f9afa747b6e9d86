"""engine.text.percent: a share as people read it; a few customers are never "0%"."""

from __future__ import annotations

import pytest

from cvo_workshop.engine.text import percent, percent_change


@pytest.mark.parametrize(
    ("share", "digits", "shown"),
    [
        (0.12, 0, "12%"),
        (0.125, 1, "12.5%"),
        (0.05, 1, "5%"),  # trailing zeros dropped
        (1.0, 0, "100%"),
        (0.0001, 3, "0.01%"),
    ],
)
def test_a_share_shows_to_its_precision(share, digits, shown):
    assert percent(share, digits) == shown


@pytest.mark.parametrize(
    ("share", "digits", "shown"),
    [
        (0.004, 0, "<1%"),
        (0.005, 0, "<1%"),  # rounds to 0 (half to even): still someone
        (1e-9, 0, "<1%"),
        (0.0004, 1, "<0.1%"),
        (0.0001, 1, "<0.1%"),  # the smallest hold-out a form takes
        (1e-7, 3, "<0.001%"),
    ],
)
def test_a_share_too_small_to_show_says_less_than_the_smallest_step_not_0(share, digits, shown):
    assert percent(share, digits) == shown


@pytest.mark.parametrize(
    ("share", "digits", "shown"),
    [
        (0.996, 0, ">99%"),
        (0.9996, 1, ">99.9%"),
        (1 - 1e-9, 0, ">99%"),
        (0.99999999, 3, ">99.999%"),
    ],
)
def test_a_share_just_under_everybody_says_more_than_the_last_step_not_100(share, digits, shown):
    assert percent(share, digits) == shown


def test_only_exactly_everybody_is_100_percent():
    assert percent(1.0) == "100%"
    assert percent(1.0, 1) == "100%"
    assert percent(1.0, 1, trim=False) == "100.0%"


def test_the_largest_shown_step_below_100_is_itself():
    assert percent(0.994) == "99%"
    assert percent(0.9994, 1) == "99.9%"
    assert percent(0.9996, 1, trim=False) == ">99.9%"


def test_only_exactly_nothing_is_0_percent():
    assert percent(0.0) == "0%"
    assert percent(0.0, 1) == "0%"


def test_the_smallest_shown_step_is_itself():
    assert percent(0.006) == "1%"
    assert percent(0.0006, 1) == "0.1%"


def test_a_table_column_keeps_its_decimals():
    assert percent(0.12, 1, trim=False) == "12.0%"
    assert percent(0.0002, 1, trim=False) == "<0.1%"
    assert percent(0.0, 1, trim=False) == "0.0%"


@pytest.mark.parametrize(
    ("change", "shown"),
    [
        (0.12, "+12%"),
        (-0.03, "-3%"),
        (0.125, "+12.5%"),
        (0.0001, "+<0.1%"),  # not "+0%": it did change
        (-0.0001, "-<0.1%"),
        (0.0, "0%"),  # no change: no sign (it read "+0%")
        (-0.0, "0%"),  # "-0" typed
        (0.9996, "+100%"),  # a lift, not a share: no "everybody" to mistake
        (1.5, "+150%"),
    ],
)
def test_a_change_is_signed_and_exactly_0_is_0_percent_unsigned(change, shown):
    assert percent_change(change) == shown
