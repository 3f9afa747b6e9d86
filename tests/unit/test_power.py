"""engine/power.py: sample sizes against published values, and durations from cohorts."""

from __future__ import annotations

import math

import pytest

from cvo_workshop.engine.power import arm_sizes, detectable_lift, estimate, need, power_of


def test_sample_size_matches_r_power_prop_test_for_50_vs_75_percent_at_90_percent_power():
    # R documentation, stats::power.prop.test examples:
    # power.prop.test(p1 = .50, p2 = .75, power = .90) gives n = 76.7 per group
    # (the same normal approximation, without continuity correction).
    n1, n2 = arm_sizes(0.50, 0.75, power=0.90, continuity=False)
    assert round(n1, 1) == round(n2, 1) == 76.7


def test_power_matches_r_power_prop_test_for_50_per_group():
    # R documentation: power.prop.test(n = 50, p1 = .50, p2 = .75) gives power = 0.7401659.
    assert power_of(50, 50, 0.50, 0.75) == pytest.approx(0.7401659, abs=1e-6)


def test_sample_size_with_continuity_correction_matches_zar_example_24_26():
    # Zar, Biostatistical Analysis (4th ed., 1999), example 24.26, as reproduced by
    # Unistat's manual (6.7.6.1): p1 = 0.45, p2 = 0.25, two-sided alpha 0.05,
    # power 0.90, equal groups: n = 127.2343 per group.
    n1, _ = arm_sizes(0.45, 0.25, power=0.90)
    assert n1 == pytest.approx(127.2343, abs=1e-3)


def test_unequal_groups_match_zar_example_24_26_with_three_times_as_many_in_the_second():
    # The same example with n2 / n1 = 3: n1 = 83.1527 and n2 = 249.4581 (Unistat, 6.7.6.1).
    n1, n2 = arm_sizes(0.45, 0.25, 3, power=0.90)
    assert (n1, n2) == (pytest.approx(83.1527, abs=1e-3), pytest.approx(249.4581, abs=1e-3))


def test_a_5_percent_hold_out_needs_more_orders_in_all_than_an_even_split():
    even, holdout = need(0.2, 0.1, 0.5), need(0.2, 0.1, 0.05)
    assert holdout.total > 2 * even.total
    # the hold-out is the control arm: the smaller one
    assert holdout.holdout < holdout.treatment


def test_duration_is_the_orders_needed_over_the_cohorts_weekly_orders():
    n = need(0.3, 0.1, 0.05)
    e = estimate(baseline=0.3, lift=0.1, holdout=0.05, customers=52_000, orders_per_year=4)
    assert e is not None and e.weeks == pytest.approx(n.total / 4000)
    assert e.summary == f"~{-(-n.total // 4000)} weeks at +10%"


def test_a_cohort_too_small_for_a_year_says_so_and_what_a_year_would_detect():
    e = estimate(baseline=0.2, lift=0.1, holdout=0.05, customers=800, orders_per_year=3)
    assert e is not None and e.detectable_in_a_year is not None
    shown = math.ceil(e.detectable_in_a_year * 100)
    assert e.summary == (
        f"too small: even all 800 customers for a year (2,400 orders) detect only "
        f"+{shown}%, not +10%"
    )
    # a year of orders is exactly enough for the lift it names
    assert need(0.2, e.detectable_in_a_year, 0.05).total == pytest.approx(2400, rel=0.01)


def test_a_one_customer_cohort_is_said_in_the_singular():
    e = estimate(baseline=0.2, lift=0.1, holdout=0.05, customers=1, orders_per_year=1)
    assert e is not None
    assert e.summary.startswith(
        "too small: even its one customer for a year (1 order) detects no lift at all"
    )


def test_a_year_that_detects_just_over_the_asked_lift_does_not_say_it_detects_that_lift():
    e = estimate(baseline=0.4, lift=0.2, holdout=0.25, customers=1659, orders_per_year=1.001)
    assert e is not None and 0.2 < (e.detectable_in_a_year or 0) < 0.21
    assert e.summary.endswith("detect only +21%, not +20%")


def test_the_smallest_detectable_lift_needs_no_more_orders_than_given():
    lift = detectable_lift(0.1, 20_000, 0.05)
    assert lift is not None
    assert need(0.1, lift, 0.05).total <= 20_001
    assert need(0.1, lift * 0.98, 0.05).total > 20_000


def test_without_a_baseline_rate_there_is_no_estimate():
    assert estimate(baseline=None, lift=0.1, holdout=0.05, customers=800, orders_per_year=3) is None


def test_an_unknown_cohort_size_gives_the_orders_needed_without_a_duration():
    e = estimate(baseline=0.2, lift=0.1, holdout=0.05, customers=None, orders_per_year=None)
    assert e is not None and e.weeks is None
    assert e.summary.startswith(f"needs {need(0.2, 0.1, 0.05).total:,} orders at +10%")
    assert "no cohort size known" in e.summary


def test_a_lift_past_100_percent_cannot_be_tested():
    e = estimate(baseline=0.6, lift=1.0, holdout=0.05, customers=800, orders_per_year=3)
    assert e is not None and e.summary == "cannot test: +100% on 60% is 100% or more"


@pytest.mark.parametrize(
    ("baseline", "holdout"), [(1e-302, 0.05), (0.2, 1e-322), (1e-320, 0.05), (5e-324, 5e-324)]
)
def test_rates_beyond_the_arithmetic_are_not_computable_rather_than_a_crash(baseline, holdout):
    # a file written before the form refused them may still hold such rates
    e = estimate(baseline=baseline, lift=0.1, holdout=holdout, customers=800, orders_per_year=3)
    assert e is not None and e.summary.startswith("not computable")
    assert (e.treatment, e.holdout) == (0, 0)


def test_a_lift_just_under_100_percent_reads_as_a_lift_not_a_share():
    # A share just under 1 is ">99.9%" (not everybody); a lift has no everybody.
    e = estimate(baseline=0.3, lift=0.9996, holdout=0.05, customers=10_000, orders_per_year=2)
    assert e is not None and e.summary.endswith(" at +100%")
    e = estimate(baseline=0.6, lift=0.9996, holdout=0.05, customers=800, orders_per_year=3)
    assert e is not None and e.summary == "cannot test: +100% on 60% is 100% or more"


def test_a_tiny_lift_reads_less_than_0_1_percent():
    e = estimate(baseline=0.3, lift=0.0001, holdout=0.05, customers=None, orders_per_year=None)
    assert e is not None and "at +<0.1% (no cohort size known" in e.summary


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("12", "+12%"),
        ("+12 %", "+12%"),
        ("-3%", "-3%"),
        ("0", "0%"),  # no change has no sign, as it reads everywhere ("+0%" before)
        ("-0%", "0%"),  # "+0%" before
        ("0.05", "+0.05%"),
        ("0.07%", "+0.07%"),  # its value x 100 is not 0.07 but a neighbour
        ("0.0004%", "+0.0004%"),  # "+0%" before: 3 decimals lost it
        ("-0.0004%", "-0.0004%"),  # "-0%" before
        ("1000%", "+1000%"),
        ("0.00001%", "+0.00001%"),  # no exponent
        ("1e-5", "+0.00001%"),
    ],
)
def test_a_lift_is_written_one_way_that_reads_back_as_the_same_value(typed, written):
    from cvo_workshop.engine.power import typed_change
    from cvo_workshop.model.grooming import parse_percent

    assert typed_change(parse_percent(typed)) == written
    assert parse_percent(written) == parse_percent(typed)
    assert typed_change(None) == ""


def test_any_lift_typed_reads_back_exactly_and_no_longer_than_typed():
    import random
    from decimal import Decimal

    from cvo_workshop.engine.power import typed_change
    from cvo_workshop.model.grooming import parse_percent

    def digits(text: str) -> int:
        return len(Decimal(text.strip("+-%")).normalize().as_tuple().digits)

    rng = random.Random(7)
    for _ in range(20_000):
        places = rng.choice([0, 1, 2, 3, 4, 6, 9])
        whole = rng.randint(0, 999)
        typed = f"{whole}.{rng.randrange(10**places):0{places}d}" if places else f"{whole}"
        typed = rng.choice(["", "-"]) + typed
        value = parse_percent(typed)
        written = typed_change(value)
        assert parse_percent(written) == value, typed
        if value:
            assert digits(written) <= digits(typed), typed


def test_what_the_app_writes_as_a_percentage_is_never_refused_when_typed_back():
    """The form pre-fills hold-out, baseline and effect with typed_percent and the
    CSV writes them so, and a lift with typed_change: none of it holds a comma
    before three digits or an underscore, so the form and `backlog results` take it
    back, as the same value."""
    from cvo_workshop.engine.power import typed_change, typed_percent
    from cvo_workshop.model.grooming import parse_percent, value_problem

    shares = [0.0001, 0.001, 0.01, 0.05, 0.125, 0.333, 0.5, 0.999, 1.0, 5.0, 9.99, 10.0]
    for share in shares:
        for text in (typed_percent(share, 3), typed_change(share), typed_change(-share / 11)):
            assert "," not in text and "_" not in text, text
            problem = value_problem("measured_lift", text) or ""
            assert "could be" not in problem and "'_'" not in problem, text
            assert "thousands" not in problem, text
        value = parse_percent(typed_percent(share, 3))  # a value as typed in
        assert parse_percent(typed_change(value)) == value
