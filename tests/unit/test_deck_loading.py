"""Deck files: every problem in one run, each located; folders; CSV round trip."""

from __future__ import annotations

from pathlib import Path

import pytest

from cvo_workshop.model.deck import DeckMeta
from cvo_workshop.model.problem import InputError
from cvo_workshop.store.deck_csv import cards_csv, cohorts_csv, load_csv_deck
from cvo_workshop.store.deck_yaml import deck_to_yaml
from cvo_workshop.store.decks import load_deck, load_deck_text

DATA = Path(__file__).parent.parent / "data"

CARD = """\
  - id: {id}
    kind: automation
    title: A card
    prompt: What would we do?
    goal: loyalty
    tactic: A
    min_capability: incidental
    lifecycle: [retention]
    data: [order history]
    kpis: [repeat rate]
    effort: low
    examples: [An example.]
"""


def _problems(path_or_text) -> list:
    with pytest.raises(InputError) as e:
        if isinstance(path_or_text, Path):
            load_deck(path_or_text)
        else:
            load_deck_text(path_or_text, "d.yaml")
    return e.value.problems


def test_six_different_mistakes_are_all_reported_in_one_run():
    problems = _problems(DATA / "six-mistakes.yaml")
    found = {(p.line, p.field): p.message for p in problems}
    assert all(p.path.endswith("six-mistakes.yaml") and p.line and p.col for p in problems)
    assert "indentation" in found[(19, "")]
    assert "expected automation, customization or personalization" in found[(21, "cards[2].kind")]
    assert found[(32, "cards[3].title")] == "required field is missing"
    assert "did you mean 'examples'" in found[(54, "cards[4].exmaples")]
    assert "duplicate card id 'welcome-series'" in found[(55, "cards[5].id")]
    assert "no card with id 'welcome-seris'" in found[(67, "cards[5].requires[0]")]
    # `requires: [broken]` names a card whose YAML is broken: it exists, so no
    # second, misleading "dangling" error.
    assert not any("'broken'" in m for m in found.values())


def test_problem_prints_as_path_line_col_field_message():
    problems = _problems(DATA / "six-mistakes.yaml")
    line = str(next(p for p in problems if p.field == "cards[2].kind"))
    assert line.startswith(f"{DATA / 'six-mistakes.yaml'}:21:11: cards[2].kind: expected ")


def test_unknown_top_level_key_suggests_the_right_one():
    [p] = _problems("deck: {id: x, name: X}\ncrads: []\n")
    assert (p.line, p.col, p.field) == (2, 1, "crads")
    assert "did you mean 'cards'" in p.message


def test_not_a_mapping_and_empty_file():
    [p] = _problems("- just\n- a list\n")
    assert "expected a deck" in p.message
    [p] = _problems("")
    assert "empty" in p.message


def test_a_deck_needs_its_metadata():
    [p] = _problems("cards: []\n")
    assert "no `deck:` section" in p.message


def test_a_folder_of_files_is_one_deck_and_references_cross_files(tmp_path):
    (tmp_path / "00-deck.yaml").write_text("deck: {id: split, name: Split deck}\n")
    (tmp_path / "automation.yaml").write_text("cards:\n" + CARD.format(id="a"))
    (tmp_path / "more.yaml").write_text("cards:\n" + CARD.format(id="b") + "    requires: [a]\n")
    deck = load_deck(tmp_path)
    assert deck.deck.id == "split"
    assert [c.id for c in deck.cards] == ["a", "b"]


def test_a_folder_reports_duplicates_across_files_in_the_second_file(tmp_path):
    (tmp_path / "a.yaml").write_text("deck: {id: x, name: X}\ncards:\n" + CARD.format(id="a"))
    (tmp_path / "b.yaml").write_text("cards:\n" + CARD.format(id="a"))
    [p] = _problems(tmp_path)
    assert p.path.endswith("b.yaml") and p.line == 2 and "duplicate card id 'a'" in p.message


def test_a_folder_with_two_deck_sections_is_an_error(tmp_path):
    (tmp_path / "a.yaml").write_text("deck: {id: x, name: X}\n")
    (tmp_path / "b.yaml").write_text("deck: {id: y, name: Y}\n")
    [p] = _problems(tmp_path)
    assert p.path.endswith("b.yaml") and "second `deck:` section" in p.message


def test_yaml_round_trip_gives_back_the_same_deck(builtin_deck):
    assert load_deck_text(deck_to_yaml(builtin_deck)) == builtin_deck


def test_csv_export_then_import_gives_back_the_same_deck(builtin_deck, tmp_path):
    (tmp_path / "cards.csv").write_text(cards_csv(builtin_deck), encoding="utf-8")
    (tmp_path / "cohorts.csv").write_text(cohorts_csv(builtin_deck), encoding="utf-8")
    back = load_csv_deck(tmp_path / "cards.csv", tmp_path / "cohorts.csv", builtin_deck.deck)
    assert back == builtin_deck
    assert back.content_hash == builtin_deck.content_hash


def test_csv_keeps_semicolons_inside_list_items(tmp_path):
    deck = load_deck_text(
        "deck: {id: x, name: X}\ncards:\n"
        + CARD.format(id="a").replace("[An example.]", "['First; with a semicolon', Second]")
    )
    (tmp_path / "c.csv").write_text(cards_csv(deck), encoding="utf-8")
    back = load_csv_deck(tmp_path / "c.csv", None, deck.deck)
    assert back.cards[0].examples == ["First; with a semicolon", "Second"]


def test_csv_problems_name_the_line_and_column(tmp_path):
    meta = DeckMeta(id="x", name="X")
    f = tmp_path / "c.csv"
    f.write_text(
        "id,kind,title,prompt,goal,tactic,min_capability,lifecycle,data,kpis,effort,"
        "examples,colour\n"
        "a,automation,T,P,loyalty,A,incidental,retention,d,k,low,e,\n"
        "b,automaton,T,P,loyalty,A,incidental,retention,d,k,low,e,\n"
        "a,automation,T,P,loyalty,A,incidental,retention,d,k,low,e,\n"
    )
    with pytest.raises(InputError) as e:
        load_csv_deck(f, None, meta)
    found = {(p.line, p.field): p.message for p in e.value.problems}
    assert "unknown key 'colour'" in found[(1, "colour")]
    assert "automaton" in found[(3, "cards[1].kind")]
    assert "duplicate card id 'a'" in found[(4, "cards[2].id")]
    assert next(p for p in e.value.problems if p.field == "cards[1].kind").col == 2


def test_requires_that_point_at_their_own_card_or_go_round_are_refused():
    text = (
        "deck: {id: x, name: X}\ncards:\n"
        + CARD.format(id="a")
        + "    requires: [a]\n"
        + CARD.format(id="b")
        + "    requires: [c]\n"
        + CARD.format(id="c")
        + "    requires: [b]\n"
    )
    problems = _problems(text)
    messages = sorted(p.message for p in problems)
    assert messages == [
        "card 'a' cannot require itself",
        "requires go round in a circle: b -> c -> b",
    ]
    assert all(p.line and p.field.endswith("requires[0]") for p in problems)


def test_rfm_ranges_must_be_scores_low_to_high():
    text = (
        "deck: {id: x, name: X}\ncohorts:\n  - id: odd\n    name: Odd\n"
        "    definition: d\n    rfm: {r: [5, 1], f: [0, 9]}\n"
    )
    problems = _problems(text)
    assert {p.field for p in problems} == {"cohorts[0].rfm.r", "cohorts[0].rfm.f"}
    assert all("1 <= low <= high <= 5" in p.message for p in problems)


def test_empty_examples_and_definitions_are_refused():
    text = (
        "deck: {id: x, name: X}\ncards:\n"
        + CARD.format(id="a").replace("[An example.]", "['']")
        + "cohorts:\n  - {id: c, name: C, definition: ''}\n"
    )
    assert {p.field for p in _problems(text)} == {"cards[0].examples[0]", "cohorts[0].definition"}


def test_titles_and_names_are_one_line_each():
    # A line break in a title would break every table row and card it prints on.
    text = (
        "deck: {id: x, name: X}\ncards:\n"
        + CARD.format(id="a").replace("title: A card", 'title: "A\\ncard"')
        + 'cohorts:\n  - {id: c, name: "Big\\u2028spenders", definition: Spend a lot.}\n'
    )
    problems = _problems(text)
    assert [(p.line, p.field, p.message) for p in problems] == [
        (5, "cards[0].title", "must be one line (no line breaks)"),
        (16, "cohorts[0].name", "must be one line (no line breaks)"),
    ]


def test_a_numeric_version_is_read_as_text():
    deck = load_deck_text("deck: {id: x, name: X, version: 2}\n")
    assert deck.deck.version == "2"


def test_decks_built_in_code_are_checked_like_loaded_ones(builtin_deck):
    from pydantic import ValidationError

    from cvo_workshop.model.deck import Deck

    data = builtin_deck.model_dump(mode="json")
    assert Deck.model_validate(data) == builtin_deck
    data["cards"].append(dict(data["cards"][0]))
    data["cards"][-1]["requires"] = ["nowhere"]
    with pytest.raises(ValidationError) as e:
        Deck.model_validate(data)
    text = str(e.value)
    assert "duplicate card id" in text and "no card with id 'nowhere'" in text
