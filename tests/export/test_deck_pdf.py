"""The printable deck, read back with pypdf: pages, text, literal markup, scripts, warnings."""

from __future__ import annotations

import io
import itertools

import pytest
from pypdf import PdfReader

from cvo_workshop.export.deck_cards import PALETTES, deck_faces, print_deck
from cvo_workshop.export.sheet import Backs, SheetSpec
from tests.export.decks import LONG, cohort, make_deck, numbered, recipe


def _print(deck, **spec):
    kinds = spec.pop("kinds", None)
    args = (deck, SheetSpec(**spec)) + ((kinds,) if kinds else ())
    data, report = print_deck(*args)
    return PdfReader(io.BytesIO(data)), report


def _texts(reader) -> list[str]:
    """Each page's text with line breaks as spaces: wrapping is the layout's business."""
    return [" ".join(p.extract_text().split()) for p in reader.pages]


@pytest.mark.parametrize(
    ("cards", "backs", "pages"),
    [(9, "none", 1), (10, "none", 2), (27, "none", 3), (10, "duplex", 4), (9, "fold", 3)],
)
def test_page_counts(cards, backs, pages):
    reader, report = _print(make_deck(numbered(cards)), backs=Backs(backs))
    assert len(reader.pages) == report.pages == pages


def test_nine_cards_a_sheet_each_card_on_its_page():
    deck = make_deck(numbered(20))
    reader, _ = _print(deck)
    texts = _texts(reader)
    for i, card in enumerate(deck.cards):
        page = i // 9
        assert card.title in texts[page], card.id
        assert card.id in texts[page]
        assert all(card.title not in t for n, t in enumerate(texts) if n != page)


def test_duplex_back_pages_carry_each_kinds_band_so_face_down_piles_still_sort():
    deck = make_deck(numbered(3, "automation") + numbered(2, "personalization"))
    reader, _ = _print(deck, backs=Backs.DUPLEX)
    _, back = _texts(reader)
    assert back.count("AUTOMATION") == 3 and back.count("PERSONALIZATION") == 2
    assert "backs (flip on the long edge)" in back


def test_cohort_cards_backs_carry_no_card_text():
    deck = make_deck([], [cohort("c1"), cohort("c2")])
    reader, _ = _print(deck, backs=Backs.DUPLEX)
    front, back = _texts(reader)
    assert "Name of c1" in front and "Name of" not in back
    assert back.count("COHORT") == 2


FULL_RECIPE = recipe(
    "full",
    "customization",
    title="Preference centre",
    prompt="What would customers pick?",
    data=["consent per customer", "email engagement"],
    content=["preference page"],
    kpis=["unsubscribe rate", "share of subscribers with a preference"],
    primary_kpi="share of subscribers with a preference",
    guardrails=["complaints", "unsubscribe rate"],
    hypothesis="Because subscribers skip mails for other sports, we expect a choice will "
    "move opens",
    scope="service",
    privacy="Consent per channel; preferences are stored with the consent record.",
    source="sources/001 progressive personalization deep dive",
    examples=["An outdoor shop asks new subscribers to pick a sport."],
    tactic="C",
    min_capability="cross_lifecycle",
    lifecycle=["onboarding", "win_back"],
    effort="medium",
)


def test_every_field_of_a_recipe_card_is_printed_on_its_front_or_back():
    front, back = _texts(_print(make_deck([FULL_RECIPE]), backs=Backs.DUPLEX)[0])
    for expected in (
        "CUSTOMIZATION",
        "Preference centre",
        "What would customers pick?",
        "consent per customer · email engagement",
        "An outdoor shop asks new subscribers",
        "C · Some content recommended",
        "3 · Cross-Life Cycle",
        "Medium",
        "Onboarding · Win-back",
        "Reward loyalty",
        "full",
    ):
        assert expected in front, expected
    for expected in ("Preference centre", "preference page", "full"):
        assert expected in back, expected


def test_a_recipe_front_shows_its_scope_primary_kpi_and_guardrails():
    front = _texts(_print(make_deck([FULL_RECIPE]))[0])[0]
    assert "SCOPE Service" in front
    assert "PRIMARY KPI share of subscribers with a preference" in front
    assert "GUARDRAILS complaints · unsubscribe rate" in front
    assert "PERSONAL DATA Yes · privacy note on the back" in front


def test_a_recipe_back_shows_its_hypothesis_privacy_note_other_kpis_and_source():
    back = _texts(_print(make_deck([FULL_RECIPE]), backs=Backs.DUPLEX)[0])[1]
    assert "Because subscribers skip mails for other sports, we expect a choice" in back
    assert "PRIVACY Consent per channel; preferences are stored with the consent" in back
    assert "OTHER KPIS unsubscribe rate" in back
    assert "SOURCE sources/001 progressive personalization deep dive" in back


def test_a_recipe_without_personal_data_has_no_privacy_note():
    card = {**FULL_RECIPE, "personal_data": False, "privacy": ""}
    front, back = _texts(_print(make_deck([card]), backs=Backs.DUPLEX)[0])
    assert "PERSONAL DATA No" in front
    assert "PRIVACY" not in back


def test_a_recipe_using_personal_data_without_a_note_says_it_has_none():
    card = {**FULL_RECIPE, "privacy": ""}
    back = _texts(_print(make_deck([card]), backs=Backs.DUPLEX)[0])[1]
    assert "PRIVACY No privacy note yet" in back


def test_cohort_cards_print_by_default_with_their_rfm_codes():
    deck = make_deck(
        numbered(1),
        [
            cohort(
                "champions",
                name="Champions",
                plays=["early access"],
                rfm={"r": [5, 5], "f": [4, 5]},
                share=0.08,
            )
        ],
    )
    text = _texts(_print(deck)[0])[0]
    for expected in ("COHORT", "Champions", "early access", "R 5 · F 4–5", "8%"):
        assert expected in text


def test_kind_filter_prints_only_those_kinds_in_order():
    deck = make_deck(numbered(2, "personalization") + numbered(2, "automation"), [cohort("c1")])
    faces = deck_faces(deck, ["cohort", "automation"])
    assert [f.key for f in faces] == ["auto-000", "auto-001", "c1"]
    reader, report = _print(deck, kinds=["personalization"])
    assert report.cards == 2 and "PERSONALIZATION" in _texts(reader)[0]
    assert "AUTOMATION" not in _texts(reader)[0]


def test_markup_in_card_text_prints_literally():
    card = recipe(
        "markup",
        title="<b>Bold</b> & [bold]rich[/bold]",
        prompt="Tom &amp; Jerry </para>",
        kpis=["<i>not italic</i>"],
    )
    text = _texts(_print(make_deck([card]))[0])[0]
    assert "<b>Bold</b> & [bold]rich[/bold]" in text
    assert "Tom &amp; Jerry </para>" in text
    assert "<i>not italic</i>" in text


def test_polish_greek_and_ukrainian_titles_print_and_extract_back():
    titles = ["Zażółć gęślą jaźń", "Καλημέρα κόσμε", "Ґанок, їжак, Європа"]
    cards = [recipe(f"t{i}", title=t, prompt=t + "?") for i, t in enumerate(titles)]
    reader, report = _print(make_deck(cards))
    text = _texts(reader)[0]
    for t in titles:
        assert t in text
    assert report.missing == []


def test_characters_the_font_lacks_are_reported_by_card():
    cards = [recipe("plain"), recipe("cjk", title="Hello 中文", examples=["emoji-free 中"])]
    reader, report = _print(make_deck(cards))
    assert {(m.key, m.where, m.char) for m in report.missing} == {
        ("cjk", "title", "中"),
        ("cjk", "title", "文"),
        ("cjk", "Example", "中"),
    }
    assert "Hello \ufffd\ufffd" in _texts(reader)[0]


def test_an_overflowing_card_is_named_and_the_others_are_not():
    cards = [recipe("short"), recipe("too-long", examples=[LONG]), recipe("also-short")]
    _, report = _print(make_deck(cards))
    assert [o.key for o in report.overflows] == ["too-long"]


def test_metadata_and_bookmarks_per_kind():
    deck = make_deck(numbered(2, "automation") + numbered(1, "personalization"), [cohort("c")])
    reader, _ = _print(deck)
    meta = reader.metadata
    assert meta.title == "Test deck: printable card deck"
    assert meta.author == "cvo-workshop" and meta.creator.startswith("cvo-workshop ")
    groups = [e.title for e in reader.outline if not isinstance(e, list)]
    assert groups == ["Automation recipes", "Personalization recipes", "Cohorts"]


def test_kind_colours_differ_in_grayscale_too():
    from cvo_workshop.export.colours import grey_level

    levels = sorted(grey_level(p.colour) for p in PALETTES.values())
    assert all(b - a >= 20 for a, b in itertools.pairwise(levels))


def test_the_builtin_deck_prints(builtin_deck):
    reader, report = _print(builtin_deck, backs=Backs.DUPLEX)
    n = len(builtin_deck.cards) + len(builtin_deck.cohorts)
    assert report.cards == n and len(reader.pages) == 2 * -(-n // 9)
    assert report.missing == []
    text = "".join(_texts(reader))
    assert all(c.id in text for c in builtin_deck.cards)


def test_every_builtin_card_fits_front_and_back_with_its_source(builtin_deck):
    reader, report = _print(builtin_deck, backs=Backs.DUPLEX)
    assert report.overflows == []
    text = " ".join(_texts(reader))
    assert all(" ".join(c.source.split()) in text for c in builtin_deck.cards)


@pytest.mark.parametrize("backs", [Backs.DUPLEX, Backs.FOLD])
def test_characters_missing_on_the_backs_are_reported_too(backs):
    _, report = _print(make_deck([], [cohort("c1")], name="Deck 中"), backs=backs)
    assert ("c1", "back", "中") in {(m.key, m.where, m.char) for m in report.missing}


def test_an_enabler_card_prints_enabler_where_a_tactic_would_be():
    reader, _ = _print(make_deck([recipe("list-hygiene", tactic="enabler"), recipe("ads")]))
    text = _texts(reader)[0]
    assert "Enabler" in text
    assert "B · Ads adapted to the visitor" in text  # a strategy tactic keeps letter and name
