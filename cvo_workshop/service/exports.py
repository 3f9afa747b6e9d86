"""Writing a backlog export: the one place that renders an export and writes it.

`backlog export`, the app's export dialog and `demo` all come through here, so
a file is the same, and a wrong output is refused with the same words,
whichever door it was asked at. The formats are listed once, in FORMATS.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from cvo_workshop.engine.backlog import HORIZONS
from cvo_workshop.export.fonts import fallback_font
from cvo_workshop.model.backlog import Backlog, Horizon
from cvo_workshop.model.brand import NEUTRAL, Brand
from cvo_workshop.model.problem import InputError, Problem
from cvo_workshop.store.output import check_outputs, write_output

#: Wall cards print their backs (the test plan and notes) by default, duplex:
#: a facilitator printing for the wall needs them on the card, office printers
#: print both sides, and duplex is what the demo and the app always gave.
DEFAULT_BACKS = "duplex"


@dataclass(frozen=True)
class ExportOptions:
    paper: str = "a4"
    #: Card backs (cards only).
    backs: str = DEFAULT_BACKS
    #: The horizons to export: the items of the others are left out, in every format.
    horizons: Sequence[Horizon] = HORIZONS
    #: A TrueType font for the characters the built-in one lacks (PDFs only).
    font: Path | None = None
    #: Wall card size (cards only): export/backlog_cards.DEFAULT_SIZE.
    size: str = "a6"
    #: Colour past the cut line in mm (cards only); None: the sheet's default.
    bleed_mm: float | None = None
    #: Duplex back pages shifted X mm right, Y mm up (cards only).
    offset_mm: tuple[float, float] = (0.0, 0.0)
    #: Cut lines through the sheet instead of crop marks (cards only).
    cut_lines: bool = False
    #: The poster's paper (poster only).
    poster_paper: str = "a3"
    #: Items with a slide of their own (pptx).
    top: int = 10
    #: A PowerPoint file's bytes whose layouts the slide deck uses, and its name
    #: for messages (pptx).
    template: bytes | None = None
    template_name: str = ""
    #: Who made it for whom, the logo and colours (store/brand.py reads them).
    brand: Brand = NEUTRAL
    logo: bytes | None = None


@dataclass(frozen=True)
class Rendered:
    data: bytes
    #: What did not fit or print, for a person to read.
    warnings: list[str] = field(default_factory=list)
    #: How many backlog items the file holds.
    count: int = 0


@dataclass(frozen=True)
class ExportFormat:
    name: str
    label: str
    #: The file name's ending beside the workshop file (acme.backlog.cards.pdf).
    suffix: str
    #: A PDF; the others are text a terminal can show.
    binary: bool
    #: (the items to export, the options, the whole backlog they were taken from).
    render: Callable[[Backlog, ExportOptions, Backlog], tuple[bytes, list[str]]]


def _report(backlog: Backlog, options: ExportOptions, whole: Backlog) -> tuple[bytes, list[str]]:
    from cvo_workshop.export.report import render_report
    from cvo_workshop.service.assessments import questionnaire_of

    # The questionnaire the assessment was scored on gives its questions' texts.
    bank = questionnaire_of(backlog.assessment)
    return render_report(
        backlog,
        paper=options.paper,
        questionnaire=bank,
        brand=options.brand,
        logo=options.logo,
        whole=whole,
    )


def _slides(backlog: Backlog, options: ExportOptions, whole: Backlog) -> tuple[bytes, list[str]]:
    from cvo_workshop.export.slides import render_slides

    return render_slides(
        backlog,
        top=options.top,
        template=options.template,
        template_name=options.template_name or "template",
        brand=options.brand,
        logo=options.logo,
        whole=whole,
    )


def _cards(backlog: Backlog, options: ExportOptions, _: Backlog) -> tuple[bytes, list[str]]:
    from cvo_workshop.export.backlog_cards import print_backlog

    return print_backlog(
        backlog,
        paper=options.paper,
        backs=options.backs,
        horizons=options.horizons,
        size=options.size,
        bleed_mm=options.bleed_mm,
        offset_mm=options.offset_mm,
        cut_lines=options.cut_lines,
        brand=options.brand,
        logo=options.logo,
    )


def _poster(backlog: Backlog, options: ExportOptions, _: Backlog) -> tuple[bytes, list[str]]:
    from cvo_workshop.export.poster import render_poster

    return render_poster(
        backlog,
        paper=options.poster_paper,
        horizons=options.horizons,
        brand=options.brand,
        logo=options.logo,
    )


def _text(name: str) -> Callable[[Backlog, ExportOptions, Backlog], tuple[bytes, list[str]]]:
    def render(backlog: Backlog, options: ExportOptions, _: Backlog) -> tuple[bytes, list[str]]:
        from cvo_workshop.export.backlog_files import FORMATS as TEXT

        return TEXT[name](backlog, options.brand).encode("utf-8"), []

    return render


FORMATS: dict[str, ExportFormat] = {
    f.name: f
    for f in (
        ExportFormat("pdf", "Backlog report (PDF)", ".pdf", True, _report),
        ExportFormat("pptx", "Slide deck (PowerPoint)", ".pptx", True, _slides),
        ExportFormat("cards", "Backlog cards for the wall (PDF)", ".cards.pdf", True, _cards),
        ExportFormat("poster", "Roadmap poster (PDF)", ".poster.pdf", True, _poster),
        ExportFormat("csv", "CSV for Jira, Linear or Trello", ".csv", False, _text("csv")),
        ExportFormat("md", "Markdown for a wiki", ".md", False, _text("md")),
        ExportFormat("json", "JSON for programs", ".json", False, _text("json")),
    )
}


def branding(
    brand_file: Path | None = None, template: Path | None = None, **given: str | None
) -> dict:
    """ExportOptions' brand, logo and template: the brand file's (when given), its
    fields overridden by `given` (consultant, client, title, confidential, version)
    and its template by `template`. InputError, located, for a bad file or value."""
    from pydantic import ValidationError

    from cvo_workshop.model.messages import messages
    from cvo_workshop.store.brand import BrandFiles, load_brand, read_template

    files = load_brand(brand_file) if brand_file is not None else BrandFiles(NEUTRAL)
    fields = {**files.brand.model_dump(exclude_none=True), **{k: v for k, v in given.items() if v}}
    try:
        brand = Brand.model_validate(fields)
    except ValidationError as e:
        raise InputError(
            [Problem(f"--{m.split(':')[0]}", m.partition(": ")[2]) for m in messages(e)]
        ) from None
    out: dict = {"brand": brand, "logo": files.logo}
    if template is not None:
        out.update(template=read_template(template), template_name=str(template))
    elif files.template is not None:
        out.update(template=files.template, template_name=files.template_name)
    return out


def only(backlog: Backlog, horizons: Sequence[Horizon]) -> Backlog:
    """The backlog with the items of `horizons` only (ranks kept): --horizon, the
    same for every format."""
    if set(horizons) >= set(HORIZONS):
        return backlog
    return backlog.model_copy(update={"items": [i for i in backlog.items if i.horizon in horizons]})


def default_output(workshop_file: Path, fmt: str) -> Path:
    """Beside the workshop file: acme.workshop.jsonl -> acme.backlog.pdf."""
    stem = workshop_file.name.removesuffix(".jsonl").removesuffix(".workshop")
    return workshop_file.with_name(f"{stem}.backlog{FORMATS[fmt].suffix}")


def render_export(
    backlog: Backlog, fmt: str, options: ExportOptions | None = None, *, source: str = ""
) -> Rendered:
    """The export's bytes; InputError when there is nothing to print (cards of
    horizons that hold no item). `source` names the workshop in that message."""
    options = options or ExportOptions()
    whole, backlog = backlog, only(backlog, options.horizons)
    count = len(backlog.items)
    # Cards of nothing, or a part of the backlog that holds nothing, is a mistake.
    if not count and (fmt in ("cards", "poster") or _partial(options)):
        names = ", ".join(h.value for h in options.horizons)
        raise InputError(Problem(source, f"nothing to print: no backlog item is {names}"))
    from cvo_workshop.export.sheet import SheetError

    try:
        with fallback_font(options.font if FORMATS[fmt].binary else None):
            data, warnings = FORMATS[fmt].render(backlog, options, whole)
    except SheetError as e:  # the cards do not fit the sheet as asked
        raise InputError(Problem(source, str(e))) from None
    return Rendered(data, warnings, count)


def _partial(options: ExportOptions) -> bool:
    return not set(options.horizons) >= set(HORIZONS)


def check_export(output: Path, inputs: Iterable[Path] = ()) -> None:
    """InputError if `output` cannot be written (a missing folder, an input...):
    asked before the work, which a PDF makes long."""
    check_outputs([output], inputs=inputs)


def write_export(
    backlog: Backlog,
    fmt: str,
    output: Path,
    options: ExportOptions | None = None,
    *,
    inputs: Iterable[Path] = (),
    source: str = "",
) -> Rendered:
    """Render the export and write it to `output` through the one output writer."""
    inputs = list(inputs)
    check_export(output, inputs)
    rendered = render_export(backlog, fmt, options, source=source)
    write_output(output, rendered.data, inputs=inputs)
    return rendered


def write_card_png(
    backlog: Backlog,
    item: str,
    output: Path,
    options: ExportOptions | None = None,
    *,
    inputs: Iterable[Path] = (),
    source: str = "",
) -> Rendered:
    """One wall card, the item named by its id ("d12") or its rank ("12"), as a
    300 dpi PNG at the card size of `options`, written through the one output writer."""
    from cvo_workshop.export.backlog_cards import Signature, item_face
    from cvo_workshop.export.card_png import card_png

    options = options or ExportOptions()
    inputs = list(inputs)
    check_export(output, inputs)
    wanted = item.strip().removeprefix("#")
    found = [i for i in backlog.items if wanted in (i.id, str(i.rank))]
    if not found:
        raise InputError(
            Problem(source, f"no backlog item {item!r}: give an item's id (d12) or rank (12)")
        )
    with fallback_font(options.font):
        sign = Signature.of(backlog, options.brand, options.logo, options.size)
        data, warnings = card_png(item_face(found[0], backlog, sign), options.size)
    write_output(output, data, inputs=inputs)
    return Rendered(data, warnings, 1)
