"""A brand (model/brand.py) on the wall cards, the poster, Markdown and JSON; not CSV."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from pypdf import PdfReader

from cvo_workshop.engine.backlog import build
from cvo_workshop.export.backlog_cards import backlog_faces, print_backlog
from cvo_workshop.export.backlog_files import json_schema, to_csv, to_json, to_markdown
from cvo_workshop.export.fonts import FAMILY
from cvo_workshop.export.poster import render_poster
from cvo_workshop.export.sheet import SheetSpec, impose
from cvo_workshop.export.textfit import text_width
from cvo_workshop.model.brand import Brand
from tests.backlog_fixtures import sample

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
    colour="#ff0000",
)
LONG_CLIENT = "Acme Outdoor Incorporated Worldwide Holdings International and Subsidiaries"


def _text(pdf: bytes) -> str:
    return " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)


def _drawn(pdf: bytes, page: int) -> list[tuple[str, float, float, float]]:
    """Every piece of text drawn on a page: (text, x, y, font size)."""
    found: list[tuple[str, float, float, float]] = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
            y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
            found.append((text.strip(), x, y, size * tm[0]))

    PdfReader(io.BytesIO(pdf)).pages[page].extract_text(visitor_text=visit)
    return found


# --- wall cards ---------------------------------------------------------------------------


def test_every_wall_card_says_who_made_it_for_whom_and_the_confidentiality_line():
    backlog = build(sample().state)
    pdf, warnings = print_backlog(backlog, brand=BRAND, backs="none")
    cards = len(backlog_faces(backlog))
    text = _text(pdf)
    assert warnings == []
    assert text.count("Northwind Consulting for Acme Inc") == cards
    assert text.count("Confidential: Acme only") >= cards  # and in the sheet's margin


def test_the_back_of_a_wall_card_carries_the_brand_too():
    backlog = build(sample().state)
    pdf, _ = print_backlog(backlog, brand=BRAND, backs="duplex", size="a6")
    back = " ".join(PdfReader(io.BytesIO(pdf)).pages[1].extract_text().split())
    assert "TEST PLAN" in back
    assert "Northwind Consulting for Acme Inc" in back and "Confidential: Acme only" in back


def test_a_client_without_a_confidentiality_line_names_the_sheet_s_margin():
    brand = Brand(client="Acme Inc", title="Personalization roadmap")
    pdf, _ = print_backlog(build(sample().state), brand=brand, backs="none")
    assert "Acme Inc · backlog" in _text(pdf)
    assert "Acme Outdoor" not in _text(pdf)  # the workshop's organization
    assert PdfReader(io.BytesIO(pdf)).metadata.title == (
        "Acme Inc: Personalization roadmap (wall cards)"
    )


def test_without_a_brand_wall_cards_name_the_organization_and_no_confidentiality():
    pdf, _ = print_backlog(build(sample().state), backs="none")
    text = _text(pdf)
    assert "Acme Outdoor" in text
    assert "Confidential" not in text and "Northwind" not in text


@pytest.mark.parametrize("size", ["a6", "poker"])
def test_a_long_client_name_is_cut_with_an_ellipsis_inside_the_card(size):
    brand = BRAND.model_copy(update={"client": LONG_CLIENT, "confidential": LONG_CLIENT})
    pdf, _ = print_backlog(build(sample().state), brand=brand, backs="none", size=size)
    trims = [s.trim for s in impose(SheetSpec(size=size)).fronts]
    on_cards = [
        (text, x, pt, trim)
        for text, x, y, pt in _drawn(pdf, 0)
        for trim in trims
        if "Acme Outdoor" in text and trim.x <= x < trim.right and trim.y <= y < trim.top
    ]
    cards = min(len(backlog_faces(build(sample().state))), len(trims))
    assert len({id(trim) for *_, trim in on_cards}) == cards  # on every card of the sheet
    for text, x, pt, trim in on_cards:
        assert text.endswith("…") and text != LONG_CLIENT
        assert x + text_width(text, FAMILY.regular, pt) <= trim.right, (text, size)


def test_section_labels_print_in_the_brand_s_colour():
    pdf, _ = print_backlog(build(sample().state), brand=BRAND, backs="none")
    data = PdfReader(io.BytesIO(pdf)).pages[0].get_contents().get_data()
    assert b"1 0 0 rg" in data
    neutral, _ = print_backlog(build(sample().state), backs="none")
    assert b"1 0 0 rg" not in PdfReader(io.BytesIO(neutral)).pages[0].get_contents().get_data()


def test_the_logo_prints_on_a6_cards_and_not_on_poker_cards_which_have_no_room():
    backlog = build(sample().state)
    a6, _ = print_backlog(backlog, brand=BRAND, logo=PNG, backs="none", size="a6")
    poker, _ = print_backlog(backlog, brand=BRAND, logo=PNG, backs="none", size="poker")
    assert len(PdfReader(io.BytesIO(a6)).pages[0].images) >= 1
    assert len(PdfReader(io.BytesIO(poker)).pages[0].images) == 0


# --- the poster ---------------------------------------------------------------------------


def test_the_poster_heads_with_the_brand_s_client_title_consultant_and_date():
    pdf, warnings = render_poster(build(sample().state), brand=BRAND)
    text = " ".join(_text(pdf).split())
    assert warnings == []
    assert "Acme Inc: Personalization roadmap" in text
    assert "Prepared by Northwind Consulting" in text and "1 December 2026" in text


def test_the_poster_s_foot_says_confidentiality_who_for_whom_and_version():
    pdf, _ = render_poster(build(sample().state), brand=BRAND)
    foot = min(_drawn(pdf, 0), key=lambda d: d[2])
    assert foot[0] == "Confidential: Acme only · Northwind Consulting for Acme Inc · version 1.2"


def test_the_poster_prints_the_brand_s_logo():
    pdf, _ = render_poster(build(sample().state), brand=BRAND, logo=PNG)
    assert len(PdfReader(io.BytesIO(pdf)).pages[0].images) == 1


def test_without_a_brand_the_poster_stays_neutral():
    pdf, _ = render_poster(build(sample().state))
    text = " ".join(_text(pdf).split())
    assert text.startswith("Acme Outdoor: roadmap")
    assert "Confidential" not in text and "Prepared by" not in text


# --- text formats -------------------------------------------------------------------------


def test_markdown_starts_with_the_brand_s_title_client_credit_version_date_and_line():
    head = to_markdown(build(sample().state), BRAND).splitlines()[:5]
    assert head[0] == "# Personalization roadmap: Acme Inc"
    assert head[2] == (
        "Prepared by Northwind Consulting for Acme Inc · version 1.2 · 1 December 2026  "
    )
    assert head[3] == "*Confidential: Acme only*  "


def test_markdown_without_a_brand_keeps_its_neutral_heading():
    head = to_markdown(build(sample().state)).splitlines()
    assert head[0] == "# Backlog: Acme Outdoor" and head[2].startswith("Workshop of")


def test_json_carries_a_brand_object_without_the_brand_file_s_paths():
    brand = BRAND.model_copy(update={"logo": "logo.png", "template": "firm.pptx"})
    data = json.loads(to_json(build(sample().state), brand))
    assert data["brand"] == {
        "consultant": "Northwind Consulting",
        "client": "Acme Inc",
        "title": "Personalization roadmap",
        "confidential": "Confidential: Acme only",
        "version": "1.2",
        "date": "2026-12-01",
        "colour": "#ff0000",
    }
    assert data["items"] and "brand" in json_schema()["properties"]


def test_json_without_a_brand_has_no_brand_object():
    assert "brand" not in json.loads(to_json(build(sample().state)))


def test_csv_carries_no_brand_so_trackers_import_only_items():
    backlog = build(sample().state)
    assert to_csv(backlog, BRAND) == to_csv(backlog)


# --- from the command line ----------------------------------------------------------------


def test_backlog_export_signs_the_wall_cards_with_the_brand_file(cli, tmp_path):
    play = sample()
    workshop = tmp_path / "acme.workshop.jsonl"
    play.save(workshop)
    (tmp_path / "logo.png").write_bytes(PNG)
    brand = tmp_path / "brand.yaml"
    brand.write_text(
        "consultant: Northwind Consulting\nclient: Acme Inc\n"
        "confidential: 'Confidential: Acme only'\nlogo: logo.png\n"
    )
    out = tmp_path / "wall.pdf"
    result = cli(
        "backlog", "export", workshop, "--format", "cards", "--brand", brand,
        "--consultant", "Southwind", "-o", out,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    text = _text(out.read_bytes())
    assert "Southwind for Acme Inc" in text and "Confidential: Acme only" in text
    assert PdfReader(io.BytesIO(out.read_bytes())).pages[0].images
