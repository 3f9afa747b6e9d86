"""`cvo-workshop backlog ...`: the prioritized backlog of a workshop file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from cvo_workshop.commands._files import refuse_binary_on_terminal
from cvo_workshop.commands._out import echo, print_export, print_json
from cvo_workshop.commands._print_options import bleed_option, cut_lines_option, offset_option
from cvo_workshop.commands._text import TEXT
from cvo_workshop.engine.text import counted

if TYPE_CHECKING:
    from cvo_workshop.model.backlog import Backlog, Horizon

#: service/exports.FORMATS' names, spelled here so `--help` imports no model
#: (a test keeps the two the same).
FORMAT_NAMES = ("csv", "md", "json", "pdf", "pptx", "cards", "poster")
#: Papers: the report and the cards print on a sheet, the poster on a large one.
SHEET_PAPERS = ("a4", "letter")
POSTER_PAPERS = ("a3", "a2", "tabloid")
#: Wall card sizes and card backs (export/sheet.CARD_SIZES_MM, export/sheet.Backs).
CARD_SIZES = ("a6", "a5", "index", "poker")
BACKS = ("none", "duplex", "fold")


def load_backlog(path: Path) -> Backlog:
    """The backlog a workshop file holds, its warnings said on stderr."""
    from cvo_workshop.service.backlog import backlog_of

    found = backlog_of(path)
    for warning in found.warnings:
        echo(f"warning: {warning}", err=True)
    return found.backlog


def _horizons(ctx: click.Context, param: click.Parameter, value: str) -> list:
    """--horizon: names, comma-separated, in any case and spacing (" NOW , next")."""
    from cvo_workshop.engine.backlog import HORIZONS

    names = [h.strip().lower() for h in value.split(",")]
    names = [n for n in names if n]
    known = {h.value: h for h in HORIZONS}
    expected = "expected now, next, later or blocked, comma-separated"
    if not names:
        raise click.BadParameter(f"no horizon given; {expected}")
    unknown = [n for n in names if n not in known]
    if unknown:
        raise click.BadParameter(f"{', '.join(map(repr, unknown))}: {expected}")
    return [h for h in HORIZONS if h.value in names]


@click.group()
def backlog() -> None:
    """The prioritized backlog: show it, export it, print its JSON Schema, read test
    results back from the tracker."""


@backlog.command()
@click.argument("workshop_file", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMAT_NAMES),
    default="md",
    show_default=True,
    help="csv for Jira/Linear/Trello imports, md for wikis, json for programs, "
    "pdf for the report, pptx for a slide deck, cards for wall cards, poster for the "
    "roadmap on one large page.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Where to write (csv/md/json: stdout when left out; pdf/pptx/cards: beside the "
    "workshop file).",
)
@click.option(
    "--paper",
    type=click.Choice([*SHEET_PAPERS, *POSTER_PAPERS]),
    help="Paper: a4 (default) or letter for pdf and cards; a3 (default), a2 or "
    "tabloid for the poster.",
)
@click.option(
    "--size",
    type=click.Choice(CARD_SIZES),
    default="a6",
    show_default=True,
    help="Wall card size (cards): a6 or a5, index (6 x 4 in), poker (63 x 88 mm, "
    "to hold in the hand).",
)
@click.option(
    "--backs",
    type=click.Choice(BACKS),
    default="duplex",
    show_default=True,
    help="Card backs with the test plan and notes (cards): duplex prints them on the "
    "sheet's back, fold beside the fronts, none leaves them out.",
)
@click.option(
    "--horizon",
    "horizons",
    default="now,next,later,blocked",
    show_default=True,
    callback=_horizons,
    help="Horizons to export, comma-separated (every format: the other items are left out).",
    type=TEXT,
)
@bleed_option(" (cards)")
@offset_option(" (cards)")
@cut_lines_option(" (cards)")
@click.option(
    "--png",
    "png_item",
    metavar="ITEM",
    help="Write one wall card (an item's id, d12, or rank, 12) as a 300 dpi PNG to "
    "-o instead of the PDF (cards).",
    type=TEXT,
)
@click.option(
    "--font",
    type=click.Path(path_type=Path, dir_okay=False),
    help="A TrueType font (.ttf) for characters the built-in font lacks: Chinese, "
    "Japanese, Korean, emoji (pdf, cards, poster).",
)
@click.option(
    "--top",
    type=click.IntRange(min=0),
    default=10,
    show_default=True,
    help="Items with a slide of their own (pptx).",
)
@click.option(
    "--template",
    type=click.Path(path_type=Path, dir_okay=False),
    help="A PowerPoint file whose layouts the slides use, by name: Title Slide, "
    "Title and Content, Title Only (pptx).",
)
@click.option(
    "--brand",
    "brand_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="A brand file (YAML): consultant, client, title, confidentiality line, version, "
    "date, logo, colours, template (every format but csv).",
)
@click.option("--consultant", help="Who made it (overrides the brand file's).", type=TEXT)
@click.option("--client", help="Whom it is for (overrides the brand file's).", type=TEXT)
@click.option("--title", help="The deliverable's title (overrides the brand file's).", type=TEXT)
@click.option(
    "--confidential",
    metavar="LINE",
    help="A line at every page's foot (overrides the brand file's).",
    type=TEXT,
)
@click.option(
    "--version",
    "version",
    help="The deliverable's version (overrides the brand file's).",
    type=TEXT,
)
def export(
    workshop_file: Path,
    fmt: str,
    output: Path | None,
    paper: str | None,
    size: str,
    backs: str,
    horizons: list[Horizon],
    font: Path | None,
    bleed: float,
    offset: tuple[float, float],
    cut_lines: bool,
    png_item: str | None,
    top: int,
    template: Path | None,
    brand_file: Path | None,
    consultant: str | None,
    client: str | None,
    title: str | None,
    confidential: str | None,
    version: str | None,
) -> None:
    """Export WORKSHOP_FILE's backlog.

    \b
    Examples:
      cvo-workshop backlog export acme.workshop.jsonl --format csv -o acme.csv
      cvo-workshop backlog export acme.workshop.jsonl --format pdf
      cvo-workshop backlog export acme.workshop.jsonl --format cards --size a6
      cvo-workshop backlog export acme.workshop.jsonl --format poster --paper a2
      cvo-workshop backlog export acme.workshop.jsonl --format pptx --brand firm.yaml
    """
    from cvo_workshop.service.exports import (
        FORMATS,
        ExportOptions,
        branding,
        check_export,
        default_output,
        render_export,
        write_card_png,
        write_export,
    )
    from cvo_workshop.store.output import is_stdout, named

    to_terminal = (output is None or is_stdout(output)) and not FORMATS[fmt].binary
    if png_item is not None:
        refuse_binary_on_terminal(output, "a PNG picture", "card.png")
    elif FORMATS[fmt].binary:
        label = FORMATS[fmt].label
        what = f"the {label[0].lower()}{label[1:]}"  # "the backlog report (PDF)"
        refuse_binary_on_terminal(output, what, default_output(workshop_file, fmt).name)
    if output is not None and not to_terminal:
        check_export(output, inputs=[workshop_file])  # before reading: a missing folder, say
    if png_item is not None and (fmt != "cards" or output is None):
        raise click.BadParameter(
            "--png writes one wall card: use it with --format cards and -o FILE.png",
            param_hint="'--png'",
        )
    pdfs = [name for name, f in FORMATS.items() if f.suffix.endswith(".pdf")]
    if font is not None and fmt not in pdfs:
        # As --png and --paper: an option the format would not use is refused, not ignored.
        raise click.BadParameter(
            f"--font applies to PDF formats only ({', '.join(pdfs)}); {fmt} does not use it",
            param_hint="'--font'",
        )
    poster = fmt == "poster"
    papers = POSTER_PAPERS if poster else SHEET_PAPERS
    if paper is not None and paper not in papers:
        what = "the poster prints" if poster else "the report and the cards print"
        raise click.BadParameter(
            f"{paper}: {what} on {' or '.join(papers)}", param_hint="'--paper'"
        )
    brand = branding(
        brand_file,
        template,
        consultant=consultant,
        client=client,
        title=title,
        confidential=confidential,
        version=version,
    )
    data = load_backlog(workshop_file)
    if offset != (0.0, 0.0) and backs != "duplex":
        echo("warning: --offset moves duplex back pages; ignored without them", err=True)
        offset = (0.0, 0.0)
    options = ExportOptions(
        paper=SHEET_PAPERS[0] if poster or paper is None else paper,
        backs=backs,
        horizons=horizons,
        size=size,
        bleed_mm=bleed,
        offset_mm=offset,
        cut_lines=cut_lines,
        poster_paper=paper if poster and paper is not None else POSTER_PAPERS[0],
        font=font,
        top=top,
        **brand,
    )
    if png_item is not None:
        assert output is not None
        done = write_card_png(
            data, png_item, output, options, inputs=[workshop_file], source=str(workshop_file)
        )
        for warning in done.warnings:
            echo(f"warning: {warning}", err=True)
        echo(f"Wrote item {png_item} as a 300 dpi PNG to {named(output)}.", err=True)
        return
    if to_terminal:
        # On a terminal, control characters are shown; -o keeps the data exactly.
        text = render_export(data, fmt, options, source=str(workshop_file)).data.decode("utf-8")
        (print_json if fmt == "json" else print_export)(text)
        return
    output = output or default_output(workshop_file, fmt)
    done = write_export(
        data, fmt, output, options, inputs=[workshop_file], source=str(workshop_file)
    )
    for warning in done.warnings:
        echo(f"warning: {warning}", err=True)
    count = done.count
    echo(f"Wrote {named(output)} ({count} item{'' if count == 1 else 's'}).", err=True)


@backlog.command()
@click.argument("workshop_file", type=click.Path(path_type=Path, dir_okay=False))
def show(workshop_file: Path) -> None:
    """The backlog of WORKSHOP_FILE as a table: rank, item, horizon, score, why."""
    from rich.table import Table

    from cvo_workshop.commands._out import KIND_STYLE, console, text
    from cvo_workshop.engine.dealing import maturity_label
    from cvo_workshop.model.backlog import BY_HAND

    data = load_backlog(workshop_file)
    out = console()
    level = maturity_label(data.maturity, data.assessment)
    out.print(
        text(f"{data.workshop.organization} · {data.framework.label} · maturity {level}", "bold")
    )
    if not data.items:
        out.print("No item was accepted yet.")
    table = Table(show_lines=False, pad_edge=False)
    for col in ("#", "Item", "Horizon", "Score", "Why"):
        table.add_column(col, overflow="fold")
    for i in data.items:
        table.add_row(
            str(i.rank),
            text(i.title, KIND_STYLE.get(i.kind.value, "")),
            i.horizon.label + (f" {BY_HAND}" if i.by_hand else ""),
            text(i.breakdown.text),
            text(i.why),
        )
    if data.items:
        out.print(table)
    if data.parked or data.rejected:
        out.print(f"Parking lot: {len(data.parked)} · rejected: {len(data.rejected)}")


@backlog.command()
def schema() -> None:
    """The JSON Schema of `backlog export --format json`."""
    from cvo_workshop.export.backlog_files import json_schema_text

    print_json(json_schema_text())


@backlog.command()
@click.argument("workshop_file", type=click.Path(path_type=Path, dir_okay=False))
@click.argument("tracker_csv", type=click.Path(path_type=Path, dir_okay=False))
def results(workshop_file: Path, tracker_csv: Path) -> None:
    """Read test results back from the tracker: TRACKER_CSV is the backlog CSV
    (`backlog export --format csv`) with its Result (won, lost or inconclusive),
    Measured lift (+12%) and Learning columns filled in. They become grooming
    edits of WORKSHOP_FILE (undoable); an empty cell changes nothing, and nothing
    is written when a row is wrong.
    """
    from cvo_workshop.service.backlog import import_results

    done = import_results(workshop_file, tracker_csv)
    if not done.items:
        echo(f"No result in {tracker_csv} differs from {workshop_file}: nothing changed.")
        return
    echo(f"Read the results of {counted(len(done.items), 'item')} into {workshop_file}:")
    for item, title in done.items.items():
        echo(f"  {item}  {title}")
