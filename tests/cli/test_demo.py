"""`cvo-workshop demo`: a seeded workshop and every export, in seconds."""

from __future__ import annotations

import csv
import json
import re

import pytest
from pypdf import PdfReader

from tests.conftest import run_process


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory):
    from click.testing import CliRunner

    from cvo_workshop.cli import cli

    out = tmp_path_factory.mktemp("demo")
    runner = CliRunner(env={"CVO_WORKSHOP_DATA": str(out / "data")})
    result = runner.invoke(cli, ["demo", "-o", str(out), "--seed", "7"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return out, result.output


def test_demo_writes_every_export(demo_dir):
    out, printed = demo_dir
    for name in (
        "orders.csv",
        "cohorts.yaml",
        "demo.workshop.jsonl",
        "backlog-report.pdf",
        "backlog-cards.pdf",
        "deck.pdf",
        "backlog.csv",
        "backlog.md",
        "backlog.json",
        "assessment.json",
    ):
        assert (out / name).stat().st_size > 0, name
        assert name in printed


def test_the_exports_agree_with_each_other(demo_dir):
    out, _ = demo_dir
    data = json.loads((out / "backlog.json").read_text())
    titles = [i["title"] for i in data["items"]]
    assert len(titles) >= 10
    assert {i["horizon"] for i in data["items"]} >= {"now", "next", "later"}
    assert data["assessment"]["respondents"] == ["Ana", "Ben", "Cy"]
    rows = list(csv.DictReader((out / "backlog.csv").open(encoding="utf-8")))
    assert [r["Summary"] for r in rows] == titles
    report = PdfReader(out / "backlog-report.pdf")
    text = " ".join(p.extract_text() for p in report.pages)
    assert all(t in " ".join(text.split()) for t in titles)
    assert [o.title for o in report.outline if not isinstance(o, list)][:5] == [
        "Contents",
        "Executive summary",
        "Maturity",
        "Value and effort",
        "Roadmap",
    ]
    cards = " ".join(p.extract_text() for p in PdfReader(out / "backlog-cards.pdf").pages)
    assert "NOW" in cards and "NEXT" in cards


def test_the_workshop_file_opens_with_the_other_commands(demo_dir, cli):
    out, _ = demo_dir
    summary = json.loads(
        cli("workshop", "summary", out / "demo.workshop.jsonl", "--format", "json").stdout
    )
    assert summary["ended"] is True
    assert summary["workshop"]["organization"] == "Northwind Outdoor (demo)"


def test_the_same_seed_gives_the_same_backlog(demo_dir, tmp_path, cli):
    out, _ = demo_dir
    again = tmp_path / "again"
    assert cli("demo", "-o", again, "--seed", "7").exit_code == 0
    assert (again / "backlog.json").read_text() == (out / "backlog.json").read_text()
    # ...and running it again in the same folder replaces the demo's own files.
    assert cli("demo", "-o", again, "--seed", "8").exit_code == 0
    assert (again / "backlog.json").read_text() != (out / "backlog.json").read_text()


def test_a_folder_of_other_files_is_refused_unless_forced(tmp_path, cli):
    folder = tmp_path / "client"
    folder.mkdir()
    mine = folder / "backlog.csv"
    mine.write_text("the client's own backlog\n")
    result = cli("demo", "-o", folder)
    assert result.exit_code == 1
    assert f"{folder}: is not empty" in result.stderr and "--force" in result.stderr
    assert mine.read_text() == "the client's own backlog\n"
    assert sorted(p.name for p in folder.iterdir()) == ["backlog.csv"]
    assert cli("demo", "-o", folder, "--force").exit_code == 0
    assert "the client's" not in mine.read_text()


def test_the_demo_never_writes_over_its_workshop_while_the_app_has_it_open(tmp_path, cli):
    from cvo_workshop.service import workshop as service

    folder = tmp_path / "demo"
    assert cli("demo", "-o", folder).exit_code == 0
    journal = folder / "demo.workshop.jsonl"
    running = service.resume(journal)
    before = journal.read_bytes()
    try:
        result = cli("demo", "-o", folder, "--seed", "9")
    finally:
        running.close()
    assert result.exit_code == 1
    assert f"{journal}: is open in cvo-workshop" in result.stderr
    assert journal.read_bytes() == before


@pytest.mark.parametrize("name", ["backlog-report.pdf", "backlog-cards.pdf", "deck.pdf"])
def test_the_demo_pdfs_print_no_missing_glyph_marks(demo_dir, name):
    out, _ = demo_dir
    text = " ".join(p.extract_text() for p in PdfReader(out / name).pages)
    assert text.strip()
    assert "\ufffd" not in text


def test_the_report_marks_items_placed_by_hand_in_words(demo_dir):
    out, _ = demo_dir
    data = json.loads((out / "backlog.json").read_text())
    assert any(i.get("by_hand") for i in data["items"])  # the demo moves one by hand
    text = " ".join(p.extract_text() for p in PdfReader(out / "backlog-report.pdf").pages)
    assert "(by hand): placed by hand by the facilitator" in " ".join(text.split())


def test_blocked_items_name_what_they_require_by_title(demo_dir, cli, builtin_deck):
    out, _ = demo_dir
    titles = {c.id: c.title for c in builtin_deck.cards}
    exported = cli("backlog", "export", out / "demo.workshop.jsonl", "--format", "json").stdout
    for data in (json.loads((out / "backlog.json").read_text()), json.loads(exported)):
        blocked = [i for i in data["items"] if i["horizon"] == "blocked"]
        assert blocked
        for item in blocked:
            for required in item["blocked_by"]:
                assert f"“{titles[required]}”" in item["why"]
                assert required not in item["why"]


def test_a_missing_parent_folder_is_refused_like_the_other_exports(tmp_path, cli):
    target = tmp_path / "missing" / "demo"
    result = cli("demo", "-o", target)
    assert result.exit_code == 1
    assert result.stderr.strip() == f"{target}: no such folder: {target.parent}"
    assert not target.parent.exists()
    # Its own folder, in one that exists, it makes.
    assert cli("demo", "-o", tmp_path / "fresh").exit_code == 0
    assert (tmp_path / "fresh" / "backlog.json").exists()


def test_the_report_names_disagreements_by_question_text(demo_dir, builtin_questionnaire):
    out, _ = demo_dir
    ids = json.loads((out / "assessment.json").read_text())["disagreements"]
    assert ids
    text = " ".join(
        " ".join(p.extract_text() for p in PdfReader(out / "backlog-report.pdf").pages).split()
    )
    assert f"Disagreement on {len(ids)} questions" in text
    for qid in ids:
        assert qid not in text
        assert " ".join(builtin_questionnaire.question(qid).text.split()) in text


@pytest.mark.parametrize("name,fmt", [("backlog.csv", "csv"), ("backlog.json", "json")])
def test_the_demos_backlog_files_are_what_backlog_export_writes_of_its_workshop(
    cli, tmp_path, name, fmt
):
    folder = tmp_path / "demo"
    assert cli("demo", "-o", folder).exit_code == 0
    again = tmp_path / name

    result = cli("backlog", "export", folder / "demo.workshop.jsonl", "--format", fmt, "-o", again)

    assert result.exit_code == 0
    assert again.read_bytes() == (folder / name).read_bytes()


def test_the_demos_items_are_test_ready_with_durations_from_their_cohorts_sizes(demo_dir):
    out, _ = demo_dir
    items = json.loads((out / "backlog.json").read_text(encoding="utf-8"))["items"]
    estimates = [i["test_plan"]["estimate"] for i in items]
    assert all(e is not None and e["customers"] and e["orders_per_year"] for e in estimates)
    summaries = [e["summary"] for e in estimates]
    assert any(s.endswith("weeks at +20%") for s in summaries)
    assert any(s.startswith("too small: even all") for s in summaries)
    assert all(i["test_plan"]["hypothesis"] and i["test_plan"]["guardrails"] for i in items)


def test_the_demos_durations_are_printed_in_the_report_and_on_the_wall_cards(demo_dir):
    out, _ = demo_dir
    items = json.loads((out / "backlog.json").read_text(encoding="utf-8"))["items"]
    durations = {i["test_plan"]["estimate"]["summary"] for i in items}
    weeks = {d for d in durations if re.fullmatch(r"~\d+ weeks at \+\d+%", d)}
    assert len(weeks) >= 2
    report, cards = (
        " ".join(" ".join(p.extract_text().split()) for p in PdfReader(out / name).pages)
        for name in ("backlog-report.pdf", "backlog-cards.pdf")
    )
    assert all(d in report for d in durations)
    assert all(d in cards for d in weeks)


def test_the_demos_cohort_file_is_what_cohorts_rfm_makes_of_its_orders(demo_dir):
    out, _ = demo_dir
    result = run_process("cohorts", "rfm", "orders.csv", "-o", "again.yaml", cwd=out)
    try:
        assert result.returncode == 0, result.stderr
        assert (out / "again.yaml").read_bytes() == (out / "cohorts.yaml").read_bytes()
    finally:
        (out / "again.yaml").unlink(missing_ok=True)


def test_the_demo_deals_against_the_cohorts_measured_from_its_orders(demo_dir):
    from cvo_workshop.store.cohorts import load_cohorts

    out, _ = demo_dir
    measured = {c.id: c for c in load_cohorts(out / "cohorts.yaml").cohorts}
    setup = json.loads((out / "demo.workshop.jsonl").read_text(encoding="utf-8").splitlines()[0])
    dealt = setup["cohorts"]
    focus = ["champions", "loyal", "potential-loyalists", "new-customers"]
    assert [c["id"] for c in dealt] == focus
    for c in dealt:
        assert c["customers"] == measured[c["id"]].customers > 0
        assert c["orders_per_year"] == measured[c["id"]].orders_per_year > 0
    items = json.loads((out / "backlog.json").read_text(encoding="utf-8"))["items"]
    for item in items:
        (cohort,) = item["cohorts"]
        assert item["test_plan"]["estimate"]["customers"] == measured[cohort["id"]].customers


def test_the_demos_exports_fit_without_cuts(demo_dir):
    """The built-in deck and the demo's backlog fit every card and page: the demo
    is what a new user looks at first, so nothing in it is cut to fit."""
    _, printed = demo_dir
    assert "warning:" not in printed


def test_the_demo_says_what_an_export_had_to_cut(tmp_path, monkeypatch):
    from click.testing import CliRunner

    import cvo_workshop.service.exports as exports
    from cvo_workshop.cli import cli

    real = exports.render_export

    def cutting(backlog, fmt, *args, **kwargs):
        done = real(backlog, fmt, *args, **kwargs)
        if fmt == "cards":
            done.warnings.append("#3 A title (page 2): about 1 line cut")
        return done

    monkeypatch.setattr(exports, "render_export", cutting)
    runner = CliRunner(env={"CVO_WORKSHOP_DATA": str(tmp_path / "data")})
    result = runner.invoke(cli, ["demo", "-o", str(tmp_path / "d")], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "warning: backlog-cards.pdf: #3 A title (page 2): about 1 line cut" in result.output


def test_the_demos_new_states_treat_what_the_hold_out_leaves(demo_dir):
    out, _ = demo_dir
    items = json.loads((out / "backlog.json").read_text(encoding="utf-8"))["items"]
    said = [i for i in items if "of the cohort" in i["test_plan"]["new_state"]]
    assert len(said) == 3
    for item in said:
        plan = item["test_plan"]
        treated = re.search(r"for (\d+)% of the cohort", plan["new_state"]).group(1)
        assert int(treated) == round(100 - plan["holdout"] * 100), plan["new_state"]
    assert {i["test_plan"]["holdout"] for i in said} == {0.5, 0.25, 0.05}
    report, cards = (
        " ".join(" ".join(p.extract_text().split()) for p in PdfReader(out / name).pages)
        for name in ("backlog-report.pdf", "backlog-cards.pdf")
    )
    assert "for 50% of the cohort" in report and "for 75% of the cohort" in report
    assert "for 50% of the cohort" in cards
