"""Printing options as a user types them: wall card sizes, the poster, offsets
refused, blank cards, cut lines and a single card as a PNG."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from cvo_workshop.engine.backlog import build
from cvo_workshop.export.sheet import MM
from tests.backlog_fixtures import sample
from tests.export.decks import cohort, recipe, write_deck


@pytest.fixture
def workshop(tmp_path):
    play = sample()
    path = tmp_path / "acme.workshop.jsonl"
    play.save(path)
    return path, build(play.state)


def _cards_a_page(reader: PdfReader, marker: str) -> list[int]:
    return [len(re.findall(marker, p.extract_text())) for p in reader.pages]


def test_wall_cards_default_to_a6_two_to_a_landscape_sheet(cli, workshop, tmp_path):
    path, backlog = workshop
    out = tmp_path / "wall.pdf"
    result = cli("backlog", "export", path, "--format", "cards", "--backs", "none", "-o", out)
    assert result.exit_code == 0, result.output
    reader = PdfReader(out)
    box = reader.pages[0].mediabox
    assert float(box.width) > float(box.height)  # A4 turned: two A6 cards side by side
    n = len(backlog.items) + len({i.horizon for i in backlog.items})  # items and headers
    assert len(reader.pages) == -(-n // 2)


@pytest.mark.parametrize(("size", "per_sheet"), [("a5", 1), ("index", 2), ("poker", 9)])
def test_each_wall_card_size_prints_as_many_as_fit_a_sheet(
    cli, workshop, tmp_path, size, per_sheet
):
    path, backlog = workshop
    out = tmp_path / "wall.pdf"
    result = cli(
        "backlog", "export", path, "--format", "cards", "--size", size, "--backs", "none", "-o", out
    )
    assert result.exit_code == 0, result.output
    n = len(backlog.items) + len({i.horizon for i in backlog.items})
    assert len(PdfReader(out).pages) == -(-n // per_sheet)


def test_wall_card_options_reach_the_pdf_bleed_offset_and_cut_lines(cli, workshop, tmp_path):
    path, _ = workshop
    plain, lined = tmp_path / "plain.pdf", tmp_path / "lined.pdf"
    args = ("backlog", "export", path, "--format", "cards", "--size", "poker", "--bleed", "0")
    assert cli(*args, "-o", plain).exit_code == 0
    result = cli(*args, "--cut-lines", "--offset", "1,1", "-o", lined)
    assert result.exit_code == 0, result.output

    def longest_line(pdf):
        data = PdfReader(pdf).pages[0].get_contents().get_data()
        found = re.findall(rb"([-\d.]+) ([-\d.]+) m ([-\d.]+) ([-\d.]+) l S", data)
        return max(abs(float(a) - float(c)) + abs(float(b) - float(d)) for a, b, c, d in found)

    # A cut line crosses the whole sheet; a crop mark stays in the margin.
    assert longest_line(lined) > 250 * MM > longest_line(plain)


def test_a_large_offset_for_wall_cards_exits_1_and_writes_nothing(cli, workshop, tmp_path):
    path, _ = workshop
    out = tmp_path / "wall.pdf"
    result = cli(
        "backlog", "export", path, "--format", "cards", "--size", "poker",
        "--paper", "letter", "--offset", "0,4", "-o", out,
    )  # fmt: skip
    assert result.exit_code == 1
    assert f"{path}: --offset 0,4 pushes the backs' cut lines" in result.stderr
    assert "Traceback" not in result.output and not out.exists()


def test_the_poster_prints_one_page_of_the_paper_asked_for(cli, workshop, tmp_path):
    path, backlog = workshop
    out = tmp_path / "poster.pdf"
    result = cli("backlog", "export", path, "--format", "poster", "--paper", "a2", "-o", out)
    assert result.exit_code == 0, result.output
    assert f"({len(backlog.items)} items)" in result.stderr
    reader = PdfReader(out)
    assert len(reader.pages) == 1
    assert round(float(reader.pages[0].mediabox.width) / MM) == 594


def test_the_poster_is_written_beside_the_workshop_file_on_a3_by_default(cli, workshop):
    path, _ = workshop
    result = cli("backlog", "export", path, "--format", "poster")
    assert result.exit_code == 0, result.output
    out = path.with_name("acme.backlog.poster.pdf")
    assert round(float(PdfReader(out).pages[0].mediabox.width) / MM) == 420


@pytest.mark.parametrize(
    ("fmt", "paper", "said"),
    [("poster", "a4", "the poster prints on a3 or a2 or tabloid"),
     ("cards", "a3", "the report and the cards print on a4 or letter")],
)  # fmt: skip
def test_a_paper_the_format_does_not_print_on_is_a_usage_error(cli, workshop, fmt, paper, said):
    path, _ = workshop
    result = cli("backlog", "export", path, "--format", fmt, "--paper", paper)
    assert result.exit_code == 2 and said in result.stderr


def test_deck_print_refuses_an_offset_that_pushes_backs_off_the_printable_zone(cli, tmp_path):
    deck = write_deck(tmp_path / "d.yaml", [recipe("r1")])
    out = tmp_path / "deck.pdf"
    result = cli(
        "deck", "print", deck, "-o", out, "--backs", "duplex", "--paper", "letter",
        "--offset", "0,-3",
    )  # fmt: skip
    assert result.exit_code == 1 and not out.exists()
    assert "at most 8.5 mm left or right and 2.7 mm up or down" in result.stderr


def test_blanks_fill_the_last_sheet_with_wildcards(cli, tmp_path):
    deck = write_deck(tmp_path / "d.yaml", [recipe(f"r{i}") for i in range(10)], [cohort("c")])
    out = tmp_path / "deck.pdf"
    result = cli("deck", "print", deck, "-o", out, "--blanks")
    assert result.exit_code == 0, result.output
    assert "18 cards (10 recipe, 1 cohort, 7 blank) on 2 sheets" in result.stdout
    reader = PdfReader(out)
    assert _cards_a_page(reader, "WRITE YOUR OWN|Write your own recipe") == [0, 7]
    assert "TITLE" in reader.pages[1].extract_text()


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_a_blank_card_keeps_each_tick_circle_with_its_word(cli, tmp_path, paper):
    # The kind line wrapped between "○" and "Personalization": a circle to tick
    # at the end of one line, its word alone on the next.
    deck = write_deck(tmp_path / "d.yaml", [recipe("r1")])
    out = tmp_path / "deck.pdf"
    assert cli("deck", "print", deck, "-o", out, "--blanks", "--paper", paper).exit_code == 0
    lines = PdfReader(out).pages[0].extract_text().splitlines()
    lines = [line for line in lines if "●" not in line]  # r1's own effort dots
    for word in ("Automation", "Customization", "Personalization", "Low", "Medium", "High"):
        found = [line for line in lines if re.search(rf"\b{word}\b", line)]
        assert found and all(re.search(rf"○\s{word}\b", line) for line in found), found
    assert not [line for line in lines if line.rstrip().endswith("○")]


def test_blanks_add_nothing_when_the_last_sheet_is_full(cli, tmp_path):
    deck = write_deck(tmp_path / "d.yaml", [recipe(f"r{i}") for i in range(8)], [cohort("c")])
    out = tmp_path / "deck.pdf"
    result = cli("deck", "print", deck, "-o", out, "--blanks")
    assert result.exit_code == 0 and "9 cards (8 recipe, 1 cohort) on 1 sheet" in result.stdout


def test_blank_cards_have_a_back_of_their_own_when_printed_duplex(cli, tmp_path):
    deck = write_deck(tmp_path / "d.yaml", [recipe("r1")])
    out = tmp_path / "deck.pdf"
    assert cli("deck", "print", deck, "-o", out, "--blanks", "--backs", "duplex").exit_code == 0
    assert PdfReader(out).pages[1].extract_text().count("WILDCARD") == 8


def test_one_card_as_a_png_at_300_dpi_and_the_card_s_size_in_pixels(cli, tmp_path):
    from PIL import Image

    deck = write_deck(tmp_path / "d.yaml", [recipe("r1"), recipe("r2")])
    out = tmp_path / "card.png"
    result = cli("deck", "print", deck, "--png", "r2", "-o", out)
    assert result.exit_code == 0, result.output
    with Image.open(out) as image:
        assert image.size == (744, 1039)  # 63 x 88 mm at 300 dpi
        assert [round(v) for v in image.info["dpi"]] == [300, 300]
        lo, hi = image.convert("L").getextrema()
        assert lo < 60 and hi == 255  # a card, not a blank


def test_a_png_of_a_card_the_deck_lacks_exits_1_with_a_suggestion(cli, tmp_path):
    deck = write_deck(tmp_path / "d.yaml", [recipe("welcome")])
    out = tmp_path / "card.png"
    result = cli("deck", "print", deck, "--png", "welcom", "-o", out)
    assert result.exit_code == 1 and not out.exists()
    assert "no card or cohort 'welcom' in the deck; did you mean 'welcome'?" in result.stderr


def test_one_wall_card_as_a_png_by_rank_at_its_size_in_pixels(cli, workshop, tmp_path):
    from PIL import Image

    path, _ = workshop
    out = tmp_path / "item.png"
    result = cli("backlog", "export", path, "--format", "cards", "--png", "2", "-o", out)
    assert result.exit_code == 0, result.output
    with Image.open(out) as image:
        assert image.size == (1240, 1748)  # A6, 105 x 148 mm at 300 dpi
        assert [round(v) for v in image.info["dpi"]] == [300, 300]


def test_a_wall_card_png_of_no_such_item_exits_1_and_writes_nothing(cli, workshop, tmp_path):
    path, _ = workshop
    out = tmp_path / "item.png"
    result = cli("backlog", "export", path, "--format", "cards", "--png", "d99", "-o", out)
    assert result.exit_code == 1 and not out.exists()
    assert "no backlog item 'd99'" in result.stderr


def test_png_without_cards_and_an_output_is_a_usage_error(cli, workshop):
    path, _ = workshop
    result = cli("backlog", "export", path, "--format", "poster", "--png", "1")
    assert result.exit_code == 2 and "--png writes one wall card" in result.stderr


def test_a_poster_title_cut_at_three_lines_is_a_warning_on_stderr(cli, tmp_path):
    from cvo_workshop.model.grooming import ItemEdited

    p = sample()
    long = " ".join(["Personalized size memory for returning champions"] * 6)[:300]
    p.add(ItemEdited(at=p.at(), item="d2", field="title", value=long))
    path = tmp_path / "acme.workshop.jsonl"
    p.save(path)
    result = cli("backlog", "export", path, "--format", "poster", "-o", tmp_path / "p.pdf")
    assert result.exit_code == 0, result.output
    assert (
        "warning: #3 Personalized size memory for returning…: the text does not fit; "
        "title cut to 3 lines, shown as '…'. Shorten the item."
    ) in result.stderr
