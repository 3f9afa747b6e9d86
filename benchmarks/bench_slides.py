"""The slide deck (PPTX): 200 items against python-pptx's floor, in the same run.

The floor is python-pptx building the same slides plainly (the same layouts,
tables, charts and point labels, text set as it comes): what is left above it
is the deck's own work of measuring, cutting, flowing and styling text. The
two run in turn and each keeps its fastest run, so a noisy spell on a shared
machine does not decide their ratio.
"""

from __future__ import annotations

import io

from benchmarks._harness import Row, best_interleaved


def _floor(backlog, top: int) -> None:
    """The same deck built plainly: the same layouts, tables, charts and labels,
    text set as it comes (no measuring, cutting, flowing or fonts)."""
    from pptx import Presentation
    from pptx.chart.data import BubbleChartData, CategoryChartData
    from pptx.enum.chart import XL_CHART_TYPE
    from pptx.util import Inches

    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    content = prs.slide_layouts.get_by_name("Title and Content")
    only = prs.slide_layouts.get_by_name("Title Only")
    box = (Inches(0.5), Inches(1.5), Inches(12), Inches(5))

    def slide(layout, title: str):
        s = prs.slides.add_slide(layout)
        s.shapes.title.text_frame.text = title
        s.shapes.add_textbox(Inches(0.3), Inches(7), Inches(9), Inches(0.4)).text = "foot"
        return s

    slide(prs.slide_layouts.get_by_name("Title Slide"), "title")
    slide(content, "summary").placeholders[1].text_frame.text = "summary " * 80
    bars = CategoryChartData()
    bars.categories = ["People", "Process", "Technology"]
    bars.add_series("Now", (1.2, 1.3, 1.1))
    slide(only, "maturity").shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, *box, bars)
    bubbles = BubbleChartData()
    series = bubbles.add_series("items")
    for i in backlog.items:
        series.add_data_point(i.rank % 10 + 1, i.score or 0, 5)
    chart = slide(only, "matrix").shapes.add_chart(XL_CHART_TYPE.BUBBLE, *box, bubbles).chart
    for n, i in enumerate(backlog.items):
        chart.plots[0].series[0].points[n].data_label.text_frame.text = f"#{i.rank}"
    slide(only, "roadmap").shapes.add_table(10, 4, *box)
    for i in backlog.items[:top]:
        text = f"{i.title}\n{i.why}\n{i.breakdown.text}\n{i.owner}\n{i.notes}"
        slide(content, i.title).placeholders[1].text_frame.text = text
    for k in range(0, len(backlog.items), 9):
        rows = backlog.items[k : k + 9]
        table = slide(only, "appendix").shapes.add_table(len(rows) + 1, 6, *box).table
        for r, i in enumerate(rows, start=1):
            values = (str(i.rank), i.title, "cohorts", i.horizon.label, "score", i.owner)
            for c, value in enumerate(values):
                table.cell(r, c).text = value
    prs.save(io.BytesIO())


def _deck(backlog, top: int) -> None:
    from cvo_workshop.export.slides import render_slides

    render_slides(backlog, top=top)


def rows(quick: bool = False) -> list[Row]:
    from benchmarks.bench_backlog import workshop
    from cvo_workshop.engine.backlog import build
    from tests.maturity_fixtures import result

    backlog = build(workshop(200, realistic=True).state)
    backlog = backlog.model_copy(update={"assessment": result()})
    top = 10
    _deck(backlog, top)  # warm-up: imports, fonts
    t_deck, t_floor = best_interleaved(
        [lambda: _deck(backlog, top), lambda: _floor(backlog, top)], 2 if quick else 3
    )
    return [
        Row(
            figure="slide deck, 200 items (10 item slides)",
            value=t_deck,
            unit="s",
            target="< 2x floor",
            met=t_deck < 2 * t_floor,
            peer="python-pptx floor, same slides",
            peer_value=t_floor,
        ),
    ]
