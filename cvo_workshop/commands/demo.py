"""`cvo-workshop demo`: a seeded workshop played headlessly, and everything it exports."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from cvo_workshop.commands._files import not_stdout
from cvo_workshop.commands._out import echo
from cvo_workshop.engine.text import counted


@click.command()
@click.option(
    "-o",
    "--output",
    "folder",
    type=click.Path(path_type=Path, file_okay=False),
    callback=not_stdout("folder"),
    default=Path("cvo-demo"),
    show_default=True,
    help="Folder for the demo's files (made if missing, in a folder that exists). "
    "A folder holding other files is refused unless --force; a previous demo's is replaced.",
)
@click.option("--seed", type=click.IntRange(0), default=7, show_default=True)
@click.option("--force", is_flag=True, help="Write into a folder that holds other files.")
def demo(folder: Path, seed: int, force: bool) -> None:
    """Play a demo workshop on the built-in deck and write what a real one gives:
    the backlog report, backlog cards, the printable deck, CSV, Markdown, JSON
    and the workshop file itself (open it with `workshop resume`).
    """
    from cvo_workshop.engine import demo as script
    from cvo_workshop.engine.demo_orders import demo_orders
    from cvo_workshop.engine.maturity import score
    from cvo_workshop.engine.setup import new_setup
    from cvo_workshop.export.deck_cards import print_deck
    from cvo_workshop.export.sheet import Backs, SheetSpec
    from cvo_workshop.model.card import Capability
    from cvo_workshop.model.questionnaire import Dimension
    from cvo_workshop.model.workshop import Framework, Round
    from cvo_workshop.service.exports import render_export
    from cvo_workshop.store.bundled import builtin_deck_path, builtin_questionnaire_path
    from cvo_workshop.store.cohorts import cohorts_to_yaml
    from cvo_workshop.store.decks import load_deck
    from cvo_workshop.store.journal import journal_bytes
    from cvo_workshop.store.output import check_outputs, write_outputs
    from cvo_workshop.store.questionnaires import load_questionnaire
    from cvo_workshop.store.results import result_json
    from cvo_workshop.store.workshops import deck_ref

    targets = [folder / name for name in FILES]
    _check_folder(folder, force)
    if folder.is_dir():
        check_outputs(targets)  # early: a previous demo open in the app, say
    deck = load_deck(builtin_deck_path())
    bank = load_questionnaire(builtin_questionnaire_path())
    orders = demo_orders()
    cohort_set = _measure_cohorts(orders, deck)
    assessment = score(
        bank,
        script.demo_responses(bank, seed),
        targets={d: Capability.CROSS_LIFECYCLE for d in Dimension},
        organization=script.ORGANIZATION,
    )
    setup = new_setup(
        deck=deck_ref(deck, None),
        cohorts=script.demo_cohorts(list(cohort_set.cohorts)),
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
    from cvo_workshop.engine.session import Session

    events: list = []
    session = Session(setup, deck.cards, sink=events.append, clock=clock)
    session.open()
    script.play(session, seed, clock.tick)
    backlog = session.backlog()
    deck_pdf, deck_report = print_deck(deck, SheetSpec(backs=Backs.DUPLEX))
    # What an export had to cut or leave out is said, as `backlog export` says it.
    warnings = [f"deck.pdf: {w}" for w in deck_report.warnings()]
    exports = {name: render_export(backlog, fmt) for name, fmt in BACKLOG_FILES.items()}
    warnings += [f"{name}: {w}" for name, done in exports.items() for w in done.warnings]
    data: dict[str, str | bytes] = {
        ORDERS: orders,
        COHORTS: cohorts_to_yaml(cohort_set),
        "demo.workshop.jsonl": journal_bytes(setup, events),
        **{name: done.data for name, done in exports.items()},
        "deck.pdf": deck_pdf,
        "assessment.json": result_json(assessment),
    }
    _make_folder(folder)
    write_outputs({folder / name: data[name] for name in FILES})
    from cvo_workshop.store.workshops import remember

    # Listed on the home screen ("Resume the latest" opens it unless a workshop is going)
    remember(folder / "demo.workshop.jsonl")
    counts = session.state.counts()
    echo(
        f"Played a demo workshop for {script.ORGANIZATION}: {len(session.state.draws)} draws, "
        f"{counts['accepted']} accepted, {counts['parked']} parked, "
        f"{counts['rejected']} rejected; {counted(len(backlog.items), 'backlog item')}."
    )
    width = max(len(str(p)) for p in targets)
    for p, what in zip(targets, FILES.values(), strict=True):
        echo(f"  {p!s:<{width}}  {what}")
    for warning in warnings:
        echo(f"warning: {warning}", err=True)


ORDERS = "orders.csv"
COHORTS = "cohorts.yaml"
#: What the demo writes, in the order it lists them.
FILES = {
    ORDERS: "the demo shop's order history (made up): `cohorts rfm orders.csv` reads it",
    COHORTS: "the cohorts `cohorts rfm` measured from it, sizes and purchase frequency",
    "demo.workshop.jsonl": "the workshop file: `cvo-workshop workshop resume` opens it",
    "backlog-report.pdf": "the backlog report for the client",
    "backlog-cards.pdf": "the backlog as cards for the wall (duplex)",
    "deck.pdf": "the built-in deck as playing cards (duplex)",
    "backlog.csv": "for Jira, Linear or Trello imports",
    "backlog.md": "for a wiki",
    "backlog.json": "for programs (`backlog schema`)",
    "assessment.json": "the maturity result (`workshop new --assessment` takes it)",
}


#: The backlog exports among them, by format (service/exports.FORMATS).
BACKLOG_FILES = {
    "backlog-report.pdf": "pdf",
    "backlog-cards.pdf": "cards",
    "backlog.csv": "csv",
    "backlog.md": "md",
    "backlog.json": "json",
}


def _measure_cohorts(orders: str, deck):
    """The cohort file `cvo-workshop cohorts rfm orders.csv` writes of the demo's
    orders: the same run (store/rfm_run.py) on a scratch copy, against the built-in
    deck's cohorts. It names its input as the demo folder holds it, beside it."""
    import tempfile

    from cvo_workshop.store.output import write_output
    from cvo_workshop.store.rfm_run import RfmRequest, RfmRun

    with tempfile.TemporaryDirectory(prefix="cvo-demo-") as scratch:
        path = Path(scratch) / ORDERS
        write_output(path, orders)
        with RfmRun(RfmRequest(paths=(path,))) as run:
            result = run.compute()
    cohort_set = result.cohort_set({c.id: c for c in deck.cohorts})
    meta = cohort_set.cohort_set
    inputs = [i.model_copy(update={"path": ORDERS}) for i in meta.inputs]
    return cohort_set.model_copy(update={"cohort_set": meta.model_copy(update={"inputs": inputs})})


def _check_folder(folder: Path, force: bool) -> None:
    """A folder of other files is refused unless --force: the demo must not replace
    someone's backlog.csv. A previous demo's folder (only its files) is fine."""
    from cvo_workshop.model.problem import InputError, Problem

    parent = folder.parent if str(folder.parent) else Path(".")
    if not parent.is_dir():  # the demo makes its own folder, not the ones above it
        raise InputError(Problem(str(folder), f"no such folder: {parent}"))
    if folder.exists() and not folder.is_dir():
        raise InputError(Problem(str(folder), "is a file; the demo needs a folder"))
    if force or not folder.is_dir():
        return
    present = {p.name for p in folder.iterdir()}
    previous_demo = "demo.workshop.jsonl" in present and present <= set(FILES)
    if present and not previous_demo:
        raise InputError(
            Problem(
                str(folder),
                f"is not empty ({len(present)} entries) and the demo writes "
                f"{len(FILES)} files into it; choose a new folder, or pass --force to "
                "replace the demo's files there",
            )
        )


def _make_folder(folder: Path) -> None:
    from cvo_workshop.model.problem import InputError, Problem

    try:
        folder.mkdir(exist_ok=True)
    except OSError as e:
        raise InputError(Problem(str(folder), f"cannot make the folder: {e.strerror}")) from None


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
