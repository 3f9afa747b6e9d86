"""The backlog report (export/report.py), read back with pypdf and poppler."""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from cvo_workshop.engine.backlog import build
from cvo_workshop.export.report import render_report
from cvo_workshop.model.grooming import ItemEdited
from tests.backlog_fixtures import many, sample
from tests.maturity_fixtures import result


def _read(pdf: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(pdf))
    return reader, " ".join(" ".join(p.extract_text().split()) for p in reader.pages)


def _outline(reader: PdfReader) -> list:
    def walk(nodes, depth=0):
        out = []
        for n in nodes:
            if isinstance(n, list):
                out += walk(n, depth + 1)
            else:
                out.append((depth, n.title))
        return out

    return walk(reader.outline)


@pytest.fixture(scope="module")
def assessed():
    backlog = build(sample(assessment=result(), maturity=None).state)
    pdf, warnings = render_report(backlog)
    return backlog, pdf, warnings


def test_the_report_has_every_part_and_bookmarks_for_them(assessed):
    backlog, pdf, warnings = assessed
    reader, text = _read(pdf)
    assert warnings == []
    assert 5 <= len(reader.pages) <= 9
    outline = _outline(reader)
    top = [t for d, t in outline if d == 0]
    assert top == [
        "Contents",
        "Maturity",
        "Roadmap",
        "Prioritized backlog",
        "Items",
        "Parking lot and rejected",
    ]
    assert [t for d, t in outline if d == 1][:5] == [f"{i.rank}. {i.title}" for i in backlog.items]
    for part in ("Personalization backlog", "Acme Outdoor", "Improve retention", "Fran"):
        assert part in text
    # The contents page lists the sections with page numbers.
    contents = " ".join(reader.pages[1].extract_text().split())
    assert "Maturity" in contents and "5. Consent reuse" in contents


def test_every_item_with_its_breakdown_why_and_test_plan(assessed):
    backlog, pdf, _ = assessed
    _, text = _read(pdf)
    for item in backlog.items:
        assert item.title in text
        assert item.breakdown.text in text
    assert "Blocked: it requires consent-center, not in the backlog." in text
    assert "New state: buyers excluded for 30 days" in text
    assert "after the replatform" in text and "cheapens the brand" in text


def test_the_maturity_summary_shows_levels_targets_and_tactics(assessed):
    _, pdf, _ = assessed
    _, text = _read(pdf)
    assert "People 2.4" in text and "Technology 3.1" in text  # radar labels
    assert "Cross-Life Cycle" in text  # the targets
    assert "Strategy tactics A-E" in text and "80%" in text


def test_page_numbers_and_running_header_after_the_cover(assessed):
    _, pdf, _ = assessed
    reader, _ = _read(pdf)
    assert "Page" not in reader.pages[0].extract_text()
    for n, page in enumerate(reader.pages[1:], start=2):
        text = page.extract_text()
        assert f"Page {n}" in text
        assert "Acme Outdoor · personalization backlog" in text


def test_without_an_assessment_the_report_says_how_items_were_gated():
    _, text = _read(render_report(build(sample(maturity=None).state))[0])
    assert "No assessment is attached" in text
    assert "as if the organization were Incidental" in text
    _, text = _read(render_report(build(sample().state))[0])
    assert "set the capability level by hand: Disciplined" in text


def test_an_unassessed_organization_is_worded_as_every_export_and_screen_words_it():
    from cvo_workshop.engine.dealing import maturity_label
    from cvo_workshop.export.backlog_files import to_markdown

    backlog = build(sample(maturity=None).state)
    words = "not assessed (taken as Incidental)"
    assert maturity_label(None, None) == words
    _, text = _read(render_report(backlog)[0])
    assert words in " ".join(text.split())
    assert f"maturity {words}" in to_markdown(backlog)


def test_an_empty_backlog_still_makes_a_report():
    reader, text = _read(render_report(build(many(0).state))[0])
    assert "No pairing was accepted" in text
    assert len(reader.pages) >= 3


def test_text_prints_literally_in_any_script_and_missing_glyphs_are_reported():
    p = sample()
    p.add(ItemEdited(at=p.at(), item="d1", field="title", value="Zażółć <b>gęślą</b> &amp; [x]"))
    p.add(ItemEdited(at=p.at(), item="d2", field="notes", value="Ελληνικά · Українська </para>"))
    p.add(ItemEdited(at=p.at(), item="d3", field="owner", value="王芳"))
    pdf, warnings = render_report(build(p.state))
    reader, text = _read(pdf)
    assert "Zażółć <b>gęślą</b> &amp; [x]" in text
    assert "Ελληνικά · Українська </para>" in text
    assert "Ana <CRM> & [bold]co[/]" in text
    assert any("U+738B" in w for w in warnings)
    assert "1. Zażółć <b>gęślą</b> &amp; [x]" in [t for _, t in _outline(reader)]


def test_letter_paper():
    reader, _ = _read(render_report(build(sample().state), paper="letter")[0])
    assert [round(float(x)) for x in reader.pages[0].mediabox[2:]] == [612, 792]


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler-utils")
def test_pages_render_with_poppler(assessed, tmp_path):
    from PIL import Image

    _, pdf, _ = assessed
    (tmp_path / "r.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", "30", "-png", "-f", "3", "-l", "3", tmp_path / "r.pdf", tmp_path / "p"],
        check=True,
    )
    (png,) = tmp_path.glob("p-*.png")
    image = Image.open(png).convert("RGB")
    # The maturity page carries the charts' blue and the targets' red.
    colours = {c for _, c in image.getcolors(maxcolors=100_000)}
    assert any(b > 150 and r < 100 for r, g, b in colours)
    assert any(r > 150 and g < 90 and b < 90 for r, g, b in colours)


def _roadmap_pages(backlog, reader: PdfReader) -> dict[int, list[int]]:
    """Page index -> ranks of the roadmap entries ("#3 Title") printed on it."""
    out: dict[int, list[int]] = {}
    for n, page in enumerate(reader.pages):
        text = " ".join(page.extract_text().split())
        ranks = [i.rank for i in backlog.items if f"#{i.rank} {i.title}" in text]
        if ranks:
            out[n] = ranks
    return out


@pytest.fixture
def demo_backlog(tmp_path, cli, monkeypatch):
    """The backlog `cvo-workshop demo` plays: a realistic, groomed workshop."""
    from cvo_workshop.engine.fold import fold
    from cvo_workshop.store.journal import read_journal

    assert cli("demo", "-o", tmp_path / "d").exit_code == 0
    loaded = read_journal(tmp_path / "d" / "demo.workshop.jsonl")
    return build(fold(loaded.setup, loaded.events))


def test_the_roadmap_stays_on_one_page_on_letter(demo_backlog):
    backlog = demo_backlog
    for paper in ("letter", "a4"):
        reader, _ = _read(render_report(backlog, paper=paper)[0])
        pages = _roadmap_pages(backlog, reader)
        assert len(pages) == 1, (paper, pages)
        assert sorted(next(iter(pages.values()))) == [i.rank for i in backlog.items]


def test_a_roadmap_too_long_for_a_page_says_how_many_more():
    import re

    backlog = build(many(240).state)
    reader, _ = _read(render_report(backlog)[0])
    pages = _roadmap_pages(backlog, reader)
    assert len(pages) == 1, pages
    ((page, ranks),) = pages.items()
    text = " ".join(reader.pages[page].extract_text().split())
    more = [int(n) for n in re.findall(r"and (\d+) more", text)]
    assert more, text[:500]
    assert len(ranks) + sum(more) == len(backlog.items)


def test_disagreements_show_the_questions_in_words_not_their_ids(builtin_questionnaire):
    bank = builtin_questionnaire
    ids = [q.id for q in bank.questions[:3]]
    assessment = result().model_copy(update={"disagreements": [*ids, "custom.unknown"]})
    backlog = build(sample(assessment=assessment, maturity=None).state)

    _, text = _read(render_report(backlog, questionnaire=bank)[0])
    assert "Respondents disagree on 4 questions:" in text
    for q in bank.questions[:3]:
        assert " ".join(q.text.split()) in text
    assert "and 1 more, not in the questionnaire at hand" in text
    assert not any(qid in text for qid in [*ids, "custom.unknown"])

    # No bank at hand (or another one): counted, never listed as ids.
    other = bank.model_copy(
        update={"questionnaire": bank.questionnaire.model_copy(update={"id": "other"})}
    )
    for given in (None, other):
        _, text = _read(render_report(backlog, questionnaire=given)[0])
        assert "Respondents disagree on 4 questions" in text
        assert not any(qid in text for qid in [*ids, "custom.unknown"])
        assert " ".join(bank.questions[0].text.split()) not in text


def test_the_tables_footnote_stays_with_the_tables_last_rows():
    import re

    from cvo_workshop.model.backlog import Horizon
    from cvo_workshop.model.grooming import ItemMoved

    # Around the size where the table's end meets a page's foot.
    for n in range(33, 39):
        p = many(n)
        first = build(p.state).items[0].id
        p.add(ItemMoved(at=p.at(), item=first, horizon=Horizon.LATER, reason="hand"))
        backlog = build(p.state)
        reader, _ = _read(render_report(backlog)[0])
        pages = [" ".join(page.extract_text().split()) for page in reader.pages]
        (page,) = [t for t in pages if "placed by hand by the facilitator" in t]
        rows = [i for i in backlog.items if re.search(rf"(?<![#\d]){i.rank} {i.title}", page)]
        assert len(rows) >= 2, (n, page[:300])
        assert backlog.items[-1] in rows


def test_each_items_section_is_on_one_page_when_it_fits(demo_backlog):
    backlog = demo_backlog
    for paper in ("a4", "letter"):
        reader, _ = _read(render_report(backlog, paper=paper)[0])
        pages = [" ".join(page.extract_text().split()) for page in reader.pages]
        start = max(n for n, t in enumerate(pages) if "Contents" in t) + 1
        for i in backlog.items:
            head = next(n for n in range(start, len(pages)) if f"{i.rank}. {i.title}" in pages[n])
            # The section's last line: its score and factors.
            tail = next(
                n for n in range(head, len(pages)) if f"Score: {i.breakdown.text}" in pages[n]
            )
            assert head == tail, (paper, i.rank, head, tail)


def test_chart_legends_explain_the_target_line_only_when_one_is_drawn():
    from reportlab.graphics.shapes import String

    from cvo_workshop.export.report_charts import radar, tactic_bars

    def words(drawing) -> list[str]:
        return [s.text for s in drawing.contents if isinstance(s, String)]

    with_targets = result()
    no_tactic_targets = with_targets.model_copy(
        update={"strategy": [t.model_copy(update={"target": None}) for t in with_targets.strategy]}
    )
    no_dimension_targets = with_targets.model_copy(
        update={
            "capability": [d.model_copy(update={"target": None}) for d in with_targets.capability]
        }
    )
    assert "target" in words(tactic_bars(with_targets, 250, 190))
    assert "target" in words(radar(with_targets, 250, 190))
    bars = words(tactic_bars(no_tactic_targets, 250, 190))
    assert "target" not in bars and "current" in bars
    spokes = words(radar(no_dimension_targets, 250, 190))
    assert "target" not in spokes and "current" in spokes


LONGEST = 4000  # what the records allow for a typed text


@pytest.mark.parametrize("fmt", ["pdf", "cards", "csv", "md", "json"])
def test_every_typed_text_at_its_longest_exports(cli, tmp_path, fmt):
    """A 4,000-character owner, reason or note (all the model allows) never ends
    in a traceback: a table cell is cut with a note, a section runs on."""
    from cvo_workshop.model.backlog import Horizon
    from cvo_workshop.model.grooming import ItemMoved
    from cvo_workshop.model.workshop import Decision, Noted
    from tests.backlog_fixtures import card

    p = sample()
    words = ("Ana-Maria Kowalska " * 300)[:LONGEST]
    for field in ("owner", "kpi", "notes", "current_state", "new_state", "metric"):
        p.add(ItemEdited(at=p.at(), item="d1", field=field, value=words))
    p.add(ItemMoved(at=p.at(), item="d2", horizon=Horizon.LATER, reason=words))
    n = p.draw(card("long-parked"), "new", Decision.PARKED, words)
    p.add(Noted(at=p.at(), draw=n, text=words))
    workshop = tmp_path / "long.workshop.jsonl"
    p.save(workshop)
    out = tmp_path / f"long.{fmt}"
    result = cli("backlog", "export", workshop, "--format", fmt, "-o", out)
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 0
    if fmt == "pdf":
        _, text = _read(out.read_bytes())
        assert "more lines cut" in text  # the parked draw's reason, in the table
        assert text.count("Ana-Maria") > 200  # the item's own section prints it all
