"""The backlog report PDF: 200 items, and 2,000 against ten times that; the roadmap
poster (one page, whatever the backlog) for 2,000 items against 200.

Items carry cards as long as the built-in deck's. The peer of the 200-item
report is reportlab's floor: the same text drawn line by line with no layout.
The two reports run in turn and each keeps its fastest run, so a noisy spell
on a shared machine does not decide their ratio.
"""

from __future__ import annotations

import io

from benchmarks._harness import Row, best_interleaved, median_time


def _floor(backlog) -> None:
    from reportlab.pdfgen.canvas import Canvas

    from cvo_workshop.export.fonts import FAMILY, register_fonts

    register_fonts()
    c = Canvas(io.BytesIO(), pagesize=(595, 842))
    y = 800
    for item in backlog.items:
        card = item.card
        for line in (
            item.title,
            item.why,
            item.breakdown.text,
            card.prompt,
            *card.data,
            *card.kpis,
            *card.examples,
        ):
            c.setFont(FAMILY.regular, 9)
            c.drawString(50, y, line[:120])
            y -= 12
            if y < 60:
                c.showPage()
                y = 800
    c.save()


def _cold(backlog) -> None:
    """One report as a user's export makes it: in a fresh process, with the text
    caches empty (a repeat of the same report would find every line measured)."""
    from cvo_workshop.export import textfit
    from cvo_workshop.export.report import render_report

    textfit._resolve.cache_clear()
    textfit._unit_width.cache_clear()
    render_report(backlog)


def rows(quick: bool = False) -> list[Row]:
    from benchmarks.bench_backlog import workshop
    from cvo_workshop.engine.backlog import build
    from tests.maturity_fixtures import result

    # Both with an attached assessment, so both draw the maturity charts.
    small = build(workshop(200, realistic=True).state)
    small = small.model_copy(update={"assessment": result()})
    big = build(workshop(2000, realistic=True).state)
    big = big.model_copy(update={"assessment": result()})
    repeat = 2 if quick else 5
    floor = median_time(lambda: _floor(small), repeat=repeat)
    _cold(small)  # warm-up: imports, fonts
    t200, t2000 = best_interleaved([lambda: _cold(small), lambda: _cold(big)], 2 if quick else 3)
    from cvo_workshop.export.poster import render_poster

    # One page: a long backlog only lengthens the line naming the items left off.
    p200, p2000 = best_interleaved(
        [lambda: render_poster(small), lambda: render_poster(big)], 2 if quick else 3
    )
    return [
        Row(
            figure="roadmap poster, 2,000 items",
            value=p2000,
            unit="s",
            target="< 2x the 200-item poster",
            met=p2000 < 2 * p200,
            peer="the 200-item poster",
            peer_value=p200,
        ),
        Row(
            figure="backlog report, 200 items",
            value=t200,
            unit="s",
            target="< 1 s",
            met=t200 < 1.0,
            peer="reportlab floor, same text",
            peer_value=floor,
        ),
        Row(
            figure="backlog report, 2,000 items",
            value=t2000,
            unit="s",
            target="< 10x the 200-item report",
            met=t2000 < 10 * t200,
            peer="the 200-item report",
            peer_value=t200,
        ),
    ]
