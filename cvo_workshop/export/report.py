"""The backlog report: a PDF a consultant hands to the client.

    pdf, warnings = render_report(backlog, paper="a4")

Cover, contents (with PDF bookmarks), the maturity summary (charts when an
assessment is attached), the roadmap as now / next / later columns, the
prioritized table, a section per item, the parking lot and the rejected
draws. Running header and footer with page numbers on every page after the
cover. Every piece of text from people goes through `_para`, which escapes it
for reportlab and records the characters the font lacks (warnings, never
silent boxes).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from cvo_workshop import __version__
from cvo_workshop.engine.backlog import (
    HORIZONS,
    LIVE_HEADING,
    live_origin,
    plan_facts,
    score_line,
    score_text,
    set_aside_score,
)
from cvo_workshop.engine.dealing import maturity_label
from cvo_workshop.engine.frameworks import definition, factor_words
from cvo_workshop.engine.gcpause import without_gc
from cvo_workshop.engine.maturity_view import maturity_view
from cvo_workshop.engine.text import counted
from cvo_workshop.export.backlog_cards import HORIZON_PALETTES, HORIZON_SYMBOLS
from cvo_workshop.export.backlog_files import cohorts_text
from cvo_workshop.export.fonts import (
    FAMILY,
    missing_summary,
    register_fonts,
    replace_missing,
    unprintable,
)
from cvo_workshop.export.literal import paragraph_text, plain_text, show_noncharacters
from cvo_workshop.export.report_summary import LOW_HANGING, date_words
from cvo_workshop.export.script import is_rtl, isolate, unmarked
from cvo_workshop.model.backlog import BY_HAND, Backlog, BacklogItem, Horizon, SetAside
from cvo_workshop.model.brand import NEUTRAL, Brand
from cvo_workshop.model.card import RecipeCard
from cvo_workshop.model.maturity import MaturityResult
from cvo_workshop.model.questionnaire import Questionnaire

INK = "#1d1d1f"
MUTED = "#6e6e6e"
RULE = "#d0d0d5"
ACCENT = "#1f4e82"
#: The report's colour for each tone of engine/maturity_view.
TONE_COLOUR = {"muted": MUTED, "warning": "#9a5b00", "error": "#a4161a", "agreed": "#2d6a30"}
PAPER_SIZES = {"a4": (595.2756, 841.8898), "letter": (612.0, 792.0)}


@dataclass
class _Glyphs:
    """Characters the font lacks, with every field they were met in (for the warnings)."""

    seen: dict[str, set[str]] = field(default_factory=dict)

    def check(self, text: str, where: str) -> str:
        for ch in unprintable(text):
            self.seen.setdefault(ch, set()).add(where)
        # Also what prints in another form ("Ｂｅｎ" as "Ben"), which is not missing.
        return replace_missing(text)

    def found(self) -> list[tuple[str, str]]:
        """(field, character) for every field a character was missing in."""
        return [(where, ch) for ch, fields in self.seen.items() for where in sorted(fields)]


@cache
def _paragraph_class() -> type:
    """A Paragraph that tells the text object drawing it the paragraph's
    direction (its style's `rtl`, set for right-to-left paragraphs; left to
    right otherwise), so that the part of a paragraph split across pages is laid
    out as the whole is, whatever word its first line starts with."""
    from reportlab.platypus import Paragraph

    class DirectedParagraph(Paragraph):
        def beginText(self, x: float, y: float) -> Any:
            tx = super().beginText(x, y)
            tx.rtl = getattr(self.style, "rtl", False)
            return tx

    return DirectedParagraph


class _Report:
    def __init__(
        self,
        backlog: Backlog,
        paper: str,
        questionnaire: Questionnaire | None = None,
        brand: Brand = NEUTRAL,
        logo: bytes | None = None,
        whole: Backlog | None = None,
    ):
        from reportlab.lib import colors
        from reportlab.lib.enums import TA_LEFT
        from reportlab.lib.styles import ParagraphStyle

        register_fonts()
        self.b = backlog
        #: The backlog this one is a part of (--horizon): the matrix splits where it does.
        self.whole = whole
        self.questionnaire = questionnaire
        self.brand = brand
        self.logo = logo
        #: The deliverable's date: the brand's, else the day it is made.
        self.date = brand.date or dt.date.today()
        accent = brand.colour or ACCENT
        self.paper = PAPER_SIZES[paper]
        self.glyphs = _Glyphs()
        self.colors = colors
        base = ParagraphStyle(
            "body",
            fontName=FAMILY.regular,
            fontSize=9.5,
            leading=13,
            textColor=INK,
            alignment=TA_LEFT,
        )
        self.s = {
            "body": base,
            "small": ParagraphStyle("small", parent=base, fontSize=8, leading=10.5),
            "muted": ParagraphStyle(
                "muted", parent=base, fontSize=8.5, leading=11, textColor=MUTED
            ),
            "cell": ParagraphStyle("cell", parent=base, fontSize=8, leading=10),
            "cellb": ParagraphStyle(
                "cellb", parent=base, fontSize=8, leading=10, fontName=FAMILY.bold
            ),
            "h1": ParagraphStyle(
                "h1",
                parent=base,
                fontName=FAMILY.bold,
                fontSize=17,
                leading=22,
                spaceBefore=4,
                spaceAfter=10,
                textColor=accent,
                keepWithNext=1,
            ),
            "h2": ParagraphStyle(
                "h2",
                parent=base,
                fontName=FAMILY.bold,
                fontSize=12,
                leading=15,
                spaceBefore=12,
                spaceAfter=4,
                keepWithNext=1,
            ),
            "h3": ParagraphStyle(
                "h3",
                parent=base,
                fontName=FAMILY.bold,
                fontSize=10,
                leading=13,
                spaceBefore=9,
                spaceAfter=2,
                textColor=accent,
                keepWithNext=1,
            ),
            "label": ParagraphStyle(
                "label",
                parent=base,
                fontName=FAMILY.bold,
                fontSize=7,
                leading=9,
                textColor=MUTED,
                spaceBefore=5,
            ),
            "cover_title": ParagraphStyle(
                "cover_title",
                parent=base,
                fontName=FAMILY.bold,
                fontSize=30,
                leading=36,
                textColor=accent,
                spaceAfter=8,
            ),
            "cover_sub": ParagraphStyle(
                "cover_sub",
                parent=base,
                fontSize=15,
                leading=20,
                textColor=INK,
                spaceAfter=18,
            ),
        }

    # --- text ----------------------------------------------------------------
    def para(self, text: Any, style: str = "body", where: str = "text", bold_lead: str = ""):
        checked = self.glyphs.check(plain_text(text), where)
        markup = paragraph_text(checked)
        if bold_lead:
            markup = f"<b>{paragraph_text(bold_lead)}</b> {markup}"
            checked = f"{bold_lead} {checked}"
        # A right-to-left paragraph (script.is_rtl) is aligned to the right, and
        # every line it wraps to is laid out right to left.
        return _paragraph_class()(markup, self._rtl(style) if is_rtl(checked) else self.s[style])

    def _rtl(self, style: str):
        from reportlab.lib.enums import TA_RIGHT
        from reportlab.lib.styles import ParagraphStyle

        name = f"{style}-rtl"
        if name not in self.s:
            self.s[name] = ParagraphStyle(name, parent=self.s[style], alignment=TA_RIGHT)
            self.s[name].rtl = True  # read by _paragraph_class()
        return self.s[name]

    def heading(self, text: str, level: int, key: str):
        """A heading that becomes a contents line and a PDF bookmark."""
        p = self.para(text, "h1" if level == 0 else "h2", where=f"heading {text[:30]}")
        # Read by the doc template: the marks keep "17." before an Arabic title on the
        # contents page; the PDF's outline (bookmarks) takes the text without them.
        p._bookmark = (key, level, plain_text(text))
        return p

    # --- sections ------------------------------------------------------------
    def cover(self) -> list:
        from reportlab.platypus import PageBreak, Spacer, Table, TableStyle

        w, brand = self.b.workshop, self.brand
        out: list = [self._logo(), Spacer(1, 90)] if self.logo else [Spacer(1, 90)]
        out.append(self.para(brand.title or "Personalization backlog", "cover_title", "title"))
        out.append(self.para(brand.client or w.organization, "cover_sub", "organization"))
        rows = [
            ("Prepared by", brand.consultant or ""),
            ("Date", date_words(self.date) if brand.date else ""),
            ("Version", brand.version or ""),
            ("Workshop", date_words(w.created)),
            ("Facilitator", w.facilitator or ""),
            (
                "Participants",
                ", ".join(p.name + (f" ({p.role})" if p.role else "") for p in w.participants),
            ),
            ("Goals", "\n".join(w.goals)),
            ("Deck", w.deck),
            ("Prioritized by", f"{self.b.framework.label}" + self._reach_words()),
            ("Maturity", self._maturity_words()),
        ]
        rows = [(k, v) for k, v in rows if v.strip()]
        counts = ", ".join(
            f"{len(self.b.horizon(h))} {h.label.lower()}" for h in HORIZONS if self.b.horizon(h)
        )
        rows.append(
            ("Backlog", counted(len(self.b.items), "item") + (f": {counts}" if counts else ""))
        )
        rows.append(("Set aside", f"{len(self.b.parked)} parked, {len(self.b.rejected)} rejected"))
        # A value of several lines (the goals) is a paragraph a line, each laid
        # out and aligned in its own direction: an Arabic goal under an English one.
        table = Table(
            [
                [self.para(k, "label"), [self.para(x, "body", k.lower()) for x in v.split("\n")]]
                for k, v in rows
            ],
            colWidths=[90, self.frame_width - 90],
        )
        table.setStyle(
            TableStyle(
                [
                    _CELL_FONT,
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.4, self.colors.HexColor(RULE)),
                    ("TOPPADDING", (0, 0), (-1, -1), 5),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
                ]
            )
        )
        out += [table, Spacer(1, 24)]
        out.append(
            self.para(
                f"Made with cvo-workshop {__version__} on {date_words(dt.date.today())}.", "muted"
            )
        )
        out.append(PageBreak())
        return out

    def _logo(self):
        """The brand's logo, top right of the cover, at most 50 pt tall and 160 wide."""
        from reportlab.platypus import Image

        from cvo_workshop.export.logo import fit_logo

        _, width, height = fit_logo(self.logo or b"", 160, 50)
        image = Image(io.BytesIO(self.logo or b""), width=width, height=height)
        image.hAlign = "RIGHT"
        return image

    def _reach_words(self) -> str:
        if not definition(self.b.framework).uses_reach:
            return ""
        return f"; reach as {self.b.reach_basis.label}"

    def _maturity_words(self) -> str:
        m = self.b.maturity
        if m is None and self.b.assessment is None:
            return maturity_label(None, None)
        if self.b.assessment is not None:
            a = self.b.assessment
            return (
                f"{m.label if m else 'below Incidental'} (capability {a.overall_progress:.1f}"
                f" of 4, mean {a.mean_progress:.1f}; strategy {a.stage.label.lower()})"
            )
        assert m is not None
        return f"{m.label} (set by hand)"

    def contents(self) -> list:
        """Contents pages, reserved now and filled in when the document is saved:
        how many lines there will be is known before layout, their page numbers
        only after (one layout pass instead of reportlab's multiBuild)."""
        from reportlab.platypus import PageBreak

        # (text, bookmark key) in the order the headings come: each line links to its section.
        plan = [
            ("Executive summary", "summary"),
            ("Maturity", "maturity"),
            ("Value and effort", "matrix"),
            ("Roadmap", "roadmap"),
            ("Prioritized backlog", "table"),
        ]
        if self.b.items:  # no appendix without items
            plan.append(("Appendix: items", "items"))
        plan += [(f"{i.rank}. {isolate(i.title)}", f"item-{i.id}") for i in self.b.items]
        parts = self._set_aside_parts()
        if parts:
            plan.append(("Parking lot and rejected", "set-aside"))
            plan += [(name, f"set-aside-{key}") for name, _, key in parts]
        if self.b.live:
            plan.append((f"{LIVE_HEADING} ({len(self.b.live)})", "live"))
        entries = [key for _, key in plan]
        per_page = int(self.toc_height // TOC_LEADING)
        pages = max(1, -(-len(entries) // per_page))
        self.toc_pages = pages
        self.toc_per_page = per_page
        out: list = [self.heading("Contents", 0, "contents")]
        for k in range(pages):
            keys = entries[k * per_page : (k + 1) * per_page]
            out.append(_ContentsPage(k, self.toc_height, keys, self.frame_width))
            out.append(PageBreak())
        return out

    def summary(self) -> list:
        """The executive summary: one page of sentences, before any data."""
        from reportlab.platypus import PageBreak

        from cvo_workshop.export.report_summary import summarize

        n = len(self.b.assessment.disagreements) if self.b.assessment else 0
        s = summarize(self.b, n, self.brand.client)
        out: list = [self.heading("Executive summary", 0, "summary")]
        out.append(self.block(s.headline, "summary", size=12, space_before=0))
        parts = [
            ("Gap to target", s.gaps),
            ("Low-hanging fruit to start now", s.low_hanging),
            ("What unlocks the blocked items", s.unlocks),
        ]
        for title, lines in parts:
            out += self._summary_part(title, lines)
        if s.effort:
            out.append(self.para("Effort per horizon", "h3"))
            rows = [[h, n, pm] for h, n, pm in s.effort]
            has_pm = any(pm for _, _, pm in s.effort)
            widths = [80, 70, 120] if has_pm else [80, 70]
            table = self._table(
                [["Horizon", "Items", "Effort"][: len(widths)]] + [r[: len(widths)] for r in rows],
                widths,
            )
            for t in table:
                t.hAlign = "LEFT"
            out += table
        for title, lines in (
            ("Owners", s.owners),
            ("Decisions to take", s.decisions),
            ("Next steps", s.next_steps),
        ):
            out += self._summary_part(title, lines)
        out.append(PageBreak())
        return out

    def _summary_part(self, title: str, lines: list[str]) -> list:
        if not lines:
            return []
        return [
            self.para(title, "h3"),
            *(self.block(f"• {line}", "summary", size=9.5, space_before=1) for line in lines),
        ]

    def matrix(self) -> list:
        """Score against effort, a bubble an item (numbered by rank, area = reach)."""
        from reportlab.platypus import PageBreak

        from cvo_workshop.export.report_charts import matrix_points, quadrants, value_effort
        from cvo_workshop.export.report_summary import ranks_text

        placed = matrix_points(self.b, self.whole)
        points, left_out = placed.points, placed.left_out
        out: list = [PageBreak(), self.heading("Value and effort", 0, "matrix")]
        out.append(
            self.para(
                "Each bubble is a backlog item, numbered as in the prioritized backlog."
                " Higher is more valuable (the score); further right is more effort. The"
                " dashed lines split the backlog at its median score and effort.",
                "muted",
            )
        )
        if not points:
            out.append(self.para("No item has both a score and an effort to place."))
            return [*out, PageBreak()]
        chart = value_effort(
            placed, self.frame_width, min(self.frame_width * 0.95, self.frame_height - 220)
        )
        out.append(chart)
        for name, ranks in quadrants(placed).items():
            if ranks:
                out.append(self.block(ranks_text(ranks), "matrix", label=f"{name}:", size=9))
        if left_out:
            label = "Not placed (no score or effort):"
            out.append(self.block(ranks_text(left_out), "matrix", label=label, size=9))
        out.append(PageBreak())
        return out

    def maturity(self) -> list:
        out: list = [self.heading("Maturity", 0, "maturity")]
        a = self.b.assessment
        if a is None:
            if self.b.maturity:
                how = f"The facilitator set the capability level by hand: {self.b.maturity.label}."
            else:
                how = (
                    "No level was set either, so every card is planned as if the organization"
                    " were Incidental. A maturity assessment with the team would place it."
                )
            out.append(self.para("No assessment is attached to this workshop. " + how))
            return out
        # The result's view (engine/maturity_view), as the command line and the
        # result screen show it: the PDF adds the charts and its colours only.
        view = maturity_view(a, self.questionnaire)
        out.append(self.para(view.headline))
        out.append(self._charts(a))
        for section in view.sections:
            out.append(self.para("", "small", bold_lead=section.title))
            for line in section.lines:
                lead = "    " * line.indent + ("• " if line.tone != "heading" else "")
                colour = TONE_COLOUR.get(line.tone, INK)
                out.append(self.block(lead + line.text, "maturity", size=8, colour=colour))
        return out

    def _charts(self, a: MaturityResult):
        from reportlab.platypus import Table

        from cvo_workshop.export.report_charts import radar, tactic_bars

        half = (self.frame_width - 10) / 2
        return Table(
            [[radar(a, half, 190), tactic_bars(a, half, 190)]],
            colWidths=[half + 5, half + 5],
            style=[_CELL_FONT],
        )

    def _table(
        self,
        rows: list[list[str]],
        widths: Sequence[float],
        repeat: int = 1,
        footnote: str = "",
    ):
        """A table (in chunks when long). A footnote is the last chunk's last row,
        which cannot be split from the rows above it: never alone on a page."""
        from reportlab.platypus import LongTable, TableStyle

        from cvo_workshop.export.report_text import cell, printable

        seen = self.glyphs.seen
        data = [
            [
                cell(printable(plain_text(c), "table", seen), w - 6, 8, bold=r == 0)
                for c, w in zip(row, widths, strict=True)
            ]
            for r, row in enumerate(rows)
        ]
        style = TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FAMILY.regular),
                ("FONTNAME", (0, 0), (-1, 0), FAMILY.bold),
                ("FONTSIZE", (0, 0), (-1, -1), 8),
                ("LEADING", (0, 0), (-1, -1), 10),
                ("TEXTCOLOR", (0, 0), (-1, -1), self.colors.HexColor(INK)),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, self.colors.HexColor(INK)),
                ("LINEBELOW", (0, 1), (-1, -1), 0.3, self.colors.HexColor(RULE)),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ]
        )
        out = []
        chunks = _chunks(data, repeat)
        for n, chunk in enumerate(chunks):
            t = LongTable(chunk, colWidths=list(widths), repeatRows=repeat)
            t.setStyle(style)
            if footnote and n == len(chunks) - 1:
                t = self._with_footnote(chunk, widths, repeat, style, footnote)
            out.append(t)
        return out

    def _with_footnote(self, chunk: list, widths: Sequence[float], repeat: int, style, note: str):
        from reportlab.platypus import LongTable

        from cvo_workshop.export.report_text import cell, printable

        text = printable(plain_text(note), "footnote", self.glyphs.seen)
        row = [cell(text, sum(widths) - 6, 8)] + [""] * (len(widths) - 1)
        t = LongTable([*chunk, row], colWidths=list(widths), repeatRows=repeat)
        t.setStyle(style)
        last = len(chunk)  # the footnote's row
        keep = max(repeat, last - 2)  # ...kept with the two rows above it
        t.setStyle(
            [
                ("SPAN", (0, last), (-1, last)),
                ("LINEBELOW", (0, last), (-1, last), 0, self.colors.white),
                ("TEXTCOLOR", (0, last), (-1, last), self.colors.HexColor(MUTED)),
                ("TOPPADDING", (0, last), (-1, last), 6),
                ("NOSPLIT", (0, keep), (-1, last)),
            ]
        )
        return t

    def block(
        self,
        text: str,
        where: str,
        *,
        label: str = "",
        size: float = 9.5,
        colour: str = INK,
        space_before: float = 2.0,
    ):
        from cvo_workshop.export.report_text import TextBlock, printable

        return TextBlock(
            printable(plain_text(text), where, self.glyphs.seen),
            label=printable(label, where, self.glyphs.seen),
            size=size,
            colour=colour,
            space_before=space_before,
        )

    def roadmap(self) -> list:
        """The now / next / later columns, on one page: a column too long for the
        page shows its first items and "and N more" (the table after lists all)."""
        from reportlab.platypus import KeepTogether

        shown = [h for h in HORIZONS if h is not Horizon.BLOCKED or self.b.horizon(h)]
        head = []
        for h in shown:
            # White on the dark bands, dark ink on the light one.
            ink = self.colors.HexColor(HORIZON_PALETTES[h].ink)
            self.s[f"head-{h.value}"] = self.s["cellb"].clone(f"head-{h.value}", textColor=ink)
            head.append(self.para(f"{HORIZON_SYMBOLS[h]} {h.label.upper()}", f"head-{h.value}"))
        heading = self.heading("Roadmap", 0, "roadmap")
        intro = self.para(
            "Now: what the organization can do with the capability it has. Next: one level"
            " up. Later: two or more. Blocked: waits for a card it requires."
            " Within each, items are in priority order.",
            "muted",
        )
        fw, room = self.frame_width, self.frame_height
        room -= sum(
            f.wrap(fw, room)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in (heading, intro)
        )
        # Each item's line is made once; the largest number of lines a column that
        # fits is found by bisection (the table's height grows with it), so a big
        # backlog costs a few table layouts, not one per item.
        lines = {
            h: [
                self.para(f"#{i.rank} {isolate(i.title)}", "cell", "roadmap")
                for i in self.b.horizon(h)
            ]
            for h in shown
        }
        depth = max((len(c) for c in lines.values()), default=0) or 1

        def fits(cap: int) -> bool:
            return self._roadmap_table(shown, head, lines, cap).wrap(fw, room)[1] <= room - 1

        from cvo_workshop.export.textfit import largest

        cap = largest(1, depth, fits)  # one line a column at least
        table = self._roadmap_table(shown, head, lines, cap)
        return [KeepTogether([heading, intro, table])]

    def _roadmap_table(self, shown: list[Horizon], head: list, lines: dict, cap: int):
        """The roadmap with at most `cap` lines a column (the last may say how many more)."""
        from reportlab.platypus import Table, TableStyle

        columns = []
        for h in shown:
            col = lines[h]
            if len(col) > cap:
                cut = max(cap - 1, 0)
                more = len(col) - cut
                tail = self.para(f"and {more} more (see the prioritized backlog)", "cell")
                col = [*col[:cut], tail]
            columns.append(col)
        depth = max((len(c) for c in columns), default=0) or 1
        rows = [[c[k] if k < len(c) else "" for c in columns] for k in range(depth)]
        style = [
            _CELL_FONT,
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 1), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 1), (-1, -1), 2),
            ("LINEAFTER", (0, 0), (-2, -1), 2, self.colors.white),
        ]
        for n, h in enumerate(shown):
            pal = HORIZON_PALETTES[h]
            style.append(("BACKGROUND", (n, 0), (n, 0), self.colors.HexColor(pal.colour)))
            style.append(("BACKGROUND", (n, 1), (n, -1), self.colors.HexColor(pal.tint)))
        t = Table([head, *rows], colWidths=[self.frame_width / len(shown)] * len(shown))
        t.setStyle(TableStyle(style))
        return t

    def table(self) -> list:
        out: list = [self.heading("Prioritized backlog", 0, "table")]
        if not self.b.items:
            out.append(self.para("No pairing was accepted in this workshop."))
            return out
        rows = [["#", "Item", "Cohorts", "Kind", "Score", "Horizon", "Owner"]]
        for i in self.b.items:
            flags = [BY_HAND] if i.by_hand else []
            if i.low_hanging:
                flags.append(LOW_HANGING)
            rows.append(
                [
                    str(i.rank),
                    i.title,
                    cohorts_text(i),
                    i.kind.label,
                    # The score alone: its breakdown is in the item's detail.
                    score_line(i),
                    "\n".join([i.horizon.label, *flags]),
                    i.owner,
                ]
            )
        fw = self.frame_width
        owner = self._owner_width([i.owner for i in self.b.items])
        widths = [22, 0.0, fw * 0.2, 66, 58, 66, owner]
        widths[1] = fw - sum(widths)
        note = ""
        if any(i.by_hand for i in self.b.items):
            note = f"{BY_HAND}: placed by hand by the facilitator, not by the score."
        if any(i.low_hanging for i in self.b.items):
            note = " ".join(
                [note, f"{LOW_HANGING}: ranked first in Now for its low capability and effort."]
            ).strip()
        out += self._table(rows, widths, footnote=note)
        return out

    def _owner_width(self, owners: list[str]) -> float:
        """Wide enough for the longest word of any owner (names are not broken
        mid-word), within a fifth of the page."""
        from cvo_workshop.export.textfit import text_width

        words = [w for o in owners for w in o.split()]
        longest = max((text_width(w, FAMILY.regular, 8) for w in words), default=0.0)
        return min(max(longest + 8, 50.0), self.frame_width * 0.2)

    def items(self) -> list:
        """A section an item, kept on one page when it fits on one (else it starts
        on a fresh page and runs on)."""
        from reportlab.platypus import KeepTogether, PageBreak

        if not self.b.items:
            return []
        out: list = [PageBreak()]
        above = [self.heading("Appendix: items", 0, "items")]  # never alone at the foot of a page
        for i in self.b.items:
            head = self.heading(f"{i.rank}. {isolate(i.title)}", 1, f"item-{i.id}")
            out.append(KeepTogether([*above, head, self._item_head(i), *self._item_body(i)]))
            above = []
        return out

    def _item_head(self, i: BacklogItem):
        h = i.horizon
        text = f"{h.label} · {i.kind.label} · {score_text(i)}"
        return self.block(text, "item", size=8, colour=MUTED, space_before=0)

    def _item_body(self, i: BacklogItem) -> list:
        card = i.card
        out: list = []
        if card.prompt:
            out.append(self.block(card.prompt, "prompt", space_before=3))
        out.append(self._field("Why here", i.why))
        out.append(self._field("For", cohorts_text(i, isolate)))
        desc = getattr(card, "description", "")
        if desc:
            out.append(self._field("The recipe", desc))
        if isinstance(card, RecipeCard):
            out.append(self._field("Data needed", "; ".join(card.data)))
            if card.content:
                out.append(self._field("Content needed", "; ".join(card.content)))
            out.append(self._field("KPIs", "; ".join(card.kpis)))
            if card.examples:
                out.append(self._field("Example", card.examples[0]))
        if i.kpi:
            out.append(self._field("KPI to watch", i.kpi))
        # Empty fields are left out (here as everywhere in the report), not printed
        # as placeholders a client would read as content.
        lines = [f"{label}: {isolate(text)}" for label, text in plan_facts(i)]
        if lines:
            out.append(self._field("Test plan", "\n".join(lines)))
        if i.owner:
            out.append(self._field("Owner", i.owner))
        if i.notes:
            out.append(self._field("Notes", i.notes))
        fw = i.breakdown.framework
        factors = "; ".join(
            factor_words(fw, k, f.shown, f.source) for k, f in i.breakdown.factors.items()
        )
        out.append(self._field("Score", f"{score_text(i)}\n{factors}"))
        return out

    def _field(self, label: str, text: str):
        return self.block(text, label.lower(), label=f"{label}:")

    def _set_aside_parts(self) -> list[tuple[str, Sequence[SetAside], str]]:
        """The parking lot and the rejected draws that have any (empty ones are left out)."""
        parts = (
            ("Parking lot", self.b.parked, "parked"),
            ("Rejected", self.b.rejected, "rejected"),
        )
        return [(f"{name} ({len(rows)})", rows, key) for name, rows, key in parts if rows]

    def set_aside(self) -> list:
        parts = self._set_aside_parts()
        if not parts:
            return []
        out: list = [self.heading("Parking lot and rejected", 0, "set-aside")]
        for name, rows, key in parts:
            out.append(self.heading(name, 1, f"set-aside-{key}"))
            out += self._set_aside_table(rows)
        return out

    def _set_aside_table(self, rows: Sequence[SetAside]):
        data = [["Draw", "Card", "Cohort", "Reason", "Score"]]
        for r in rows:
            data.append(
                [
                    str(r.draw),
                    r.title,
                    r.cohort.name,
                    r.reason + (f"\n{r.note}" if r.note else ""),
                    set_aside_score(r, self.b.framework),
                ]
            )
        fw = self.frame_width
        return self._table(data, [30, fw * 0.25, fw * 0.16, fw * 0.3, fw - 30 - fw * 0.71])

    def live(self) -> list:
        """The cards the organization already runs: not items, but they meet
        other items' requirements."""
        if not self.b.live:
            return []
        data = [["Card", "Said"]] + [[c.title, live_origin(c.draw)] for c in self.b.live]
        fw = self.frame_width
        heading = self.heading(f"{LIVE_HEADING} ({len(self.b.live)})", 0, "live")
        return [heading, *self._table(data, [fw * 0.7, fw * 0.3])]

    # --- page furniture ----------------------------------------------------------
    @property
    def frame_width(self) -> float:
        return self.paper[0] - 2 * 50

    @property
    def frame_height(self) -> float:
        return self.paper[1] - 115

    @property
    def toc_height(self) -> float:
        """A contents page's lines: the frame less room for the heading on the first."""
        return self.frame_height - 60

    def story(self) -> list:
        return [
            *self.cover(),
            *self.contents(),
            *self.summary(),
            *self.maturity(),
            *self.matrix(),
            *self.roadmap(),
            *self.table(),
            *self.items(),
            *self.set_aside(),
            *self.live(),
        ]


TOC_LEADING = 14.0
#: Every table's font, also where its cells hold flowables: reportlab's default
#: (Helvetica) would be referenced, unembedded, though nothing is drawn in it.
_CELL_FONT = ("FONTNAME", (0, 0), (-1, -1), FAMILY.regular)


class _ContentsPage:
    """Stands for one contents page; draws the form the canvas defines at the end."""

    def __new__(cls, k: int, height: float, keys: list[str], width: float):
        from reportlab.platypus import Flowable

        class ContentsPage(Flowable):
            def wrap(self, w: float, h: float) -> tuple[float, float]:
                # The same height on every contents page: the form is drawn once a page.
                self.width, self.height = w, height
                return self.width, self.height

            def draw(self) -> None:
                self.canv.doForm(f"contents-{k}")
                # A line is a link to its section's bookmark (the lines are where
                # _draw_contents puts them; the pages are known by name at save).
                y = height - TOC_LEADING
                for key in keys:
                    rect = (0, y - 3, width, y + TOC_LEADING - 3)
                    self.canv.linkRect("", key, rect, relative=1, thickness=0)
                    y -= TOC_LEADING

        return ContentsPage()


def _draw_contents(canvas: Any, k: int, entries: list, width: float, height: float, per: int):
    """Contents page k: a line an entry, dotted leaders, the page number at the right."""
    from reportlab.lib import colors

    from cvo_workshop.export.textfit import ellipsize, text_width

    canvas.beginForm(f"contents-{k}")
    y = height - TOC_LEADING
    for level, text, page in entries[k * per : (k + 1) * per]:
        font = FAMILY.bold if level == 0 else FAMILY.regular
        size = 10 if level == 0 else 8.5
        indent = 0 if level == 0 else 14
        number = str(page)
        room = width - indent - text_width(number, font, size) - 30
        line = replace_missing(text)
        if text_width(line, font, size) > room:
            line = ellipsize(line, font, size, room)
        canvas.setFont(font, size)
        canvas.setFillColor(colors.HexColor(INK))
        canvas.drawString(indent, y, line)
        canvas.drawRightString(width, y, number)
        start = indent + text_width(line, font, size) + 6
        end = width - text_width(number, font, size) - 6
        if end > start:
            canvas.setFillColor(colors.HexColor(RULE))
            canvas.setFont(FAMILY.regular, size)
            dots = "." * int((end - start) / text_width(".", FAMILY.regular, size))
            canvas.drawRightString(end, y, dots)
        y -= TOC_LEADING
    canvas.endForm()


#: Rows a table flowable holds at most. Reportlab re-copies the rest of a table
#: at every page it splits, which made a 2,000-row table quadratic; a long table
#: is several tables, each repeating the header (so a header may also show
#: mid-page where one ends and the next begins).
CHUNK_ROWS = 150

#: The page foot's type size, and the smallest it shrinks to before a part is cut.
FOOT_PT, FOOT_MIN_PT = 7.5, 6.0


def foot_lines(parts: Sequence[str], width: float) -> tuple[list[str], float]:
    """The page foot ("confidential line · consultant for client · version") in at most
    two lines of `width`, broken between parts, and its type size: smaller when two lines
    do not hold it; below FOOT_MIN_PT the parts before the last are cut with '…', never
    the last (the version, when there is one)."""
    from cvo_workshop.export.textfit import ellipsize, text_width

    font, sep = FAMILY.regular, " · "
    size = FOOT_PT

    def cut(text: str, room: float) -> str:
        fits = text_width(text, font, size) <= room
        return text if fits else ellipsize(text, font, size, room)

    while True:
        lines: list[str] = []
        for part in parts:
            if lines and text_width(lines[-1] + sep + part, font, size) <= width:
                lines[-1] += sep + part
            else:
                lines.append(part)
        if len(lines) <= 2 and all(text_width(x, font, size) <= width for x in lines):
            return lines, size
        if size <= FOOT_MIN_PT:
            break
        size -= 0.5
    if len(parts) == 1:
        return [cut(parts[0], width)], size
    first, *middle, last = parts
    if not middle:
        return [cut(first, width), cut(last, width)], size
    room = width - text_width(sep + last, font, size)
    return [cut(first, width), cut(sep.join(middle), room) + sep + last], size


def _chunks(data: list, header: int) -> list[list]:
    head, body = data[:header], data[header:]
    if len(body) <= CHUNK_ROWS:
        return [data]
    return [head + body[i : i + CHUNK_ROWS] for i in range(0, len(body), CHUNK_ROWS)]


@without_gc
def render_report(
    backlog: Backlog,
    *,
    paper: str = "a4",
    questionnaire: Questionnaire | None = None,
    brand: Brand = NEUTRAL,
    logo: bytes | None = None,
    whole: Backlog | None = None,
) -> tuple[bytes, list[str]]:
    """The report as PDF bytes, and warnings (characters the font lacks).

    `questionnaire`, when it is the one the assessment was scored on, gives the
    text of the questions respondents disagree on; without it they are counted.
    `brand` (and its `logo`'s bytes) titles the cover and signs every page's foot;
    without one the foot is neutral. `whole`, when `backlog` is a part of it
    (--horizon), places the items in its value and effort quadrants.
    """
    from reportlab.platypus import BaseDocTemplate, Frame, NextPageTemplate, PageTemplate

    from cvo_workshop.export.script import canvas_class
    from cvo_workshop.export.textfit import ellipsize, text_width

    # What people typed, before our own marks go in (literal.show_noncharacters).
    backlog, questionnaire, brand, whole = show_noncharacters(
        (backlog, questionnaire, brand, whole)
    )
    r = _Report(backlog, paper, questionnaire, brand, logo, whole)
    buf = io.BytesIO()
    org = plain_text(brand.client or backlog.workshop.organization)
    header = replace_missing(
        f"{isolate(org)} · {plain_text(brand.title or 'personalization backlog')}"
    )
    # Each part set apart: a right-to-left confidentiality line leaves the line left to right.
    foot = [replace_missing(plain_text(isolate(p))) for p in brand.footer_parts()]
    foot = foot or [f"cvo-workshop {__version__}"]
    stamp = f"{date_words(backlog.workshop.created)} · {backlog.framework.label}"

    entries: list[tuple[int, str, int]] = []  # (level, text, page) for the contents

    class Doc(BaseDocTemplate):
        def afterFlowable(self, flowable: Any) -> None:
            mark = getattr(flowable, "_bookmark", None)
            if mark is None:
                return
            key, level, text = mark
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(unmarked(text), key, level=level, closed=level == 0)
            if key != "contents":
                entries.append((level, text, self.page))

    class ReportCanvas(canvas_class()):  # type: ignore[misc]
        def save(self) -> None:
            # The contents pages were laid out empty; now every page number is known.
            for k in range(r.toc_pages):
                _draw_contents(self, k, entries, r.frame_width, r.toc_height, r.toc_per_page)
            self.beginForm("page-count")
            self.setFont(FAMILY.regular, 7.5)
            self.setFillColor(r.colors.HexColor(MUTED))
            self.drawString(0, 0, str(self.getPageNumber() - 1))
            self.endForm()
            self.showOutline()  # the bookmarks panel open on launch
            super().save()

    w, h = r.paper
    # "of Y": the page count is a form drawn once the last page is known.
    count_x = w - 50 - text_width("0000", FAMILY.regular, 7.5)
    foot_room = count_x - text_width("Page 0000 of ", FAMILY.regular, 7.5) - 68
    foot_said, foot_pt = foot_lines(foot, foot_room)
    doc = Doc(
        buf,
        pagesize=r.paper,
        leftMargin=50,
        rightMargin=50,
        topMargin=60,
        bottomMargin=55,
        title=f"{org}: {plain_text(brand.title or 'personalization backlog')}",
        author=plain_text(backlog.workshop.facilitator or "cvo-workshop"),
        subject="Prioritized, maturity-gated personalization backlog",
        creator=f"cvo-workshop {__version__}",
        lang="en",
        # reportlab's default first font is Helvetica, referenced unembedded on
        # every page though never drawn: start in the embedded family instead.
        initialFontName=FAMILY.regular,
        displayDocTitle=True,
    )
    frame = Frame(50, 55, w - 100, h - 115, id="body", leftPadding=0, rightPadding=0)

    def furniture(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(FAMILY.regular, 7.5)
        canvas.setFillColor(r.colors.HexColor(MUTED))
        canvas.drawRightString(w - 50, h - 38, stamp)
        # A long organization name is cut with an ellipsis before the stamp.
        room = w - 100 - text_width(stamp, FAMILY.regular, 7.5) - 18
        fits = text_width(header, FAMILY.regular, 7.5) <= room
        canvas.drawString(
            50, h - 38, header if fits else ellipsize(header, FAMILY.regular, 7.5, room)
        )
        canvas.setStrokeColor(r.colors.HexColor(RULE))
        canvas.setLineWidth(0.5)
        canvas.line(50, h - 43, w - 50, h - 43)
        canvas.line(50, 42, w - 50, 42)
        canvas.setFont(FAMILY.regular, foot_pt)
        for n, said in enumerate(foot_said):
            canvas.drawString(50, 30 - n * foot_pt * 1.2, said)
        canvas.setFont(FAMILY.regular, 7.5)
        canvas.drawRightString(count_x, 30, f"Page {doc.page} of ")
        canvas.saveState()
        canvas.translate(count_x, 30)
        canvas.doForm("page-count")
        canvas.restoreState()
        canvas.restoreState()

    doc.addPageTemplates(
        [
            PageTemplate(id="cover", frames=[frame]),
            PageTemplate(id="body", frames=[frame], onPage=furniture),
        ]
    )
    story = r.story()
    story.insert(0, NextPageTemplate("body"))
    doc.build(story, canvasmaker=ReportCanvas)
    warnings = missing_summary(r.glyphs.found())
    return buf.getvalue(), warnings
