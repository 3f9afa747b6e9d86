"""Maturity scoring (ARCHITECTURE.md, Domain, Maturity): responses in, a MaturityResult out.

The rules, each tested on its own in tests/unit/test_maturity.py:
- answers are worth 0, 0.25, 0.5 or 1; "don't know" and "not applicable" are
  left out of every mean;
- several respondents: one value a question, the median by default (mean or
  min on request); they disagree when their answers span two or more steps
  of the scale, or the interquartile range is over one step; a facilitator's
  consensus value replaces the aggregate and is kept beside it;
- a capability level is met when the mean of its statements reaches the
  questionnaire's threshold, and at least half of its statements that apply
  (not "not applicable") have a scored answer: three statements out of twelve
  answered say little; a dimension's level is the highest level that is
  met with every level below it met too (cumulative); its progress adds the
  share of the next level's statements that reach the threshold ("2.4");
- overall capability is the weakest dimension, the mean shown beside it;
- strategy: a tactic is used when its "used" answer reaches the threshold.
  E counts only with A to D all used ("E claimed without foundation"
  otherwise); E on that foundation is advanced; C or D used is maturing; A or
  B alone is maturing only when their effect on customer experience is
  measured, else immature; nothing used is none;
- readiness statements below the threshold are gaps; the generic experience
  not in shape means "fix the basics first".
"""

from __future__ import annotations

import datetime as dt
import shlex
import statistics
from collections.abc import Iterable, Mapping, Sequence
from itertools import pairwise

from cvo_workshop.engine.text import and_list
from cvo_workshop.model.card import STRATEGY_TACTICS, Capability, Tactic
from cvo_workshop.model.maturity import (
    Aggregate,
    DimensionResult,
    MaturityResult,
    QuestionResult,
    StrategyStage,
    TacticResult,
)
from cvo_workshop.model.questionnaire import (
    DEFAULT_SCALE,
    DONT_KNOW,
    NOT_APPLICABLE,
    SCORES,
    Aspect,
    Axis,
    Dimension,
    Question,
    Questionnaire,
    ScaleStep,
)
from cvo_workshop.model.response import Response

#: The readiness statement on the experience every visitor gets (its id, or its
#: id with a suffix such as -v2: the statement renamed when its answers changed).
BASICS_QUESTION = "generic-experience-optimized"


def steps(values: Sequence[float]) -> list[int]:
    """Answers as positions on the scale (0, 1, 2, 3)."""
    return [SCORES.index(v) for v in values]


def disagrees(values: Sequence[float]) -> bool:
    """Two or more steps apart, or an interquartile range over one step."""
    if len(values) < 2:
        return False
    s = sorted(steps(values))
    if s[-1] - s[0] >= 2:
        return True
    if len(s) >= 4:
        q1, _, q3 = statistics.quantiles(s, n=4, method="inclusive")
        return q3 - q1 > 1
    return False


def aggregate(values: Sequence[float], how: Aggregate) -> float | None:
    if not values:
        return None
    if how is Aggregate.MEAN:
        return round(statistics.fmean(values), 4)
    if how is Aggregate.MIN:
        return min(values)
    return float(statistics.median(values))


def answer_key(value: object) -> str:
    """How an answer is named in a question's counts ("0.25", "dont_know", "unanswered")."""
    if value is None:
        return "unanswered"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


#: The answer scale's steps and names, lowest first (No 0 ... Continuously 1).
ANSWERS = [(st.value, st.label) for st in DEFAULT_SCALE if isinstance(st.value, float)]


def answer_words(v: float | None) -> str:
    """A mean of answers in the answers' words: "Routinely", or "Ad hoc to Routinely"
    between two (the values are steps on a scale, not a share of anything)."""
    if v is None:
        return "—"
    for value, label in ANSWERS:
        if abs(v - value) < 0.005:
            return label
    for (a, la), (b, lb) in pairwise(ANSWERS):
        if a < v < b:
            return f"{la} to {lb}"
    return f"{v:.2f}"


def _steps(bank: Questionnaire, qid: str | None) -> Sequence[ScaleStep]:
    """Question `qid`'s answers ("Yes", "Most"...); the questionnaire's scale otherwise."""
    return bank.steps(bank.question(qid)) if qid and bank.has_question(qid) else bank.scale


def answer_label(value: object, bank: Questionnaire, qid: str | None = None) -> str:
    """An answer by its name in question `qid`'s answer set ("Ad hoc", "Yes"), or as
    written if it has none."""
    key = answer_key(value)
    return next((s.label for s in _steps(bank, qid) if answer_key(s.value) == key), key)


def counts_in_words(question: QuestionResult, bank: Questionnaire) -> str:
    """'No 2, Ad hoc 1, Continuously 2': a question's answers by name, in scale order."""
    order = [*(answer_key(s.value) for s in _steps(bank, question.id)), "unanswered"]
    keys = sorted(question.counts, key=lambda k: order.index(k) if k in order else len(order))
    return ", ".join(f"{answer_label(k, bank, question.id)} {question.counts[k]}" for k in keys)


def current_answers(response: Response, bank: Questionnaire) -> Response:
    """The response as `bank` asks it: answers saved under a statement's old id count
    for the statement that replaced it (an answer under the current id wins).
    Answers to retired statements stay, unscored: the respondent's file keeps
    them when it is saved again. Older response files score this way."""
    answers = {}
    for qid, answer in response.answers.items():
        now = bank.current_id(qid)
        if now is None:  # retired: no question asks it, so nothing scores it
            answers[qid] = answer
        elif now == qid or now not in response.answers:
            answers[now] = answer
    if answers == response.answers:
        return response
    return response.model_copy(update={"answers": answers})


def unscored_earlier(bank: Questionnaire, response: Response) -> int:
    """How many answers saved under an earlier id are not scored: their statement is
    now answered in other words (yes/no, coverage) and has no answer of its own
    yet, so `assess run` asks it again. Answers to retired statements are not
    counted: nothing asks those again."""
    replaced_by = {old: q.id for q in bank.questions for old in q.replaces}
    asked_again = {
        replaced_by[qid]
        for qid in response.answers
        if qid in replaced_by and bank.current_id(qid) is None
    }
    return len(asked_again - response.answers.keys())


#: What the terminal says to do about answers not scored ("{file}" is the file).
ASK_AGAIN_WITH_ASSESS_RUN = "`assess run -o {file}` asks those statements again"


def unscored_earlier_words(count: int, file: str, advice: str) -> str:
    """The notice for a file with such answers (`file` as a shell reads it); `advice`
    is what to do about them in the front-end's own words ("{file}" stands for the
    file): the terminal's is ASK_AGAIN_WITH_ASSESS_RUN."""
    answers = "answers saved under earlier ids are"
    if count == 1:
        answers = "answer saved under an earlier id is"
    return f"{file}: {count} {answers} not scored: {advice.replace('{file}', file)}"


#: The axes as a person answering reads them.
AXIS_LABELS = {
    Axis.STRATEGY: "Strategy",
    Axis.CAPABILITY: "Capability",
    Axis.READINESS: "Readiness",
    Axis.KPI: "Customer-value KPIs",
}


#: Dimension words written as their initials (a KPI's dimension is its id: `cac-vs-clv`).
ACRONYMS = {"nps": "NPS", "clv": "CLV", "aov": "AOV", "cac": "CAC"}


def section(q: Question) -> str:
    """The section a statement belongs to, in words ("Capability · People · level 1
    Incidental"): the terminal's questionnaire and the phone's show the same."""
    where = [AXIS_LABELS[q.axis]]
    if q.axis is Axis.STRATEGY and q.dimension:
        where.append(f"tactic {q.dimension}")
    elif q.dimension:
        words = q.dimension.replace("-", " ").capitalize().split()
        where.append(" ".join(ACRONYMS.get(w.lower(), w) for w in words))
    if q.level:
        where.append(f"level {q.level.rank} {q.level.label}")
    return " · ".join(where)


def unscored_notices(
    bank: Questionnaire, files: Iterable[tuple[str, Response]], *, advice: str
) -> list[str]:
    """One notice per response file (its path, its response) holding answers under
    earlier ids that are not scored: what `assess score` warns and the result
    screen shows, the count in the same words and what to do in the front-end's
    (`advice`, unscored_earlier_words)."""
    return [
        unscored_earlier_words(count, shlex.quote(path), advice)
        for path, response in files
        if (count := unscored_earlier(bank, response))
    ]


def answered(bank: Questionnaire, response: Response) -> int:
    """How many of `bank`'s current questions the response answers ("don't know" and
    "not applicable" are answers; a blank is not)."""
    response = current_answers(response, bank)
    return sum(
        1 for q in bank.questions if (a := response.answers.get(q.id)) and a.value is not None
    )


def finished(bank: Questionnaire, response: Response) -> bool:
    """Every current question answered."""
    return answered(bank, response) == len(bank.questions)


def refused_answer(bank: Questionnaire, qid: str, value: object, note: str = "") -> str | None:
    """Why `value` cannot be the answer to question `qid` (None: it can): an unknown
    or retired question, a value off the question's own answer set, "not
    applicable" without a reason."""
    if not bank.has_question(qid):
        return f"no question {qid!r} in the questionnaire"
    question = bank.question(qid)
    if not in_answer_set(bank, question, value):
        words = ", ".join(s.label for s in bank.steps(question))
        return f"this statement is answered {words}"
    if value == NOT_APPLICABLE and not note.strip():
        return "not applicable needs a reason"
    return None


def in_answer_set(bank: Questionnaire, question: Question, value: object) -> bool:
    """Whether `value` is one of the answers `question`'s own answer set takes."""
    return any(_same_answer(value, s.value) for s in bank.steps(question))


def _same_answer(value: object, step: object) -> bool:
    """`value` is exactly `step`: a word only as a word ("1" is not 1), a number only as a
    number (never True, never 0.2500001 for 0.25; exact, so no huge number overflows)."""
    if isinstance(step, str) or isinstance(value, str):
        return value == step
    return isinstance(value, int | float) and not isinstance(value, bool) and value == step


def score_questions(
    bank: Questionnaire,
    responses: Sequence[Response],
    how: Aggregate = Aggregate.MEDIAN,
    consensus: Response | None = None,
) -> list[QuestionResult]:
    out = []
    responses = [current_answers(r, bank) for r in responses]
    consensus = current_answers(consensus, bank) if consensus else None
    for q in bank.questions:
        values: list[float] = []
        counts: dict[str, int] = {}
        notes: list[str] = []
        for r in responses:
            a = r.answers.get(q.id)
            value = a.value if a else None
            counts[answer_key(value)] = counts.get(answer_key(value), 0) + 1
            if isinstance(value, float):
                values.append(value)
            if a and (a.note or a.evidence):
                text = "; ".join(t for t in (a.note, str(a.evidence)) if t)
                notes.append(f"{r.respondent}: {text}")
        agg = aggregate(values, how)
        c = consensus.answers.get(q.id) if consensus else None
        c_value = c.value if c and isinstance(c.value, float) else None
        out.append(
            QuestionResult(
                id=q.id,
                value=c_value if c_value is not None else agg,
                aggregate=agg,
                counts=counts,
                disagreement=disagrees(values),
                notes=notes,
                consensus=c_value,
                consensus_note=c.note if c else "",
            )
        )
    return out


def _mean(values: Sequence[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return statistics.fmean(known) if known else None


def dimension_result(
    bank: Questionnaire,
    dimension: Dimension,
    values: Mapping[str, float | None],
    target: Capability | None = None,
    not_applicable: frozenset[str] = frozenset(),
) -> DimensionResult:
    threshold = bank.questionnaire.threshold
    by_level: dict[Capability, list[Question]] = {c: [] for c in Capability}
    for q in bank.questions:
        if q.axis is Axis.CAPABILITY and q.dimension == dimension.value and q.level:
            by_level[q.level].append(q)
    level: Capability | None = None
    unanswered: Capability | None = None
    for cap in Capability:
        scored = [values.get(q.id) for q in by_level[cap]]
        applies = sum(1 for q in by_level[cap] if q.id not in not_applicable)
        known = sum(1 for v in scored if v is not None)
        if applies and known * 2 < applies:
            unanswered = cap
            break
        mean = _mean(scored)
        if mean is None or mean < threshold:
            break
        level = cap
    reached = level.rank if level else 0
    progress = float(reached)
    next_steps: list[str] = []
    if reached < 4:
        nxt = by_level[Capability.from_rank(reached + 1)]
        met = [q for q in nxt if (values.get(q.id) or 0.0) >= threshold]
        if nxt:
            progress += min(len(met) / len(nxt), 0.9)
        next_steps = [q.id for q in nxt if q not in met]
    progress = round(progress, 1)
    gap = None if target is None else round(max(0.0, target.rank - progress), 1)
    return DimensionResult(
        dimension=dimension,
        level=level,
        progress=progress,
        target=target,
        gap=gap,
        next_steps=next_steps,
        unanswered_level=unanswered,
    )


def tactic_results(
    bank: Questionnaire, values: Mapping[str, float | None], targets: Mapping[Tactic, float]
) -> list[TacticResult]:
    out = []
    for t in STRATEGY_TACTICS:
        used = [q for q in bank.questions if q.axis is Axis.STRATEGY and q.dimension == t.value]
        out.append(
            TacticResult(
                tactic=t,
                coverage=_mean([values.get(q.id) for q in used if q.aspect is Aspect.USED]),
                measured=_mean([values.get(q.id) for q in used if q.aspect is Aspect.MEASURED]),
                target=targets.get(t),
            )
        )
    return out


def in_use(coverage: float | None, threshold: float) -> bool:
    """Whether a tactic is used: its "used" answer reaches the threshold (Routinely
    by default); an answer below it (Ad hoc) is tried, not used."""
    return coverage is not None and coverage >= threshold


def _is_are(tactics: Sequence[str]) -> str:
    return "is" if len(tactics) == 1 else "are"


def stage(tactics: Sequence[TacticResult], threshold: float) -> tuple[StrategyStage, list[str]]:
    """The strategy stage and its flags."""
    by = {t.tactic: t for t in tactics}

    def used(t: Tactic) -> bool:
        return in_use(by[t].coverage, threshold)

    def measured(t: Tactic) -> bool:
        m = by[t].measured
        return m is not None and m >= threshold

    flags: list[str] = []
    missing = [t for t in (Tactic.A, Tactic.B, Tactic.C, Tactic.D) if not used(t)]
    foundation = not missing
    if used(Tactic.E) and not foundation:
        # Name what is missing: a reader checks the lines above against it.
        unanswered = [t.value for t in missing if by[t].coverage is None]
        tried = [t.value for t in missing if by[t].coverage is not None]
        why = []
        if tried:
            why.append(f"{and_list(tried)} {_is_are(tried)} not in use")
        if unanswered:
            why.append(f"{and_list(unanswered)} {_is_are(unanswered)} not answered")
        flags.append(
            f"E claimed without foundation: the whole experience is said to adapt, but "
            f"{' and '.join(why)}; "
            f"E does not count until {'it is' if len(missing) == 1 else 'they are'}."
        )
    if used(Tactic.E) and foundation:
        return StrategyStage.ADVANCED, flags
    if used(Tactic.C) or used(Tactic.D):
        return StrategyStage.MATURING, flags
    ab = [t for t in (Tactic.A, Tactic.B) if used(t)]
    if not ab:
        return StrategyStage.NONE, flags
    if all(measured(t) for t in ab):
        return StrategyStage.MATURING, flags
    flags.append(
        "Targeted marketing and adapted ads run without measuring their effect on the customer "
        "experience: measure that before adding tactics."
    )
    return StrategyStage.IMMATURE, flags


def organizations(responses: Sequence[Response]) -> list[str]:
    """The organizations the responses name, each once (first spelling kept)."""
    seen: dict[str, str] = {}
    for r in responses:
        if r.organization:
            seen.setdefault(r.organization.casefold(), r.organization)
    return list(seen.values())


def organization_of(responses: Sequence[Response]) -> str | None:
    """The organization assessed, when the responses name exactly one."""
    named = organizations(responses)
    return named[0] if len(named) == 1 else None


def score(
    bank: Questionnaire,
    responses: Sequence[Response],
    *,
    how: Aggregate = Aggregate.MEDIAN,
    consensus: Response | None = None,
    targets: Mapping[Dimension, Capability] | None = None,
    tactic_targets: Mapping[Tactic, float] | None = None,
    date: dt.date | None = None,
    organization: str | None = None,
) -> MaturityResult:
    """The maturity result of these responses to `bank`."""
    threshold = bank.questionnaire.threshold
    questions = score_questions(bank, responses, how, consensus)
    values = {q.id: q.value for q in questions}
    not_applicable = frozenset(q.id for q in questions if set(q.counts) == {NOT_APPLICABLE})
    targets = targets or {}
    dims = [dimension_result(bank, d, values, targets.get(d), not_applicable) for d in Dimension]
    weakest = min(dims, key=lambda d: d.progress)
    tactics = tactic_results(bank, values, tactic_targets or {})
    strategy_stage, flags = stage(tactics, threshold)

    gaps = []
    for q in bank.questions:
        v = values.get(q.id)
        if q.axis is not Axis.READINESS or v is None or v >= threshold:
            continue  # not readiness, not answered (no claim either way), or met
        gaps.append(q.id)
        if BASICS_QUESTION in q.id:
            flags.insert(
                0,
                "Fix the basics first: the experience every visitor gets is not yet in good "
                "shape, and personalizing it would hide its flaws.",
            )
    for d in dims:
        if d.unanswered_level is not None:
            flags.append(
                f"{d.dimension.label}: fewer than half of the {d.unanswered_level.label} "
                "statements are answered, so that level (and any above it) cannot count yet; "
                "answer them, or mark those that do not apply."
            )
    kpis = [q for q in bank.questions if q.axis is Axis.KPI]
    tracked = [q.dimension or q.id for q in kpis if (values.get(q.id) or 0.0) >= threshold]
    if any(values.get(q.id) is not None for q in kpis) and not tracked:
        flags.append("No customer-value KPI is tracked: start with one, such as repeat rate.")

    answers = [a for r in responses for a in r.answers.values()]
    dont_know = sum(1 for a in answers if a.value == DONT_KNOW)
    scored_or_dk = sum(1 for a in answers if a.value not in (None, NOT_APPLICABLE))
    return MaturityResult(
        questionnaire=bank.questionnaire.id,
        questionnaire_version=bank.questionnaire.version,
        date=date or max((r.date for r in responses if r.date), default=None),
        organization=organization or organization_of(responses),
        respondents=[r.respondent for r in responses],
        aggregate=how,
        capability=dims,
        overall=min((d.level for d in dims), key=lambda c: c.rank if c else 0)
        if all(d.level for d in dims)
        else None,
        overall_progress=weakest.progress,
        mean_progress=round(statistics.fmean(d.progress for d in dims), 1),
        threshold=threshold,
        strategy=tactics,
        stage=strategy_stage,
        flags=flags,
        disagreements=[q.id for q in questions if q.disagreement],
        dont_know_share=round(dont_know / scored_or_dk, 3) if scored_or_dk else 0.0,
        readiness_gaps=gaps,
        kpis_tracked=tracked,
        kpis_asked=len(kpis),
        kpis_answered=sum(1 for q in kpis if values.get(q.id) is not None),
        answered=sum(1 for v in values.values() if v is not None),
        asked=len(bank.questions),
        questions=questions,
    )
