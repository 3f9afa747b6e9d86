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


def in_word(ch: str) -> str:
    """`ch` inside a word: "don't" mis-decoded is `don\\x92t`."""
    return f"don{ch}t"


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
    # and it is still JSON, that any JSON reader reads the same
    assert MaturityResult.model_validate(json.loads(path.read_text(encoding="utf-8"))) == result


# --- response files (`assess run`, answers from phones) --------------------------


@pytest.mark.parametrize("ch", TRICKY.values(), ids=TRICKY.keys())
def test_a_note_answered_from_a_phone_survives_the_next_answer(tmp_path, builtin_questionnaire, ch):
    """Each answer reads the file again before it writes: a note that did not come
    back as written would be changed, or the next answer refused."""
    from cvo_workshop.service.assessments import TeamAnswers
    from cvo_workshop.store.questionnaires import load_response

    first, second = (q.id for q in builtin_questionnaire.questions[:2])
    team = TeamAnswers(tmp_path, builtin_questionnaire, organization=in_line(ch))
    team.answer(in_line(ch), first, 1.0, note=in_word(ch))
    team.answer(in_line(ch), second, 0.5, note=in_text(ch))
    back = load_response(team.path_of(in_line(ch)), builtin_questionnaire)
    assert [back.answers[first].note, back.answers[second].note] == [in_word(ch), in_text(ch)]
    assert back.respondent == in_line(ch) and back.organization == in_line(ch)


@ROUND_TRIPS
@given(respondent=LINE, role=TEXT, organization=LINE, note=TEXT, what=TEXT, link=TEXT, owner=LINE)
def test_any_text_in_a_response_file_reads_back_the_same(
    tmp_path, builtin_questionnaire, respondent, role, organization, note, what, link, owner
):
    from cvo_workshop.model.response import Response
    from cvo_workshop.store.questionnaires import load_response
    from cvo_workshop.store.responses import save_response

    qid = builtin_questionnaire.questions[0].id
    evidence = {"what": what, "link": link, "owner": owner or None}
    response = valid(
        Response,
        {
            "respondent": respondent,
            "role": role,
            "organization": organization or None,
            "questionnaire": builtin_questionnaire.questionnaire.id,
            "answers": {qid: {"value": 0.5, "note": note, "evidence": evidence}},
        },
    )
    path = tmp_path / "response.yaml"
    save_response(path, response)
    assert load_response(path, builtin_questionnaire) == response


# --- cohort files (`cohorts rfm -o`) ---------------------------------------------

RFM_HAND = Path(__file__).parent.parent / "data" / "rfm" / "hand.csv"


@pytest.mark.parametrize("ch", TRICKY.values(), ids=TRICKY.keys())
def test_a_cohort_file_keeps_the_order_files_name_and_its_columns(cli, tmp_path, ch):
    """A file name holds any character but `/`; a column's name any but a line
    break (`cohorts rfm` refuses those)."""
    from cvo_workshop.store.cohorts import load_cohorts

    header, rest = RFM_HAND.read_text(encoding="utf-8").split("\n", 1)
    column = in_line(ch)
    orders = tmp_path / f"{in_word(ch)}.csv"
    orders.write_text(header.replace("customer", column) + "\n" + rest, encoding="utf-8")
    out = tmp_path / "cohorts.yaml"
    result = cli("cohorts", "rfm", orders, "--customer", column, "-o", out)
    assert result.exit_code == 0, result.output
    meta = load_cohorts(out).cohort_set
    assert meta.inputs[0].path == str(orders) and meta.columns.customer == column


@pytest.fixture(scope="module")
def hand_cohorts():
    from cvo_workshop.store.rfm_run import RfmRequest, RfmRun

    with RfmRun(RfmRequest(paths=(RFM_HAND,))) as run:
        return run.compute().cohort_set()


@ROUND_TRIPS
@given(name=LINE, column=LINE, path=TEXT, rule=TEXT, status=LINE, card=LINE, text=TEXT)
def test_any_text_in_a_cohort_file_reads_back_the_same(
    tmp_path, hand_cohorts, name, column, path, rule, status, card, text
):
    from cvo_workshop.model.cohorts import CohortSet
    from cvo_workshop.store.cohorts import cohorts_to_yaml, load_cohorts

    data = hand_cohorts.model_dump()
    meta = data["cohort_set"]
    meta.update(name=name, score_rule=rule, time_rule=text, excluded_statuses=[status])
    meta["columns"].update(customer=column, status=column)
    meta["inputs"][0]["path"] = f"{path}.csv"
    data["cohorts"][0].update(name=card, description=text, definition=f"{text}.", plays=[card])
    cohort_set = valid(CohortSet, data)
    out = tmp_path / "cohorts.yaml"
    out.write_text(cohorts_to_yaml(cohort_set), encoding="utf-8")
    assert load_cohorts(out) == cohort_set


# --- decks (`deck import-csv -o`) ------------------------------------------------


def _deck_data(line: str, text: str, word: str = "word") -> dict:
    from tests.export.decks import cohort, recipe

    card = recipe(
        "c1",
        title=line,
        prompt=line,
        description=text,
        hypothesis=word,
        privacy=text,
        source=word,
        touchpoints=[line],
        data=[line],
        kpis=[line],
        primary_kpi=line,
        guardrails=[line],
        examples=[f"{text}.", line, word or "."],
    )
    segment = cohort("k1", name=line, description=word, definition=f"{text}.", plays=[line])
    deck = {"id": "test", "name": line, "description": text}
    return {"deck": deck, "cards": [card, recipe("c2")], "cohorts": [segment]}


@pytest.mark.parametrize("ch", TRICKY.values(), ids=TRICKY.keys())
def test_a_deck_imported_from_csv_keeps_the_text_of_every_cell(cli, tmp_path, ch):
    """A deck (JSON is YAML: every character escaped) exported to CSV, imported
    back to YAML with `deck import-csv -o`, read again: the same cards."""
    from cvo_workshop.store.decks import load_deck

    source = tmp_path / "source.yaml"
    data = _deck_data(in_line(ch), in_text(ch), in_word(ch))
    source.write_text(json.dumps(data), encoding="utf-8")
    cards, cohorts = tmp_path / "cards.csv", tmp_path / "cohorts.csv"
    result = cli("deck", "export-csv", source, "-o", cards, "--cohorts", cohorts)
    assert result.exit_code == 0, result.output
    back = tmp_path / "deck.yaml"
    result = cli("deck", "import-csv", cards, "--cohorts", cohorts, "-o", back, "--id", "test")
    assert result.exit_code == 0, result.output
    original, imported = load_deck(source), load_deck(back)
    assert imported.cards == original.cards and imported.cohorts == original.cohorts
    assert (imported.cards[0].description, imported.cards[0].source) == (in_text(ch), in_word(ch))


@ROUND_TRIPS
@given(line=LINE, text=TEXT, word=TEXT)
def test_any_text_in_a_deck_file_reads_back_the_same(tmp_path, line, text, word):
    from cvo_workshop.model.deck import Deck
    from cvo_workshop.store.deck_yaml import deck_to_yaml
    from cvo_workshop.store.decks import load_deck

    deck = valid(Deck, _deck_data(line, text, word))
    out = tmp_path / "deck.yaml"
    out.write_text(deck_to_yaml(deck), encoding="utf-8")
    assert load_deck(out) == deck


# --- blank response files (`assess template -o`) ---------------------------------


def _yaml_scalar(text: str) -> str:
    """`text` as YAML escapes it (PyYAML: \\x7F, \\U0001FFFE), on one line."""
    import yaml

    return yaml.safe_dump(text, width=1000).removesuffix("\n...\n").strip()


def test_a_blank_template_reads_back_whatever_its_questions_and_names_hold(cli, tmp_path):
    """A questionnaire's statement is written as a comment, the respondent and role
    as values: a comment is shown as text (a DEL in it made the file refused), a
    name past U+FFFF is written as itself (JSON's surrogate pair escape, which
    YAML refuses, made the file refused)."""
    from cvo_workshop.store.bundled import builtin_questionnaire_path
    from cvo_workshop.store.questionnaires import load_questionnaire, load_response

    statement = (
        "We send targeted marketing: selected customers get messages chosen for them "
        "instead of the message everyone gets."
    )
    odd = f"We{''.join(TRICKY.values())}\U0001f600\U0001fffe send it"
    source = builtin_questionnaire_path().read_text(encoding="utf-8")
    assert f"text: '{statement}'" in source
    bank = tmp_path / "bank.yaml"
    bank.write_text(source.replace(f"'{statement}'", _yaml_scalar(odd), 1), encoding="utf-8")
    assert load_questionnaire(bank).questions[0].text == odd

    for respondent, role in (("Zoë \U0001f600", in_text("\x92")), (in_line(ALL), in_word(ALL))):
        template = tmp_path / "blank.yaml"
        result = cli(
            "assess", "template", "--bank", bank, "--respondent", respondent, "--role", role,
            "-o", template, "--force",
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        back = load_response(template, load_questionnaire(bank))
        assert (back.respondent, back.role) == (respondent, role)
        assert all(a.value is None for a in back.answers.values())
        shown = "# [A] We \\x7f\\x92\\ufffe\\uffff\\ufeff \U0001f600\\u1fffe send it"
        assert f"  {shown}\n" in template.read_text(encoding="utf-8")
