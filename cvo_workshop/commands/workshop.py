"""`cvo-workshop workshop ...`: start, resume and summarize workshops.

Only `new` and `resume` import Textual (inside the functions); `summary` and
`list` are headless.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
from pathlib import Path

import click

from cvo_workshop.model.problem import InputError, Problem

FRAMEWORKS = ["ice", "pie", "rice"]
LEVELS = ["incidental", "disciplined", "cross_lifecycle", "personalized_business"]


@click.group()
def workshop() -> None:
    """Run a workshop: deal recipe cards against cohorts, score and decide."""


def _participant(text: str):
    from cvo_workshop.model.workshop import Participant

    name, _, role = text.partition(":")
    if not name.strip():
        raise click.BadParameter(f"{text!r}: expected NAME or NAME:ROLE")
    return Participant(name=name.strip(), role=role.strip() or None)


def _pick_cohorts(available, ids: str | None, where: str):
    """The focus cohorts: the ids asked for, or the ones worth most."""
    from cvo_workshop.engine.setup import MAX_COHORTS, default_cohorts

    if not available:
        raise InputError(f"{where} has no cohort cards to focus on")
    if not ids:
        return default_cohorts(available)
    by_id = {c.id: c for c in available}
    wanted = [i.strip() for i in ids.split(",") if i.strip()]
    problems = []
    for cid in wanted:
        if cid not in by_id:
            close = difflib.get_close_matches(cid, list(by_id), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else f"; known: {', '.join(by_id)}"
            problems.append(Problem("--cohorts", f"no cohort {cid!r} in {where}{hint}"))
    if len(set(wanted)) != len(wanted):
        problems.append(Problem("--cohorts", "a cohort is listed twice"))
    if len(wanted) > MAX_COHORTS:
        problems.append(Problem("--cohorts", f"at most {MAX_COHORTS} focus cohorts"))
    if problems:
        raise InputError(problems)
    return [by_id[c] for c in wanted]


@workshop.command()
@click.option("--deck", "deck_path", type=click.Path(path_type=Path), help="Deck file or folder.")
@click.option("--org", "organization", help="The organization the workshop is for.")
@click.option("--facilitator", help="Who runs the workshop.")
@click.option(
    "--participant",
    "participants",
    multiple=True,
    metavar="NAME[:ROLE]",
    help="Someone in the room (repeatable).",
)
@click.option("--goal", "goals", multiple=True, help="An outcome goal (up to three).")
@click.option("--cohorts", help="Focus cohort ids, comma-separated (3-6; default: the top 4).")
@click.option(
    "--cohorts-file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Take the cohorts from this file (`cohorts rfm` makes one): RICE reach then uses "
    "their measured shares.",
)
@click.option(
    "--assessment",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Attach a maturity result (`assess score -o FILE`) or score a response file; "
    "its overall level gates the deal and the backlog unless --maturity is given.",
)
@click.option("--framework", type=click.Choice(FRAMEWORKS), help="Scoring framework (ICE).")
@click.option("--cards", type=click.IntRange(1, 200), help="Cards a round (default 10).")
@click.option("--draw-minutes", type=click.FloatRange(0), help="Time-box a draw (0: none).")
@click.option("--round-minutes", type=click.FloatRange(0), help="Time-box a round (0: none).")
@click.option("--maturity", type=click.Choice(LEVELS), help="The organization's capability level.")
@click.option("--seed", type=click.IntRange(0), help="Seed for dealing (default: random).")
@click.option("--yes", "-y", is_flag=True, help="Take defaults for the rest; go to the first draw.")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="The workshop file (default: in the app's workshops folder).",
)
def new(
    deck_path: Path | None,
    organization: str | None,
    facilitator: str | None,
    participants: tuple[str, ...],
    goals: tuple[str, ...],
    cohorts: str | None,
    cohorts_file: Path | None,
    assessment: Path | None,
    framework: str | None,
    cards: int | None,
    draw_minutes: float | None,
    round_minutes: float | None,
    maturity: str | None,
    seed: int | None,
    yes: bool,
    output: Path | None,
) -> None:
    """Start a workshop: the setup screen, or with --yes straight to the first draw."""
    from pydantic import ValidationError

    from cvo_workshop.engine.setup import DEFAULT_CARDS_PER_ROUND, new_setup
    from cvo_workshop.model.card import Capability
    from cvo_workshop.model.messages import messages
    from cvo_workshop.model.workshop import Framework
    from cvo_workshop.store.bundled import builtin_deck_path
    from cvo_workshop.store.decks import load_deck
    from cvo_workshop.store.workshops import deck_ref

    deck = load_deck(deck_path or builtin_deck_path())
    if output is not None and output.exists():
        raise InputError(Problem(str(output), "already exists; choose another file name"))
    offered = None
    if cohorts_file is not None:
        from cvo_workshop.store.cohorts import load_cohorts

        offered = load_cohorts(cohorts_file).cohorts
        chosen = _pick_cohorts(offered, cohorts, str(cohorts_file))
    else:
        chosen = _pick_cohorts(deck.cohorts, cohorts, f"deck {deck.deck.id!r}")
    attached = None
    if assessment is not None:
        from cvo_workshop.commands.assess import for_another_organization, load_assessment

        attached = load_assessment(assessment)
        other = for_another_organization(attached, organization)
        if other:
            click.echo(other, err=True)
    if len(goals) > 3:
        raise click.BadParameter("at most three goals", param_hint="--goal")

    def seconds(minutes: float | None, default: int) -> int | None:
        if minutes is None:
            return default
        return None if minutes == 0 else max(10, round(minutes * 60))

    try:
        setup = new_setup(
            deck=deck_ref(deck, deck_path),
            cohorts=chosen,
            organization=organization or "Our organization",
            facilitator=facilitator,
            participants=[_participant(p) for p in participants],
            goals=goals,
            framework=Framework(framework or "ice"),
            cards_per_round=cards or DEFAULT_CARDS_PER_ROUND,
            draw_seconds=seconds(draw_minutes, 240),
            round_seconds=seconds(round_minutes, 2400),
            seed=seed,
            maturity=Capability(maturity) if maturity else (attached.overall if attached else None),
            assessment=attached,
        )
    except ValidationError as e:
        raise InputError([Problem("workshop new", m) for m in messages(e)]) from None

    if yes:
        from cvo_workshop.store.workshops import default_path, start

        running = start(setup, deck, output or default_path(setup.organization))
        from cvo_workshop.tui.app import WorkshopApp

        app = WorkshopApp.for_running(running)
    else:
        from cvo_workshop.tui.app import WorkshopApp

        app = WorkshopApp.for_new(setup, deck, deck_path, output, cohorts=offered)
    app.run()
    app.report()


@workshop.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "--deck",
    "deck_path",
    type=click.Path(path_type=Path),
    help="Where the workshop's deck is now, if it moved.",
)
@click.option(
    "--salvage",
    is_flag=True,
    help="If a line in the middle is damaged, keep the events before it (after a backup).",
)
def resume(file: Path, deck_path: Path | None, salvage: bool) -> None:
    """Carry on with a workshop where it was left (after a crash, too)."""
    from cvo_workshop.store.workshops import resume as open_running

    running = open_running(file, deck_override=deck_path, salvage=salvage)
    from cvo_workshop.tui.app import WorkshopApp

    app = WorkshopApp.for_running(running)
    app.run()
    app.report()


@workshop.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text for people, json for programs.",
)
def summary(file: Path, fmt: str) -> None:
    """What a workshop decided: every draw with its scores, counts by decision, time."""
    from cvo_workshop.engine.fold import fold
    from cvo_workshop.engine.summary import summary as summarize
    from cvo_workshop.store.journal import read_journal

    loaded = read_journal(file)
    for warning in loaded.warnings:
        click.echo(f"warning: {warning}", err=True)
    state = fold(loaded.setup, loaded.events)
    data = summarize(state)
    if fmt == "json":
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    _print_summary(data)


def _print_summary(data: dict) -> None:
    from rich.table import Table

    from cvo_workshop.commands._out import KIND_STYLE, console, text
    from cvo_workshop.engine.summary import duration

    out = console()
    w = data["workshop"]
    created = dt.datetime.fromisoformat(w["created"]).astimezone()
    out.print(text(f"{w['organization']} · workshop of {created:%Y-%m-%d %H:%M}", "bold"))

    people = ", ".join(
        p["name"] + (f" ({p['role']})" if p.get("role") else "") for p in w["participants"]
    )
    lines = [
        f"Facilitator: {w['facilitator'] or '-'}" + (f"; participants: {people}" if people else ""),
        "Goals: " + "; ".join(w["goals"]),
        f"Deck: {w['deck']['name']} ({w['deck']['id']} v{w['deck']['version']}) · "
        f"{w['framework'].upper()} · seed {w['seed']}"
        + (f" · maturity {w['maturity']}" if w["maturity"] else ""),
        f"Round {data['round']} of {len(w['rounds'])}"
        + (" · ended" if data["ended"] else " · in progress")
        + f" · {duration(data['elapsed_seconds'])} of workshop time",
    ]
    for line in lines:
        out.print(text(line))
    c = data["counts"]
    out.print(
        text(
            f"\n{len(data['draws'])} draws: {c['accepted']} accepted, {c['parked']} parked, "
            f"{c['rejected']} rejected, {c['skipped']} skipped, {c['undecided']} undecided",
            "bold",
        )
    )
    headings = {
        "accepted": "Accepted (to the backlog)",
        "parked": "Parked",
        "rejected": "Rejected",
        "skipped": "Skipped",
        None: "Undecided",
    }
    for decision, heading in headings.items():
        draws = [d for d in data["draws"] if d["decision"] == decision]
        if not draws:
            continue
        table = Table(title=heading, title_justify="left", expand=False)
        table.add_column("#", justify="right")
        table.add_column("card")
        table.add_column("kind")
        table.add_column("cohort")
        table.add_column("score", justify="right")
        table.add_column("how", overflow="fold")
        for d in draws:
            extra = []
            if d["stretch"]:
                extra.append("stretch")
            if d["wildcard"]:
                extra.append("wildcard")
            if d["scores"]["disagreements"]:
                extra.append("disagree: " + ", ".join(d["scores"]["disagreements"]))
            how = d["scores"]["breakdown"]
            if d["reason"]:
                how += f"\nreason: {d['reason']}"
            if d["note"]:
                how += f"\nnote: {d['note']}"
            value = d["scores"]["value"]
            table.add_row(
                str(d["number"]),
                text(d["title"] + (f" [{', '.join(extra)}]" if extra else ""), "bold"),
                text(d["kind"], KIND_STYLE[d["kind"]]),
                text(d["cohort_name"]),
                "–" if value is None else f"{value:g}",
                text(how),
            )
        out.print()
        out.print(table)


@workshop.command("list")
def list_workshops() -> None:
    """Recent workshops, newest first."""
    from rich.table import Table

    from cvo_workshop.commands._out import console, text
    from cvo_workshop.store.workshops import describe, recent_paths

    paths = recent_paths()
    out = console()
    if not paths:
        out.print(text("No workshops yet. Start one with `cvo-workshop workshop new`."))
        return
    table = Table(title="Recent workshops", title_justify="left")
    for col in ("workshop", "progress", "file"):
        table.add_column(col)
    for p in paths:
        info = describe(p)
        if info.problem:
            progress = text(info.problem, "red")
        else:
            state = "ended" if info.ended else f"round {info.round}"
            progress = text(f"{info.decided} of {info.draws} draws decided · {state}")
        table.add_row(text(info.title, "bold"), progress, text(str(p)))
    out.print(table)
