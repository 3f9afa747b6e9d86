"""The slide deck (export/slides.py), opened again with python-pptx."""

from __future__ import annotations

import io
import math

import pytest
from pptx import Presentation

from cvo_workshop.engine.backlog import build
from cvo_workshop.export.slides import LAYOUTS, render_slides
from cvo_workshop.model.grooming import ItemEdited
from cvo_workshop.model.problem import InputError
from tests.backlog_fixtures import many, sample
from tests.maturity_fixtures import result


def _open(data: bytes):
    return Presentation(io.BytesIO(data))


def _texts(slide) -> str:
    out = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            out.append(shape.text_frame.text)
        if shape.has_table:
            out += [c.text for row in shape.table.rows for c in row.cells]
    return "\n".join(out)


def _titles(prs) -> list[str]:
    return [s.shapes.title.text_frame.text for s in prs.slides if s.shapes.title is not None]


@pytest.fixture(scope="module")
def assessed():
    backlog = build(sample(assessment=result(), maturity=None).state)
    data, warnings = render_slides(backlog)
    return backlog, _open(data), warnings


def test_the_deck_is_16_by_9(assessed):
    _, prs, _ = assessed
    assert abs(prs.slide_width / prs.slide_height - 16 / 9) < 0.01


def test_the_deck_has_its_parts_in_order(assessed):
    _, prs, warnings = assessed
    titles = _titles(prs)
    assert warnings == []
    assert titles[0] == "Personalization backlog"
    parts = ["Executive summary", "Maturity", "Value and effort", "Roadmap"]
    assert [t for t in titles if t in parts] == parts
    assert titles[-1].startswith("Appendix: the backlog")


def test_maturity_and_the_matrix_are_native_charts_not_pictures(assessed):
    _, prs, _ = assessed
    charts = {}
    for slide in prs.slides:
        for shape in slide.shapes:
            assert shape.shape_type != 13  # MSO_SHAPE_TYPE.PICTURE: no chart drawn as a picture
            if shape.has_chart:
                charts[slide.shapes.title.text_frame.text] = shape.chart
    assert set(charts) == {"Maturity", "Value and effort"}
    bars = charts["Maturity"]
    assert [s.name for s in bars.plots[0].series] == ["Now", "Target"]
    assert list(bars.plots[0].categories) == ["People", "Process", "Technology"]
    bubbles = charts["Value and effort"]
    names = {s.name for s in bubbles.plots[0].series}
    assert names <= {"Quick wins", "Big bets", "Fill-ins", "Money pits"} and names


def test_every_top_item_has_a_slide_with_its_title(assessed):
    backlog, prs, _ = assessed
    titles = _titles(prs)
    for item in backlog.items[:10]:
        assert f"#{item.rank} {item.title}" in titles


def test_top_sets_how_many_items_get_a_slide():
    backlog = build(many(12).state)
    prs = _open(render_slides(backlog, top=3)[0])
    titles = _titles(prs)
    assert [t for t in titles if t.startswith("#")] == [
        f"#{i.rank} {i.title}" for i in backlog.items[:3]
    ]


def test_the_appendix_lists_every_item_over_as_many_slides_as_it_needs():
    backlog = build(many(30).state)
    prs = _open(render_slides(backlog, top=0)[0])
    appendix = [s for s in prs.slides if s.shapes.title.text_frame.text.startswith("Appendix")]
    assert len(appendix) == 4  # 30 rows, 9 a slide
    assert appendix[0].shapes.title.text_frame.text == "Appendix: the backlog (1 of 4)"
    text = "\n".join(_texts(s) for s in appendix)
    assert all(i.title in text for i in backlog.items)


def _with_long_fields(n: int = 4000):
    play = sample()
    item = build(play.state).items[0].id
    word = "tenacious "
    long = (word * (n // len(word)))[:n]
    play.add(ItemEdited(at=play.at(), item=item, field="owner", value=long))
    play.add(ItemEdited(at=play.at(), item=item, field="notes", value=long))
    return build(play.state)


def test_a_4000_character_owner_and_note_are_cut_on_the_slide_and_warned():
    backlog = _with_long_fields()
    data, warnings = render_slides(backlog)
    prs = _open(data)
    first = f"#{backlog.items[0].rank} "
    slide = next(s for s in prs.slides if s.shapes.title.text_frame.text.startswith(first))
    text = _texts(slide)
    assert "(cut: the full text is in the report)" in text
    assert len(text) < 2500
    assert any("Owner cut to" in w for w in warnings)
    assert any("Notes cut to" in w for w in warnings)


def test_no_text_box_holds_more_lines_than_it_has_room_for():
    from cvo_workshop.export.slides_text import LEADING, line_count

    backlog = _with_long_fields()
    prs = _open(render_slides(backlog)[0])
    for slide in prs.slides:
        for shape in slide.placeholders:
            if shape.placeholder_format.idx != 1 or not shape.has_text_frame:
                continue
            lines = 0
            for p in shape.text_frame.paragraphs:
                size = max((r.font.size.pt for r in p.runs if r.font.size), default=16)
                lines += line_count(p.text, shape.width / 12700 - 14 - 18 * p.level, size)
            assert lines * size * LEADING <= shape.height / 12700


def test_text_is_literal_markup_and_controls_shown_not_acted_on():
    play = sample()
    item = build(play.state).items[0].id
    owner = "<b>Ana</b> [bold]&amp;\x1b[31m"
    play.add(ItemEdited(at=play.at(), item=item, field="owner", value=owner))
    prs = _open(render_slides(build(play.state))[0])
    text = "\n".join(_texts(s) for s in prs.slides)
    assert "<b>Ana</b> [bold]&amp;\\x1b[31m" in text


def test_the_template_s_layouts_are_used_by_name_and_its_own_slides_dropped(tmp_path):
    template = Presentation()  # 4:3, as a firm's older template may be
    template.slides.add_slide(template.slide_layouts[0])  # a sample slide of the firm's
    buf = io.BytesIO()
    template.save(buf)
    backlog = build(sample().state)
    prs = _open(render_slides(backlog, template=buf.getvalue(), template_name="firm.pptx")[0])
    assert prs.slide_width == template.slide_width  # the template's size, not ours
    assert _titles(prs)[0] == "Personalization backlog"
    used = {s.slide_layout.name for s in prs.slides}
    assert used == set(LAYOUTS)


def test_a_template_without_a_layout_is_refused_naming_the_file_and_the_layout():
    template = Presentation()
    template.slide_layouts.get_by_name("Title Only").name = "Heading only"
    buf = io.BytesIO()
    template.save(buf)
    with pytest.raises(InputError) as e:
        render_slides(build(sample().state), template=buf.getvalue(), template_name="firm.pptx")
    message = str(e.value)
    assert message.startswith("firm.pptx: ")
    assert "'Title Only'" in message and "'Heading only'" in message


def test_a_file_that_is_not_a_presentation_is_refused_naming_the_file():
    with pytest.raises(InputError) as e:
        render_slides(build(sample().state), template=b"%PDF-1.7 not a deck", template_name="x.pdf")
    assert str(e.value).startswith("x.pdf: not a PowerPoint presentation")


def test_no_assessment_says_so_in_client_words():
    backlog = build(sample(maturity=None).state)
    prs = _open(render_slides(backlog)[0])
    slide = next(s for s in prs.slides if s.shapes.title.text_frame.text == "Maturity")
    text = _texts(slide)
    assert "Not assessed yet" in text and "cvo-workshop" not in text


def test_a_heading_never_ends_a_slide_away_from_its_lines():
    from cvo_workshop.export.slides_text import Box, Para, flow

    box = Box(width=400, height=100, size=16)  # four lines a box
    paras = [Para("one"), Para("two"), Para("three"), Para("", "Next steps:"), Para("four")]
    pages = flow(paras, box, "here", [])
    assert [p.lead for p in pages[1]][:1] == ["Next steps:"]
    assert all(page[-1].text for page in pages)


def test_a_word_longer_than_a_line_counts_every_line_it_takes():
    # A URL or a line of CJK has no space to break at: it still takes its lines,
    # so it is cut or flowed rather than run off the slide.
    from cvo_workshop.export.slides_text import line_count

    one = line_count("x" * 20, 300, 16)
    assert one == 1
    assert line_count("x" * 200, 300, 16) >= 6


def test_an_item_slide_carries_its_test_plan_as_the_report_does():
    p = sample()
    for field, value in (
        ("hypothesis", "Because buyers see ads for what they bought, we expect fewer unsubscribes"),
        ("guardrails", "complaints"),
        ("baseline_rate", "20%"),
        ("outcome", "won"),
    ):
        p.add(ItemEdited(at=p.at(), item="d1", field=field, value=value))
    prs = _open(render_slides(build(p.state))[0])
    # the item's slide and the "(continued)" ones its text flows onto
    item = " ".join(_texts(s) for s in prs.slides if "#1 Exclusion list" in _texts(s))
    for label in (
        "Current state:",
        "Hypothesis:",
        "Guardrails: complaints",
        "Test size:",
        "Result: Won",
    ):
        assert label in item


def test_the_executive_summary_shows_control_characters_as_the_pdfs_do():
    p = sample()
    p.add(ItemEdited(at=p.at(), item="d1", field="owner", value="Ana\x1b[31m"))
    prs = _open(render_slides(build(p.state))[0])
    summary = next(_texts(s) for s in prs.slides if "Executive summary" in _texts(s))
    assert "Ana\\x1b[31m" in summary and "_x001B_" not in summary


def test_the_executive_summary_names_the_brand_s_client_when_given():
    from cvo_workshop.model.brand import Brand

    backlog = build(sample(assessment=result(), maturity=None).state)
    for brand, named in ((Brand(client="Acme Inc"), "Acme Inc"), (None, "Acme Outdoor")):
        prs = _open(render_slides(backlog, **({"brand": brand} if brand else {}))[0])
        summary = next(_texts(s) for s in prs.slides if "Executive summary" in _texts(s))
        assert f"{named} is at " in summary, summary


def _matrix_chart(prs):
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_chart and slide.shapes.title.text_frame.text == "Value and effort":
                return shape.chart
    raise AssertionError("no value and effort chart")


def test_items_at_one_place_on_the_matrix_share_one_label_as_in_the_report(cli, tmp_path):
    # The demo has #1 and #10 at one point, #5 and #14 a hair apart: their
    # labels printed over each other ("#1" on "#10"). Numbered as in the report.
    from cvo_workshop.service.backlog import backlog_of

    assert cli("demo", "-o", tmp_path / "d").exit_code == 0
    backlog = backlog_of(tmp_path / "d" / "demo.workshop.jsonl").backlog
    chart = _matrix_chart(_open(render_slides(backlog)[0]))
    labels = [
        point.data_label.text_frame.text
        for series in chart.plots[0].series
        for point in series.points
        if point.data_label.has_text_frame and point.data_label.text_frame.text
    ]
    assert "1, 10" in labels
    assert any({"5", "14"} <= set(label.split(", ")) for label in labels)
    numbered = [rank for label in labels for rank in label.split(", ") if rank != "…"]
    assert len(numbered) == len(set(numbered))  # no item numbered twice
    assert set(numbered) <= {str(i.rank) for i in backlog.items}


def test_the_matrix_score_axis_steps_by_round_numbers():
    chart = _matrix_chart(_open(render_slides(build(sample().state))[0]))
    axis = chart.value_axis
    assert axis.minimum_scale == 0 and axis.major_unit in (1, 2, 2.5, 5, 10, 20, 25, 50, 100)
    assert axis.maximum_scale % axis.major_unit == 0


def test_the_matrix_effort_axis_is_a_log_scale_of_round_powers_of_two_as_in_the_report():
    # Linear 0-150, items of 0.5 and 1 person-month fell on one spot.
    from pptx.oxml.ns import qn

    backlog = build(sample().state)
    efforts = [i.breakdown.factors["effort"].value for i in backlog.items]
    assert min(efforts) == 0.5 and 1 in efforts
    x = _matrix_chart(_open(render_slides(backlog)[0])).category_axis
    log = x._element.scaling.find(qn("c:logBase"))
    assert log is not None and log.get("val") == "2"
    assert x._element.scaling[0] is log  # first, as the schema orders c:scaling
    lo, hi = x.minimum_scale, x.maximum_scale
    assert lo <= 0.5 / 1.6 and hi >= max(efforts) * 1.6
    assert math.log2(lo).is_integer() and math.log2(hi).is_integer()
    assert x.major_unit is None  # a log axis ticks each power of its base
    assert "log scale" in x.axis_title.text_frame.text


def test_an_ease_axis_stays_linear_from_easy_to_hard():
    from pptx.oxml.ns import qn

    from cvo_workshop.model.workshop import Framework
    from tests.backlog_fixtures import Play, card, setup

    p = Play(setup(Framework.ICE))
    p.draw(card("a"), impact=7, confidence=5, ease=8)
    p.draw(card("b"), impact=4, confidence=6, ease=2)
    x = _matrix_chart(_open(render_slides(build(p.state))[0])).category_axis
    assert x._element.scaling.find(qn("c:logBase")) is None
    assert (x.minimum_scale, x.maximum_scale, x.reverse_order) == (0, 11, True)


def test_matrix_numbers_are_dark_beside_their_bubbles_not_white_inside_them():
    # White 10 pt digits on a bubble of little reach, smaller than they are,
    # vanished into the white plot.
    from pptx.enum.chart import XL_LABEL_POSITION

    from cvo_workshop.export.colours import grey_level

    chart = _matrix_chart(_open(render_slides(build(sample().state))[0]))
    labels = [
        p.data_label
        for series in chart.plots[0].series
        for p in series.points
        if p.data_label.has_text_frame and p.data_label.text_frame.text
    ]
    assert labels
    for label in labels:
        assert label.position == XL_LABEL_POSITION.RIGHT
        run = label.text_frame.paragraphs[0].runs[0]
        assert grey_level(f"#{run.font.color.rgb}") < 80, run.font.color.rgb


def test_a_summary_list_too_long_for_the_slide_keeps_whole_entries_and_counts_the_rest():
    play = many(30)
    for i, item in enumerate(build(play.state).items):
        owner = f"Owner number {i:02} of the customer team"
        play.add(ItemEdited(at=play.at(), item=item.id, field="owner", value=owner))
    data, warnings = render_slides(build(play.state))
    summary = _texts(next(s for s in _open(data).slides if "Executive summary" in _texts(s)))
    owners = next(line for line in summary.splitlines() if line.startswith("Owners:"))
    assert len(owners.removeprefix("Owners: ")) <= 600
    assert owners.endswith("more (the report lists them all)")
    last = owners.split("; ")[-2]  # the last entry shown is whole
    assert last.startswith("Owner number ") and last.endswith(tuple("0123456789"))
    assert not any("Owners cut" in w for w in warnings)


def test_the_effort_per_horizon_counts_the_items_not_estimated():
    from cvo_workshop.model.card import Capability, Effort, Kind
    from cvo_workshop.model.workshop import Framework
    from tests.backlog_fixtures import Play, card, setup

    p = Play(setup(Framework.RICE))
    quick = card("welcome", kind=Kind.AUTOMATION, cap=Capability.INCIDENTAL, effort=Effort.LOW)
    p.draw(quick, "everyone", impact=1, confidence=80, effort=1)
    p.draw(card("price-drop"), "everyone")  # accepted, never scored: no effort
    prs = _open(render_slides(build(p.state))[0])
    said = "\n".join(_texts(s) for s in prs.slides)
    assert "Now: 2 items, 1 person-month + 1 not estimated" in said
