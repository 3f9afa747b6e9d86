"""What a user typed comes back exactly from every file we write and read again.

Saved results (`assess score -o`, `--save`), response files, cohort files
(`cohorts rfm -o`) and decks (`deck import-csv -o`) are read back with the YAML
loader. Written raw, some characters would not come back: YAML 1.1 refuses DEL,
C1 controls (a Windows apostrophe read as Latin-1 is U+0092), U+FFFE and U+FFFF,
so the file would be refused; NEL (U+0085) and the line and paragraph separators
are line breaks to YAML, so the text would change without a word. Each test
writes real files with the product's writers and reads them with its readers.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from tests.cli.test_assess_cli import TEAM_V2

#: Each character YAML refuses raw or reads as something else, and the ones
#: beside them that only an escape keeps exactly (a tab, CR LF, a BOM inside text).
TRICKY = {
    "NEL": "\x85",
    "LINE SEPARATOR": "\u2028",
    "PARAGRAPH SEPARATOR": "\u2029",
    "DEL": "\x7f",
    "U+0092 (a Windows apostrophe read as Latin-1)": "\x92",
    "U+FFFE": "\ufffe",
    "U+FFFF": "\uffff",
    "BOM inside text": "\ufeff",
    "tab": "\t",
    "CR LF": "\r\n",
}
#: What a one-line field (a name, a title) cannot hold anyway: the model refuses it.
BREAKS = re.compile(r"[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def in_text(ch: str) -> str:
    """`ch` inside a word, after a space, at a line's end and alone on a line."""
    return f"don{ch}t {ch}x\nend{ch}\n{ch}\nlast"


def in_line(ch: str) -> str:
    """`ch` in one line, or nothing of it if a one-line field cannot hold it."""
    return BREAKS.sub("", f"Jo{ch}sé {ch}x")


ALL = "".join(TRICKY.values())

#: Any text that can be written as UTF-8, with the tricky characters and YAML's
#: own punctuation drawn often.
_CHAR = st.one_of(
    st.characters(codec="utf-8"),
    st.sampled_from([*TRICKY.values(), *"\n \"'#:-|>&*!%@`{}[],?\\", "\x00", "\x1b", "\r"]),
)
TEXT = st.lists(_CHAR, max_size=50).map("".join)
LINE = TEXT.map(lambda s: BREAKS.sub("", s))

#: Examples are whole records written to disk and read back: a few hundred each.
ROUND_TRIPS = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def valid(model, data):
    """The record `data` makes (text stripped as the model strips it), or skip the example."""
    try:
        return model.model_validate(data)
    except ValidationError:
        assume(False)


# --- saved maturity results ----------------------------------------------------


def _response(tmp_path: Path, note: str, respondent: str = "Ana") -> Path:
    """Ana's answers, her note on one statement and her name replaced."""
    path = tmp_path / "ana.yaml"
    source = TEAM_V2[0].read_text(encoding="utf-8")
    source = source.replace('"only marketing uses the terms"', json.dumps(note))
    source = source.replace("respondent: Ana", f"respondent: {json.dumps(respondent)}")
    path.write_text(source, encoding="utf-8")
    return path


def _notes(result: dict) -> list[str]:
    return [n for q in result["questions"] for n in q["notes"]]


@pytest.mark.parametrize("ch", TRICKY.values(), ids=TRICKY.keys())
def test_a_saved_result_reads_back_with_the_text_as_typed(cli, tmp_path, ch):
    """`assess score -o FILE --save`, then `assess show FILE`, `assess trend` and
    `workshop new --assessment FILE` (load_assessment): the note and the name
    come back as typed, nothing refused or left out."""
    from cvo_workshop.service.assessments import load_assessment

    note, name = in_text(ch), in_line(ch)
    saved = tmp_path / "result.json"
    scored = cli("assess", "score", _response(tmp_path, note, name), "-o", saved, "--save")
    assert scored.exit_code == 0, scored.output

    shown = cli("assess", "show", saved, "--format", "json")
    assert shown.exit_code == 0, shown.output
    assert _notes(json.loads(shown.stdout)) == [f"{name}: {note}"]
    assert json.loads(shown.stdout)["respondents"] == [name]

    trend = cli("assess", "trend", "--format", "json")
    assert trend.exit_code == 0, trend.output
    assert "left out" not in trend.stderr
    (snapshot,) = json.loads(trend.stdout)
    assert _notes(snapshot) == [f"{name}: {note}"]

    attached, notices = load_assessment(saved)
    assert notices == [] and attached.questions == load_assessment(saved)[0].questions
    assert [n for q in attached.questions for n in q.notes] == [f"{name}: {note}"]


@pytest.fixture(scope="module")
def team_result():
    from cvo_workshop.engine.maturity import score
    from cvo_workshop.store.bundled import builtin_questionnaire_path
    from cvo_workshop.store.questionnaires import load_questionnaire, load_response

    bank = load_questionnaire(builtin_questionnaire_path())
    return score(bank, [load_response(p, bank) for p in TEAM_V2])


@ROUND_TRIPS
@given(organization=LINE, respondent=LINE, note=TEXT, consensus=TEXT, flag=TEXT, kpi=TEXT)
def test_any_text_in_a_saved_result_reads_back_the_same(
    team_result, organization, respondent, note, consensus, flag, kpi
):
    from cvo_workshop.model.maturity import MaturityResult
    from cvo_workshop.service.assessments import save_snapshot
    from cvo_workshop.store.results import load_result

    data = team_result.model_dump()
    data.update(organization=organization, respondents=[respondent, "Ben"], flags=[flag])
    data["kpis_tracked"] = [kpi]
    question = data["questions"][0]
    question.update(notes=[note, f"Ben: {note}"], consensus=0.5, consensus_note=consensus)
    result = valid(MaturityResult, data)
    path, _ = save_snapshot(result)
    assert load_result(path) == result
