"""Every backlog export by format name: what `backlog export` and the TUI's
export dialog both call, so a file is the same whichever way it was made."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from cvo_workshop.engine.backlog import HORIZONS
from cvo_workshop.model.backlog import Backlog, Horizon
from cvo_workshop.model.questionnaire import Questionnaire

FORMATS = ("pdf", "cards", "csv", "md", "json")
LABELS = {
    "pdf": "Backlog report (PDF)",
    "cards": "Backlog cards for the wall (PDF)",
    "csv": "CSV for Jira, Linear or Trello",
    "md": "Markdown for a wiki",
    "json": "JSON for programs",
}
SUFFIX = {"csv": ".csv", "md": ".md", "json": ".json", "pdf": ".pdf", "cards": ".cards.pdf"}


def default_output(workshop_file: Path, fmt: str) -> Path:
    """Beside the workshop file: acme.workshop.jsonl -> acme.backlog.pdf."""
    stem = workshop_file.name.removesuffix(".jsonl").removesuffix(".workshop")
    return workshop_file.with_name(f"{stem}.backlog{SUFFIX[fmt]}")


def render(
    backlog: Backlog,
    fmt: str,
    *,
    paper: str = "a4",
    backs: str = "none",
    horizons: Sequence[Horizon] = HORIZONS,
    questionnaire: Questionnaire | None = None,
) -> tuple[bytes, list[str]]:
    """The file's bytes and warnings (what did not fit or print).

    `questionnaire` (pdf): the bank the assessment was scored on, to print the
    text of the questions respondents disagree on.
    """
    if fmt == "pdf":
        from cvo_workshop.export.report import render_report

        return render_report(backlog, paper=paper, questionnaire=questionnaire)
    if fmt == "cards":
        from cvo_workshop.export.backlog_cards import print_backlog

        return print_backlog(backlog, paper=paper, backs=backs, horizons=horizons)
    from cvo_workshop.export.backlog_files import FORMATS as TEXT

    return TEXT[fmt](backlog).encode("utf-8"), []
