"""Maturity scoring: 1,000 respondents on the built-in questionnaire.

Peer: the statistics alone, a median of 1,000 answers for every question.
"""

from __future__ import annotations

import random
import statistics

from benchmarks._harness import Row, median_time

RESPONDENTS = 1000


def responses(n: int, bank):
    from cvo_workshop.model.response import Response

    rng = random.Random(7)
    values = [0.0, 0.25, 0.5, 1.0, 0.5, 0.25, "dont_know"]
    return [
        Response.model_validate(
            {"respondent": f"R{i}", "answers": {q.id: rng.choice(values) for q in bank.questions}}
        )
        for i in range(n)
    ]


def rows(quick: bool = False) -> list[Row]:
    from cvo_workshop.engine.maturity import score
    from cvo_workshop.store.bundled import builtin_questionnaire_path
    from cvo_workshop.store.questionnaires import load_questionnaire

    bank = load_questionnaire(builtin_questionnaire_path())
    rs = responses(RESPONDENTS, bank)
    repeat = 2 if quick else 5

    def floor() -> None:
        for q in bank.questions:
            vals = [
                a.value for r in rs if (a := r.answers.get(q.id)) and isinstance(a.value, float)
            ]
            statistics.median(vals)

    peer = median_time(floor, repeat=repeat)
    value = median_time(lambda: score(bank, rs), repeat=repeat)
    return [
        Row(
            figure=f"score {RESPONDENTS:,} respondents (built-in questionnaire)",
            value=value,
            unit="s",
            target="< 2 s",
            met=value < 2.0,
            peer="a median a question, alone",
            peer_value=peer,
        )
    ]
