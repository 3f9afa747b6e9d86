"""The backlog as a slide deck (PPTX) a consultant reworks in the firm's slides.

    data, warnings = render_slides(backlog, top=10, template=None)

Title, executive summary, maturity (a native bar chart), value / effort (a
native bubble chart, a series a quadrant), roadmap, a slide per top item, and
the whole backlog as an appendix table over as many slides as it needs.
Charts are PowerPoint's own, so the numbers stay editable. On a template
(`template`, the bytes of a .pptx) the slides use its layouts by name
(LAYOUTS); without one, PowerPoint's default layouts widened to 16:9.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
from collections.abc import Sequence
from typing import Any

from cvo_workshop.engine.backlog import HORIZONS, plan_facts, score_line, score_text
from cvo_workshop.engine.dealing import maturity_label
from cvo_workshop.engine.maturity import answer_words
from cvo_workshop.export.backlog_files import cohorts_text
from cvo_workshop.export.report_summary import (
    LOW_HANGING,
    date_words,
    ranks_text,
    ref,
    summarize,
)
from cvo_workshop.export.slides_text import Box, Para, capped, cut_to, flow, listed, literal
from cvo_workshop.model.backlog import BY_HAND, Backlog, BacklogItem, Horizon
from cvo_workshop.model.brand import NEUTRAL, Brand
from cvo_workshop.model.problem import InputError, Problem

#: The layouts a deck is made of, by the names PowerPoint gives them.
TITLE_LAYOUT = "Title Slide"
CONTENT_LAYOUT = "Title and Content"
TITLE_ONLY_LAYOUT = "Title Only"
LAYOUTS = (TITLE_LAYOUT, CONTENT_LAYOUT, TITLE_ONLY_LAYOUT)

INK = "1d1d1f"
MUTED = "6e6e6e"
ACCENT = "1f4e82"
SECOND = "b03a2e"
#: Quadrant colours, in QUADRANTS' order (quick wins first).
QUADRANT_COLOURS = ("2d6a30", "1f4e82", "9a9a9a", "a4161a")
HORIZON_COLOURS = {
    Horizon.NOW: "2d6a30",
    Horizon.NEXT: "1f4e82",
    Horizon.LATER: "6e6e6e",
    Horizon.BLOCKED: "a4161a",
}
#: Body text size in points: read across a room.
BODY_PT = 16.0
TABLE_PT = 11.0
#: Rows of the appendix table on one slide.
TABLE_ROWS = 9
#: Items in a roadmap column before "and N more".
ROADMAP_LINES = 9
EMU_PER_PT = 12700
#: Bubbles numbered on the matrix: past this many the numbers would cover each other.
LABELLED = 30
#: The matrix's bubbles: their size in percent of the viewer's default, and how
#: opaque their fill is (a bubble or label behind another shows through).
BUBBLE_SCALE = 40
BUBBLE_OPACITY = 0.6


def _rgb(hex6: str) -> Any:
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(hex6.lstrip("#"))


class _Deck:
    def __init__(
        self,
        b: Backlog,
        *,
        top: int,
        template: bytes | None,
        template_name: str,
        brand: Brand,
        logo: bytes | None,
        today: dt.date,
        whole: Backlog | None = None,
    ):
        self.b = b
        #: The backlog this one is a part of (--horizon): the matrix splits where it does.
        self.whole = whole
        self.top = top
        self.brand = brand
        self.logo = logo
        self.date = brand.date or today
        self.colour = (brand.colour or ACCENT).lstrip("#")
        self.second = (brand.accent or SECOND).lstrip("#")
        self.warnings: list[str] = []
        self.prs = _presentation(template, template_name)
        self.layouts = {name: self.prs.slide_layouts.get_by_name(name) for name in LAYOUTS}

    # --- slides and their parts ---------------------------------------------
    @property
    def width(self) -> int:
        return int(self.prs.slide_width)

    @property
    def height(self) -> int:
        return int(self.prs.slide_height)

    def new(self, layout: str, title: str) -> Any:
        slide = self.prs.slides.add_slide(self.layouts[layout])
        if slide.shapes.title is not None:
            self._title(slide.shapes.title, title)
        return slide

    def _title(self, shape: Any, text: str) -> None:
        box = _box_of(shape, 28.0)
        fitted = cut_to(literal(text), box.width, box.size, 2, note="…")
        if fitted != literal(text):
            self.warnings.append(f"slide {len(self.prs.slides)}: the title was cut to fit")
        tf = shape.text_frame
        tf.text = fitted
        for p in tf.paragraphs:
            for r in p.runs:
                r.font.size = _pt(box.size)
                r.font.color.rgb = _rgb(self.colour)

    def body_area(self, slide: Any) -> tuple[int, int, int, int]:
        """Where content goes: the layout's body placeholder (removed from the
        slide, which then holds a chart or a table there), else below the title."""
        for ph in list(slide.placeholders):
            if ph.placeholder_format.idx == 1:
                area = (int(ph.left), int(ph.top), int(ph.width), int(ph.height))
                ph._element.getparent().remove(ph._element)
                return area
        title = slide.shapes.title
        margin = int(self.width * 0.05)
        top = int(title.top + title.height) if title is not None else margin
        footer = int(self.height * 0.08)
        return (margin, top + margin // 4, self.width - 2 * margin, self.height - top - footer)

    def _layout_body(self, layout: str) -> tuple[int, int, int, int]:
        ph = _placeholder(self.layouts[layout], 1)
        if ph is None:
            m = int(self.width * 0.05)
            return (m, int(self.height * 0.2), self.width - 2 * m, int(self.height * 0.68))
        return (int(ph.left), int(ph.top), int(ph.width), int(ph.height))

    def text_slides(self, title: str, paras: list[Para], where: str) -> None:
        """Paragraphs in the body placeholder, onto further slides when they need them."""
        area = self._layout_body(CONTENT_LAYOUT)
        box = Box(area[2] / EMU_PER_PT - 14, area[3] / EMU_PER_PT - 10, BODY_PT)
        paras = [capped(p, where, self.warnings) for p in paras]
        pages = flow(paras, box, where, self.warnings)
        for n, page in enumerate(pages):
            shown = title if n == 0 else f"{title} (continued)"
            slide = self.new(CONTENT_LAYOUT, shown)
            self._fill(slide, area, page)
            self.furniture(slide)

    def _fill(self, slide: Any, area: tuple[int, int, int, int], paras: list[Para]) -> None:
        from pptx.enum.text import MSO_AUTO_SIZE

        body = _placeholder(slide, 1)
        if body is None:
            body = slide.shapes.add_textbox(*area)
        body.text_frame.auto_size = MSO_AUTO_SIZE.NONE
        self._write(body, paras, BODY_PT)

    def furniture(self, slide: Any) -> None:
        """The foot of a slide: the brand's line (neutral without one), the logo."""
        from pptx.util import Emu

        neutral = f"{literal(self.b.workshop.organization)} · {date_words(self.date)}"
        foot = self.brand.footer() or neutral
        h = int(self.height * 0.05)
        margin = int(self.width * 0.03)
        box = slide.shapes.add_textbox(
            Emu(margin), Emu(self.height - h - margin // 3), Emu(int(self.width * 0.75)), Emu(h)
        )
        box.name = "Footer"
        tf = box.text_frame
        width = self.width * 0.75 / EMU_PER_PT - 14
        tf.text = cut_to(literal(foot), width, 10, 1, note="…")
        run = tf.paragraphs[0].runs[0]
        run.font.size = _pt(10)
        run.font.color.rgb = _rgb(MUTED)
        if self.logo:
            lh = int(self.height * 0.06)
            pic = slide.shapes.add_picture(io.BytesIO(self.logo), 0, 0, height=Emu(lh))
            pic.left = Emu(self.width - margin - pic.width)
            pic.top = Emu(self.height - lh - margin // 3)

    # --- the slides ---------------------------------------------------------
    def title_slide(self) -> None:
        b = self.brand
        slide = self.new(TITLE_LAYOUT, b.title or "Personalization backlog")
        sub = _placeholder(slide, 1)
        lines = [
            b.client or self.b.workshop.organization,
            f"Prepared by {b.consultant}" if b.consultant else "",
            date_words(self.date) + (f" · version {b.version}" if b.version else ""),
        ]
        text = "\n".join(literal(x) for x in lines if x)
        if sub is not None:
            box = _box_of(sub, 20.0)
            sub.text_frame.text = cut_to(text, box.width, box.size, box.lines(), note="…")
        if self.logo:
            from pptx.util import Emu

            m = int(self.width * 0.04)
            logo = io.BytesIO(self.logo)
            pic = slide.shapes.add_picture(logo, 0, 0, height=Emu(self.height // 8))
            pic.left, pic.top = Emu(self.width - m - pic.width), Emu(m)
        if b.confidential:
            self.furniture(slide)

    def summary(self) -> None:
        n = len(self.b.assessment.disagreements) if self.b.assessment else 0
        s = summarize(self.b, n, self.brand.client)
        paras = [Para(s.headline)]
        for lead, lines in (
            ("Gap to target:", s.gaps),
            ("Low-hanging fruit to start now:", s.low_hanging),
            ("What unlocks the blocked items:", s.unlocks),
        ):
            if lines:
                paras.append(listed(lines, lead))
        if s.effort:
            effort = "; ".join(f"{h}: {n}" + (f", {pm}" if pm else "") for h, n, pm in s.effort)
            paras.append(Para(effort, "Effort per horizon:"))
        if s.owners:
            paras.append(listed(s.owners, "Owners:"))
        if s.decisions:
            paras.append(listed(s.decisions, "Decisions to take:"))
        if s.next_steps:
            paras.append(Para("", "Next steps:"))
            paras += [Para(step, level=1) for step in s.next_steps]
        self.text_slides("Executive summary", paras, "Executive summary")

    def maturity(self) -> None:
        """Capability per dimension against its target, as a native bar chart; the
        strategy tactics beside it in the answers' words."""
        from pptx.chart.data import CategoryChartData
        from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
        from pptx.util import Emu

        a = self.b.assessment
        if a is None:
            level = maturity_label(self.b.maturity, None)
            how = (
                f"The facilitator set the capability level: {level}."
                if self.b.maturity
                else "Not assessed yet: every card is planned as if the organization"
                " were Incidental. A maturity assessment with the team would place it."
            )
            self.text_slides("Maturity", [Para(how)], "Maturity")
            return
        slide = self.new(TITLE_ONLY_LAYOUT, "Maturity")
        left, top, width, height = self.body_area(slide)
        data = CategoryChartData(number_format="0.0")
        data.categories = [d.dimension.label for d in a.capability]
        data.add_series("Now", [round(d.progress, 1) for d in a.capability])
        if any(d.target for d in a.capability):
            data.add_series("Target", [d.target.rank if d.target else 0 for d in a.capability])
        chart_w = int(width * 0.58)
        frame = slide.shapes.add_chart(
            XL_CHART_TYPE.BAR_CLUSTERED, Emu(left), Emu(top), Emu(chart_w), Emu(height), data
        )
        chart = frame.chart
        chart.has_title = True
        chart.chart_title.text_frame.text = "Capability (levels 0-4)"
        axis = chart.value_axis
        axis.minimum_scale, axis.maximum_scale, axis.major_unit = 0, 4, 1
        axis.has_major_gridlines = True
        chart.category_axis.reverse_order = True  # people first, at the top
        chart.has_legend = True
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
        plot = chart.plots[0]
        plot.has_data_labels = True
        plot.data_labels.number_format, plot.data_labels.number_format_is_linked = "0.0", False
        for series, colour in zip(plot.series, (self.colour, self.second), strict=False):
            series.format.fill.solid()
            series.format.fill.fore_color.rgb = _rgb(colour)
        side = Box((width - chart_w) / EMU_PER_PT - 30, height / EMU_PER_PT - 10, 14.0)
        paras = [Para(f"{a.overall_progress:.1f} of 4, mean {a.mean_progress:.1f}", "Capability:")]
        paras.append(Para(a.stage.label, "Strategy:"))
        for t in a.strategy:
            paras.append(Para(answer_words(t.coverage), f"{t.tactic.value}:", level=1))
        pages = flow(paras, side, "Maturity", self.warnings)
        gap = 20 * EMU_PER_PT
        box = slide.shapes.add_textbox(
            Emu(left + chart_w + gap), Emu(top), Emu(width - chart_w - gap), Emu(height)
        )
        self._write(box, pages[0], 14.0)
        self.furniture(slide)

    def _write(self, shape: Any, paras: Sequence[Para], size: float) -> None:
        tf = shape.text_frame
        tf.word_wrap = True
        for n, para in enumerate(paras):
            p = tf.paragraphs[0] if n == 0 else tf.add_paragraph()
            p.level = para.level
            if para.lead:
                r = p.add_run()
                r.text = para.lead + " "
                r.font.bold = True
                r.font.size = _pt(size)
            r = p.add_run()
            r.text = para.text
            r.font.size = _pt(size)

    def matrix(self) -> None:
        """Score against effort, a bubble an item (area = reach), a series a quadrant."""
        from pptx.chart.data import BubbleChartData
        from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
        from pptx.util import Emu

        from cvo_workshop.export.report_charts import (
            QUADRANTS,
            label_text,
            matrix_points,
            quadrants,
            shared_labels,
        )

        placed = matrix_points(self.b, self.whole)
        if not placed.points:
            none = Para("No item has both a score and an effort to place.")
            self.text_slides("Value and effort", [none], "Value and effort")
            return
        slide = self.new(TITLE_ONLY_LAYOUT, "Value and effort")
        left, top, width, height = self.body_area(slide)
        by_rank = {p.rank: p for p in placed.points}
        groups = quadrants(placed)
        data = BubbleChartData()
        shown = []
        for name in QUADRANTS.values():
            ranks = groups[name]
            if not ranks:
                continue
            series = data.add_series(name)
            for r in ranks:
                p = by_rank[r]
                # A bubble of no reach would vanish: the smallest still shows.
                series.add_data_point(p.effort, p.score, max(p.reach, 1.0))
            shown.append((name, ranks))
        chart_w = int(width * 0.7)
        frame = slide.shapes.add_chart(
            XL_CHART_TYPE.BUBBLE, Emu(left), Emu(top), Emu(chart_w), Emu(height), data
        )
        chart = frame.chart
        chart.has_legend = True
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
        plot = chart.plots[0]
        plot.bubble_scale = BUBBLE_SCALE
        x, y = chart.category_axis, chart.value_axis
        # Round axes set here, not left to the viewer, so that where each number
        # lands is known: items whose numbers would overprint share one label
        # ("#1, #10"), as on the report's chart. The plot's size is a guess (about
        # what is left of the chart beside the axis titles, under the legend).
        y.minimum_scale = 0.0
        y.maximum_scale, y.major_unit = _round_axis(max(p.score for p in placed.points))
        x.has_title, y.has_title = True, True
        if placed.ease:
            x.axis_title.text_frame.text = "Ease (1-10): easier to the left"
            x.reverse_order = True
            x.minimum_scale, x.maximum_scale = 0, 11

            def across(v: float) -> float:  # 0 at the left, 1 at the right
                return (11 - v) / 11
        else:
            # Person-months on a log scale, as on the report's chart: 0.5 and 1
            # apart, and 120 on the same axis. Powers of 2, which the axis ticks.
            lo, hi = _log_axis([p.effort for p in placed.points])
            x.minimum_scale, x.maximum_scale, x.major_unit = lo, hi, None
            _log_scale(x, 2)
            x.axis_title.text_frame.text = "Effort (person-months, log scale)"

            def across(v: float) -> float:
                return math.log(max(v, lo) / lo) / math.log(hi / lo)

        plot_w, plot_h = 0.8 * chart_w / EMU_PER_PT, 0.65 * height / EMU_PER_PT
        # The largest bubble's diameter is a quarter of the plot's smaller side at a
        # bubble scale of 100% (PowerPoint's and LibreOffice's default), its area
        # the largest size; a label starts at its bubble's right edge.
        sizes = {p.rank: max(p.reach, 1.0) for p in placed.points}
        biggest = max(sizes.values())
        widest = BUBBLE_SCALE / 100 * 0.25 * min(plot_w, plot_h)

        def radius(rank: int) -> float:
            return widest / 2 * math.sqrt(sizes[rank] / biggest)

        # Numbered as on the report's chart ("1, 10"), in dark ink beside each
        # bubble: a bubble of little reach is smaller than its number, and white
        # digits on it vanished into the white plot. 10 pt digits, about 6 pt wide
        # and 8 pt high, need about 9 pt a line; a label's middle is about one
        # digit past the bubble's edge.
        places = [
            (
                across(p.effort) * plot_w + radius(p.rank) + 6,
                p.score / y.maximum_scale * plot_h,
                p.rank,
            )
            for p in placed.points
            if p.rank <= LABELLED
        ]
        labels = {ranks[0]: label_text(ranks) for *_, ranks in shared_labels(places, (6, 9))}
        colours = dict(zip(QUADRANTS.values(), QUADRANT_COLOURS, strict=True))
        for series, (name, ranks) in zip(plot.series, shown, strict=True):
            series.format.fill.solid()
            series.format.fill.fore_color.rgb = _rgb(colours[name])
            # See-through, with an outline: a label or bubble behind another shows.
            _alpha(series.format.fill.fore_color, BUBBLE_OPACITY)
            series.format.line.color.rgb = _rgb(colours[name])
            for n, r in enumerate(ranks):
                if r not in labels:
                    continue
                label = series.points[n].data_label
                label.position = XL_LABEL_POSITION.RIGHT
                label.text_frame.text = labels[r]
                run = label.text_frame.paragraphs[0].runs[0]
                run.font.size = _pt(10)
                run.font.bold = True
                run.font.color.rgb = _rgb(INK)
        y.axis_title.text_frame.text = f"Score ({self.b.framework.label})"
        y.has_major_gridlines = True
        numbered = "Numbered as in the backlog" + (
            f" (the first {LABELLED})." if len(placed.points) > LABELLED else "."
        )
        paras = [Para(f"Bubble area: {placed.reach_words}. {numbered}")]
        paras += [Para(ranks_text(ranks), f"{name}:") for name, ranks in shown]
        if placed.left_out:
            paras.append(Para(ranks_text(placed.left_out), "Not placed (no score or effort):"))
        side = Box((width - chart_w) / EMU_PER_PT - 30, height / EMU_PER_PT - 10, 13.0)
        paras = [capped(p, "Value and effort", self.warnings, 300) for p in paras]
        gap = 20 * EMU_PER_PT
        box = slide.shapes.add_textbox(
            Emu(left + chart_w + gap), Emu(top), Emu(width - chart_w - gap), Emu(height)
        )
        pages = flow(paras, side, "Value and effort", self.warnings)
        if len(pages) > 1:
            self.warnings.append("Value and effort: the quadrant lists were cut to fit the slide")
        self._write(box, pages[0], 13.0)
        self.furniture(slide)

    def roadmap(self) -> None:
        """Now / next / later (and blocked, when any) as columns of item titles."""
        from pptx.util import Emu

        shown = [h for h in HORIZONS if h is not Horizon.BLOCKED or self.b.horizon(h)]
        slide = self.new(TITLE_ONLY_LAYOUT, "Roadmap")
        left, top, width, height = self.body_area(slide)
        depth = max((len(self.b.horizon(h)) for h in shown), default=0)
        rows = min(max(depth, 1), ROADMAP_LINES) + 1
        row_h = int(height * 0.9 / (ROADMAP_LINES + 1))
        shape = slide.shapes.add_table(
            rows, len(shown), Emu(left), Emu(top), Emu(width), Emu(row_h * rows)
        )
        table = shape.table
        col_w = width / len(shown) / EMU_PER_PT - 12
        for c, h in enumerate(shown):
            table.columns[c].width = Emu(width // len(shown))
            head = table.cell(0, c)
            _cell_text(head, h.label.upper(), 14, bold=True, colour="ffffff")
            head.fill.solid()
            head.fill.fore_color.rgb = _rgb(HORIZON_COLOURS[h])
            items = self.b.horizon(h)
            lines = [cut_to(literal(ref(i)), col_w, TABLE_PT, 1, note="…") for i in items]
            if len(lines) > ROADMAP_LINES:
                more = len(lines) - ROADMAP_LINES + 1
                lines = [*lines[: ROADMAP_LINES - 1], f"and {more} more (see the appendix)"]
            table.rows[0].height = Emu(row_h)
            for r in range(1, rows):
                cell = table.cell(r, c)
                _cell_text(cell, lines[r - 1] if r - 1 < len(lines) else "", TABLE_PT)
                cell.fill.solid()
                cell.fill.fore_color.rgb = _rgb("f4f4f6" if r % 2 else "ffffff")
        self.furniture(slide)

    def items(self) -> None:
        for i in self.b.items[: self.top]:
            self.text_slides(f"#{i.rank} {i.title}", self._item_paras(i), f"item #{i.rank}")

    def _item_paras(self, i: BacklogItem) -> list[Para]:
        head = " · ".join([" ".join([i.horizon.label, *_flags(i)]), i.kind.label, score_text(i)])
        paras = [Para(head)]
        if i.card.prompt:
            paras.append(Para(i.card.prompt))
        fields = [
            ("Why here:", i.why),
            ("For:", cohorts_text(i)),
            ("Owner:", i.owner),
            ("KPI to watch:", i.kpi),
            *((f"{label}:", text) for label, text in plan_facts(i)),
            ("Notes:", i.notes),
        ]
        paras += [Para(text, lead) for lead, text in fields if text.strip()]
        return paras

    def appendix(self) -> None:
        """Every item as a table row, TABLE_ROWS a slide; long cells cut with "…"."""
        from pptx.util import Emu

        if not self.b.items:
            none = Para("No pairing was accepted.")
            self.text_slides("Appendix: the backlog", [none], "Appendix")
            return
        heads = ("#", "Item", "Cohorts", "Horizon", "Score", "Owner")
        shares = (0.05, 0.3, 0.24, 0.13, 0.1, 0.18)
        chunks = [self.b.items[k : k + TABLE_ROWS] for k in range(0, len(self.b.items), TABLE_ROWS)]
        cut = 0
        for n, chunk in enumerate(chunks):
            part = f" ({n + 1} of {len(chunks)})" if len(chunks) > 1 else ""
            title = "Appendix: the backlog" + part
            slide = self.new(TITLE_ONLY_LAYOUT, title)
            left, top, width, _ = self.body_area(slide)
            # Two lines of text a row at most (cells are cut to two), so a row's height is known.
            row_h = int((2 * TABLE_PT * 1.25 + 10) * EMU_PER_PT)
            rows = len(chunk) + 1
            shape = slide.shapes.add_table(
                rows, len(heads), Emu(left), Emu(top), Emu(width), Emu(row_h * rows)
            )
            table = shape.table
            for row in table.rows:
                row.height = Emu(row_h)
            widths = [width * s / EMU_PER_PT - 10 for s in shares]
            for c, (head, share) in enumerate(zip(heads, shares, strict=True)):
                table.columns[c].width = Emu(int(width * share))
                _cell_text(table.cell(0, c), head, TABLE_PT, bold=True, colour="ffffff")
            for r, i in enumerate(chunk, start=1):
                values = [
                    str(i.rank),
                    i.title,
                    cohorts_text(i),
                    " ".join([i.horizon.label, *_flags(i)]),
                    score_line(i),
                    i.owner,
                ]
                for c, value in enumerate(values):
                    text = literal(value)
                    fitted = cut_to(text, widths[c], TABLE_PT, 2, note="…")
                    cut += fitted != text
                    _cell_text(table.cell(r, c), fitted, TABLE_PT)
            self.furniture(slide)
        if cut:
            self.warnings.append(
                f"Appendix: {cut} cell{'s' if cut != 1 else ''} cut to two lines"
                " (the report and the CSV have every word)"
            )

    def build(self) -> bytes:
        self.title_slide()
        self.summary()
        self.maturity()
        self.matrix()
        self.roadmap()
        self.items()
        self.appendix()
        buf = io.BytesIO()
        self.prs.save(buf)
        return buf.getvalue()


def _flags(i: BacklogItem) -> list[str]:
    """The ranking flags the report's table shows too."""
    return ([BY_HAND] if i.by_hand else []) + ([LOW_HANGING] if i.low_hanging else [])


def _round_axis(most: float) -> tuple[float, float]:
    """An axis's maximum and step for values up to `most`: room above the largest
    bubble (as on the report's chart), rounded up to a whole step of `round_ticks`."""
    from cvo_workshop.export.report_charts import round_ticks

    top = most * 1.15 if most > 0 else 1.0
    step = round_ticks(top)[1]
    return math.ceil(top / step) * step, step


def _log_axis(values: Sequence[float]) -> tuple[float, float]:
    """A log axis's ends for efforts `values`: the report chart's room around the
    smallest and largest (from 0.5, the least effort, up to at least 8 times the
    start), widened to powers of 2 so that every tick is a round number."""
    shown = [v for v in values if v > 0]
    lo = min(0.5, *shown) / 1.6 if shown else 0.5 / 1.6
    hi = max(lo * 8, max(shown) * 1.6 if shown else 4.0)
    return 2.0 ** math.floor(math.log2(lo)), 2.0 ** math.ceil(math.log2(hi))


def _log_scale(axis: Any, base: int) -> None:
    """Set `axis` to a log scale of `base`: python-pptx has no property for it, so
    the chart XML's `c:scaling/c:logBase` (the first of `c:scaling`'s children)."""
    from pptx.oxml.ns import qn

    scaling = axis._element.scaling
    for old in scaling.findall(qn("c:logBase")):
        scaling.remove(old)
    scaling.insert(0, scaling.makeelement(qn("c:logBase"), {"val": str(base)}))


def _alpha(colour: Any, opacity: float) -> None:
    """Make an RGB colour (a python-pptx ColorFormat) `opacity` opaque: `a:alpha`
    in its `a:srgbClr`, which python-pptx does not set."""
    from pptx.oxml.ns import qn

    clr = colour._color._xClr
    for old in clr.findall(qn("a:alpha")):
        clr.remove(old)
    clr.append(clr.makeelement(qn("a:alpha"), {"val": str(round(opacity * 100000))}))


def _pt(size: float) -> Any:
    from pptx.util import Pt

    return Pt(size)


def _cell_text(cell: Any, text: str, size: float, *, bold: bool = False, colour: str = INK) -> None:
    """A table cell's text in one font, written as its XML at once: a long backlog's
    appendix has thousands of cells, and python-pptx's run-by-run setters made
    them most of the deck's time."""
    from xml.sax.saxutils import escape

    from pptx.oxml import parse_xml
    from pptx.oxml.ns import nsdecls

    props = (
        f'<a:rPr lang="en-US" sz="{round(size * 100)}" b="{int(bold)}" dirty="0">'
        f'<a:solidFill><a:srgbClr val="{colour}"/></a:solidFill></a:rPr>'
    )
    paras = "".join(
        f"<a:p><a:r>{props}<a:t>{escape(line)}</a:t></a:r></a:p>" if line else "<a:p/>"
        for line in text.split("\n")
    )
    body = parse_xml(f"<a:txBody {nsdecls('a')}><a:bodyPr/><a:lstStyle/>{paras}</a:txBody>")
    tc = cell._tc
    tc.replace(tc.get_or_add_txBody(), body)


def _placeholder(slide: Any, idx: int) -> Any:
    for ph in slide.placeholders:
        if ph.placeholder_format.idx == idx:
            return ph
    return None


def _box_of(shape: Any, size: float) -> Box:
    return Box(shape.width / EMU_PER_PT - 14, shape.height / EMU_PER_PT - 8, size)


def _drop_last_slide(prs: Any) -> None:
    ids = prs.slides._sldIdLst
    last = ids[-1]
    prs.part.drop_rel(last.rId)
    ids.remove(last)


def _presentation(template: bytes | None, name: str) -> Any:
    """The template's presentation with its own slides removed, or the default
    one widened to 16:9. InputError (naming the file) when the template is not a
    PowerPoint file or lacks a layout the deck needs."""
    from pptx import Presentation

    if template is None:
        prs = Presentation()
        _widen(prs)
        return prs
    try:
        prs = Presentation(io.BytesIO(_as_presentation(template)))
    except Exception as e:  # python-pptx raises zip, XML and key errors alike
        reason = type(e).__name__ if not str(e) else str(e).splitlines()[0]
        # python-pptx names the file it was given: here an object in memory
        reason = re.sub(r"^file '<[^']*>' is not a PowerPoint file, ", "", reason)[:160]
        raise InputError(
            Problem(name, f"not a PowerPoint presentation (.pptx) the deck can use: {reason}")
        ) from None
    have = [layout.name for layout in prs.slide_layouts]
    missing = [n for n in LAYOUTS if n not in have]
    if missing:
        raise InputError(
            Problem(
                name,
                f"the template has no layout named {', '.join(map(repr, missing))}; the slide"
                f" deck uses {', '.join(map(repr, LAYOUTS))}, and it has"
                f" {', '.join(map(repr, have)) or 'none'}",
            )
        )
    while len(prs.slides):
        _drop_last_slide(prs)
    return prs


#: A PowerPoint template's (.potx) main part, and a presentation's: python-pptx opens
#: the second only, though the parts are the same.
_TEMPLATE_MAIN = b"application/vnd.openxmlformats-officedocument.presentationml.template.main+xml"
_PRESENTATION_MAIN = (
    b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
)


def _as_presentation(data: bytes) -> bytes:
    """A template (.potx) as the presentation it is made from (a deck made on it is a
    .pptx); any other file as it is, for python-pptx to accept or refuse."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zin:
            types = zin.read("[Content_Types].xml")
            if _TEMPLATE_MAIN not in types:
                return data
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
                for item in zin.infolist():
                    part = zin.read(item.filename)
                    if item.filename == "[Content_Types].xml":
                        part = part.replace(_TEMPLATE_MAIN, _PRESENTATION_MAIN)
                    zout.writestr(item, part)
            return out.getvalue()
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError):
        return data  # not a zip, or a damaged one: python-pptx says what is wrong


def _widen(prs: Any) -> None:
    """PowerPoint's default template is 4:3: make it 16:9 (13.33 x 7.5 in) with every
    placeholder of the master and the layouts stretched across."""
    from pptx.util import Emu, Inches

    k = Inches(13.333) / prs.slide_width
    prs.slide_width, prs.slide_height = Emu(Inches(13.333)), Emu(Inches(7.5))
    masters = list(prs.slide_masters)
    for part in [*masters, *(layout for m in masters for layout in m.slide_layouts)]:
        for shape in part.placeholders:
            # Only where the shape says where it is: the others inherit it.
            if shape._element.xfrm is not None and shape.width is not None:
                shape.left, shape.width = Emu(int(shape.left * k)), Emu(int(shape.width * k))


def render_slides(
    backlog: Backlog,
    *,
    top: int = 10,
    template: bytes | None = None,
    template_name: str = "template",
    brand: Brand = NEUTRAL,
    logo: bytes | None = None,
    today: dt.date | None = None,
    whole: Backlog | None = None,
) -> tuple[bytes, list[str]]:
    """The deck as PPTX bytes, and what was cut to fit (warnings). `whole`, when
    `backlog` is a part of it (--horizon), places the items in its quadrants."""
    from cvo_workshop.export.literal import show_noncharacters

    # What people typed, shown before our own marks go in (and come off).
    backlog, brand, whole = show_noncharacters((backlog, brand, whole))
    deck = _Deck(
        backlog,
        top=top,
        template=template,
        template_name=template_name,
        brand=brand,
        logo=logo,
        today=today or dt.date.today(),
        whole=whole,
    )
    return deck.build(), deck.warnings
