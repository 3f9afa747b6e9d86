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
