"""`cvo-workshop demo`: a seeded workshop played headlessly, and everything it exports."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from cvo_workshop.commands._out import echo


@click.command()
@click.option(
    "-o",
    "--output",
    "folder",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("cvo-demo"),
    show_default=True,
    help="Folder for the demo's files (made if missing, in a folder that exists; "
    "the demo's own files are replaced).",
)
@click.option("--seed", type=click.IntRange(0), default=7, show_default=True)
def demo(folder: Path, seed: int) -> None:
    """Play a demo workshop on the built-in deck and write what a real one gives:
    the backlog report, backlog cards, the printable deck, CSV, Markdown, JSON
    and the workshop file itself (open it with `workshop resume`).
    """
    from cvo_workshop.engine import demo as script
    from cvo_workshop.engine.maturity import score
    from cvo_workshop.engine.setup import new_setup
    from cvo_workshop.export.backlog_cards import print_backlog
    from cvo_workshop.export.backlog_files import to_csv, to_json, to_markdown
    from cvo_workshop.export.deck_cards import print_deck
    from cvo_workshop.export.output import require_folder
    from cvo_workshop.export.report import render_report
    from cvo_workshop.export.sheet import Backs, SheetSpec
    from cvo_workshop.model.card import Capability
    from cvo_workshop.model.problem import InputError, Problem
    from cvo_workshop.model.questionnaire import Dimension
    from cvo_workshop.model.workshop import Framework, Round
    from cvo_workshop.store.atomic import write_atomic
    from cvo_workshop.store.bundled import builtin_deck_path, builtin_questionnaire_path
    from cvo_workshop.store.decks import load_deck
    from cvo_workshop.store.journal import Journal
    from cvo_workshop.store.questionnaires import load_questionnaire
    from cvo_workshop.store.workshops import deck_ref

    require_folder(folder)  # the demo makes its own folder, not the ones above it
    try:
        folder.mkdir(exist_ok=True)
    except OSError as e:
        raise InputError(Problem(str(folder), f"cannot make the folder: {e.strerror}")) from None
    deck = load_deck(builtin_deck_path())
    bank = load_questionnaire(builtin_questionnaire_path())
    assessment = score(
        bank,
        script.demo_responses(bank, seed),
        targets={d: Capability.CROSS_LIFECYCLE for d in Dimension},
        organization=script.ORGANIZATION,
    )
    setup = new_setup(
        deck=deck_ref(deck, None),
        cohorts=script.demo_cohorts(list(deck.cohorts)),
        organization=script.ORGANIZATION,
        facilitator=script.FACILITATOR,
        participants=script.PARTICIPANTS,
        goals=script.GOALS,
        framework=Framework.RICE,
        rounds=[Round(kind=k, cards=script.CARDS_PER_ROUND) for k in _kinds()],
        seed=seed,
        maturity=assessment.overall,
        # Deal every level, so the backlog shows now, next and later.
        deal_beyond_stretch=True,
        assessment=assessment,
        created=script.START,
    )

    clock = _Clock(script.START)
    path = folder / "demo.workshop.jsonl"
    path.unlink(missing_ok=True)  # the previous demo's: a journal never overwrites
    from cvo_workshop.engine.session import Session

    with Journal.create(path, setup) as journal:
        session = Session(setup, deck.cards, sink=journal.append, clock=clock)
        session.open()
        script.play(session, seed, clock.tick)
    backlog = session.backlog()
    from cvo_workshop.store.workshops import remember

    remember(path)  # "Resume the latest" on the home screen opens it

    written: list[tuple[Path, str]] = []

    def write(name: str, data: bytes, what: str) -> None:
        target = folder / name
        write_atomic(target, data)
        written.append((target, what))

    written.append((path, "the workshop file: `cvo-workshop workshop resume` opens it"))
    report, _ = render_report(backlog, questionnaire=bank)
    write("backlog-report.pdf", report, "the backlog report for the client")
    cards, _ = print_backlog(backlog, backs="duplex")
    write("backlog-cards.pdf", cards, "the backlog as cards for the wall (duplex)")
    deck_pdf, _ = print_deck(deck, SheetSpec(backs=Backs.DUPLEX))
    write("deck.pdf", deck_pdf, "the built-in deck as playing cards (duplex)")
    write("backlog.csv", to_csv(backlog).encode(), "for Jira, Linear or Trello imports")
    write("backlog.md", to_markdown(backlog).encode(), "for a wiki")
    write("backlog.json", to_json(backlog).encode(), "for programs (`backlog schema`)")
    write(
        "assessment.json",
        (assessment.model_dump_json(indent=2) + "\n").encode(),
        "the maturity result (`workshop new --assessment` takes it)",
    )
    counts = session.state.counts()
    echo(
        f"Played a demo workshop for {script.ORGANIZATION}: {len(session.state.draws)} draws, "
        f"{counts['accepted']} accepted, {counts['parked']} parked, "
        f"{counts['rejected']} rejected; {len(backlog.items)} backlog items."
    )
    width = max(len(str(p)) for p, _ in written)
    for p, what in written:
        echo(f"  {p!s:<{width}}  {what}")


def _kinds():
    from cvo_workshop.model.card import Kind

    return list(Kind)


class _Clock:
    """Demo time: each decision takes three minutes of a morning in the room."""

    def __init__(self, start: dt.datetime):
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now

    def tick(self) -> None:
        self.now += dt.timedelta(minutes=3)
