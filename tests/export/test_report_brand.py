"""The report with a brand (model/brand.py): cover, foot of every page, logo, colours."""

from __future__ import annotations

import datetime as dt
import io

from pypdf import PdfReader

from cvo_workshop.engine.backlog import build
from cvo_workshop.export.report import render_report
from cvo_workshop.model.brand import Brand
from tests.backlog_fixtures import sample
from tests.maturity_fixtures import result

# A 2 x 1 PNG, dark blue.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000020000000108020000007b40e8dd"
    "0000000f49444154789c6314d188626060000002b6009803ed6b9e0000000049454e44ae426082"
)

BRAND = Brand(
    consultant="Northwind Consulting",
    client="Acme Inc",
    title="Personalization roadmap",
    confidential="Confidential: Acme only",
    version="1.2",
    date=dt.date(2026, 12, 1),
    colour="#224466",
)


def _pages(pdf: bytes) -> list[str]:
    return [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages]


def test_the_cover_says_the_brand_s_title_client_consultant_date_and_version():
    pdf, _ = render_report(build(sample().state), brand=BRAND)
    cover = _pages(pdf)[0]
    assert cover.startswith("Personalization roadmap Acme Inc")
    assert "Prepared by Northwind Consulting" in cover
    assert "Date 1 December 2026" in cover and "Version 1.2" in cover


def test_every_page_after_the_cover_carries_the_brand_s_foot():
    pdf, _ = render_report(build(sample().state), brand=BRAND)
    foot = "Confidential: Acme only · Northwind Consulting for Acme Inc · version 1.2"
    pages = _pages(pdf)
    assert all(foot in page for page in pages[1:])
    assert not any("cvo-workshop 0." in page for page in pages[1:])


def test_without_a_brand_the_foot_stays_neutral():
    pdf, _ = render_report(build(sample().state))
    pages = _pages(pdf)
    assert all("cvo-workshop" in page and "Confidential" not in page for page in pages[1:])
    assert pages[0].startswith("Personalization backlog Acme Outdoor")


def test_the_logo_is_on_the_cover():
    pdf, _ = render_report(build(sample().state), brand=BRAND, logo=PNG)
    cover = PdfReader(io.BytesIO(pdf)).pages[0]
    assert len(cover.images) == 1


def test_the_maturity_section_speaks_to_a_client_not_a_command_line():
    pdf, _ = render_report(build(sample(maturity=None).state))
    text = " ".join(_pages(pdf))
    assert "A maturity assessment with the team would place it." in text
    assert "cvo-workshop assess" not in text and "Run `" not in text


def test_a_long_foot_takes_two_lines_and_keeps_every_part_and_the_version():
    brand = Brand(
        consultant="Ørsted & Partners Management Consultants",
        client="Acme Outdoor Equipment GmbH",
        confidential="Confidential: prepared for Acme Outdoor Equipment GmbH",
        version="1.2",
    )
    pdf, _ = render_report(build(sample().state), brand=brand)
    for page in _pages(pdf)[1:]:
        assert "Confidential: prepared for Acme Outdoor Equipment GmbH" in page
        assert "Ørsted & Partners Management Consultants for Acme Outdoor Equipment GmbH" in page
        assert "version 1.2" in page and "…" not in page


def test_a_foot_too_long_for_two_lines_is_cut_before_the_version_never_the_version():
    brand = Brand(
        consultant="Northwind " * 28 + "Consulting",
        client="Acme",
        confidential="Confidential " * 22 + "line",
        version="1.2",
    )
    pdf, _ = render_report(build(sample().state), brand=brand)
    for page in _pages(pdf)[1:]:
        assert "… · version 1.2" in page


def test_the_executive_summary_names_the_brand_s_client_as_every_page_does():
    pdf, _ = render_report(build(sample(assessment=result(), maturity=None).state), brand=BRAND)
    summary = next(p for p in _pages(pdf) if "Gap to target" in p)
    assert "Acme Inc is at " in summary
    assert "Acme Outdoor" not in " ".join(_pages(pdf))  # the workshop's organization


def test_without_a_client_the_executive_summary_names_the_workshop_s_organization():
    pdf, _ = render_report(build(sample(assessment=result(), maturity=None).state))
    summary = next(p for p in _pages(pdf) if "Gap to target" in p)
    assert "Acme Outdoor is at " in summary


def test_the_pdf_s_title_property_is_the_client_and_the_brand_s_title():
    pdf, _ = render_report(build(sample().state), brand=BRAND)
    assert PdfReader(io.BytesIO(pdf)).metadata.title == "Acme Inc: Personalization roadmap"
    neutral, _ = render_report(build(sample().state))
    assert PdfReader(io.BytesIO(neutral)).metadata.title == "Acme Outdoor: personalization backlog"
