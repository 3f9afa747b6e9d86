"""The `cohorts rfm` and `cohorts show` tables at the widths terminals have: the
numbers are never cut. Where they do not fit with everything else, the bars narrow
and then go, then the segment names are shortened and the R F cells go; a terminal
too narrow for even that gets a paragraph a segment (a line a move)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

WIDTHS = [40, 60, 70, 80, 100, 110, 120, 160]


def dominant_orders(path: Path) -> Path:
    """2,000 customers who bought once for 10.00 long ago (Hibernating, >99.9% of the
    customers) and one who bought twice lately for 12,500,000.00 (Champions, 99.9%
    of the revenue): the widest numbers the table shows next to the longest names."""
    lines = ["customer,order,date,amount"]
    lines += [f"c{i},o{i},2023-01-05,10.00" for i in range(2000)]
    lines += ["champ,x1,2024-06-01,12500000.00", "champ,x2,2024-06-02,12500000.00"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


#: What each row must show in full, whatever the width.
NUMBERS = {
    "Champions": ["1", "<0.1%", "99.9%", "12,500,000.00", "5.0"],
    "Hibernating": ["2,000", ">99.9%", "0.1%", "10.00", "1.0"],
    "Loyal": ["0", "0.0%", "0.0%"],
}
TOTAL = ["2,001", "100.0%", "100.0%", "12,497.50", "1.0"]


def run(width: int, *args: object):
    from cvo_workshop.cli import cli

    runner = CliRunner(env={"COLUMNS": str(width), "NO_COLOR": "1"})
    result = runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


#: How a segment's row (or paragraph) starts, and what comes after the segments.
STARTS = (
    *("Champions", "Loyal", "Potential", "New Customers", "Promising", "Need Attention"),
    *("About to Sleep", "At Risk", "Can't Lose", "Hibernating", "all segments", "total"),
    *("Wrote", "Movement", "─"),
)


def words(output: str, *first: str) -> list[str]:
    """The words of the row (or paragraph) starting with one of `first`, commas,
    colons and brackets off."""
    lines = [line.strip() for line in output.splitlines()]
    at = next(i for i, line in enumerate(lines) if line.startswith(first))
    block = [lines[at]]
    for line in lines[at + 1 :]:
        if not line or line.startswith(STARTS):
            break
        block.append(line)
    return [w.strip(",():") for w in " ".join(block).split()]


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    folder = tmp_path_factory.mktemp("widths")
    orders = dominant_orders(folder / "orders.csv")
    run(200, "cohorts", "rfm", orders, "-o", folder / "cohorts.yaml")
    return orders, folder / "cohorts.yaml"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("command", ["rfm", "show"])
def test_no_number_is_cut_at_any_width(made, command, width):
    orders, cohorts = made
    output = run(width, "cohorts", command, orders if command == "rfm" else cohorts)
    assert max(len(line) for line in output.splitlines()) <= width, output
    for name, numbers in NUMBERS.items():
        shown = words(output, name)
        for number in numbers:
            assert number in shown, (name, number, output)
    total = words(output, "all segments", "total")
    for number in TOTAL:
        assert number in total, (number, output)


@pytest.mark.parametrize("width", [80, 100, 110, 120, 160])
def test_the_table_keeps_its_headers_whole_from_80_columns(made, width):
    output = run(width, "cohorts", "show", made[1])
    header = " ".join(output.splitlines()[3:6])
    for word in ("segment", "customers", "share", "revenue", "AOV", "avg"):
        assert f" {word} " in f" {header} ", output


def test_bars_go_before_anything_else_and_names_are_shortened_last(made):
    wide, middle, narrow = (run(w, "cohorts", "show", made[1]) for w in (160, 100, 80))
    assert "█" * 16 in wide and "█" not in middle and "█" not in narrow
    assert "Potential Loyalists" in middle and "R4-5 F2-3" in middle
    assert "Potential Lo…" in narrow and "R4-5 F2-3" in narrow  # R F cells kept at 80


def test_a_narrow_terminal_gets_a_paragraph_a_segment(made):
    output = run(40, "cohorts", "show", made[1])
    assert "Champions R5 F4-5: 1 customer (<0.1%), revenue share 99.9%" in " ".join(output.split())


@pytest.mark.parametrize("width", [40, 60, 80, 120])
def test_moves_keep_their_numbers_at_any_width(made, width):
    orders, _ = made
    output = run(width, "cohorts", "rfm", orders, "--compare-as-of", "2024-06-02")
    moves = output[output.index("Movement") :]
    assert max(len(line) for line in output.splitlines()) <= width, output
    flat = " ".join(moves.split())
    assert "2,000" in flat and "100.0%" in flat, moves
    assert "…" not in "".join(w for w in flat.split() if any(ch.isdigit() for ch in w))
