"""Right-to-left paragraphs are right-aligned, and our own words around a
right-to-left value keep their order (export/script.py: is_rtl, isolate)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from cvo_workshop.engine.backlog import build
from cvo_workshop.export.backlog_cards import print_backlog
from cvo_workshop.export.deck_cards import print_deck
from cvo_workshop.export.report import render_report
from cvo_workshop.export.script import RTL
from cvo_workshop.export.sheet import SheetSpec, impose
from tests.backlog_fixtures import sample
from tests.export.decks import make_deck, recipe
from tests.export.pdf_text import edited, text_lines

#: "Loyal customers" in Hebrew; "customer" in Arabic.
HEBREW = "לקוחות נאמנים"
ARABIC = "عميل"


needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")


def _logical_lines(pdf: bytes) -> list[str]:
    """Lines in logical order as poppler reads them (it runs the bidi algorithm
    backwards, which pypdf does only word by word), its embedding marks dropped."""
    out = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
    text = out.stdout.decode("utf-8").replace("\u202b", "").replace("\u202c", "")
    return [" ".join(line.split()) for line in text.splitlines()]


def _rtl_drawn(pdf: bytes, page: int = 0) -> list[tuple[str, float, float]]:
    """Right-to-left text drawn on a page: (text, x, y)."""
    found: list[tuple[str, float, float]] = []

    def visit(text, cm, tm, font, size):
        if RTL.search(text):
            x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
            y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
            found.append((text.strip(), x, y))

    PdfReader(io.BytesIO(pdf)).pages[page].extract_text(visitor_text=visit)
    return found


def test_a_right_to_left_paragraph_on_a_wall_card_is_right_aligned():
    pdf, _ = print_backlog(edited(("d1", "kpi", ARABIC)), backs="none", size="a6")
    trims = [s.trim for s in impose(SheetSpec(size="a6")).fronts]
    (_, x, y), *_ = _rtl_drawn(pdf)
    trim = next(t for t in trims if t.x <= x < t.right and t.y <= y < t.top)
    assert x > trim.x + trim.w * 0.6  # a left-aligned word would start at the left pad


def test_a_right_to_left_owner_on_a_wall_card_ends_at_the_right_of_its_column():
    pdf, _ = print_backlog(edited(("d1", "owner", HEBREW)), backs="none", size="a6")
    trims = [s.trim for s in impose(SheetSpec(size="a6")).fronts]
    (_, x, y), *_ = _rtl_drawn(pdf)
    trim = next(t for t in trims if t.x <= x < t.right and t.y <= y < t.top)
    assert x > trim.x + trim.w * 0.5


def test_a_right_to_left_prompt_on_a_deck_card_is_right_aligned():
    pdf, _ = print_deck(make_deck([recipe("ar", prompt=ARABIC)]), SheetSpec())
    trim = impose(SheetSpec()).fronts[0].trim
    assert any(x > trim.x + trim.w * 0.6 for _, x, _ in _rtl_drawn(pdf))


def test_a_left_to_right_paragraph_with_an_arabic_word_stays_left_aligned():
    pdf, _ = print_backlog(edited(("d1", "kpi", f"Win back {ARABIC}")), backs="none", size="a6")
    trims = [s.trim for s in impose(SheetSpec(size="a6")).fronts]
    (_, x, y), *_ = _rtl_drawn(pdf)
    trim = next(t for t in trims if t.x <= x < t.right and t.y <= y < t.top)
    assert x < trim.x + trim.w * 0.5


def test_a_right_to_left_value_in_the_report_is_right_aligned_beside_its_label():
    pdf, _ = render_report(edited(("d1", "notes", HEBREW)))
    reader = PdfReader(io.BytesIO(pdf))
    page = next(n for n, p in enumerate(reader.pages) if "Notes:" in p.extract_text())
    right = float(reader.pages[page].mediabox.width) / 2
    drawn = _rtl_drawn(pdf, page)
    assert drawn and all(x > right for _, x, _ in drawn)


def test_a_label_before_a_right_to_left_value_comes_first_in_the_report():
    pdf, _ = render_report(edited(("d1", "hypothesis", f"{HEBREW} 2026")))
    assert any(line.startswith("Hypothesis: ") and HEBREW in line for line in text_lines(pdf))


@needs_poppler
def test_our_words_after_a_right_to_left_owner_keep_their_order_in_the_summary():
    pdf, _ = render_report(edited(("d1", "owner", HEBREW)))
    # The summary's owners: "<owner>: #1", our colon and rank after the name
    # (laid out right to left, the line would read "#1 :<owner>").
    assert f"• {HEBREW}: #1" in _logical_lines(pdf)


@needs_poppler
def test_a_right_to_left_client_heads_the_poster_before_our_words():
    from cvo_workshop.export.poster import render_poster
    from cvo_workshop.model.brand import Brand

    pdf, _ = render_poster(build(sample().state), brand=Brand(client=HEBREW))
    assert f"{HEBREW}: roadmap" in _logical_lines(pdf)


def test_the_isolate_marks_never_print():
    pdf, warnings = render_report(edited(("d1", "title", HEBREW), ("d1", "owner", HEBREW)))
    cards, card_warnings = print_backlog(edited(("d1", "title", HEBREW)))
    assert warnings == [] and card_warnings == []
    for data in (pdf, cards):
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
        assert not any(ch in text for ch in "\u2066\u2067\u2068\u2069\ufffd")
        assert "\\u2068" not in text


#: A client name long enough to wrap on the cover: "The United Arab Company for
#: e-commerce, logistics and digital marketing services", twice.
LONG_ARABIC = " ".join(
    ["الشركة العربية المتحدة لخدمات التجارة الإلكترونية", "والخدمات اللوجستية والتسويق الرقمي"] * 2
)


def _line_ends(pdf: bytes, page: int) -> list[tuple[str, float]]:
    """Each text line on a page, as poppler lays it out: (text, right edge in points)."""
    out = subprocess.run(
        ["pdftotext", "-bbox-layout", "-f", str(page + 1), "-l", str(page + 1), "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,
    )
    html = out.stdout.decode("utf-8")
    line = r'<line xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>(.*?)</line>'
    lines = re.findall(line, html, re.S)
    return [(" ".join(re.findall(r">([^<]*)</word>", body)), float(x)) for x, body in lines]


@needs_poppler
def test_every_line_of_a_long_right_to_left_client_on_the_cover_ends_at_the_right_margin():
    from cvo_workshop.model.brand import Brand

    pdf, _ = render_report(build(sample().state), brand=Brand(client=LONG_ARABIC))
    right = float(PdfReader(io.BytesIO(pdf)).pages[0].mediabox.width) - 50  # the report's margin
    ends = [x for text, x in _line_ends(pdf, 0) if RTL.search(text)]
    assert len(ends) >= 2  # it wraps
    assert all(abs(x - right) < 1 for x in ends), (right, ends)


@needs_poppler
def test_a_shown_code_in_a_right_to_left_line_on_a_wall_card_stays_whole():
    from cvo_workshop.model.brand import Brand

    # "Confidential" in Arabic, with a right-to-left override typed into it.
    line = "سري \u202e للعميل"
    pdf, _ = print_backlog(build(sample().state), backs="none", brand=Brand(confidential=line))
    # Lines as drawn, left to right (-raw keeps the content stream's order).
    raw = ["pdftotext", "-raw", "-", "-"]
    out = subprocess.run(raw, input=pdf, capture_output=True, check=True)
    drawn = [line for line in out.stdout.decode("utf-8").splitlines() if "u202e" in line]
    assert drawn and all("\\u202e" in line for line in drawn), drawn


def test_an_isolate_a_person_typed_is_shown_as_codes():
    pdf, _ = render_report(edited(("d1", "notes", "before \u2068inside\u2069 after")))
    assert any("before \\u2068inside\\u2069 after" in line for line in text_lines(pdf))


def _words(pdf: bytes, page: int) -> list[tuple[str, float, float, float]]:
    """Each word on a page, as poppler lays it out: (text, left, top, right) in points."""
    out = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page + 1), "-l", str(page + 1), "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,
    )
    word = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)"[^>]*>([^<]*)</word>'
    found = re.findall(word, out.stdout.decode("utf-8"))
    return [(text, float(x0), float(y), float(x1)) for x0, y, x1, text in found]


@needs_poppler
def test_a_right_to_left_title_in_the_prioritized_table_ends_at_the_right_of_its_column():
    pdf, _ = render_report(edited(("d1", "title", HEBREW), ("d2", "title", f"{HEBREW} {HEBREW}")))
    reader = PdfReader(io.BytesIO(pdf))
    page = next(n for n, p in enumerate(reader.pages) if "\nCohorts\n" in p.extract_text())
    words = _words(pdf, page)
    # The Item column ends where the Cohorts column's 3 pt padding begins; its
    # text 3 pt before that. (The roadmap above the table is left out.)
    _, cohorts, head, _ = next(w for w in words if w[0] == "Cohorts")
    right = cohorts - 6
    rows: dict[float, float] = {}  # the right end of each line's right-to-left words
    for text, _, y, x in words:
        if RTL.search(text) and y > head:
            rows[y] = max(rows.get(y, 0.0), x)
    assert len(rows) == 2 and all(abs(x - right) < 1 for x in rows.values()), (right, rows)


@needs_poppler
def test_a_right_to_left_title_on_the_poster_ends_at_the_right_of_its_item():
    from cvo_workshop.export.poster import MARGIN_MM, POSTER_PAPERS_MM, render_poster
    from cvo_workshop.export.sheet import MM

    pdf, _ = render_poster(edited(("d1", "title", HEBREW)))  # d1 is #1, in the first column
    # Four columns (now, next, later, blocked) 8 mm apart; an item's text 3 mm inside it.
    width = POSTER_PAPERS_MM["a3"][0] * MM - 2 * MARGIN_MM * MM
    column = (width - 3 * 8 * MM) / 4
    right = MARGIN_MM * MM + column - 3 * MM
    ends = [x for text, x in _line_ends(pdf, 0) if RTL.search(text)]
    assert len(ends) == 1 and abs(ends[0] - right) < 1, (right, ends)


def _line_of(words: list[tuple[str, float, float, float]], word: str):
    """The words on the same line as `word`, and that word's place."""
    _, _, y, _ = next(w for w in words if w[0] == word)
    return [w for w in words if abs(w[2] - y) < 1], y


#: Nine words of LONG_ARABIC, then an English name: as the cover sets the client
#: (15 pt across the A4 frame), "Northwind" starts the second line.
WRAPS_AT_LATIN = " ".join(LONG_ARABIC.split()[:9]) + " Northwind للتجارة الإلكترونية"


@needs_poppler
def test_a_wrapped_right_to_left_paragraph_stays_right_to_left_on_a_line_starting_in_english():
    from cvo_workshop.model.brand import Brand

    pdf, _ = render_report(build(sample().state), brand=Brand(client=WRAPS_AT_LATIN))
    words = _words(pdf, 0)
    line, y = _line_of(words, "Northwind")
    first = min(w[2] for w in words if RTL.search(w[0]))
    assert y > first + 5  # the second line of the client
    # Laid out right to left, the line's first word is its rightmost, at the right margin.
    right = float(PdfReader(io.BytesIO(pdf)).pages[0].mediabox.width) - 50
    northwind = next(w for w in line if w[0] == "Northwind")
    assert northwind[3] == max(w[3] for w in line) and abs(northwind[3] - right) < 1, line


@needs_poppler
def test_a_wrapped_right_to_left_kpi_on_a_wall_card_stays_right_to_left_on_an_english_line():
    # Arabic words, then English ones: the lines after the first start in English.
    kpi = " ".join(LONG_ARABIC.split()[:5]) + " " + "Klaviyo " * 11 + ARABIC
    pdf, _ = print_backlog(edited(("d1", "kpi", kpi)), backs="none", size="a6")
    words = _words(pdf, 0)
    ys = sorted({w[2] for w in words if w[0] == "Klaviyo"})
    lines = [[w for w in words if abs(w[2] - y) < 1] for y in ys]
    assert len(lines) == 3
    # Every line ends at the card's right, the English ones too...
    assert len({round(max(w[3] for w in line), 1) for line in lines}) == 1, lines
    # ...and the last reads right to left: its first word (English) at the right,
    # the Arabic word that ends it at the left.
    last = sorted(lines[-1], key=lambda w: w[1])
    assert RTL.search(last[0][0]) and last[-1][0] == "Klaviyo", last


def test_an_arabic_goal_under_an_english_one_is_right_aligned_on_the_cover():
    backlog = build(sample().state)
    goals = ["Improve retention", f"{ARABIC} {ARABIC}"]
    backlog = backlog.model_copy(
        update={"workshop": backlog.workshop.model_copy(update={"goals": goals})}
    )
    pdf, _ = render_report(backlog)
    right = float(PdfReader(io.BytesIO(pdf)).pages[0].mediabox.width) * 0.6
    drawn = _rtl_drawn(pdf, 0)
    assert drawn and all(x > right for _, x, _ in drawn), drawn
    assert "Improve retention" in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()


#: "Confidential: for the client only", in Arabic.
SECRET = "سري: للعميل فقط"


@needs_poppler
@pytest.mark.parametrize("export", ["poster", "report"])
def test_a_right_to_left_confidentiality_line_leads_a_foot_read_left_to_right(export):
    from cvo_workshop.export.poster import MARGIN_MM, render_poster
    from cvo_workshop.export.sheet import MM
    from cvo_workshop.model.brand import Brand

    brand = Brand(confidential=SECRET, consultant="Northwind", client="Acme", version="1.2")
    backlog = build(sample().state)
    if export == "poster":
        pdf, page, margin = render_poster(backlog, brand=brand)[0], 0, MARGIN_MM * MM
    else:
        pdf, page, margin = render_report(backlog, brand=brand)[0], 1, 50.0
    words = _words(pdf, page)
    line, _ = _line_of(words, "version")
    order = [w[0] for w in sorted(line, key=lambda w: w[1])]
    # Left to right: the confidentiality line (its own words right to left), then
    # ours (then, in the report, the page number).
    assert all(RTL.search(w) for w in order[:3]), order
    assert order[3:10] == ["·", "Northwind", "for", "Acme", "·", "version", "1.2"], order
    assert abs(min(w[1] for w in line) - margin) < 1


def test_a_right_to_left_title_on_the_contents_page_keeps_its_number_first():
    from tests.backlog_fixtures import many

    titles = ["Welcome series", "עגלה נטושה", "حملة ترحيب للعملاء الجدد"]
    pdf, _ = render_report(build(many(3, titles=titles).state))
    reader = PdfReader(io.BytesIO(pdf))
    contents = reader.pages[1].extract_text().splitlines()
    hebrew = next(line for line in contents if "עגלה" in line)
    assert re.match(r"\d\. ", hebrew), hebrew  # it ended '... .2' at the right
    arabic = next(line for line in contents if RTL.search(line) and "עגלה" not in line)
    assert re.match(r"\d\. ", arabic), arabic
    # the bookmarks (the PDF's outline) carry no bidi marks of ours
    items = next(o for o in reader.outline if isinstance(o, list))
    title = next(o.title for o in items if "עגלה" in o.title)
    assert re.fullmatch(r"\d\. עגלה נטושה 1", title), repr(title)
