"""`cvo-workshop workshop ...`: start, resume and summarize workshops.

Only `new` and `resume` import Textual (inside the functions); `summary` and
`list` are headless.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click

from cvo_workshop.commands._files import not_stdout
from cvo_workshop.commands._out import echo, print_json
from cvo_workshop.commands._text import TEXT
from cvo_workshop.model.problem import InputError, Problem

# The closed choices, spelled out: importing the records would slow `--help`.
# (Frameworks are open: engine/frameworks.py's registry checks --framework.)
LEVELS = ["incidental", "disciplined", "cross_lifecycle", "personalized_business"]
PLANS = ["progressive", "mixed"]


def room_options(command):  # type: ignore[no-untyped-def]
    """--room and its options, the same on `new` and `resume`."""
    for option in reversed(
        [
            click.option(
                "--room", is_flag=True, help="Let participants join and vote from their phones."
            ),
            click.option(
                "--host",
                default="127.0.0.1",
                show_default=True,
                help="Where the room listens; 0.0.0.0 opens it to the room's network (Wi-Fi).",
                type=TEXT,
            ),
            click.option(
                "--port",
                type=click.IntRange(0, 65535),
                default=0,
                help="The room's port (default: its last, so links still work; else any free one).",
            ),
            click.option(
                "--auto-reveal", is_flag=True, help="Show the votes once everyone has scored."
            ),
        ]
    ):
        command = option(command)
    return command


def _with_room(app, room: bool, host: str, port: int, auto_reveal: bool) -> None:  # type: ignore[no-untyped-def]
    if room or auto_reveal or port or host != "127.0.0.1":
        from cvo_workshop.room.options import RoomOptions

        app.room_options = RoomOptions(host, port, auto_reveal)


@click.group()
def workshop() -> None:
    """Run a workshop: deal recipe cards against cohorts, score and decide."""


#: The option that gives each SetupRequest field, to name it in a refusal.
OPTIONS = {
    "organization": "--org",
    "facilitator": "--facilitator",
    "participants": "--participant",
    "goals": "--goal",
    "cohorts": "--cohorts",
    "framework": "--framework",
    "plan": "--rounds",
    "cards_per_round": "--cards",
    "draw_minutes": "--draw-minutes",
    "round_minutes": "--round-minutes",
    "maturity": "--maturity",
    "deal_beyond_stretch": "--deal-beyond-stretch",
    "blind": "--open-scoring",
    "live": "--live",
    "seed": "--seed",
}


@workshop.command()
@click.option("--deck", "deck_path", type=click.Path(path_type=Path), help="Deck file or folder.")
@click.option(
    "--org",
    "organization",
    help="The organization the workshop is for (needed with --yes; else the form asks).",
    type=TEXT,
)
@click.option("--facilitator", help="Who runs the workshop.", type=TEXT)
@click.option(
    "--participant",
    "participants",
    multiple=True,
    metavar="NAME[:ROLE]",
    help="Someone in the room: 'Ana:CRM' or 'Ana (CRM)' (repeatable; commas separate several).",
    type=TEXT,
)
@click.option(
    "--goal", "goals", multiple=True, help="An outcome goal (repeatable, up to three).", type=TEXT
)
@click.option(
    "--cohorts", help="Focus cohort ids, comma-separated (3 to 6; default: the top 4).", type=TEXT
)
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
@click.option(
    "--framework",
    metavar="ID",
    help="Scoring framework: ice (the default), pie, rice, or any other registered one.",
    type=TEXT,
)
@click.option(
    "--rounds",
    "plan",
    type=click.Choice(PLANS),
    help="progressive: automation, then customization, then personalization (default); "
    "mixed: one round of any kind.",
)
@click.option("--cards", metavar="N", help="Cards a round, 1 to 200 (default 10).", type=TEXT)
@click.option(
    "--draw-minutes",
    metavar="M",
    help="Time-box a draw in minutes (default 4; 0: none; 0.5 is 30 s; at least 10 s).",
    type=TEXT,
)
@click.option(
    "--round-minutes",
    metavar="M",
    help="Time-box a round in minutes (default 40; 0: none; at least 1).",
    type=TEXT,
)
@click.option("--maturity", type=click.Choice(LEVELS), help="The organization's capability level.")
@click.option(
    "--deal-beyond-stretch",
    is_flag=True,
    help="With a maturity level, deal cards more than one level up, too.",
)
@click.option(
    "--open-scoring",
    is_flag=True,
    help="Show each participant's scores as they are typed (default: blind, hidden "
    "until the facilitator reveals them).",
)
@click.option(
    "--live",
    metavar="ID,ID",
    help="Cards the organization already runs (deck card ids, comma-separated): they "
    "unblock the cards that require them and are dealt only to improve what you have.",
    type=TEXT,
)
@click.option("--seed", metavar="N", help="Seed for dealing (default: random).", type=TEXT)
@click.option("--yes", "-y", is_flag=True, help="Take defaults for the rest; go to the first draw.")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    callback=not_stdout("workshop file"),
    help="The workshop file (default: in the app's workshops folder).",
)
@room_options
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
    plan: str | None,
    cards: str | None,
    draw_minutes: str | None,
    round_minutes: str | None,
    maturity: str | None,
    deal_beyond_stretch: bool,
    open_scoring: bool,
    live: str | None,
    seed: str | None,
    yes: bool,
    output: Path | None,
    room: bool,
    host: str,
    port: int,
    auto_reveal: bool,
) -> None:
    """Start a workshop: the setup screen, or with --yes straight to the first draw."""
    from cvo_workshop.engine.setup import SetupRequest, build_setup
    from cvo_workshop.store.bundled import builtin_deck_path
    from cvo_workshop.store.decks import load_deck
    from cvo_workshop.store.workshops import deck_ref

    deck = load_deck(deck_path or builtin_deck_path())
    if output is not None and output.exists():
        raise InputError(Problem(str(output), "already exists; choose another file name"))
    offered = None
    if cohorts_file is not None:
        from cvo_workshop.store.cohorts import load_cohorts

        offered = list(load_cohorts(cohorts_file).cohorts)
    attached = None
    warnings: list[str] = []  # said on stderr, and again in the app that covers it
    if assessment is not None:
        from cvo_workshop.service.assessments import for_another_organization, load_assessment

        attached, notices = load_assessment(assessment)
        warnings += [f"warning: {notice}" for notice in notices]
        other = for_another_organization(attached, organization)
        if other:
            warnings.append(other)
    for warning in warnings:
        echo(warning, err=True)
    request = SetupRequest(
        organization=organization or "",
        facilitator=facilitator or "",
        participants=participants,
        goals=goals,
        cohorts=None if cohorts is None else cohorts.split(","),
        framework=framework,
        plan=plan,
        cards_per_round=cards,
        draw_minutes=draw_minutes,
        round_minutes=round_minutes,
        maturity=maturity,
        deal_beyond_stretch=deal_beyond_stretch,
        blind=not open_scoring,
        seed=seed,
        assessment=attached,
        live=live.split(",") if live else (),
    )
    built = build_setup(
        request,
        deck=deck_ref(deck, deck_path),
        available=deck.cohorts if offered is None else offered,
        recipes=deck.cards,
    )
    problems = built if isinstance(built, list) else []
    if not yes:
        # The setup screen asks for what is missing; refuse only what was given wrong.
        problems = [p for p in problems if p.field != "organization" or organization]
    if problems:
        raise InputError([Problem(OPTIONS.get(p.field, p.field), p.message) for p in problems])

    from cvo_workshop.tui.app import WorkshopApp

    if yes:
        from cvo_workshop.engine.setup import empty_cohort_warnings

        assert not isinstance(built, list)
        # The setup screen says it when it starts the workshop (whatever is ticked then).
        for empty in empty_cohort_warnings(built.cohorts):
            warnings.append(f"warning: {empty}")
            echo(f"warning: {empty}", err=True)
        from cvo_workshop.service.workshop import start
        from cvo_workshop.store.workshops import default_path

        assert not isinstance(built, list)
        running = start(built, deck, output or default_path(built.organization))
        app = WorkshopApp.for_running(running)
    else:
        app = WorkshopApp.for_new(request, deck, deck_path, output, cohorts=offered)
    app.warnings = warnings
    _with_room(app, room, host, port, auto_reveal)
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
@room_options
def resume(
    file: Path,
    deck_path: Path | None,
    salvage: bool,
    room: bool,
    host: str,
    port: int,
    auto_reveal: bool,
) -> None:
    """Carry on with a workshop where it was left (after a crash, too)."""
    from cvo_workshop.service.workshop import resume as open_running

    running = open_running(file, deck_override=deck_path, salvage=salvage)
    from cvo_workshop.tui.app import WorkshopApp

    app = WorkshopApp.for_running(running)
    _with_room(app, room, host, port, auto_reveal)
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
    from cvo_workshop.engine.summary import summary as summarize
    from cvo_workshop.store.journal import read_journal

    loaded = read_journal(file)
    for warning in loaded.warnings:
        echo(f"warning: {warning}", err=True)
    from cvo_workshop.service.backlog import deck_titles

    data = summarize(loaded.folded(), titles=deck_titles(loaded.setup))
    if fmt == "json":
        print_json(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
        return
    _print_summary(data)


def _print_summary(data: dict) -> None:
    from rich.table import Table

    from cvo_workshop.commands._out import KIND_STYLE, console, text
    from cvo_workshop.engine.backlog import LIVE_HEADING, live_origin
    from cvo_workshop.engine.clock import local_stamp
    from cvo_workshop.engine.frameworks import factor_label, factor_labels, show_number
    from cvo_workshop.engine.summary import duration

    out = console()
    w = data["workshop"]
    framework = w["framework"]
    created = local_stamp(dt.datetime.fromisoformat(w["created"]))
    out.print(text(f"{w['organization']} · workshop of {created}", "bold"))

    people = ", ".join(
        p["name"] + (f" ({p['role']})" if p.get("role") else "") for p in w["participants"]
    )
    lines = [
        f"Facilitator: {w['facilitator'] or '-'}" + (f"; participants: {people}" if people else ""),
        "Goals: " + "; ".join(w["goals"]),
        f"Deck: {w['deck']['name']} ({w['deck']['id']} v{w['deck']['version']}) · "
        f"{w['framework'].upper()} · seed {w['seed']}"
        + (f" · maturity {w['maturity_label']}" if w["maturity"] else ""),
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
            f"{c['rejected']} rejected, {c['skipped']} skipped, {c['undecided']} undecided"
            + (f", {c['live']} already live" if c["live"] else ""),
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
        draws = [d for d in data["draws"] if d["decision"] == decision and not d["live"]]
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
                extra.append("disagree: " + factor_labels(framework, d["scores"]["disagreements"]))
            how = d["scores"]["breakdown"]
            for key, why in d["scores"]["prefilled"].items():
                how += f"\n{factor_label(framework, key)} pre-filled {why}"
            if d["scores"]["voting"]:
                how += f"\n{d['scores']['voting']}"
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
                show_number(value),  # "<0.01" for a tiny RICE score, never "5.2e-05"
                text(how),
            )
        out.print()
        out.print(table)
    if data["live"]:
        out.print()
        heading = f"{LIVE_HEADING} (dealt only on request; they meet others' needs)"
        out.print(text(heading, "bold"))
        for card in data["live"]:
            out.print(text(f"  {card['title']} ({live_origin(card['draw'])})"))


@workshop.command("list")
def list_workshops() -> None:
    """Recent workshops, the one worked on last first."""
    from cvo_workshop.commands._out import console, text
    from cvo_workshop.store.workshops import recent_workshops

    found = recent_workshops(None)  # in the home screen's order, every one
    out = console()
    if not found:
        out.print(text("No workshops yet. Start one with `cvo-workshop workshop new`."))
        return
    out.print(text("Recent workshops", "bold"))
    for info in found:
        if info.problem:
            progress = text(info.problem, "red")
        else:
            state = "ended" if info.ended else f"round {info.round}"
            progress = text(f"{info.decided} of {info.draws} draws decided · {state}")
        out.print()
        head = text(f"{info.name} · {info.worked_words()}", "bold")
        out.print(head + text(" · ") + progress)
        if info.setup is not None:
            out.print(text(info.started_words()))
        # The file whole, on a line of its own, to paste into `workshop resume`: a
        # table column cut it short; the terminal wraps it if it must.
        out.print(text(str(info.path)), soft_wrap=True)
