"""`backlog results`: test results typed into the tracker's copy of the backlog CSV,
read back into the workshop file."""

from __future__ import annotations

import csv
import re

import pytest

from cvo_workshop.service.backlog import backlog_of
from tests.backlog_fixtures import sample


@pytest.fixture
def exported(cli, tmp_path):
    """A workshop file and the CSV the tracker got from it."""
    path = tmp_path / "acme.workshop.jsonl"
    sample().save(path)
    out = tmp_path / "backlog.csv"
    assert cli("backlog", "export", path, "--format", "csv", "-o", out).exit_code == 0
    return path, out


def fill(csv_path, changes: dict[int, dict[str, str]], target=None):
    """The tracker's copy: `changes` by row number (0 = first item)."""
    with csv_path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for n, cells in changes.items():
        rows[n].update(cells)
    target = target or csv_path
    with target.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return target


def test_results_typed_in_the_tracker_become_the_items_results(cli, exported):
    path, out = exported
    fill(out, {0: {"Result": "Won", "Measured lift": "12", "Learning": "buyers noticed"}})
    result = cli("backlog", "results", path, out)
    assert result.exit_code == 0, result.output
    assert "Read the results of 1 item into" in result.output
    item = backlog_of(path).backlog.items[0]
    r = item.test_plan.result
    assert (r.outcome.value, r.measured_lift, r.learning) == ("won", 0.12, "buyers noticed")


def test_each_items_result_read_back_is_one_undo_step(cli, exported):
    """Outcome, lift and learning of one item were three steps: u took back the
    learning and left the outcome. Each item's result is one step, as a save of the
    grooming form is."""
    from cvo_workshop.service import workshop as service

    path, out = exported
    fill(
        out,
        {
            0: {"Result": "Won", "Measured lift": "12", "Learning": "buyers noticed"},
            1: {"Result": "Lost", "Measured lift": "-3"},
        },
    )
    assert cli("backlog", "results", path, out).exit_code == 0
    first, second = backlog_of(path).backlog.items[:2]
    running = service.resume(path)
    try:
        session = running.session
        assert session.next_undo() == f"Result and Measured lift of “{second.title}”"
        running.run(session.undo)
        assert (
            session.next_undo() == f"Result, Measured lift and What we learned of “{first.title}”"
        )
        running.run(session.undo)
        assert [i.test_plan.result for i in session.backlog().items[:2]] == [None, None]
    finally:
        running.close()


def test_reading_the_same_file_twice_changes_nothing_the_second_time(cli, exported):
    path, out = exported
    fill(out, {1: {"Result": "LOST", "Measured lift": "-3 %"}})
    assert cli("backlog", "results", path, out).exit_code == 0
    size = path.stat().st_size
    again = cli("backlog", "results", path, out)
    assert "nothing changed" in again.output and path.stat().st_size == size


def test_an_empty_cell_leaves_the_items_result_as_it_is(cli, exported, tmp_path):
    path, out = exported
    fill(out, {0: {"Result": "won", "Learning": "keep it"}}, tmp_path / "first.csv")
    assert cli("backlog", "results", path, tmp_path / "first.csv").exit_code == 0
    fill(out, {0: {"Measured lift": "+8%"}}, tmp_path / "second.csv")
    assert cli("backlog", "results", path, tmp_path / "second.csv").exit_code == 0
    r = backlog_of(path).backlog.items[0].test_plan.result
    assert (r.outcome.value, r.measured_lift, r.learning) == ("won", 0.08, "keep it")


def test_bad_values_are_located_by_line_and_column_and_nothing_is_written(cli, exported):
    path, out = exported
    before = path.read_bytes()
    fill(out, {0: {"Result": "won"}, 2: {"Result": "maybe"}, 3: {"Measured lift": "lots"}})
    result = cli("backlog", "results", path, out)
    assert result.exit_code == 1
    # the description cells span lines: the rows' first lines are counted, not rows
    lines = out.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    result_col, lift_col = header.index("Result") + 1, header.index("Measured lift") + 1
    bad = [n for n, line in enumerate(lines, 1) if ",maybe," in line or ",lots," in line]
    expected = "Result: expected won, lost or inconclusive; got 'maybe'"
    assert f"{out}:{bad[0]}:{result_col}: {expected}" in result.output
    assert f"{out}:{bad[1]}:{lift_col}: Measured lift: expected a percentage" in result.output
    assert "Traceback" not in result.output
    assert path.read_bytes() == before


@pytest.mark.parametrize("typed", ["+-3%", "++3", "- -3 %", "-+3"])
def test_a_lift_with_two_signs_is_refused_at_its_cell(cli, exported, typed):
    """ "+-3%" was read as -3% without a word (the "+" taken off, "-3" read)."""
    path, out = exported
    before = path.read_bytes()
    fill(out, {1: {"Result": "lost", "Measured lift": typed}})
    result = cli("backlog", "results", path, out)
    assert result.exit_code == 1 and "Traceback" not in result.output
    lines = out.read_text(encoding="utf-8").splitlines()
    column = lines[0].split(",").index("Measured lift") + 1
    line = next(n for n, text in enumerate(lines, 1) if f",{typed}," in text)
    assert (
        f"{out}:{line}:{column}: Measured lift: expected a percentage with one sign, "
        f"e.g. -3% or +12%; got {typed!r}" in result.output
    )
    assert path.read_bytes() == before


def test_a_workshop_file_holding_a_lift_with_two_signs_still_opens(cli, tmp_path):
    # The form saved "+-3%" before two signs were refused: the file reads as it did.
    from cvo_workshop.export.backlog_files import read_csv
    from cvo_workshop.model.grooming import ItemEdited

    play = sample()
    play.add(ItemEdited(at=play.at(), item="d1", field="measured_lift", value="+-3%"))
    path = tmp_path / "old.workshop.jsonl"
    play.save(path)
    out = tmp_path / "b.csv"
    result = cli("backlog", "export", path, "--format", "csv", "-o", out)
    assert result.exit_code == 0, result.output
    row = next(r for r in read_csv(out.read_text(encoding="utf-8")) if r["Item"] == "d1")
    assert row["Measured lift"] == "-3%"


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        (
            "1,000%",
            "'1,000%' could be 1000% or 1% (a comma separates thousands in some places and "
            "decimals in others): type 1000% or 1%",
        ),
        (
            "-12,500",
            "'-12,500' could be -12500% or -12.5% (a comma separates thousands in some places "
            "and decimals in others): type -12500% or -12.5%",
        ),
        ("1_0", "expected a percentage in digits, without '_', e.g. 10%; got '1_0'"),
        (
            "1,000.5%",
            "expected a percentage without thousands separators, e.g. 1000.5%; got '1,000.5%'",
        ),
    ],
)
def test_a_lift_that_reads_two_ways_is_refused_at_its_cell(cli, exported, typed, said):
    """ "1,000%" was read as 1% (the comma as a decimal point) and "1_0" as 10%,
    without a word."""
    path, out = exported
    before = path.read_bytes()
    fill(out, {1: {"Result": "won", "Measured lift": typed}})
    result = cli("backlog", "results", path, out)
    assert result.exit_code == 1 and "Traceback" not in result.output
    lines = out.read_text(encoding="utf-8").splitlines()
    column = lines[0].split(",").index("Measured lift") + 1
    line = next(n for n, text in enumerate(lines, 1) if typed in text)
    assert f"{out}:{line}:{column}: Measured lift: {said}" in " ".join(result.output.split())
    assert path.read_bytes() == before


def test_a_decimal_comma_still_reads(cli, exported):
    path, out = exported
    fill(out, {1: {"Result": "won", "Measured lift": "12,5%"}})
    result = cli("backlog", "results", path, out)
    assert result.exit_code == 0, result.output
    assert backlog_of(path).backlog.items[1].test_plan.result.measured_lift == 0.125


@pytest.mark.parametrize(
    ("field", "saved", "column", "reads"),
    [("measured_lift", "1,000%", "Measured lift", "+1%"), ("holdout", "1_0", "Hold-out", "10%")],
)
def test_a_workshop_file_holding_a_form_now_refused_still_reads_as_it_did(
    cli, tmp_path, field, saved, column, reads
):
    # The form saved what was typed, and took these before they were refused.
    from cvo_workshop.export.backlog_files import read_csv
    from cvo_workshop.model.grooming import ItemEdited

    play = sample()
    play.add(ItemEdited(at=play.at(), item="d1", field=field, value=saved))
    path = tmp_path / "old.workshop.jsonl"
    play.save(path)
    out = tmp_path / "b.csv"
    result = cli("backlog", "export", path, "--format", "csv", "-o", out)
    assert result.exit_code == 0, result.output
    row = next(r for r in read_csv(out.read_text(encoding="utf-8")) if r["Item"] == "d1")
    assert row[column] == reads


def test_an_item_the_workshop_does_not_have_is_refused(cli, exported):
    path, out = exported
    fill(out, {0: {"Item": "d99", "Result": "won"}})
    result = cli("backlog", "results", path, out)
    assert result.exit_code == 1
    assert f"{out}:2: Item: no item d99 in acme.workshop.jsonl" in result.output


def test_a_csv_without_an_item_column_says_where_to_get_one(cli, exported, tmp_path):
    path, _ = exported
    other = tmp_path / "other.csv"
    other.write_text("Summary,Result\nA,won\n", encoding="utf-8")
    result = cli("backlog", "results", path, other)
    assert result.exit_code == 1
    assert f"{other}:1: no 'Item' column: export the backlog as CSV to get one" in result.output


def test_the_csv_export_carries_the_result_columns_back(cli, exported, tmp_path):
    from cvo_workshop.export.backlog_files import read_csv

    path, out = exported
    fill(out, {0: {"Result": "inconclusive", "Measured lift": "1.5"}})
    cli("backlog", "results", path, out)
    again = tmp_path / "again.csv"
    assert cli("backlog", "export", path, "--format", "csv", "-o", again).exit_code == 0
    row = read_csv(again.read_text(encoding="utf-8"))[0]
    assert (row["Result"], row["Measured lift"]) == ("inconclusive", "+1.5%")
    assert "Result: Inconclusive, +1.5% measured" in row["Description"]


@pytest.mark.parametrize(
    ("typed", "written", "read"),
    [
        ("0.01", "+0.01%", "+<0.1%"),
        ("-0.01", "-0.01%", "-<0.1%"),
        ("0", "0%", "0%"),  # no change: no sign, as it reads (the CSV wrote "+0%")
        ("-0%", "0%", "0%"),  # the CSV wrote "+0%"
        ("+0 %", "0%", "0%"),
        ("0.05%", "+0.05%", "+0.1%"),
        ("0.0004%", "+0.0004%", "+<0.1%"),  # the CSV wrote "+0%": another value
        ("-0.0004", "-0.0004%", "-<0.1%"),  # the CSV wrote "-0%"
        ("12", "+12%", "+12%"),
        ("-3 %", "-3%", "-3%"),
        ("12,5", "+12.5%", "+12.5%"),
        ("0.07%", "+0.07%", "+0.1%"),
    ],
)
def test_a_lift_round_trips_through_the_tracker_as_one_text_per_value(
    cli, exported, tmp_path, typed, written, read
):
    """A lift is kept as a value, written one way whatever text gave it: the
    export writes it so that it reads back as the same value, and a tracker's
    cell that says the same value in other words changes nothing."""
    from cvo_workshop.export.backlog_files import read_csv
    from cvo_workshop.model.grooming import parse_percent

    path, out = exported
    fill(out, {0: {"Result": "inconclusive", "Measured lift": typed}})
    assert cli("backlog", "results", path, out).exit_code == 0
    value = backlog_of(path).backlog.items[0].test_plan.result.measured_lift
    assert value == parse_percent(typed)
    again = tmp_path / "again.csv"
    assert cli("backlog", "export", path, "--format", "csv", "-o", again).exit_code == 0
    row = read_csv(again.read_text(encoding="utf-8"))[0]
    assert row["Measured lift"] == written
    assert parse_percent(written) == value  # reads back as the same value
    assert f"Result: Inconclusive, {read} measured" in row["Description"]
    md = cli("backlog", "export", path, "--format", "md", "-o", tmp_path / "b.md")
    assert md.exit_code == 0
    text = (tmp_path / "b.md").read_text(encoding="utf-8")
    assert f"Result: Inconclusive, {read.replace('<', chr(92) + '<')} measured" in text
    # Read back, the export and the tracker's text of the same value change nothing.
    size = path.stat().st_size
    for tracker in (again, out):
        result = cli("backlog", "results", path, tracker)
        assert result.exit_code == 0 and "nothing changed" in result.output, tracker
    assert path.stat().st_size == size
    third = tmp_path / "third.csv"
    assert cli("backlog", "export", path, "--format", "csv", "-o", third).exit_code == 0
    assert third.read_bytes() == again.read_bytes()


def test_a_lift_of_0_is_written_without_the_formula_guard(cli, exported, tmp_path):
    """ "+0%" was written "'+0%", a formula guard, for a value with no sign to guard."""
    path, out = exported
    fill(out, {0: {"Result": "inconclusive", "Measured lift": "-0%"}})
    assert cli("backlog", "results", path, out).exit_code == 0
    again = tmp_path / "again.csv"
    assert cli("backlog", "export", path, "--format", "csv", "-o", again).exit_code == 0
    with again.open(newline="", encoding="utf-8") as f:
        row = next(csv.DictReader(f))
    assert row["Measured lift"] == "0%"


def test_a_learning_too_long_is_located_and_nothing_is_written(cli, exported):
    path, out = exported
    before = path.read_bytes()
    fill(out, {0: {"Result": "won", "Learning": "x" * 4001}})
    result = cli("backlog", "results", path, out)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "Learning: at most 4000 characters; got 4001" in result.output
    assert path.read_bytes() == before


def test_a_row_of_another_workshop_is_refused_though_its_item_id_is_here(cli, exported):
    # Item ids (d2) repeat in every workshop; the row's card says whose row it is.
    path, out = exported
    fill(out, {0: {"Result": "lost", "Card": "some-other-card"}})
    size = path.stat().st_size
    result = cli("backlog", "results", path, out)
    assert result.exit_code == 1
    assert "was the CSV exported from it?" in result.stderr
    assert path.stat().st_size == size


def test_an_item_listed_twice_points_at_its_item_cell(cli, exported, tmp_path):
    path, out = exported
    with out.open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    twice = tmp_path / "twice.csv"
    with twice.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([*rows, rows[1]])
    column = rows[0].index("Item") + 1
    result = cli("backlog", "results", path, twice)
    assert result.exit_code == 1
    # the line is where the row starts (cells before it may span several lines)
    assert re.search(rf"twice\.csv:\d+:{column}: Item: item d1 again", result.stderr)
