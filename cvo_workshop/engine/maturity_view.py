"""A maturity result as a person reads it: a headline, then sections of lines,
in words, with no styling. The command line, the result screen and the PDF
report only style this, so the three say the same things.

Question ids mean nothing to a reader: a question the questionnaire at hand
does not have is counted ("and 2 more, not in the questionnaire at hand"),
never listed by its id.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from cvo_workshop.engine.maturity import answer_label, answer_words, counts_in_words, in_use
from cvo_workshop.engine.text import percent
from cvo_workshop.model.card import Capability
from cvo_workshop.model.maturity import MaturityResult, QuestionResult
from cvo_workshop.model.questionnaire import Questionnaire

#: What a line means to a reader; each front-end picks its colour for it.
Tone = Literal["plain", "muted", "warning", "error", "agreed", "heading"]

#: How the result names an organization below the first level.
BELOW = "below Incidental"


@dataclass(frozen=True)
class ViewLine:
    text: str
    tone: Tone = "plain"
    #: Lines under the one before (a note under its question): 0 or 1.
    indent: int = 0
    #: A fraction 0-1 a front-end may draw as a bar beside the text.
    bar: float | None = None
    #: Where the target sits on that bar, 0-1.
    target: float | None = None


@dataclass(frozen=True)
class ViewSection:
    title: str
    lines: tuple[ViewLine, ...]
    tone: Tone = "heading"


@dataclass(frozen=True)
class MaturityView:
    headline: str
    sections: tuple[ViewSection, ...]

    def texts(self) -> list[str]:
        """Every line's words, in order: what each front-end shows."""
        out = [self.headline]
        for s in self.sections:
            out.append(s.title)
            out += [line.text for line in s.lines]
        return out


def maturity_view(result: MaturityResult, bank: Questionnaire | None) -> MaturityView:
    """The result in words. `bank`: the questionnaire it was scored on, for the
    questions' texts (None, or another questionnaire: they are counted)."""
    if bank is not None and bank.questionnaire.id != result.questionnaire:
        bank = None
    sections = [
        _capability(result),
        _strategy(result),
        _questions("Readiness gaps", result.readiness_gaps, bank),
        _disagreements(result, bank),
        _notes(result, bank),
        _next_steps(result, bank),
    ]
    return MaturityView(_headline(result), tuple(s for s in sections if s.lines))


def level_name(level: Capability | None) -> str:
    return level.label if level else BELOW


def _headline(r: MaturityResult) -> str:
    n = len(r.respondents)
    who = f"{n} respondent{'s' if n != 1 else ''}" + (
        f", {r.aggregate.value} per question" if n > 1 else ""
    )
    return (
        f"Capability: {level_name(r.overall)} ({r.overall_progress:.1f} of 4, the weakest "
        f"dimension; mean {r.mean_progress:.1f}) · {who}"
    )


def _capability(r: MaturityResult) -> ViewSection:
    lines = []
    for d in r.capability:
        aim = ""
        if d.target is not None:
            gap = f", gap {d.gap:.1f}" if d.gap else ", reached"
            aim = f" (target {d.target.label}{gap})"
        lines.append(
            ViewLine(
                f"{d.dimension.label}: {level_name(d.level)}, {d.progress:.1f} of 4{aim}",
                bar=d.progress / 4,
                target=d.target.rank / 4 if d.target else None,
            )
        )
    if r.answered is not None and r.asked:
        tone: Tone = "warning" if r.answered * 2 < r.asked else "plain"
        lines.append(ViewLine(f"Answered: {r.answered} of {r.asked} questions", tone))
    if r.dont_know_share:
        lines.append(ViewLine(f'"Don\'t know": {percent(r.dont_know_share)} of the answers'))
    return ViewSection("Capability per dimension", tuple(lines))


def _strategy(r: MaturityResult) -> ViewSection:
    lines = []
    for t in r.strategy:
        # The answers' words, not percentages: the scale's steps are no shares.
        aim = f", target {answer_words(t.target)}" if t.target is not None else ""
        lines.append(
            ViewLine(
                f"{t.tactic.value} {t.tactic.label}: {_use(t.coverage, r.threshold)}, "
                f"effect measured {answer_words(t.measured)}{aim}",
                bar=t.coverage or 0.0,
                target=t.target,
            )
        )
    lines += [ViewLine(flag, "warning") for flag in r.flags]
    if r.kpis_asked:
        if r.kpis_answered == 0:
            lines.append(ViewLine("Customer-value KPIs: not answered"))
        else:
            tracked = ", ".join(k.upper() if len(k) <= 4 else k for k in r.kpis_tracked)
            lines.append(
                ViewLine(
                    f"Customer-value KPIs tracked: {len(r.kpis_tracked)} of {r.kpis_asked} "
                    f"({tracked or 'none'})"
                )
            )
    return ViewSection(f"Strategy: {r.stage.label}", tuple(lines))


def _use(coverage: float | None, threshold: float) -> str:
    """ "in use Routinely"; below the threshold "tried Ad hoc, not in use" (the stage and
    its flags count only what is in use, so the line must not claim more)."""
    if coverage is None or in_use(coverage, threshold):
        return f"in use {answer_words(coverage)}"
    return f"tried {answer_words(coverage)}, not in use" if coverage > 0 else "not in use"


def _known(ids: Iterable[str], bank: Questionnaire | None) -> tuple[list[str], int]:
    """The ids the questionnaire at hand has, and how many it has not."""
    ids = list(ids)
    known = [q for q in ids if bank is not None and bank.has_question(q)]
    return known, len(ids) - len(known)


def _more(n: int) -> list[ViewLine]:
    return [ViewLine(f"and {n} more, not in the questionnaire at hand", "muted")] if n else []


def _questions(title: str, ids: list[str], bank: Questionnaire | None) -> ViewSection:
    known, missing = _known(ids, bank)
    assert bank is not None or not known
    lines = [ViewLine(bank.text_of(q)) for q in known] if bank else []
    return ViewSection(title, (*lines, *_more(missing)))


def _disagreements(r: MaturityResult, bank: Questionnaire | None) -> ViewSection:
    n = len(r.disagreements)
    by_id = {q.id: q for q in r.questions}
    known, missing = _known(r.disagreements, bank)
    lines: list[ViewLine] = []
    for qid in known:
        assert bank is not None
        q: QuestionResult | None = by_id.get(qid)
        counts = f"  ({counts_in_words(q, bank)})" if q and q.counts else ""
        lines.append(ViewLine(f"{bank.text_of(qid)}{counts}", "error"))
        if q is not None and q.consensus is not None:
            note = f": {q.consensus_note}" if q.consensus_note else ""
            agreed = answer_label(q.consensus, bank, qid)
            lines.append(ViewLine(f"agreed by the room: {agreed}{note}", "agreed", indent=1))
    lines += _more(missing)
    title = f"Disagreement on {n} question{'s' if n != 1 else ''}"
    return ViewSection(title, tuple(lines) if n else (), tone="error")


def _notes(r: MaturityResult, bank: Questionnaire | None) -> ViewSection:
    lines: list[ViewLine] = []
    noted = [q for q in r.questions if q.notes]
    known, missing = _known((q.id for q in noted), bank)
    for q in noted:
        if q.id not in known:
            continue
        assert bank is not None
        lines.append(ViewLine(bank.text_of(q.id), "muted"))
        lines += [ViewLine(note, indent=1) for note in q.notes]
    return ViewSection("Notes", (*lines, *_more(missing)))


#: Statements listed per dimension under "What to work on next".
NEXT_STEPS = 3


def _next_steps(r: MaturityResult, bank: Questionnaire | None) -> ViewSection:
    lines: list[ViewLine] = []
    for d in r.capability:
        if not d.next_steps or d.level is Capability.PERSONALIZED_BUSINESS:
            continue
        known, missing = _known(d.next_steps[:NEXT_STEPS], bank)
        if not known and not missing:
            continue
        lines.append(ViewLine(d.dimension.label, "heading"))
        if bank is not None:
            lines += [ViewLine(bank.text_of(q), indent=1) for q in known]
        lines += _more(missing)
    return ViewSection("What to work on next", tuple(lines))
