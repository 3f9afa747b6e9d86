"""Foundation: `--help` start-up, and validating a 10,000-card deck."""

from __future__ import annotations

import tempfile
from pathlib import Path

import yaml

from benchmarks._harness import PY, Row, median_time, process_time


def generate_deck(n: int) -> str:
    kinds = ["automation", "customization", "personalization"]
    stages = [
        "acquisition",
        "onboarding",
        "engagement",
        "conversion",
        "retention",
        "loyalty",
        "win_back",
    ]
    levels = ["incidental", "disciplined", "cross_lifecycle", "personalized_business"]
    cards = []
    for i in range(n):
        cards.append(
            {
                "id": f"card-{i}",
                "kind": kinds[i % 3],
                "title": f"Recipe number {i}",
                "prompt": "What would the customer want here, and how would we know?",
                "description": "A generated card for the benchmark. " * 3,
                "goal": ["discovery", "loyalty", "timing"][i % 3],
                "tactic": "ABCDE"[i % 5],
                "min_capability": levels[i % 4],
                "touchpoints": ["email", "website"],
                "lifecycle": [stages[i % 7], stages[(i + 3) % 7]],
                "data": ["order history", "email consent"],
                "content": ["email template"],
                "kpis": ["repeat purchase rate", "revenue per recipient"],
                "effort": "medium",
                "examples": ["A shop does this every week and measures it."],
                "requires": [f"card-{i - 1}"] if i % 10 else [],
                "tags": ["generated"],
            }
        )
    return yaml.safe_dump(
        {"deck": {"id": "big", "name": "Big deck"}, "cards": cards}, sort_keys=False
    )


def rows(quick: bool = False) -> list[Row]:
    from cvo_workshop.store.decks import load_deck

    floor = process_time([PY, "-c", "import click"], repeat=5 if quick else 9)
    helped = process_time([PY, "-m", "cvo_workshop", "--help"], repeat=5 if quick else 9)
    out = [
        Row(
            "`cvo-workshop --help` start-up",
            helped,
            "s",
            "<= 2x floor",
            helped <= 2 * floor,
            "python -c 'import click'",
            floor,
        )
    ]

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.yaml"
        # The largest deck the loader takes is 5 MB (store/decks.LIMIT_MB): about
        # 8,000 of these cards; 7,500 stays just under it.
        path.write_text(generate_deck(7_500))
        text = path.read_text()

        def events() -> None:
            # The floor: libyaml's C parser producing its event stream, no data built.
            get_event = yaml.CSafeLoader(text).get_event
            while get_event() is not None:
                pass

        floor = median_time(events, repeat=3)
        validate = median_time(lambda: load_deck(path), repeat=3)
    out.append(
        Row(
            "validate a 7,500-card deck (near the 5 MB limit)",
            validate,
            "s",
            "< 1.2 s",
            validate < 1.2,
            "libyaml event stream alone",
            floor,
        )
    )
    return out
