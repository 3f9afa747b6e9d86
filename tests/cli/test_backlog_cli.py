"""`cvo-workshop backlog ...`: files in, files out."""

from __future__ import annotations

import csv
import io
import json

import jsonschema
import pytest
from pypdf import PdfReader

from cvo_workshop.engine.backlog import build
from tests.backlog_fixtures import sample
from tests.conftest import run_process


@pytest.fixture
def workshop(tmp_path):
    play = sample()
    path = tmp_path / "acme.workshop.jsonl"
    play.save(path)
    return path, build(play.state)


def test_csv_parses_back_into_the_same_items(cli, workshop, tmp_path):
    from cvo_workshop.export.backlog_files import read_csv

    path, backlog = workshop
    out = tmp_path / "b.csv"
    result = cli("backlog", "export", path, "--format", "csv", "-o", out)
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    raw = list(csv.DictReader(io.StringIO(text)))
    assert list(raw[0])[:4] == ["Summary", "Description", "Priority", "Labels"]
    rows = read_csv(text)
    assert [(r["Summary"], int(r["Rank"]), r["Horizon"]) for r in rows] == [
        (i.title, i.rank, i.horizon.value) for i in backlog.items
    ]
    assert [r["Breakdown"] for r in rows] == [i.breakdown.text for i in backlog.items]
    first = rows[0]
    assert first["Assignee"] == "Ana <CRM> & [bold]co[/]"
    assert first["Priority"] == "Highest"  # low-hanging fruit in now
    assert first["Labels"].split() == [
        "horizon-now",
        "kind-automation",
        "cohort-everyone",
        "low-hanging-fruit",
    ]
    # A spreadsheet would run "=1+1" as a formula: the file holds it escaped...
    assert raw[0]["Current state"] == "'=1+1 everyone gets it"
    # ...and reading it back gives what was typed.
    assert first["Current state"] == "=1+1 everyone gets it"
    merged = next(r for r in rows if r["Summary"] == "Welcome series")
    assert merged["Cohorts"] == "new; champions" and merged["Reach"] == "30"


def test_csv_priority_follows_rank_when_ordered_by_hand(cli, tmp_path):
    from cvo_workshop.export.backlog_files import LEVELS, read_csv
    from cvo_workshop.model.card import Effort, Kind
    from cvo_workshop.model.grooming import BacklogOrdered
    from tests.backlog_fixtures import card

    play = sample()
    for name in ("opt-out-list", "suppression-list"):  # two more low-hanging fruits in now
        easy = card(name, kind=Kind.AUTOMATION, effort=Effort.LOW, title=name)
        play.draw(easy, "everyone", impact=1, confidence=80, effort=0.5)
    fruits = [i.id for i in build(play.state).items if i.low_hanging]
    assert len(fruits) == 3
    # The facilitator puts other work (d5, "High" by itself) second, above two fruits.
    play.add(BacklogOrdered(at=play.at(), order=[fruits[0], "d5", *fruits[1:]]))
    path = tmp_path / "ordered.workshop.jsonl"
    play.save(path)
    out = tmp_path / "b.csv"
    assert cli("backlog", "export", path, "--format", "csv", "-o", out).exit_code == 0
    rows = read_csv(out.read_text(encoding="utf-8"))
    ranked = [(int(r["Rank"]), r["Item"], r["Priority"]) for r in rows]
    assert ranked[:4] == [
        (1, fruits[0], "Highest"),
        (2, "d5", "High"),
        (3, fruits[1], "High"),
        (4, fruits[2], "High"),
    ]
    levels = [LEVELS.index(p) for _, _, p in sorted(ranked)]
    assert levels == sorted(levels)  # never a higher priority below a lower one


def test_json_validates_against_the_published_schema(cli, workshop):
    path, backlog = workshop
    result = cli("backlog", "export", path, "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    schema = json.loads(cli("backlog", "schema").stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(data, schema, cls=jsonschema.Draft202012Validator)
    item = data["items"][0]
    for key in ("title", "card", "cohorts", "horizon", "score", "breakdown", "why"):
        assert key in item
    assert [i["title"] for i in data["items"]] == [i.title for i in backlog.items]
    assert data["parked"][0]["reason"] == "after the replatform"
    # The schema is strict enough to catch a broken export.
    data["items"][0]["horizon"] = "someday"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema, cls=jsonschema.Draft202012Validator)


def test_markdown_groups_by_horizon_and_shows_text_literally(cli, workshop):
    path, _ = workshop
    md = cli("backlog", "export", path, "--format", "md").stdout
    headings = [line for line in md.splitlines() if line.startswith("## ")]
    assert headings == [
        "## Now (2)",
        "## Next (1)",
        "## Later (1)",
        "## Blocked (1)",
        "## Parking lot (1)",
        "## Rejected (1)",
    ]
    assert r"Ana \<CRM\> &amp; \[bold\]co\[/\]" in md
    assert "RICE 160 = 100% reach x 1 impact x 80% confidence / 0.5 person-months" in md


def test_json_says_effort_in_person_months_under_its_unchanged_keys(cli, workshop):
    path, _ = workshop
    data = json.loads(cli("backlog", "export", path, "--format", "json").stdout)
    effort = {
        json.dumps(i["breakdown"]["factors"]["effort"], sort_keys=True) for i in data["items"]
    }
    assert '{"shown": "0.5 person-months", "source": "consensus", "value": 0.5}' in effort
    assert '{"shown": "1 person-month", "source": "consensus", "value": 1.0}' in effort
    assert not any(" pm" in e for e in effort)


def test_show_prints_the_ranked_backlog(cli, workshop):
    path, _ = workshop
    out = cli("backlog", "show", path).stdout
    assert out.index("Exclusion list") < out.index("Welcome series") < out.index("Made to order")
    assert "Parking lot: 1 · rejected: 1" in out


def test_a_bad_workshop_file_is_a_located_error_and_no_file_is_written(tmp_path):
    bad = tmp_path / "bad.workshop.jsonl"
    bad.write_text('{"format": "cvo-workshop/workshop-1", "id": 3}\n')
    out = tmp_path / "out.csv"
    result = run_process("backlog", "export", bad, "--format", "csv", "-o", out)
    assert result.returncode == 1
    assert result.stderr.startswith(f"{bad}:1:")
    assert "Traceback" not in result.stderr
    assert not out.exists()


def test_a_missing_workshop_file_is_a_plain_error(tmp_path):
    result = run_process("backlog", "export", tmp_path / "nope.jsonl")
    assert result.returncode == 1
    assert "nope.jsonl" in result.stderr and "Traceback" not in result.stderr


def test_an_unknown_horizon_is_refused(cli, workshop):
    path, _ = workshop
    result = cli("backlog", "export", path, "--format", "cards", "--horizon", "now,someday")
    assert result.exit_code == 2
    assert "someday" in result.output


@pytest.mark.parametrize("value", ["", ",", " , "])
def test_an_empty_horizon_is_a_usage_error_and_writes_nothing(cli, workshop, tmp_path, value):
    path, _ = workshop
    out = tmp_path / "c.pdf"
    result = cli("backlog", "export", path, "--format", "cards", "--horizon", value, "-o", out)
    assert result.exit_code == 2
    assert "--horizon" in result.output and "no horizon given" in result.output
    assert not out.exists()


def test_horizons_are_read_in_any_case_and_spacing_and_counted(cli, workshop, tmp_path):
    from pypdf import PdfReader

    from cvo_workshop.model.backlog import Horizon

    path, backlog = workshop
    out = tmp_path / "c.pdf"
    result = cli("backlog", "export", path, "--format", "cards", "--horizon", " NOW ", "-o", out)
    assert result.exit_code == 0, result.output
    now = backlog.horizon(Horizon.NOW)
    assert 0 < len(now) < len(backlog.items)
    text = " ".join(p.extract_text() for p in PdfReader(out).pages)
    assert all(i.title in text for i in now)
    assert not any(i.title in text for i in backlog.items if i.horizon is not Horizon.NOW)
    n = len(now)
    assert f"Wrote {out} ({n} item{'' if n == 1 else 's'})." in result.stderr


def test_horizons_with_no_item_print_nothing(cli, tmp_path):
    from tests.backlog_fixtures import many

    play = many(1)  # one item, not blocked
    path = tmp_path / "one.workshop.jsonl"
    play.save(path)
    out = tmp_path / "c.pdf"
    result = cli("backlog", "export", path, "--format", "cards", "--horizon", "blocked", "-o", out)
    assert result.exit_code == 1
    assert "nothing to print" in result.stderr
    assert not out.exists()


def test_cards_are_written_beside_the_workshop_file(cli, workshop):
    from pypdf import PdfReader

    path, backlog = workshop
    result = cli("backlog", "export", path, "--format", "cards", "--backs", "fold")
    assert result.exit_code == 0, result.output
    out = path.with_name("acme.backlog.cards.pdf")
    text = " ".join(p.extract_text() for p in PdfReader(out).pages)
    assert all(i.title in text for i in backlog.items)
    assert f"Wrote {out} (5 items)." in result.stderr


@pytest.mark.parametrize("fmt", ["pdf", "cards", "csv"])
def test_a_missing_output_folder_is_refused_like_deck_print(cli, workshop, tmp_path, fmt):
    path, _ = workshop
    out = tmp_path / "missing" / f"x.{fmt}"
    result = cli("backlog", "export", path, "--format", fmt, "-o", out)
    assert result.exit_code == 1
    assert result.stderr.strip() == f"{out}: no such folder: {out.parent}"
    assert not out.parent.exists()


def test_wall_cards_print_their_backs_duplex_unless_told_otherwise(cli, workshop, tmp_path):
    path, _ = workshop
    pages = {}
    for backs in ("default", "duplex", "none"):
        out = tmp_path / f"{backs}.pdf"
        extra = [] if backs == "default" else ["--backs", backs]
        assert cli("backlog", "export", path, "--format", "cards", "-o", out, *extra).exit_code == 0
        pages[backs] = len(PdfReader(out).pages)
    assert pages["default"] == pages["duplex"] == 2 * pages["none"]


def test_the_command_offers_every_export_format_there_is():
    from cvo_workshop.commands.backlog import FORMAT_NAMES
    from cvo_workshop.service.exports import FORMATS

    assert sorted(FORMAT_NAMES) == sorted(FORMATS)


def test_the_command_offers_every_paper_size_and_back_the_exports_print():
    # Spelled in the command so `--help` loads no reportlab: kept equal here.
    from cvo_workshop.commands import backlog as command
    from cvo_workshop.export.poster import POSTER_PAPERS_MM
    from cvo_workshop.export.sheet import CARD_SIZES_MM, PAPERS_MM, Backs

    assert sorted(command.SHEET_PAPERS) == sorted(PAPERS_MM)
    assert sorted(command.POSTER_PAPERS) == sorted(POSTER_PAPERS_MM)
    assert sorted(command.CARD_SIZES) == sorted(CARD_SIZES_MM)
    assert sorted(command.BACKS) == sorted(b.value for b in Backs)


@pytest.mark.parametrize("size", ["a6", "a5"])
def test_wall_cards_without_bleed_print_as_many_a_sheet_as_with_it(cli, workshop, tmp_path, size):
    # --bleed 0 with the default duplex backs was refused as "--offset 0,0 pushes
    # the backs' cut lines into the outer 5 mm", an option never given.
    path, _ = workshop
    pages = {}
    for bleed in ("0", "0.5", "3"):
        out = tmp_path / f"{size}-{bleed}.pdf"
        result = cli(
            "backlog", "export", path, "--format", "cards", "--size", size,
            "--bleed", bleed, "-o", out,
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        pages[bleed] = len(PdfReader(out).pages)
    assert pages["0"] == pages["0.5"] == pages["3"]


@pytest.mark.parametrize(("field", "value"), [("baseline_rate", "1e-300%"), ("holdout", "1e-320%")])
def test_a_file_holding_a_rate_too_small_to_size_a_test_exports_it_as_not_computable(
    cli, tmp_path, field, value
):
    """Typed such rates are refused (the form); a file written before still exports."""
    from cvo_workshop.model.grooming import ItemEdited

    play = sample()
    play.add(ItemEdited(at=play.at(), item="d1", field="baseline_rate", value="30%"))
    play.add(ItemEdited(at=play.at(), item="d1", field=field, value=value))
    path = tmp_path / "acme.workshop.jsonl"
    play.save(path)
    for fmt in ("pdf", "md"):
        out = tmp_path / f"b.{fmt}"
        result = cli("backlog", "export", path, "--format", fmt, "-o", out)
        assert result.exit_code == 0, result.output
    assert "not computable" in (tmp_path / "b.md").read_text(encoding="utf-8")
    text = " ".join(p.extract_text() for p in PdfReader(tmp_path / "b.pdf").pages)
    assert "not computable" in " ".join(text.split())


def test_an_effort_of_1_says_1_person_month_and_a_typed_1_004_says_it_in_the_markdown(
    cli, tmp_path
):
    """The formula said "/ 1 person-months" for 1; then "/ 1 person-month" for 1.004,
    beside a score computed with 1.004. Each reads as the score uses it."""
    from cvo_workshop.model.workshop import Framework
    from tests.backlog_fixtures import Play, card, setup

    p = Play(setup(Framework.RICE))
    p.draw(card("size-memory"), "everyone", impact=1, confidence=100, effort=1)
    p.draw(card("welcome"), "everyone", impact=2, confidence=100, effort=1.004)
    path = tmp_path / "acme.workshop.jsonl"
    p.save(path)
    md = cli("backlog", "export", path, "--format", "md").stdout
    assert "RICE 100 = 100% reach x 1 impact x 100% confidence / 1 person-month" in md
    assert "RICE 199.2 = 100% reach x 2 impact x 100% confidence / 1.004 person-months" in md
    assert "1 person-months" not in md


@pytest.mark.parametrize(
    ("title", "said"),
    [
        ("Nudge\u2028second line", "must be one line; got a line break (U+2028)"),
        ("Nudge\x85again", "must be one line; got a line break (U+0085)"),
        ("Nudge\nagain", "must be one line; got a line break (U+000A)"),
        ("x" * 301, "at most 300 characters; got 301"),
    ],
)
def test_an_edited_title_no_title_can_be_is_a_located_error_not_a_traceback(tmp_path, title, said):
    """A hand-edited file's item_edited title with a line break (U+2028, U+0085) or
    past 300 characters was read, then the backlog refused it: a pydantic traceback."""
    path = tmp_path / "acme.workshop.jsonl"
    sample().save(path)
    edit = {"at": "2026-11-20T12:00:00Z", "type": "item_edited", "item": "d1"}
    with path.open("a", encoding="utf-8") as f:
        f.write(json.dumps({**edit, "field": "title", "value": title}) + "\n")
    line = len(path.read_text(encoding="utf-8").splitlines())
    done = run_process("backlog", "export", path, "--format", "json", "-o", "-")
    assert done.returncode == 1, done.stderr
    assert done.stderr.startswith(f"{path}:{line}:1: event: title: {said}\n")
    assert "Traceback" not in done.stderr and done.stdout == ""
