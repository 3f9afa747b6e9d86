"""A blank response file for a questionnaire, for people who answer in an editor."""

from __future__ import annotations

import datetime as dt
import json
import textwrap

from cvo_workshop.engine.text import one_line
from cvo_workshop.model.questionnaire import AnswerSet, Axis, Questionnaire, ScaleStep
from cvo_workshop.store.deck_yaml import json_for_yaml

AXIS_HEADINGS = {
    Axis.STRATEGY: "Strategy: which tactics are used, and is their effect on customers measured?",
    Axis.CAPABILITY: "Capability: people, process and technology, level by level",
    Axis.READINESS: "Readiness: the basics before personalization",
    Axis.KPI: "Customer-value KPIs: tracked and acted on?",
}


def _shown(text: str) -> str:
    """Text for a comment: on one line, with what YAML does not allow in a file (DEL,
    C1 controls, U+FFFF) and what would not be seen shown as codes (`\\x7f`)."""
    return one_line(" ".join(text.split()))


def _comment(text: str, indent: str = "  ") -> list[str]:
    return [f"{indent}# {line}" for line in textwrap.wrap(_shown(text), 86)]


def _value(text: str) -> str:
    """`text` as a YAML value read back as it is: JSON's quotes and escapes, with
    characters past U+FFFF as themselves (YAML refuses JSON's surrogate pairs)."""
    return json_for_yaml(json.dumps(text, ensure_ascii=False))


def _words(steps: tuple[ScaleStep, ...] | list[ScaleStep]) -> str:
    return ", ".join(
        f"{s.value:g} ({_shown(s.label)})"
        if isinstance(s.value, float)
        else f"{s.value} ({_shown(s.label)})"
        for s in steps
    )


def response_template(bank: Questionnaire, *, respondent: str = "", role: str = "") -> str:
    """YAML: every question id with an empty value, its text as a comment above it."""
    scale = _words(bank.scale)
    lines = [
        f"# {_shown(bank.questionnaire.name)}: one file a respondent.",
        f"# Answer each statement with one of: {scale};",
        "# a statement with answers of its own lists them above it ('Answers: ...').",
        '# A note or evidence is welcome:  <id>: {value: 0.5, note: "weekly test review"}',
        "# 'na' (not applicable) needs a note saying why. Leave a value empty to skip it.",
        f"questionnaire: {_value(bank.questionnaire.id)}",
        f"respondent: {_value(respondent)}",
        f"role: {_value(role)}",
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
