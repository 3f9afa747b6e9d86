"""`cvo-workshop assess ...`: the maturity questionnaire, answered and scored."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from cvo_workshop.model.maturity import MaturityResult
    from cvo_workshop.model.questionnaire import Questionnaire

BANK_HELP = "Questionnaire file (default: the built-in personalization-maturity questionnaire)."


def load_bank(path: Path | None) -> Questionnaire:
    from cvo_workshop.store.bundled import builtin_questionnaire_path
    from cvo_workshop.store.questionnaires import load_questionnaire

    return load_questionnaire(path or builtin_questionnaire_path())


def parse_targets(text: str | None):
    """'disciplined' (every dimension) or 'people=disciplined,technology=cross_lifecycle'."""
    from cvo_workshop.model.card import Capability
    from cvo_workshop.model.problem import InputError, Problem
    from cvo_workshop.model.questionnaire import Dimension

    if not text:
        return {}
    levels = ", ".join(c.value for c in Capability)
    out = {}
    try:
        if "=" not in text:
            return {d: Capability(text.strip()) for d in Dimension}
        for part in text.split(","):
            dim, _, level = part.partition("=")
            out[Dimension(dim.strip())] = Capability(level.strip())
    except ValueError:
        raise InputError(
            Problem(
                "--target",
                f"{text!r}: expected a level ({levels}) or dimension=level pairs "
                "(people, process, technology), comma-separated",
            )
        ) from None
    return out


def load_assessment(path: Path) -> MaturityResult:
    """A saved result (JSON, from `assess score -o`/`--save`), or a response file scored
    on the built-in questionnaire."""
    from cvo_workshop.engine.maturity import score
    from cvo_workshop.store.questionnaires import load_response

    if path.suffix.lower() == ".json":
        from cvo_workshop.store.results import load_result

        return load_result(path)
    bank = load_bank(None)
    return score(bank, [load_response(path, bank)])


def snapshots_dir() -> Path:
    from cvo_workshop.store.workshops import data_dir

    return data_dir() / "assessments"


@click.group()
def assess() -> None:
    """The maturity assessment: a blank response file, scoring, trends."""


@assess.command()
@click.option("--bank", type=click.Path(path_type=Path, dir_okay=False), help=BANK_HELP)
@click.option("--respondent", default="", help="Fill in the respondent's name.")
@click.option("--role", default="", help="Fill in the respondent's role.")
@click.option(
    "-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="Default: stdout."
)
def template(bank: Path | None, respondent: str, role: str, output: Path | None) -> None:
    """A blank response file: every question id, its text as a comment.

    Answer each with 0, 0.25, 0.5, 1, dont_know or na (na needs a note), in an
    editor or by email, then score the files with `cvo-workshop assess score`.
    """
    from cvo_workshop.store.atomic import write_atomic
    from cvo_workshop.store.response_template import response_template

    text = response_template(load_bank(bank), respondent=respondent, role=role)
    if output is None:
        sys.stdout.write(text)
        return
    write_atomic(output, text.encode("utf-8"))
    click.echo(f"Wrote {output}.", err=True)


@assess.command()
@click.option("--bank", type=click.Path(path_type=Path, dir_okay=False), help=BANK_HELP)
@click.option("--respondent", default="Team", show_default=True, help="Who answers.")
@click.option("--role", default="", help="Their role.")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="The response file (default: in the app's data folder, by respondent and date). "
    "An existing file is resumed at its first unanswered question.",
)
def run(bank: Path | None, respondent: str, role: str, output: Path | None) -> None:
    """Answer the questionnaire in the app, one question at a time, saved on every answer."""
    from cvo_workshop.tui.app import WorkshopApp, questionnaire_screen

    screen = questionnaire_screen(output, respondent, role, bank)
    app = WorkshopApp.home()
    app.first = screen
    app.run()
    app.report()


@assess.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
@click.option("--bank", type=click.Path(path_type=Path, dir_okay=False), help=BANK_HELP)
@click.option(
    "--target",
    help="Target level for every dimension (e.g. cross_lifecycle), or "
    "people=LEVEL,process=LEVEL,technology=LEVEL.",
)
@click.option(
    "--aggregate",
    "how",
    type=click.Choice(["median", "mean", "min"]),
    default="median",
    show_default=True,
    help="How several respondents' answers to one question become one value.",
)
@click.option(
    "--consensus",
    type=click.Path(path_type=Path, dir_okay=False),
    help="A response file with the values the room agreed on (with notes); they replace "
    "the aggregate for those questions, the raw answers are kept.",
)
@click.option("--org", "organization", help="The organization, for the result and snapshot.")
@click.option("--save", is_flag=True, help="Store the result as a dated snapshot for `trend`.")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Also write the result (JSON) here: `workshop new --assessment` takes it.",
)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def score(
    files: tuple[Path, ...],
    bank: Path | None,
    target: str | None,
    how: str,
    consensus: Path | None,
    organization: str | None,
    save: bool,
    output: Path | None,
    fmt: str,
) -> None:
    """Score one or many response FILES: capability, strategy, disagreements.

    \b
    Examples:
      cvo-workshop assess score ana.yaml ben.yaml cy.yaml --target cross_lifecycle
      cvo-workshop assess score team/*.yaml --format json --save --org "Acme"
    """
    from cvo_workshop.engine.maturity import score as score_responses
    from cvo_workshop.model.maturity import Aggregate
    from cvo_workshop.model.problem import InputError
    from cvo_workshop.store.atomic import write_atomic
    from cvo_workshop.store.questionnaires import load_response

    q = load_bank(bank)
    targets = parse_targets(target)
    responses, problems = [], []
    for f in files:
        try:
            responses.append(load_response(f, q))
        except InputError as e:
            problems += e.problems
    agreed = None
    if consensus is not None:
        try:
            agreed = load_response(consensus, q)
        except InputError as e:
            problems += e.problems
    if problems:
        raise InputError(problems)
    result = score_responses(
        q,
        responses,
        how=Aggregate(how),
        consensus=agreed,
        targets=targets,
        organization=organization,
    )
    data = result.model_dump_json(indent=2) + "\n"
    if output is not None:
        write_atomic(output, data.encode("utf-8"))
    if save:
        when = result.date or dt.date.today()
        path = snapshots_dir() / f"{when:%Y-%m-%d}-{result.questionnaire}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, data.encode("utf-8"))
        click.echo(f"Saved the snapshot {path}.", err=True)
    if fmt == "json":
        sys.stdout.write(data)
        return
    print_result(result, q)


def print_result(result: MaturityResult, bank: Questionnaire) -> None:
    from rich.table import Table

    from cvo_workshop.commands._out import console, text

    out = console()
    n = len(result.respondents)
    who = f"{n} respondent{'s' if n != 1 else ''}" + (
        f", {result.aggregate.value} per question" if n > 1 else ""
    )
    overall = result.overall.label if result.overall else "below Incidental"
    out.print(
        text(
            f"Capability: {overall} ({result.overall_progress:.1f} of 4, the weakest "
            f"dimension; mean {result.mean_progress:.1f}) · {who}",
            "bold",
        )
    )
    table = Table(pad_edge=False)
    for col in ("Dimension", "Level", "Progress", "", "Target", "Gap"):
        table.add_column(col)
    for d in result.capability:
        table.add_row(
            d.dimension.label,
            d.level.label if d.level else "below Incidental",
            f"{d.progress:.1f}",
            bar(d.progress / 4),
            d.target.label if d.target else "",
            "" if d.gap is None else f"{d.gap:.1f}",
        )
    out.print(table)
    out.print(text(f"Strategy: {result.stage.label}", "bold"))
    tactics = Table(pad_edge=False)
    for col in ("Tactic", "", "Used", "", "Measured"):
        tactics.add_column(col)
    for t in result.strategy:
        tactics.add_row(
            t.tactic.value, t.tactic.label, pct(t.coverage), bar(t.coverage or 0), pct(t.measured)
        )
    out.print(tactics)
    for flag in result.flags:
        out.print(text(f"! {flag}", "yellow"))
    if result.kpis_asked:
        tracked = ", ".join(result.kpis_tracked) or "none"
        out.print(
            text(
                f"Customer-value KPIs tracked: {len(result.kpis_tracked)} of "
                f"{result.kpis_asked} ({tracked})"
            )
        )
    if result.disagreements:
        out.print(text(f"Disagreement on {len(result.disagreements)} questions:", "bold red"))
        by_id = {q.id: q for q in result.questions}
        for qid in result.disagreements:
            counts = ", ".join(f"{k}: {v}" for k, v in by_id[qid].counts.items())
            out.print(text(f"  {qid}  ({counts})"))
    weakest = min(result.capability, key=lambda d: d.progress)
    if weakest.next_steps:
        out.print(text(f"Next for {weakest.dimension.label.lower()}:", "bold"))
        for qid in weakest.next_steps[:5]:
            out.print(text(f"  - {bank.question(qid).text}"))
    if result.dont_know_share:
        out.print(text(f'"Don\'t know": {result.dont_know_share:.0%} of the answers.'))


def bar(fraction: float, width: int = 20) -> str:
    full = round(max(0.0, min(fraction, 1.0)) * width)
    return "█" * full + "░" * (width - full)


def pct(v: float | None) -> str:
    return "–" if v is None else f"{v:.0%}"


@assess.command()
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--bank", type=click.Path(path_type=Path, dir_okay=False), help=BANK_HELP)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def show(file: Path, bank: Path | None, fmt: str) -> None:
    """A saved maturity result (JSON from `assess score`), as `assess score` prints it.

    \b
    Example:
      cvo-workshop assess show acme-result.json
    """
    from cvo_workshop.store.results import load_result

    result = load_result(file)
    if fmt == "json":
        sys.stdout.write(result.model_dump_json(indent=2) + "\n")
        return
    print_result(result, load_bank(bank))


@assess.command()
@click.option("--questionnaire", default="personalization-maturity", show_default=True)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def trend(questionnaire: str, fmt: str) -> None:
    """Saved snapshots side by side, oldest first (`assess score --save` makes them)."""
    from rich.table import Table

    from cvo_workshop.commands._out import console, text
    from cvo_workshop.model.problem import InputError
    from cvo_workshop.store.results import load_result

    found: list[MaturityResult] = []
    for path in sorted(snapshots_dir().glob(f"*-{questionnaire}.json")):
        try:
            found.append(load_result(path))
        except InputError as e:
            first = e.problems[0] if e.problems else path
            click.echo(f"warning: left out a snapshot that cannot be read: {first}", err=True)
    if fmt == "json":
        sys.stdout.write(json.dumps([r.model_dump(mode="json") for r in found], indent=2) + "\n")
        return
    out = console()
    if not found:
        out.print("No snapshot yet: `cvo-workshop assess score FILES --save` makes one.")
        return
    table = Table(pad_edge=False)
    for col in ("Date", "People", "Process", "Technology", "Overall", "Strategy", "Respondents"):
        table.add_column(col)
    previous = None
    for r in found:
        cells = []
        for d in r.capability:
            change = ""
            if previous is not None:
                delta = d.progress - previous.dimension(d.dimension).progress
                change = f" ({delta:+.1f})" if delta else ""
            cells.append(f"{d.progress:.1f}{change}")
        table.add_row(
            str(r.date or "?"),
            *cells,
            text(r.overall.label if r.overall else "below Incidental"),
            r.stage.label,
            str(len(r.respondents)),
        )
        previous = r
    out.print(table)
