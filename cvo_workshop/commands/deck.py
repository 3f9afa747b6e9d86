"""`cvo-workshop deck ...`: check, list, show, print and convert decks."""

from __future__ import annotations

import difflib
import json
from collections import Counter
from pathlib import Path

import click

from cvo_workshop.commands._files import refuse_binary_on_terminal
from cvo_workshop.commands._out import echo, print_json
from cvo_workshop.commands._print_options import bleed_option, cut_lines_option, offset_option
from cvo_workshop.commands._text import TEXT
from cvo_workshop.engine.text import counted
from cvo_workshop.model.problem import InputError, Problem


def _load(path: Path | None):  # -> Deck
    from cvo_workshop.store.bundled import builtin_deck_path
    from cvo_workshop.store.decks import load_deck

    return load_deck(path or builtin_deck_path())


@click.group()
def deck() -> None:
    """Check, list, show, convert and print decks of recipe and cohort cards."""


def _is_questionnaire(path: Path) -> bool:
    if not path.is_file() or path.suffix not in (".yaml", ".yml"):
        return False
    try:
        with path.open("rb") as f:
            head = f.read(4096).decode("utf-8", "replace")
    except OSError:
        return False
    return any(line.startswith("questionnaire:") for line in head.splitlines())


def _counts_table(title: str, counts: Counter, order: list[str]):
    from rich.table import Table

    from cvo_workshop.commands._out import text

    table = Table(title=title, title_justify="left", show_header=False, box=None, pad_edge=False)
    table.add_column(min_width=24)
    table.add_column(justify="right")
    for key in order:
        table.add_row(text(key), str(counts.get(key, 0)))
    return table


def _deck_summary(d, shown: str) -> None:
    from rich.columns import Columns

    from cvo_workshop.commands._out import console, text
    from cvo_workshop.engine.deck_coverage import coverage
    from cvo_workshop.model.card import Capability, Kind, Scope, Stage, Tactic

    out = console()
    out.print(
        text(
            f"✓ {shown}: deck {d.deck.id!r} ({d.deck.name}), "
            f"{counted(len(d.cards), 'recipe card')}, {counted(len(d.cohorts), 'cohort card')}",
            "green",
        )
    )
    kinds = Counter(c.kind.value for c in d.cards)
    tactics = Counter(c.tactic.value for c in d.cards)
    scopes = Counter(c.scope.label for c in d.cards)
    levels = Counter(c.min_capability.label for c in d.cards)
    stages = Counter(s.label for c in d.cards for s in c.lifecycle)
    out.print(
        Columns(
            [
                _counts_table("Kind", kinds, [k.value for k in Kind]),
                _counts_table("Tactic", tactics, [t.value for t in Tactic]),
                _counts_table("Scope", scopes, [s.label for s in Scope]),
                _counts_table("Minimum capability", levels, [c.label for c in Capability]),
                _counts_table("Lifecycle stage", stages, [s.label for s in Stage]),
            ],
            padding=(1, 4),
        )
    )
    cov = coverage(d.cards)
    out.print(text("Coverage (test-ready and traceable):", "bold"))
    for line in cov.lines():
        out.print(text(f"  {line}"))
    if cov.missing_privacy:
        n = len(cov.missing_privacy)
        echo(
            f"warning: {shown}: {counted(n, 'card')} {'uses' if n == 1 else 'use'} personal data "
            f"but {'says' if n == 1 else 'say'} no legal basis or "
            f"disclosure (privacy): {', '.join(cov.missing_privacy)}; add `privacy`, or "
            "`personal_data: false` where no personal data is used",
            err=True,
        )


def _questionnaire_summary(q, shown: str) -> None:
    from cvo_workshop.commands._out import console, text

    out = console()
    axes = Counter(x.axis.value for x in q.questions)
    out.print(
        text(
            f"✓ {shown}: questionnaire {q.questionnaire.id!r}, {len(q.questions)} "
            "questions (" + ", ".join(f"{n} {a}" for a, n in axes.items()) + ")",
            "green",
        )
    )
    n = len(q.questions)
    sets = Counter(x.answers.value for x in q.questions)
    out.print(text("Coverage:", "bold"))
    out.print(text(f"  source          {sum(1 for x in q.questions if x.source.strip())}/{n}"))
    out.print(
        text(f"  2-4 criteria    {sum(1 for x in q.questions if 2 <= len(x.criteria) <= 4)}/{n}")
    )
    out.print(text("  answer sets     " + ", ".join(f"{k} {v}" for k, v in sorted(sets.items()))))


@deck.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
def validate(paths: tuple[Path, ...]) -> None:
    """Check deck and questionnaire files; every problem is reported, with its line.

    With no PATH, checks the built-in deck and questionnaire.
    """
    from cvo_workshop.store.bundled import builtin_deck_path, builtin_questionnaire_path
    from cvo_workshop.store.decks import load_deck
    from cvo_workshop.store.questionnaires import load_questionnaire

    targets = [(p, str(p)) for p in paths] or [
        (builtin_deck_path(), "built-in deck"),
        (builtin_questionnaire_path(), "built-in questionnaire"),
    ]
    problems: list[Problem] = []
    for path, shown in targets:
        try:
            if _is_questionnaire(path):
                _questionnaire_summary(load_questionnaire(path), shown)
            else:
                _deck_summary(load_deck(path), shown)
        except InputError as e:
            problems.extend(e.problems)
    if problems:
        raise InputError(problems)


@deck.command("list")
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    type=click.Choice(["automation", "customization", "personalization"]),
    help="Only cards of this kind (repeatable).",
)
@click.option(
    "--lifecycle",
    "stages",
    multiple=True,
    type=click.Choice(
        [
            "acquisition",
            "onboarding",
            "engagement",
            "conversion",
            "retention",
            "loyalty",
            "win_back",
        ]
    ),
    help="Only cards for this lifecycle stage (repeatable).",
)
@click.option("--cohorts", is_flag=True, help="List the cohort cards instead.")
def list_cards(
    path: Path | None, kinds: tuple[str, ...], stages: tuple[str, ...], cohorts: bool
) -> None:
    """A table of the deck's cards (the built-in deck if no PATH)."""
    from rich.table import Table

    from cvo_workshop.commands._out import KIND_STYLE, console, text

    d = _load(path)
    out = console()
    if cohorts:
        table = Table(title=f"{d.deck.name}: cohorts", title_justify="left")
        for col in ("id", "name", "definition", "stage"):
            table.add_column(col)
        for c in d.cohorts:
            table.add_row(
                text(c.id),
                text(c.name, "bold"),
                text(c.definition),
                text(c.lifecycle.label if c.lifecycle else ""),
            )
        out.print(table)
        return
    cards = [
        c
        for c in d.cards
        if (not kinds or c.kind.value in kinds)
        and (not stages or any(s.value in stages for s in c.lifecycle))
    ]
    table = Table(
        title=f"{d.deck.name}: {len(cards)} of {counted(len(d.cards), 'recipe card')}",
        title_justify="left",
    )
    for col in ("id", "kind", "title", "tactic", "min. capability", "lifecycle", "effort"):
        table.add_column(col, no_wrap=col in ("id", "kind"))
    for c in cards:
        table.add_row(
            text(c.id),
            text(c.kind.label, KIND_STYLE[c.kind.value]),
            text(c.title, "bold"),
            c.tactic.mark,
            c.min_capability.label,
            ", ".join(s.label for s in c.lifecycle),
            c.effort.value,
        )
    out.print(table)


@deck.command()
@click.argument("card_id", type=TEXT)
@click.option(
    "--deck",
    "deck_path",
    type=click.Path(path_type=Path),
    help="Deck file or folder (default: the built-in deck).",
)
def show(card_id: str, deck_path: Path | None) -> None:
    """Everything on one recipe or cohort card."""
    from rich.panel import Panel
    from rich.table import Table

    from cvo_workshop.commands._out import KIND_STYLE, console, text
    from cvo_workshop.engine.text import percent

    d = _load(deck_path)
    rows: list[tuple[str, str]]
    if d.has_card(card_id):
        c = d.card(card_id)
        title, style = f"{c.kind.label} · {c.title}", KIND_STYLE[c.kind.value]
        rows = [
            ("prompt", c.prompt),
            ("description", c.description),
            ("goal", c.goal.label),
            ("tactic", c.tactic.words),
            ("scope", c.scope.label),
            ("min. capability", c.min_capability.label),
            ("lifecycle", ", ".join(s.label for s in c.lifecycle)),
            ("touchpoints", ", ".join(c.touchpoints)),
            ("data", "\n".join(c.data)),
            ("content", "\n".join(c.content)),
            ("KPIs", "\n".join(c.kpis)),
            ("hypothesis", c.hypothesis),
            ("primary KPI", c.primary_kpi or ""),
            ("guardrails", "\n".join(c.guardrails)),
            ("privacy", c.privacy),
            ("effort", c.effort.value),
            ("examples", "\n".join(c.examples)),
            ("requires", ", ".join(c.requires)),
            ("tags", ", ".join(c.tags)),
            ("source", c.source),
        ]
    elif d.has_cohort(card_id):
        h = d.cohort(card_id)
        title, style = f"Cohort · {h.name}", KIND_STYLE["cohort"]
        rows = [
            ("definition", h.definition),
            ("description", h.description),
            ("stage", h.lifecycle.label if h.lifecycle else ""),
            ("plays", "\n".join(h.plays)),
        ]
        if h.customers is not None:
            rows.append(("customers", f"{h.customers:,}"))
        if h.share is not None:
            rows.append(("share", percent(h.share, 1, trim=False)))
        if h.revenue_share is not None:
            rows.append(("revenue share", percent(h.revenue_share, 1, trim=False)))
    else:
        ids = [c.id for c in d.cards] + [c.id for c in d.cohorts]
        close = difflib.get_close_matches(card_id, ids, n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise InputError(f"no card or cohort {card_id!r} in deck {d.deck.id!r}{hint}")
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="dim", no_wrap=True)
    grid.add_column()
    for name, value in rows:
        if value:
            grid.add_row(name, text(value))
    console().print(
        Panel(
            grid,
            title=text(title, style),
            title_align="left",
            subtitle=text(card_id),
            subtitle_align="right",
            border_style=style,
        )
    )


@deck.command()
def schema() -> None:
    """The JSON Schema of deck files, for editors that check YAML as you type."""
    from cvo_workshop.model.deck import Deck

    data = Deck.model_json_schema()
    data["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    data["title"] = "cvo-workshop deck"
    print_json(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


@deck.command("export-csv")
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    required=True,
    help="The CSV file for the recipe cards.",
)
@click.option(
    "--cohorts",
    "cohorts_out",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Also write the cohort cards to this CSV file.",
)
def export_csv(path: Path | None, output: Path, cohorts_out: Path | None) -> None:
    """Write the deck's cards as CSV, one row a card (lists joined with ';')."""
    from cvo_workshop.store.deck_csv import cards_csv, cohorts_csv
    from cvo_workshop.store.output import check_outputs, is_stdout, named, write_outputs

    inputs = [path] if path else []
    outputs = [output, *([cohorts_out] if cohorts_out else [])]
    check_outputs(outputs, inputs)
    d = _load(path)
    files: dict[Path, str | bytes] = {output: cards_csv(d)}
    if cohorts_out:
        files[cohorts_out] = cohorts_csv(d)
    write_outputs(files, inputs)
    echo(f"Wrote {counted(len(d.cards), 'recipe card')} to {named(output)}", err=is_stdout(output))
    if cohorts_out:
        echo(f"Wrote {counted(len(d.cohorts), 'cohort card')} to {cohorts_out}", err=True)


@deck.command("import-csv")
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    required=True,
    help="The deck YAML file to write.",
)
@click.option(
    "--cohorts",
    "cohorts_in",
    type=click.Path(path_type=Path),
    help="A CSV of cohort cards to include.",
)
@click.option("--id", "deck_id", help="Deck id (default: from the file name).", type=TEXT)
@click.option("--name", help="Deck name (default: from the file name).", type=TEXT)
@click.option("--version", "deck_version", default="1", show_default=True, type=TEXT)
@click.option("--language", default="en", show_default=True, type=TEXT)
def import_csv(
    file: Path,
    output: Path,
    cohorts_in: Path | None,
    deck_id: str | None,
    name: str | None,
    deck_version: str,
    language: str,
) -> None:
    """Build a deck YAML file from a CSV of cards (as `export-csv` writes them)."""
    from pydantic import ValidationError

    from cvo_workshop.engine.text import slug
    from cvo_workshop.model.deck import DeckMeta
    from cvo_workshop.model.messages import messages
    from cvo_workshop.store.deck_csv import load_csv_deck
    from cvo_workshop.store.deck_yaml import deck_to_yaml
    from cvo_workshop.store.output import check_outputs, is_stdout, named, write_output

    inputs = [file, *([cohorts_in] if cohorts_in else [])]
    check_outputs([output], inputs)

    deck_slug = slug(deck_id or file.stem, "deck", 80, ascii_only=True)
    try:
        meta = DeckMeta(
            id=deck_slug,
            name=name or file.stem.replace("-", " ").replace("_", " "),
            version=deck_version,
            language=language,
        )
    except ValidationError as e:
        raise click.UsageError(f"invalid deck metadata: {'; '.join(messages(e))}") from None
    d = load_csv_deck(file, cohorts_in, meta)
    write_output(output, deck_to_yaml(d), inputs)
    echo(
        f"Wrote deck {d.deck.id!r} with {counted(len(d.cards), 'recipe card')} and "
        f"{counted(len(d.cohorts), 'cohort card')} to {named(output)}",
        err=is_stdout(output),
    )


@deck.command("print")
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    required=True,
    help="The PDF file to write (with --png: the PNG file).",
)
@click.option("--paper", type=click.Choice(["a4", "letter"]), default="a4", show_default=True)
@click.option(
    "--backs",
    type=click.Choice(["none", "duplex", "fold"]),
    default="none",
    show_default=True,
    help="none: fronts only; duplex: a back page after each sheet, for long-edge "
    "double-sided printing; fold: fronts and backs side by side on one landscape "
    "sheet, to fold and glue.",
)
@bleed_option()
@offset_option()
@cut_lines_option()
@click.option(
    "--blanks",
    is_flag=True,
    help="Fill the last sheet's empty places with blank 'write your own recipe' "
    "cards (the wildcard).",
)
@click.option(
    "--png",
    "png_card",
    metavar="CARD_ID",
    help="Write one card (a recipe or cohort id) as a 300 dpi PNG instead of the PDF.",
    type=TEXT,
)
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    type=click.Choice(["automation", "customization", "personalization", "cohort"]),
    help="Only cards of this kind (repeatable; default: every kind, cohorts included).",
)
@click.option(
    "--font",
    type=click.Path(path_type=Path, dir_okay=False),
    help="A TrueType font (.ttf) for characters the built-in font lacks: Chinese, "
    "Japanese, Korean, emoji.",
)
def print_cards(
    path: Path | None,
    output: Path,
    paper: str,
    backs: str,
    bleed: float,
    offset: tuple[float, float],
    cut_lines: bool,
    blanks: bool,
    png_card: str | None,
    kinds: tuple[str, ...],
    font: Path | None,
) -> None:
    """Write the deck as printable poker cards (63 x 88 mm, 9 to a sheet), a PDF.

    Every card is set in one type scale; cards whose text does not fit, and
    characters the font cannot print, are named on stderr; the PDF is written anyway.
    """
    from cvo_workshop.export.deck_cards import PRINT_KINDS, deck_faces, print_deck
    from cvo_workshop.export.fonts import fallback_font
    from cvo_workshop.export.sheet import Backs, SheetError, SheetSpec
    from cvo_workshop.store.output import check_outputs, is_stdout, named, write_output

    if png_card is not None:
        refuse_binary_on_terminal(output, "a PNG picture", "card.png")
    else:
        refuse_binary_on_terminal(output, "the deck's PDF", "deck.pdf")
    inputs = [path] if path else []
    check_outputs([output], inputs)
    d = _load(path)
    source = str(path or d.deck.id)
    if png_card is not None:
        with fallback_font(font):
            _print_png(d, png_card, output, inputs, source)
        return
    wanted = kinds or PRINT_KINDS
    if not deck_faces(d, wanted):
        shown = ", ".join(wanted)
        raise InputError(Problem(source, f"nothing to print: the deck has no {shown} cards"))
    if offset != (0.0, 0.0) and backs != "duplex":
        echo("warning: --offset moves duplex back pages; ignored without them", err=True)
        offset = (0.0, 0.0)
    spec = SheetSpec(
        paper=paper, backs=Backs(backs), bleed_mm=bleed, offset_mm=offset, cut_lines=cut_lines
    )
    try:
        with fallback_font(font):
            pdf, report = print_deck(d, spec, wanted, blanks=blanks)
            warnings = report.warnings()  # they name the fallback font
    except SheetError as e:
        raise InputError(Problem(source, str(e))) from None
    write_output(output, pdf, inputs)

    for warning in warnings:
        echo(f"warning: {warning}", err=True)
    recipes = sum(1 for c in d.cards if c.kind.value in wanted)
    cohorts = len(d.cohorts) if "cohort" in wanted else 0
    parts = [
        (k, n) for k, n in (("recipe", recipes), ("cohort", cohorts), ("blank", report.blanks)) if n
    ]
    # "25 cohort cards", or "11 cards (10 recipe, 1 cohort)"
    cards = (
        counted(parts[0][1], f"{parts[0][0]} card")
        if len(parts) == 1
        else f"{counted(report.cards, 'card')} ({', '.join(f'{n} {k}' for k, n in parts)})"
    )
    backs_note = {"none": "no backs", "duplex": "duplex backs", "fold": "fold-over backs"}[backs]
    if backs == "none" and recipes:
        # The recipes' backs hold their test and privacy note (export/deck_cards.recipe_back).
        backs_note += (
            "; the recipes' hypothesis, privacy note and source are on their backs: "
            "--backs duplex or fold prints them"
        )
    echo(
        f"Wrote {cards} on {counted(report.sheets, 'sheet')}, "
        f"{counted(report.pages, 'page')} "
        f"({paper.upper() if paper == 'a4' else 'Letter'}, {backs_note}) to {named(output)}",
        err=is_stdout(output),
    )
    if report.overflows:
        n = len(report.overflows)
        verb = "card overflows" if n == 1 else "cards overflow"
        echo(f"{n} {verb}: see the warnings above.", err=True)


def _print_png(d, card_id: str, output: Path, inputs: list[Path], source: str) -> None:
    """One card as a 300 dpi PNG: for a slide, a chat or a print shop."""
    from cvo_workshop.export.card_png import DPI, card_png
    from cvo_workshop.export.deck_cards import deck_faces
    from cvo_workshop.store.output import named, write_output

    faces = {f.key: f for f in deck_faces(d)}
    if card_id not in faces:
        hint = difflib.get_close_matches(card_id, faces, n=1)
        also = f"; did you mean {hint[0]!r}?" if hint else ""
        raise InputError(Problem(source, f"no card or cohort {card_id!r} in the deck{also}"))
    png, warnings = card_png(faces[card_id])
    write_output(output, png, inputs)
    for warning in warnings:
        echo(f"warning: {warning}", err=True)
    echo(f"Wrote {card_id} as a {DPI} dpi PNG to {named(output)}", err=True)
