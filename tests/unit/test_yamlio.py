"""The located YAML reader: positions, refusals and recovery."""

from __future__ import annotations

import datetime as dt

import pytest

from cvo_workshop.model.problem import InputError
from cvo_workshop.store.yamlio import MAX_DEPTH, Unparsed, load_yaml


def test_every_value_has_its_line_and_column():
    loc = load_yaml("a:\n  b: [1, two]\n  c: 2026-01-02\n", "f.yaml")
    assert loc.data == {"a": {"b": [1, "two"], "c": dt.date(2026, 1, 2)}}
    assert loc.where(("a", "b", 1)) == (2, 10)
    assert loc.where(("a", "c")) == (3, 6)
    assert loc.where(("a", "c"), key=True) == (3, 3)


def test_missing_path_falls_back_to_the_nearest_ancestor():
    loc = load_yaml("a:\n  b: 1\n", "f.yaml")
    assert loc.where(("a", "nope", "deeper")) == (2, 3)


def test_quoted_values_stay_text_and_norway_stays_norway():
    loc = load_yaml("a: '1'\nb: no\nc: on\n", "f.yaml")
    assert loc.data == {"a": "1", "b": False, "c": True}
    # Keys are always text, exactly as written.
    assert set(load_yaml("no: 1\n1: 2\n", "f.yaml").data) == {"no", "1"}


def test_duplicate_keys_are_reported_and_the_first_kept():
    loc = load_yaml("a: 1\nb: 2\na: 3\n", "f.yaml")
    assert loc.data == {"a": 1, "b": 2}
    [p] = loc.problems
    assert (p.line, p.col) == (3, 1)
    assert "duplicate key 'a'" in p.message


def test_python_tags_are_refused_and_nothing_runs(tmp_path):
    marker = tmp_path / "ran"
    loc = load_yaml(f"x: !!python/object/apply:os.system ['touch {marker}']\n", "f.yaml")
    assert not marker.exists()
    [p] = loc.problems
    assert "!!python/object/apply:os.system is not allowed" in p.message
    assert (p.line, p.col) == (1, 4)


def test_explicit_binary_and_custom_tags_are_refused():
    loc = load_yaml("a: !!binary aGk=\nb: !custom 1\n", "f.yaml")
    assert [p.line for p in loc.problems] == [1, 2]


def test_billion_laughs_stops_with_a_located_error():
    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    levels += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    with pytest.raises(InputError) as e:
        load_yaml("\n".join(levels) + "\n", "bomb.yaml")
    [p] = e.value.problems
    assert "alias bomb" in p.message and p.line is not None


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 200_000])
def test_deep_nesting_is_refused_without_crashing(depth):
    with pytest.raises(InputError) as e:
        load_yaml("[" * depth + "]" * depth, "deep.yaml")
    # Located, whichever refuses it first (our builder or libyaml's own limit).
    [problem] = e.value.problems
    assert problem.path == "deep.yaml"
    assert problem.line == 1 and problem.col is not None and problem.col > MAX_DEPTH
    assert "nested deeper than" in problem.message


def test_only_the_first_document_is_read_and_the_rest_reported():
    loc = load_yaml("a: 1\n---\nb: 2\n", "f.yaml")
    assert loc.data == {"a": 1}
    assert "more than one YAML document" in loc.problems[0].message


def test_a_syntax_error_in_one_list_item_keeps_the_others_and_their_indexes():
    text = (
        "top:\n  x: 1\nitems:\n  - id: first\n    n: 1\n  - id: broken\n      n: 2\n"
        "    m: 3\n  - id: third\n    n: 3\n"
    )
    loc = load_yaml(text, "f.yaml")
    assert loc.data["top"] == {"x": 1}
    first, broken, third = loc.data["items"]
    assert first == {"id": "first", "n": 1}
    assert broken == Unparsed("broken")
    assert third == {"id": "third", "n": 3}
    assert loc.where(("items", 2, "n")) == (10, 8)
    [p] = loc.problems
    assert p.line == 7 and "indentation" in p.message


def test_unrecoverable_syntax_error_raises_with_location():
    with pytest.raises(InputError) as e:
        load_yaml("- a\n b: [\n", "f.yaml")
    [p] = e.value.problems
    assert p.path == "f.yaml" and p.line is not None


def test_tabs_get_a_hint():
    with pytest.raises(InputError) as e:
        load_yaml("a:\n\tb: 1\n", "f.yaml", recover=False)
    assert "tabs" in str(e.value)


def test_fast_plain_path_and_careful_path_read_the_same_data():
    from cvo_workshop.store.bundled import builtin_deck_path, builtin_questionnaire_path
    from cvo_workshop.store.yamlio import _parse, _plain

    for path in (builtin_deck_path(), builtin_questionnaire_path()):
        text = path.read_text(encoding="utf-8")
        assert _plain(text) == _parse(text, str(path)).data


def test_positions_of_a_plain_file_are_found_when_first_asked_for():
    loc = load_yaml("a:\n  b: 1\n", "f.yaml")
    assert loc.pending_text is not None  # plain YAML: positions not read yet
    assert loc.where(("a", "b")) == (2, 6)
    assert loc.pending_text is None
