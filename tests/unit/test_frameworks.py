"""Scoring frameworks: formulas, factor checks and breakdowns."""

from __future__ import annotations

import pytest

from cvo_workshop.engine.frameworks import FRAMEWORKS, ICE, RICE, definition, score
from cvo_workshop.model.workshop import Framework


def test_ice_is_the_average_and_says_so():
    value, b = score("ice", {"impact": 7, "confidence": 5, "ease": 8})
    assert value == pytest.approx(6.67)
    assert b.text == "ICE 6.67 = (7 + 5 + 8) / 3 (average)"
    assert "average" in b.method


def test_pie_is_the_average():
    value, b = score(Framework.PIE, {"potential": 9, "importance": 6, "ease": 3})
    assert value == 6
    assert [t.key for t in b.terms] == ["potential", "importance", "ease"]


def test_rice_multiplies_reach_impact_confidence_and_divides_by_effort():
    value, b = score("rice", {"reach": 20, "impact": 2, "confidence": 80, "effort": 2})
    assert value == pytest.approx(20 * 2 * 0.8 / 2)
    assert "20% reach x 2 impact x 80% confidence / 2 person-months" in b.text


def test_effort_says_person_months_in_words_not_pm():
    effort = RICE.factor("effort")
    assert effort.show(0.5) == "0.5 person-months"
    assert effort.show(1) == "1 person-month"
    assert effort.show(120) == "120 person-months"
    # a column with no room for words: never "pm", which reads as a time of day
    assert effort.show(1.5, short=True) == "1.5 person-mo"
    assert effort.check(200) == "Effort: expected 0.5 to 120 person-months"
    _, b = score("rice", {"reach": 20, "impact": 2, "confidence": 80, "effort": 1})
    assert [t.shown for t in b.terms if t.key == "effort"] == ["1 person-month"]


def test_a_typed_effort_keeps_its_decimals_so_the_formula_multiplies_out_to_the_score():
    """1.004 read "1 person-month" beside a score computed with 1.004 (RICE 31.87 =
    20% x 2 x 80% / 1 multiplies out to 32); the formula and the factor say 1.004."""
    effort = RICE.factor("effort")
    assert effort.show(1.004) == "1.004 person-months"
    assert effort.show(1.01) == "1.01 person-months"
    assert effort.show(1.0) == "1 person-month"  # exactly one: singular
    assert effort.show(1.004, short=True) == "1.004 person-mo"
    value, b = score("rice", {"reach": 20, "impact": 2, "confidence": 80, "effort": 1.004})
    assert value == 31.87 and b.text == (
        "RICE 31.87 = 20% reach x 2 impact x 80% confidence / 1.004 person-months"
    )
    assert [t.shown for t in b.terms if t.key == "effort"] == ["1.004 person-months"]


def test_a_typed_reach_keeps_its_decimals_too_and_a_measured_one_reads_as_its_cohort():
    from cvo_workshop.engine.frameworks import show_reach
    from cvo_workshop.engine.text import share_percent

    assert RICE.factor("reach").show(12.255) == "12.255%"
    # A cohort of 17.51% of customers: its reach and its share read alike.
    assert show_reach(17.51) == share_percent(0.1751) == "17.5%"


def test_rice_takes_reach_from_the_cohort_unless_entered():
    factors = {"impact": 1, "confidence": 100, "effort": 1}
    value, b = score("rice", factors, reach=12.5)
    assert value == 12.5
    assert b.terms[0].source == "cohort share"
    value, b = score("rice", {**factors, "reach": 40}, reach=12.5)
    assert value == 40
    assert b.terms[0].source == "entered"


@pytest.mark.parametrize(
    ("key", "shown", "source", "said"),
    [
        ("impact", "High (2)", "median of 3", "Impact: High (2, median of 3)"),
        ("confidence", "Medium (80%)", "consensus", "Confidence: Medium (80%, consensus)"),
        ("reach", "5.3%", "cohort share", "Reach: 5.3% (cohort share)"),
        ("effort", "1 person-month", "entered", "Effort: 1 person-month"),
    ],
)
def test_a_factor_is_said_by_its_label_with_its_source_in_one_pair_of_parentheses(
    key, shown, source, said
):
    from cvo_workshop.engine.frameworks import factor_words

    assert factor_words(Framework.RICE, key, shown, source) == said


def test_factors_are_listed_by_their_labels():
    from cvo_workshop.engine.frameworks import factor_labels

    assert factor_labels("rice", ["impact", "confidence", "effort"]) == (
        "Impact, Confidence, Effort"
    )


def test_an_incomplete_score_has_no_value_and_names_what_is_missing():
    value, b = score("ice", {"impact": 7})
    assert value is None
    assert b.missing == ("Confidence", "Ease")
    assert b.text == "ICE: needs Confidence, Ease"


@pytest.mark.parametrize(
    ("framework", "key", "value"),
    [
        ("ice", "impact", 11),
        ("ice", "impact", 0),
        ("rice", "impact", 4),
        ("rice", "confidence", 90),
        ("rice", "effort", 0.25),
        ("rice", "reach", 0),
    ],
)
def test_values_off_the_scale_are_refused(framework, key, value):
    assert definition(framework).factor(key).check(value) is not None
    with pytest.raises(ValueError):
        score(framework, {key: value})


def test_entered_scale_values_are_whole_but_medians_may_fall_between():
    ease = definition("ice").factor("ease")
    assert ease.check(2.5) is not None
    assert ease.check(2.5, entered=False) is None
    assert score("ice", {"impact": 5.5, "confidence": 5, "ease": 5})[0] == 5.17


def test_digit_keys_mean_1_to_9_and_0_means_10():
    impact = definition("ice").factor("impact")
    assert [impact.from_key(k) for k in "1590"] == [1, 5, 9, 10]
    assert impact.from_key("x") is None


def test_digit_keys_pick_choices_in_order():
    impact = definition("rice").factor("impact")
    assert [impact.from_key(k) for k in "12345"] == [3, 2, 1, 0.5, 0.25]
    assert impact.from_key("6") is None
    assert impact.show(0.5) == "Low (0.5)"


def test_every_framework_breakdown_serializes():
    for fw in FRAMEWORKS:
        full = {
            f.key: (f.choices[0].value if f.choices else f.high) for f in definition(fw).factors
        }
        value, b = score(fw, full)
        d = b.as_dict()
        assert d["value"] == value and set(d["factors"]) == set(full)


@pytest.mark.parametrize(
    ("framework", "key", "values", "flag"),
    [
        ("ice", "impact", [3, 6], False),
        ("ice", "impact", [3, 7], True),
        ("rice", "impact", [3, 2], False),
        ("rice", "impact", [3, 1], True),
        ("rice", "effort", [1, 1.5], False),
        ("rice", "effort", [1, 2], True),
        ("ice", "ease", [9], False),
    ],
)
def test_disagreement_is_a_wide_spread(framework, key, values, flag):
    assert definition(framework).factor(key).disagrees(values) is flag


def test_an_empty_cohorts_measured_reach_scores_zero_instead_of_failing():
    # An RFM segment with no customers has a 0% share: RICE is 0, not an error.
    from cvo_workshop.engine.frameworks import score

    value, breakdown = score("rice", {"impact": 2, "confidence": 80, "effort": 1}, reach=0.0)
    assert value == 0 and breakdown.terms[0].source == "cohort share"


def test_a_typed_reach_out_of_range_is_still_refused():
    import pytest

    from cvo_workshop.engine.frameworks import score

    with pytest.raises(ValueError, match="Reach"):
        score("rice", {"reach": 0.0, "impact": 2, "confidence": 80, "effort": 1})


def test_a_factors_keys_and_what_a_wrong_key_is_told():
    impact, confidence = RICE.factor("impact"), RICE.factor("confidence")
    assert impact.choice_keys() == [
        "1 Massive 3",
        "2 High 2",
        "3 Medium 1",
        "4 Low 0.5",
        "5 Minimal 0.25",
    ]
    assert confidence.choice_keys() == ["1 High 100%", "2 Medium 80%", "3 Low 50%"]
    assert impact.from_key("6") is None
    assert confidence.key_problem("4") == (
        "Confidence: press 1-3 (1 High 100% · 2 Medium 80% · 3 Low 50%)"
    )
    assert ICE.factor("impact").choice_keys() == []
    assert ICE.factor("impact").key_problem(".") == "Impact: press 1-9 (0 for 10)"
