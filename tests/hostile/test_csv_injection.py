"""Every CSV we write neutralises cells a spreadsheet would run as formulas, and
reading our own CSV back gives the data exactly (OWASP CSV injection)."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from cvo_workshop.engine.csvcells import NUMBER
from tests.export.decks import cohort, deck_yaml, recipe
from tests.hostile.hostile_files import (
    AT,
    CLEAR,
    DDE,
    HYPERLINK,
    MINUS,
    QUOTED,
    backlog_file,
)

RFM = Path(__file__).parent.parent / "data" / "rfm"


def formula_cells(path: Path) -> list[str]:
    """Cells of a CSV file that a spreadsheet would run as a formula."""
    text = path.read_text(encoding="utf-8-sig")
    cells = [c for row in csv.reader(io.StringIO(text, newline="")) for c in row]
    assert cells, f"{path} is empty"
    return [c for c in cells if re.match(r"[=+\-@\t\r]", c) and not re.fullmatch(NUMBER, c)]


def test_deck_csv_neutralises_formulas_and_reads_back_exactly(cli, tmp_path):
    from cvo_workshop.store.decks import load_deck

    card = recipe(
        "hostile",
        title=HYPERLINK,
        prompt=DDE,
        data=[MINUS, "plain"],
        examples=[AT, QUOTED],
        kpis=["-12.5"],
    )
    segment = cohort("hostile-cohort", name=HYPERLINK[:60], definition=AT)
    deck_file = tmp_path / "deck.yaml"
    deck_file.write_text(deck_yaml([card, recipe("plain")], [segment]), encoding="utf-8")
    cards, cohorts = tmp_path / "cards.csv", tmp_path / "cohorts.csv"
    result = cli("deck", "export-csv", deck_file, "-o", cards, "--cohorts", cohorts)
    assert result.exit_code == 0, result.output

    assert formula_cells(cards) == [] and formula_cells(cohorts) == []
    written = cards.read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK(" in written and "'+cmd|" in written and "-12.5" in written
    assert "'-12.5" not in written  # a number stays a number

    back_file = tmp_path / "back.yaml"
    result = cli("deck", "import-csv", cards, "--cohorts", cohorts, "-o", back_file, "--id", "test")
    assert result.exit_code == 0, result.output
    original, back = load_deck(deck_file), load_deck(back_file)
    assert back.cards == original.cards and back.cohorts == original.cohorts


def _orders_with_hostile_customers(tmp_path: Path) -> Path:
    hostile = {"c01": HYPERLINK, "c02": DDE, "c03": MINUS, "c04": AT, "c05": "-42"}
    lines = (RFM / "hand.csv").read_text().splitlines()
    out = [lines[0]]
    for line in lines[1:]:
        customer, rest = line.split(",", 1)
        name = hostile.get(customer, customer)
        out.append('"' + name.replace('"', '""') + '",' + rest)
    path = tmp_path / "orders.csv"
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


def test_rfm_members_csv_neutralises_formulas(cli, tmp_path):
    members = tmp_path / "members.csv"
    result = cli("cohorts", "rfm", _orders_with_hostile_customers(tmp_path), "--members", members)
    assert result.exit_code == 0, result.output
    assert formula_cells(members) == []
    with members.open(newline="", encoding="utf-8") as f:
        ids = {r["customer_id"] for r in csv.DictReader(f)}
    assert {"'" + HYPERLINK, "'" + DDE, "'" + MINUS, "'" + AT, "-42"} <= ids


def test_backlog_csv_neutralises_formulas_and_reads_back(cli, tmp_path):
    from cvo_workshop.export.backlog_files import read_csv

    workshop = backlog_file(
        tmp_path, title=HYPERLINK, owner=DDE, notes=QUOTED, kpi=f"{MINUS} {CLEAR}"
    )
    out = tmp_path / "backlog.csv"
    result = cli("backlog", "export", workshop, "--format", "csv", "-o", out)
    assert result.exit_code == 0, result.output
    assert formula_cells(out) == []
    row = read_csv(out.read_text(encoding="utf-8"))[0]
    # A file keeps the data exactly (the escape too): it is data, not a terminal.
    assert (row["Summary"], row["Assignee"], row["Notes"], row["KPI"]) == (
        HYPERLINK,
        DDE,
        QUOTED,
        f"{MINUS} {CLEAR}",
    )
