"""`backlog export --format pptx`, --template, --brand and --horizon, as a user runs them."""

from __future__ import annotations

import io
import shutil
import subprocess
import warnings

import pytest
from pptx import Presentation

from cvo_workshop.engine.backlog import build
from cvo_workshop.model.backlog import Horizon
from tests.backlog_fixtures import sample

# A 1 x 1 PNG, white.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de"
    "0000000c4944415408d763f8ffff3f0005fe02fea7d6a4c00000000049454e44ae426082"
)


@pytest.fixture
def workshop(tmp_path):
    play = sample()
    path = tmp_path / "acme.workshop.jsonl"
    play.save(path)
    return path, build(play.state)


def _titles(path) -> list[str]:
    prs = Presentation(str(path))
    return [s.shapes.title.text_frame.text for s in prs.slides if s.shapes.title is not None]


def _all_text(path) -> str:
    out = []
    for slide in Presentation(str(path)).slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                out.append(shape.text_frame.text)
    return "\n".join(out)


def test_the_deck_is_written_beside_the_workshop_file_with_a_slide_per_top_item(cli, workshop):
    path, backlog = workshop
    result = cli("backlog", "export", path, "--format", "pptx", "--top", "2")
    assert result.exit_code == 0, result.output
    out = path.with_name("acme.backlog.pptx")
    assert f"Wrote {out} ({len(backlog.items)} items)." in result.stderr
    titles = _titles(out)
    assert [t for t in titles if t.startswith("#")] == [
        f"#{i.rank} {i.title}" for i in backlog.items[:2]
    ]


def test_the_template_option_uses_the_firm_s_layouts(cli, workshop, tmp_path):
    path, _ = workshop
    firm = Presentation()
    firm_file = tmp_path / "firm.pptx"
    firm.save(str(firm_file))
    out = tmp_path / "deck.pptx"
    result = cli("backlog", "export", path, "--format", "pptx", "--template", firm_file, "-o", out)
    assert result.exit_code == 0, result.output
    prs = Presentation(str(out))
    assert prs.slide_width == firm.slide_width  # 4:3: the firm's, not the default 16:9
    assert {s.slide_layout.name for s in prs.slides} == {
        "Title Slide",
        "Title and Content",
        "Title Only",
    }


def test_a_template_that_is_not_a_presentation_is_refused_and_nothing_written(
    cli, workshop, tmp_path
):
    path, _ = workshop
    bad = tmp_path / "firm.pptx"
    bad.write_text("not a deck")
    out = tmp_path / "deck.pptx"
    result = cli("backlog", "export", path, "--format", "pptx", "--template", bad, "-o", out)
    assert result.exit_code == 1
    assert f"{bad}: not a PowerPoint presentation (.pptx)" in result.stderr
    assert "Traceback" not in result.output
    assert not out.exists()


PPTX_MAIN = b"presentationml.presentation.main+xml"


def _as_template(pptx: bytes, main_type: str) -> bytes:
    """The presentation saved as PowerPoint saves a template (.potx): only the main
    part's content type differs."""
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(pptx)) as zin, zipfile.ZipFile(out, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "[Content_Types].xml":
                pptx_type = b"application/vnd.openxmlformats-officedocument." + PPTX_MAIN
                data = data.replace(pptx_type, main_type.encode())
            zout.writestr(item, data)
    return out.getvalue()


def test_a_potx_template_is_used_like_a_pptx_and_the_deck_is_a_pptx(cli, workshop, tmp_path):
    path, _ = workshop
    buf = io.BytesIO()
    Presentation().save(buf)
    potx = tmp_path / "firm.potx"
    potx_type = "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml"
    potx.write_bytes(_as_template(buf.getvalue(), potx_type))
    out = tmp_path / "deck.pptx"
    result = cli("backlog", "export", path, "--format", "pptx", "--template", potx, "-o", out)
    assert result.exit_code == 0, result.output
    prs = Presentation(str(out))  # python-pptx opens presentations only
    assert {s.slide_layout.name for s in prs.slides} >= {"Title Slide", "Title Only"}


def test_a_template_python_pptx_cannot_open_is_said_without_python_internals(
    cli, workshop, tmp_path
):
    path, _ = workshop
    buf = io.BytesIO()
    Presentation().save(buf)
    potm = tmp_path / "firm.potm"  # a macro-enabled template
    main = "application/vnd.ms-powerpoint.template.macroEnabled.main+xml"
    potm.write_bytes(_as_template(buf.getvalue(), main))
    out = tmp_path / "deck.pptx"
    result = cli("backlog", "export", path, "--format", "pptx", "--template", potm, "-o", out)
    assert result.exit_code == 1
    assert f"{potm}: not a PowerPoint presentation (.pptx) the deck can use" in result.stderr
    assert "_io" not in result.stderr and "object at 0x" not in result.stderr
    assert main in result.stderr
    assert not out.exists()


def test_a_template_lacking_a_layout_is_refused_naming_it(cli, workshop, tmp_path):
    path, _ = workshop
    firm = Presentation()
    firm.slide_layouts.get_by_name("Title Slide").name = "Cover"
    firm_file = tmp_path / "firm.pptx"
    firm.save(str(firm_file))
    out = tmp_path / "deck.pptx"
    result = cli("backlog", "export", path, "--format", "pptx", "--template", firm_file, "-o", out)
    assert result.exit_code == 1
    assert f"{firm_file}: the template has no layout named 'Title Slide'" in result.stderr
    assert not out.exists()


def test_a_4000_character_owner_exports_cut_and_warned(cli, tmp_path):
    from cvo_workshop.model.grooming import ItemEdited

    play = sample()
    item = build(play.state).items[0]
    play.add(ItemEdited(at=play.at(), item=item.id, field="owner", value="Ana " * 1000))
    path = tmp_path / "long.workshop.jsonl"
    play.save(path)
    out = tmp_path / "deck.pptx"
    result = cli("backlog", "export", path, "--format", "pptx", "-o", out)
    assert result.exit_code == 0, result.output
    assert f"warning: item #{item.rank}: Owner cut to 600 of" in result.stderr
    assert "(cut: the full text is in the report)" in _all_text(out)


def _brand(tmp_path, text: str):
    (tmp_path / "logo.png").write_bytes(PNG)
    f = tmp_path / "brand.yaml"
    f.write_text(text)
    return f


def test_the_brand_file_names_consultant_client_and_puts_its_logo_on_the_slides(
    cli, workshop, tmp_path
):
    path, _ = workshop
    brand = _brand(
        tmp_path,
        "format: cvo-workshop/brand-1\nconsultant: Northwind Consulting\nclient: Acme Inc\n"
        "title: Personalization roadmap\nconfidential: 'Confidential: Acme only'\n"
        "version: 1.2\ndate: 2026-12-01\nlogo: logo.png\ncolour: '#224466'\n",
    )
    out = tmp_path / "deck.pptx"
    result = cli("backlog", "export", path, "--format", "pptx", "--brand", brand, "-o", out)
    assert result.exit_code == 0, result.output
    assert _titles(out)[0] == "Personalization roadmap"
    text = _all_text(out)
    assert "Prepared by Northwind Consulting" in text and "1 December 2026 · version 1.2" in text
    assert "Confidential: Acme only · Northwind Consulting for Acme Inc · version 1.2" in text
    pictures = [s for sl in Presentation(str(out)).slides for s in sl.shapes if s.shape_type == 13]
    assert pictures  # the logo


def test_options_override_the_brand_file(cli, workshop, tmp_path):
    path, _ = workshop
    brand = _brand(tmp_path, "client: Acme Inc\ntitle: Old title\n")
    out = tmp_path / "deck.pptx"
    result = cli(
        "backlog", "export", path, "--format", "pptx", "--brand", brand,
        "--title", "New title", "--confidential", "Internal", "-o", out,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert _titles(out)[0] == "New title"
    assert "Internal · Acme Inc" in _all_text(out)


def test_without_a_brand_the_foot_of_a_slide_stays_neutral(cli, workshop, tmp_path):
    path, _ = workshop
    out = tmp_path / "deck.pptx"
    assert cli("backlog", "export", path, "--format", "pptx", "-o", out).exit_code == 0
    text = _all_text(out)
    assert "Confidential" not in text and "Prepared by" not in text
    assert "Acme Outdoor · " in text


def test_a_bad_colour_in_the_brand_file_is_a_located_error(cli, workshop, tmp_path):
    path, _ = workshop
    brand = _brand(tmp_path, "client: Acme\ncolour: red\n")
    out = tmp_path / "deck.pptx"
    result = cli("backlog", "export", path, "--format", "pptx", "--brand", brand, "-o", out)
    assert result.exit_code == 1
    assert f"{brand}:2:9: colour: expected a colour as #RRGGBB" in result.stderr
    assert not out.exists()


def test_a_date_that_is_no_real_day_in_the_brand_file_names_the_field(cli, workshop, tmp_path):
    path, _ = workshop
    brand = _brand(tmp_path, "client: Acme\ndate: 2026-02-30\n")
    out = tmp_path / "deck.pptx"
    result = cli("backlog", "export", path, "--format", "pptx", "--brand", brand, "-o", out)
    assert result.exit_code == 1
    assert f"{brand}:2:7: date: cannot read '2026-02-30' as a date" in result.stderr
    assert not out.exists()


def test_a_brand_file_of_a_newer_format_says_so_as_a_workshop_file_does(cli, workshop, tmp_path):
    path, _ = workshop
    brand = tmp_path / "brand.yaml"
    brand.write_text("format: cvo-workshop/brand-2\nclient: Acme\n")
    result = cli("backlog", "export", path, "--format", "pdf", "--brand", brand)
    assert result.exit_code == 1
    assert result.stderr == (
        f"{brand}:1:9: format: written by a newer cvo-workshop (format cvo-workshop/brand-2; "
        "this one reads cvo-workshop/brand-1)\n"
    )


def test_a_logo_that_is_not_an_image_is_a_located_error(cli, workshop, tmp_path):
    path, _ = workshop
    (tmp_path / "logo.gif").write_bytes(b"GIF89a....")
    brand = tmp_path / "brand.yaml"
    brand.write_text("client: Acme\nlogo: logo.gif\n")
    result = cli("backlog", "export", path, "--format", "pdf", "--brand", brand)
    assert result.exit_code == 1
    assert f"{brand}:2:7: logo: logo.gif: not a PNG or JPEG image" in result.stderr


@pytest.mark.parametrize("fmt", ["pdf", "pptx"])
def test_a_damaged_logo_is_a_located_error_not_a_traceback(cli, workshop, tmp_path, fmt):
    path, _ = workshop
    (tmp_path / "logo.png").write_bytes(PNG[:40])  # starts like a PNG, cut off
    brand = tmp_path / "brand.yaml"
    brand.write_text("client: Acme\nlogo: logo.png\n")
    out = tmp_path / f"out.{fmt}"
    result = cli("backlog", "export", path, "--format", fmt, "--brand", brand, "-o", out)
    assert result.exit_code == 1
    assert f"{brand}:2:7: logo: logo.png: a damaged image, unreadable" in result.stderr
    assert not out.exists()


def test_a_logo_that_is_no_image_at_all_is_said_without_python_internals(cli, workshop, tmp_path):
    path, _ = workshop
    (tmp_path / "logo.png").write_bytes(PNG[:8] + bytes(40))  # a PNG's signature only
    brand = tmp_path / "brand.yaml"
    brand.write_text("client: Acme\nlogo: logo.png\n")
    result = cli("backlog", "export", path, "--format", "pdf", "--brand", brand)
    assert result.exit_code == 1
    assert result.stderr == (
        f"{brand}:2:7: logo: logo.png: a damaged image, unreadable (cannot identify image file)\n"
    )


@pytest.mark.parametrize(("width", "height"), [(12_000, 12_000), (20_000, 20_000)])
def test_a_logo_of_too_many_pixels_is_refused_before_it_is_decoded(
    cli, workshop, tmp_path, width, height
):
    from PIL import Image

    path, _ = workshop
    Image.new("1", (width, height)).save(tmp_path / "logo.png")  # small file, huge image
    brand = tmp_path / "brand.yaml"
    brand.write_text("client: Acme\nlogo: logo.png\n")
    out = tmp_path / "out.pdf"
    with warnings.catch_warnings(record=True) as warned:
        warnings.simplefilter("always")
        result = cli("backlog", "export", path, "--format", "pdf", "--brand", brand, "-o", out)
    assert result.exit_code == 1
    assert result.stderr == (
        f"{brand}:2:7: logo: logo.png: too large for a logo ({width * height // 10**6} "
        "megapixels; at most 50): save it smaller\n"
    )
    assert not [w for w in warned if "DecompressionBomb" in w.category.__name__]
    assert not out.exists()


def test_a_version_written_as_a_number_is_text_and_true_is_refused(cli, workshop, tmp_path):
    path, _ = workshop
    brand = tmp_path / "brand.yaml"
    brand.write_text("version: 2\n")
    out = tmp_path / "out.pptx"
    assert (
        cli("backlog", "export", path, "--format", "pptx", "--brand", brand, "-o", out).exit_code
        == 0
    )
    brand.write_text("version: true\n")
    result = cli("backlog", "export", path, "--format", "pptx", "--brand", brand, "-o", out)
    assert result.exit_code == 1 and f"{brand}:1:10: version" in result.stderr


def test_a_missing_logo_is_a_located_error(cli, workshop, tmp_path):
    path, _ = workshop
    brand = tmp_path / "brand.yaml"
    brand.write_text("logo: nowhere.png\n")
    result = cli("backlog", "export", path, "--format", "pptx", "--brand", brand)
    assert result.exit_code == 1
    assert f"{brand}:1:7: logo: {tmp_path / 'nowhere.png'}: no such file" in result.stderr


def test_horizon_leaves_the_other_items_out_of_every_format(cli, workshop, tmp_path):
    path, backlog = workshop
    now = [i for i in backlog.items if i.horizon is Horizon.NOW]
    later = [i for i in backlog.items if i.horizon is not Horizon.NOW]
    assert now and later
    for fmt in ("md", "pptx"):
        out = tmp_path / f"now.{fmt}"
        result = cli("backlog", "export", path, "--format", fmt, "--horizon", "now", "-o", out)
        assert result.exit_code == 0, result.output
        text = out.read_text() if fmt == "md" else _all_text(out)
        assert all(i.title in text for i in now)
        assert not any(i.title in text for i in later), fmt


def test_the_export_dialog_lists_the_slide_deck():
    from cvo_workshop.service.exports import FORMATS

    assert FORMATS["pptx"].label == "Slide deck (PowerPoint)"
    assert FORMATS["pptx"].suffix == ".pptx"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice (soffice)")
@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler-utils")
def test_every_slide_renders_through_libreoffice_to_a_non_blank_picture(cli, workshop, tmp_path):
    from PIL import Image

    path, _ = workshop
    out = tmp_path / "deck.pptx"
    assert cli("backlog", "export", path, "--format", "pptx", "-o", out).exit_code == 0
    profile = tmp_path / "lo-profile"  # a profile of its own: no clash with a running office
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(out)],
        check=True, capture_output=True, timeout=240,
    )  # fmt: skip
    subprocess.run(
        ["pdftoppm", "-png", "-r", "30", str(tmp_path / "deck.pdf"), str(tmp_path / "s")],
        check=True,
        timeout=120,
    )
    pngs = sorted(tmp_path.glob("s-*.png"))
    assert len(pngs) == len(Presentation(io.BytesIO(out.read_bytes())).slides)
    for png in pngs:
        image = Image.open(png).convert("L")
        w, h = image.size
        assert abs(w / h - 16 / 9) < 0.02
        lo, hi = image.getextrema()
        assert lo < 100 and hi > 240  # ink on a light slide, not blank


def test_the_brand_file_s_template_is_used_and_the_option_wins_over_it(cli, workshop, tmp_path):
    from pptx.util import Inches

    path, _ = workshop
    four_three = Presentation()  # 10 x 7.5 in
    four_three.save(str(tmp_path / "firm.pptx"))
    wide = Presentation()
    wide.slide_width = Inches(12)
    wide.save(str(tmp_path / "other.pptx"))
    brand = _brand(tmp_path, "client: Acme\ntemplate: firm.pptx\n")
    out = tmp_path / "deck.pptx"
    args = ("backlog", "export", path, "--format", "pptx", "--brand", brand, "-o", out)
    assert cli(*args).exit_code == 0
    assert Presentation(str(out)).slide_width == four_three.slide_width
    assert cli(*args, "--template", tmp_path / "other.pptx").exit_code == 0
    assert Presentation(str(out)).slide_width == Inches(12)


def test_an_item_without_a_score_reads_not_scored_not_what_to_enter(cli, tmp_path):
    from tests.backlog_fixtures import card

    play = sample()
    play.draw(card("gift-finder"), "new", impact=2)  # one factor of three
    path = tmp_path / "acme.workshop.jsonl"
    play.save(path)
    result = cli("backlog", "export", path, "--format", "pptx")
    assert result.exit_code == 0, result.output
    text = _all_text(path.with_name("acme.backlog.pptx"))
    assert "Now · Customization · RICE: not scored" in text
    assert "needs Impact" not in text and "needs Confidence" not in text
