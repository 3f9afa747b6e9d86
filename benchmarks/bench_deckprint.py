"""The printable deck: a 500-card deck with duplex backs, against reportlab's bare floor."""

from __future__ import annotations

import io

from benchmarks._harness import Row, median_time

CARDS = 500


def generate_deck(n: int):
    """A deck of n recipe cards with text as long as the built-in deck's, none repeated."""
    from cvo_workshop.model.deck import Deck

    kinds = ["automation", "customization", "personalization"]
    stages = ["acquisition", "onboarding", "engagement", "conversion", "retention", "loyalty"]
    levels = ["incidental", "disciplined", "cross_lifecycle", "personalized_business"]
    cards = [
        {
            "id": f"card-{i}",
            "kind": kinds[i % 3],
            "title": f"Recipe number {i} for the people who came back",
            "prompt": f"What would customer {i} want here, and how soon would we know it worked?",
            "goal": ["discovery", "loyalty", "timing"][i % 3],
            "tactic": "ABCDE"[i % 5],
            "min_capability": levels[i % 4],
            "lifecycle": [stages[i % 6], stages[(i + 2) % 6]],
            "data": [
                f"order history with SKUs, prices and dates ({i})",
                "email address with marketing consent",
                "current stock and price per SKU",
            ],
            "content": ["template with a dynamic product block", "two subject lines to test"],
            "kpis": [f"repeat purchase rate in cohort {i}", "revenue per message sent"],
            "effort": ["low", "medium", "high"][i % 3],
            "examples": [
                f"Shop {i} emails one hour after a cart is left and again the next day, "
                "both times showing the cart at today's prices."
            ],
        }
        for i in range(n)
    ]
    return Deck.model_validate({"deck": {"id": "bench", "name": "Benchmark deck"}, "cards": cards})


def _floor(deck) -> None:
    """Reportlab alone: per card one rectangle and its text lines, unwrapped, 9 to a page."""
    from reportlab.pdfgen.canvas import Canvas

    from cvo_workshop.export.fonts import FAMILY, register_fonts

    register_fonts()
    c = Canvas(io.BytesIO(), pagesize=(595, 842))
    for i, card in enumerate(deck.cards):
        x, y = 30 + (i % 3) * 180, 560 - ((i // 3) % 3) * 260
        c.rect(x, y, 178, 249)
        c.setFont(FAMILY.regular, 7)
        lines = [card.title, card.prompt, *card.data, *card.content, *card.kpis, *card.examples]
        for n, line in enumerate(lines):
            c.drawString(x + 10, y + 230 - n * 9, line)
        if i % 9 == 8:
            c.showPage()
            for _ in range(9):  # the back page: one rectangle and label a card
                c.rect(x, y, 178, 249, fill=1)
                c.drawString(x + 60, y + 50, card.kind.value)
            c.showPage()
    c.save()


def rows(quick: bool = False) -> list[Row]:
    from cvo_workshop.export.deck_cards import print_deck
    from cvo_workshop.export.sheet import Backs, SheetSpec

    deck = generate_deck(CARDS)
    spec = SheetSpec(backs=Backs.DUPLEX)
    repeat = 2 if quick else 5
    floor = median_time(lambda: _floor(deck), repeat=repeat)
    value = median_time(lambda: print_deck(deck, spec), repeat=repeat)
    return [
        Row(
            f"print a {CARDS}-card deck, duplex backs",
            value,
            "s",
            "< 3 s",
            value < 3.0,
            "reportlab: a rectangle and raw strings a card",
            floor,
        )
    ]
