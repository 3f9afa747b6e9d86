"""`cvo-workshop backlog ...`: the prioritized backlog of a workshop file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from cvo_workshop.commands._out import echo, print_export, print_json

if TYPE_CHECKING:
    from cvo_workshop.model.backlog import Backlog, Horizon

#: service/exports.FORMATS' names, spelled here so `--help` imports no model
#: (a test keeps the two the same).
FORMAT_NAMES = ("csv", "md", "json", "pdf", "cards")


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
    "pdf for the report, cards for wall cards.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Where to write (csv/md/json: stdout when left out; pdf/cards: beside the workshop file).",
)
@click.option(
    "--paper",
    type=click.Choice(["a4", "letter"]),
    default="a4",
    show_default=True,
    help="Paper (pdf, cards).",
)
@click.option(
    "--backs",
    type=click.Choice(["none", "duplex", "fold"]),
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
    help="Horizons to print, comma-separated (cards).",
)
def export(
    workshop_file: Path,
    fmt: str,
    output: Path | None,
    paper: str,
    backs: str,
    horizons: list[Horizon],
) -> None:
    """Export WORKSHOP_FILE's backlog.

    \b
    Examples:
      cvo-workshop backlog export acme.workshop.jsonl --format csv -o acme.csv
      cvo-workshop backlog export acme.workshop.jsonl --format pdf
      cvo-workshop backlog export acme.workshop.jsonl --format cards --backs duplex
    """
    from cvo_workshop.service.exports import (
        FORMATS,
        ExportOptions,
        check_export,
        default_output,
        render_export,
        write_export,
    )
    from cvo_workshop.store.output import is_stdout, named

    to_terminal = (output is None or is_stdout(output)) and not FORMATS[fmt].binary
    if output is not None and not to_terminal:
        check_export(output, inputs=[workshop_file])  # before reading: a missing folder, say
    data = load_backlog(workshop_file)
    options = ExportOptions(paper=paper, backs=backs, horizons=horizons)
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
    echo(f"Read the results of {len(done.items)} items into {workshop_file}:")
    for item, title in done.items.items():
        echo(f"  {item}  {title}")
