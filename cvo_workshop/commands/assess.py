"""`cvo-workshop assess ...`: the maturity questionnaire, answered and scored."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from cvo_workshop.commands._files import not_stdout
from cvo_workshop.commands._out import echo, print_export, print_json
from cvo_workshop.commands._text import TEXT

if TYPE_CHECKING:
    from collections.abc import Sequence

    from cvo_workshop.model.maturity import MaturityResult
    from cvo_workshop.model.problem import Problem
    from cvo_workshop.model.questionnaire import Questionnaire

BANK_HELP = "Questionnaire file (default: the built-in personalization-maturity questionnaire)."


def load_bank(path: Path | None) -> Questionnaire:
    from cvo_workshop.service.assessments import load_bank as load

    return load(path)


def parse_targets(text: str | None):
    """'disciplined' (every dimension) or 'people=disciplined,technology=cross_lifecycle'."""
    from cvo_workshop.model.card import Capability
    from cvo_workshop.model.questionnaire import Dimension

    if not text:
        return {}
    levels = ", ".join(c.value for c in Capability)
    out = {}
    try:
        if "=" not in text:
            return {d: Capability.parse(text) for d in Dimension}
        for part in text.split(","):
            dim, _, level = part.partition("=")
            out[Dimension(dim.strip().casefold())] = Capability.parse(level)
    except ValueError:
        raise click.BadParameter(
            f"{text!r}: expected a level ({levels}, or 1-4) or dimension=level pairs "
            "(people, process, technology), comma-separated",
            param_hint="--target",
        ) from None
    return out


def organization_name(value: str | None) -> str | None:
    """`--org` as the records hold it (one line, not empty); InputError if it cannot be."""
    from pydantic import TypeAdapter, ValidationError

    from cvo_workshop.model.card import Line
    from cvo_workshop.model.messages import describe
    from cvo_workshop.model.problem import InputError, Problem

    if value is None:
        return None
    try:
        return TypeAdapter(Line).validate_python(value.strip())
    except ValidationError as e:
        raise InputError(
            Problem(
                "--org", f"{describe(e.errors()[0])}: name the organization, or leave --org out"
            )
        ) from None


@click.group()
def assess() -> None:
    """The maturity assessment: a blank response file, scoring, trends."""


@assess.command()
@click.option("--bank", type=click.Path(path_type=Path, dir_okay=False), help=BANK_HELP)
@click.option("--respondent", default="", help="Fill in the respondent's name.", type=TEXT)
@click.option("--role", default="", help="Fill in the respondent's role.", type=TEXT)
@click.option(
    "-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="Default: stdout."
)
@click.option("--force", is_flag=True, help="Replace an existing file (its answers are lost).")
def template(
    bank: Path | None, respondent: str, role: str, output: Path | None, force: bool
) -> None:
    """A blank response file: every question id, its text as a comment.

    Answer each in its own answer set (how often, yes/no or coverage: the
    file lists the values each takes; dont_know and na, with a note, are in
    every set), in an editor or by email, then score the files with
    `cvo-workshop assess score`.
    """
    from cvo_workshop.model.problem import InputError, Problem
    from cvo_workshop.store.output import check_outputs, is_stdout, write_output
    from cvo_workshop.store.response_template import response_template

    if output is not None:
        check_outputs([output], inputs=[bank] if bank else [])
    text = response_template(load_bank(bank), respondent=respondent, role=role)
    if output is None or is_stdout(output):
        print_export(text)
        return
    if output.is_file() and not force:  # a device or pipe has no answers to lose
        raise InputError(
            [
                Problem(
                    str(output),
                    "already exists; a blank template would replace its answers "
                    "(pass --force to do it anyway)",
                )
            ]
        )
    write_output(output, text, inputs=[bank] if bank else [])
    echo(f"Wrote {output}.", err=True)


@assess.command()
@click.option("--bank", type=click.Path(path_type=Path, dir_okay=False), help=BANK_HELP)
@click.option(
    "--respondent",
    help="Who answers (default: the file's respondent, or Team). Their unfinished file in "
    "the data folder is carried on, whatever day it was started.",
    type=TEXT,
)
@click.option("--role", default="", help="Their role.", type=TEXT)
@click.option(
    "--org",
    "organization",
    help="The organization assessed (asked when there is no -o): its answers are kept in "
    "a file of its own and recorded in it.",
    type=TEXT,
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    callback=not_stdout("response file"),
    help="The response file (default: in the app's data folder, by organization, "
    "respondent and date). An existing file is resumed at its first unanswered question; "
    "a file being answered in another cvo-workshop is refused.",
)
def run(
    bank: Path | None,
    respondent: str | None,
    role: str,
    organization: str | None,
    output: Path | None,
) -> None:
    """Answer the questionnaire in the app, one question at a time, saved on every answer."""
    from cvo_workshop.tui.app import WorkshopApp, questionnaire_screen

    if organization is None and output is None:
        organization = click.prompt("Organization assessed", err=True)
    organization = organization_name(organization)
    screen = questionnaire_screen(output, respondent, role, bank, organization)
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
    type=TEXT,
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
@click.option(
    "--org", "organization", help="The organization, for the result and snapshot.", type=TEXT
)
@click.option("--save", is_flag=True, help="Store the result as a dated snapshot for `trend`.")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Also write the result (JSON) here: `workshop new --assessment` takes it. "
    "With -o - it is on stdout alone, the text result on stderr.",
)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option("--app", is_flag=True, help="Show the result screen in the app instead.")
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
    app: bool,
) -> None:
    """Score one or many response FILES: capability, strategy, disagreements.

    \b
    Examples:
      cvo-workshop assess score ana.yaml ben.yaml cy.yaml --target cross_lifecycle
      cvo-workshop assess score team/*.yaml --format json --save --org "Acme"
    """
    from cvo_workshop.engine.maturity import ASK_AGAIN_WITH_ASSESS_RUN, unscored_notices
    from cvo_workshop.engine.maturity import score as score_responses
    from cvo_workshop.model.maturity import Aggregate
    from cvo_workshop.model.problem import InputError
    from cvo_workshop.store.output import Json, check_outputs, is_stdout, write_output
    from cvo_workshop.store.questionnaires import load_response
    from cvo_workshop.store.results import result_json

    organization = organization_name(organization)
    inputs = [*files, *([consensus] if consensus else [])]
    problems = _same_files(inputs)
    if problems:
        raise InputError(problems)
    if output is not None:
        check_outputs([output], inputs=[*inputs, *([bank] if bank else [])])
    q = load_bank(bank)
    targets = parse_targets(target)
    responses = []
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
    if organization is None:
        from cvo_workshop.engine.maturity import organizations

        named = organizations(responses)
        if len(named) > 1:
            click.echo(
                f"warning: the responses are of {len(named)} organizations "
                f"({', '.join(named)}); pass --org to name the one assessed",
                err=True,
            )
    files_read = zip(map(str, files), responses, strict=True)
    notices = unscored_notices(q, files_read, advice=ASK_AGAIN_WITH_ASSESS_RUN)
    for notice in notices:
        echo(f"warning: {notice}", err=True)
    names = [r.respondent.casefold() for r in responses]
    for name in sorted({n for n in names if names.count(n) > 1}):
        echo(f"warning: {name!r} answered in more than one file; each counts", err=True)
    result = score_responses(
        q,
        responses,
        how=Aggregate(how),
        consensus=agreed,
        targets=targets,
        organization=organization,
    )
    data = Json(result_json(result))
    if output is not None:
        write_output(output, data, inputs=[*inputs, *([bank] if bank else [])])
    if save:
        from cvo_workshop.service.assessments import save_snapshot

        path, replaced = save_snapshot(result)
        verb = "Replaced" if replaced else "Saved"
        echo(f"{verb} the snapshot {path}.", err=True)
    # With the JSON on standard output (-o -), it is there once and alone: the
    # text result goes to stderr, as everything said does then.
    on_stdout = is_stdout(output)
    if app:
        show_in_app(result, q, notices)
    elif fmt == "json":
        if not on_stdout:
            print_json(data)
    else:
        print_result(result, q, err=on_stdout)


def show_in_app(result: MaturityResult, bank: Questionnaire, notices: Sequence[str] = ()) -> None:
    """The result screen (bars, levels, disagreements highlighted, next steps), with
    the files' answers not scored (`notices`)."""
    from cvo_workshop.tui.app import WorkshopApp
    from cvo_workshop.tui.screens.maturity_result import MaturityResultScreen

    app = WorkshopApp.home()
    app.first = MaturityResultScreen(result, bank, notices=notices)
    app.run()
    app.report()


def _same_files(inputs: list[Path]) -> list[Problem]:
    """A response file given twice: refused (it would count twice)."""
    from cvo_workshop.model.problem import Problem

    problems = []
    seen: dict[Path, Path] = {}
    for f in inputs:
        key = f.resolve()
        if key in seen:
            problems.append(Problem(str(f), f"is the same file as {seen[key]}: each counts once"))
        seen.setdefault(key, f)
    return problems


#: The terminal's colour for each tone of engine/maturity_view.
TONE_STYLE = {
    "plain": "",
    "muted": "dim",
    "warning": "yellow",
    "error": "red",
    "agreed": "green",
    "heading": "bold",
}


def print_result(result: MaturityResult, bank: Questionnaire, *, err: bool = False) -> None:
    """The maturity result's view, styled for a terminal: bars before the levels
    (on stderr with `err`)."""
    from cvo_workshop.commands._out import console, text
    from cvo_workshop.engine.maturity_view import maturity_view

    out = console(stderr=err)
    view = maturity_view(result, bank)
    out.print(text(view.headline, "bold"))
    for section in view.sections:
        title = TONE_STYLE[section.tone] + (" bold" if section.tone != "heading" else "")
        colon = "" if ":" in section.title else ":"
        out.print(text(section.title + colon, title.strip()))
        for line in section.lines:
            lead = "  " * (line.indent + 1)
            if line.bar is not None:
                lead += bar(line.bar, 10) + " "
            out.print(text(lead + line.text, TONE_STYLE[line.tone]))


def bar(fraction: float, width: int = 20) -> str:
    full = round(max(0.0, min(fraction, 1.0)) * width)
    return "█" * full + "░" * (width - full)


@assess.command()
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--bank", type=click.Path(path_type=Path, dir_okay=False), help=BANK_HELP)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option("--app", is_flag=True, help="Show the result screen in the app instead.")
def show(file: Path, bank: Path | None, fmt: str, app: bool) -> None:
    """A saved maturity result (JSON from `assess score`), as `assess score` prints it.

    \b
    Example:
      cvo-workshop assess show acme-result.json
    """
    from cvo_workshop.store.results import load_result

    result = load_result(file)
    if app:
        show_in_app(result, load_bank(bank))
    elif fmt == "json":
        print_json(result.model_dump_json(indent=2) + "\n")
    else:
        print_result(result, load_bank(bank))


@assess.command()
@click.option("--questionnaire", default="personalization-maturity", show_default=True, type=TEXT)
@click.option("--org", "organization", help="Only this organization's snapshots.", type=TEXT)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def trend(questionnaire: str, organization: str | None, fmt: str) -> None:
    """Saved snapshots side by side, oldest first (`assess score --save` makes them)."""
    from rich.table import Table

    from cvo_workshop.commands._out import console, text
    from cvo_workshop.service.assessments import snapshots

    saved = snapshots(questionnaire, organization)
    for warning in saved.warnings:
        echo(f"warning: {warning}", err=True)
    found = saved.results
    if fmt == "json":
        print_json(json.dumps([r.model_dump(mode="json") for r in found], indent=2) + "\n")
        return
    out = console()
    if not found:
        out.print("No snapshot yet: `cvo-workshop assess score FILES --save` makes one.")
        return
    table = Table(pad_edge=False)
    columns = ["Date", "People", "Process", "Technology", "Overall", "Strategy", "Respondents"]
    several = len({r.organization for r in found}) > 1
    if several:
        columns.insert(1, "Organization")
    for col in columns:
        table.add_column(col)
    previous: dict[str | None, MaturityResult] = {}
    for r in found:
        cells = []
        before = previous.get(r.organization)
        for d in r.capability:
            change = ""
            if before is not None:
                delta = d.progress - before.dimension(d.dimension).progress
                change = f" ({delta:+.1f})" if delta else ""
            cells.append(f"{d.progress:.1f}{change}")
        org = [text(r.organization or "–")] if several else []
        table.add_row(
            str(r.date or "?"),
            *org,
            *cells,
            text(r.overall.label if r.overall else "below Incidental"),
            r.stage.label,
            str(len(r.respondents)),
        )
        previous[r.organization] = r
    out.print(table)


@assess.command("room")
@click.option(
    "--dir",
    "folder",
    required=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="The team's folder: one response file a person (made if missing; its parent must exist).",
)
@click.option("--bank", type=click.Path(path_type=Path, dir_okay=False), help=BANK_HELP)
@click.option(
    "--org", "organization", help="The organization assessed (in every response).", type=TEXT
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Where the room listens; 0.0.0.0 opens it to the room's network (Wi-Fi).",
    type=TEXT,
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=0,
    help="The room's port (default: its last, so links still work; else any free one).",
)
@click.option(
    "--free",
    "free",
    multiple=True,
    metavar="NAME",
    help="Free NAME's claim before opening (a lost or changed phone): they join again by "
    "name on any device. May be given more than once.",
    type=TEXT,
)
def room(
    folder: Path,
    bank: Path | None,
    organization: str | None,
    host: str,
    port: int,
    free: tuple[str, ...],
) -> None:
    """A team answers the questionnaire from their phones, without a workshop.

    Each person opens the address (or scans the code), joins by name and answers
    into their own response file in FOLDER. Who starts and who finishes is
    printed as it happens; ctrl+c closes the room and prints the team's result
    over the finished files, as `assess score` gives it.

    \b
    Example:
      cvo-workshop assess room --dir acme-team --org "Acme" --host 0.0.0.0
    """
    from cvo_workshop.model.problem import InputError, Problem
    from cvo_workshop.store.lock import SidecarLock

    organization = organization_name(organization)
    q = load_bank(bank)
    folder = folder.resolve()
    if not folder.parent.is_dir():
        raise InputError(Problem(str(folder), "its folder does not exist"))
    # One room a folder: two would each write FOLDER.room.json, and the phones of one
    # would lose their names to the other. (Locked under a name of its own: a file
    # whose own lock is held is never written, and the room writes that one.)
    open_elsewhere = "its room is open in another assess room; close that one first"
    try:
        lock = SidecarLock(folder.with_name(folder.name + ".room"), open_elsewhere)
    except InputError as e:  # (shown as the folder's, not the lock's hidden name)
        raise InputError(Problem(str(folder), e.problems[0].message)) from None
    with lock:
        _hold_room(folder, q, organization, host, port, free)


def _hold_room(
    folder: Path,
    q: Questionnaire,
    organization: str | None,
    host: str,
    port: int,
    free: tuple[str, ...],
) -> None:
    """`assess room` once its folder is its own: open, print who starts and finishes,
    and on ctrl+c the team's result."""
    import asyncio
    import contextlib

    import segno

    from cvo_workshop.model.problem import InputError, Problem
    from cvo_workshop.room.assess_room import AssessRoom

    server = AssessRoom.for_folder(folder, q, organization, host=host, port=port)
    if server.keys.replaced:
        echo(f"warning: {server.keys.replaced}", err=True)
    answers = server.questionnaire
    for bad in answers.team.unreadable:
        echo(f"warning: left out, cannot be read: {bad}", err=True)
    for name in free:  # claims are kept across openings: only this frees one
        if freed := server.keys.release(name):  # (a look-alike of the name typed)
            echo(f"Freed {' and '.join(freed)}: they join again by name, on any device.")
        else:
            echo(f"warning: {name} had not joined on any device: nothing to free", err=True)
    seen = {name: n for name, n in answers.progress().answered.items()}

    def changed(name: str) -> None:
        progress = answers.progress()
        before, now = seen.get(name, 0), progress.answered.get(name, 0)
        seen[name] = now
        if now == progress.asked and before < now:
            echo(f"{name} finished: {progress.words()}")
        elif before == 0 and now:
            echo(f"{name} started ({progress.words()})")

    async def serve() -> None:
        try:
            await server.start()
        except OSError as e:
            raise InputError(
                Problem(f"{host}:{port}", f"the room cannot listen: {e.strerror or e}")
            ) from None
        answers.subscribe(changed)
        if server.moved:
            echo(f"warning: {server.moved}", err=True)
        segno.make(server.join_url, error="l").terminal(compact=True)
        echo(f"Join from your phone: {server.join_url}")
        echo(f"or open {server.landing_url} and type {server.keys.code}")
        if server.local_only:
            echo("Only this computer can open this address: to let phones in, add --host 0.0.0.0")
        echo(f"Answers in {folder} (one file a person). ctrl+c closes the room.")
        try:
            await asyncio.Event().wait()
        finally:
            await server.stop()

    with contextlib.suppress(KeyboardInterrupt):  # ctrl+c: the way to close the room
        asyncio.run(serve())
    progress = answers.progress()
    echo(f"The room is closed: {progress.words()}.")
    if not progress.finished:
        echo("Nobody has finished: no result. `assess score` scores the files as they are.")
        return
    files = answers.team.files(server.people())
    echo("Scored: " + " ".join(str(f) for f in files))
    print_result(answers.result(), q)
