"""A blank response file for a questionnaire, for people who answer in an editor."""

from __future__ import annotations

import datetime as dt
import json
import textwrap

from cvo_workshop.model.questionnaire import AnswerSet, Axis, Questionnaire, ScaleStep

AXIS_HEADINGS = {
    Axis.STRATEGY: "Strategy: which tactics are used, and is their effect on customers measured?",
    Axis.CAPABILITY: "Capability: people, process and technology, level by level",
    Axis.READINESS: "Readiness: the basics before personalization",
    Axis.KPI: "Customer-value KPIs: tracked and acted on?",
}


def _comment(text: str, indent: str = "  ") -> list[str]:
    one_line = " ".join(text.split())
    return [f"{indent}# {line}" for line in textwrap.wrap(one_line, 86)]


def _words(steps: tuple[ScaleStep, ...] | list[ScaleStep]) -> str:
    return ", ".join(
        f"{s.value:g} ({s.label})" if isinstance(s.value, float) else f"{s.value} ({s.label})"
        for s in steps
    )


def response_template(bank: Questionnaire, *, respondent: str = "", role: str = "") -> str:
    """YAML: every question id with an empty value, its text as a comment above it."""
    scale = _words(bank.scale)
    lines = [
        f"# {bank.questionnaire.name}: one file a respondent.",
        f"# Answer each statement with one of: {scale};",
        "# a statement with answers of its own lists them above it ('Answers: ...').",
        '# A note or evidence is welcome:  <id>: {value: 0.5, note: "weekly test review"}',
        "# 'na' (not applicable) needs a note saying why. Leave a value empty to skip it.",
        f"questionnaire: {json.dumps(bank.questionnaire.id)}",
        f"respondent: {json.dumps(respondent)}",
        f"role: {json.dumps(role)}",
        f"date: {dt.date.today().isoformat()}",
        "answers:",
    ]
    axis = None
    for q in bank.questions:
        if q.axis is not axis:
            axis = q.axis
            lines += ["", f"  # --- {AXIS_HEADINGS[axis]}"]
        where = q.dimension or ""
        if q.level:
            where = f"{where}, level {q.level.rank} {q.level.label}"
        lines += _comment(f"[{where}] {q.text}" if where else q.text)
        if q.answers is not AnswerSet.FREQUENCY:
            lines += _comment(f"Answers: {_words(bank.steps(q))}")
        lines.append(f"  {q.id}:")
    return "\n".join(lines) + "\n"
