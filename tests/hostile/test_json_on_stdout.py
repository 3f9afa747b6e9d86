"""JSON on standard output stays JSON: what a terminal would act on or not show
(escape sequences, C1 controls, bidi overrides, noncharacters, past the first
plane too) is written as JSON's own escapes, and `json.loads` reads the same
data back, whichever command prints it and whether asked with `-o -` or not."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from tests.cli.test_assess_cli import TEAM_V2
from tests.conftest import run_process
from tests.hostile.hostile_files import backlog_file
from tests.hostile.test_saved_text import BREAKS, ROUND_TRIPS, TEXT, valid

#: Everything `engine.text.printable` shows rather than prints, and the line and
#: paragraph separators beside them.
HOSTILE = (
    "N \x1b]52;c;ZXZpbA==\x07 \x1b[2J \u202e \u2066 \x85 \x9b \x7f \x00 \ufdd0 \uffff "
    "\U0001fffe \U0010ffff \u200b \ufeff \u2028 \r\n x\tz"
)

#: The same on one line, for the fields that must be one (a title, a name).
ONE_LINE = re.sub(r"[\r\n\x85\u2028]", "", HOSTILE)

#: Raw characters no JSON on a terminal may hold (JSON escapes them all).
RAW = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200b\ufeff\ufdd0\uffff]")
#: What `printable` would have made of them: `\x85`, `\u1fffe`, not JSON (an
#: escaped backslash before them, `\\x0b` in a schema's pattern, is JSON's own).
SHOWN = re.compile(r"(?<!\\)(?:\\\\)*\\(?:x[0-9a-f]{2}|u[0-9a-f]{5})|[\u2400-\u241f]")


def stdout_json(result) -> object:
    """The command's stdout as JSON, checked to hold nothing raw nor shown."""
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert not RAW.search(out), RAW.search(out)
    assert not SHOWN.search(out), SHOWN.search(out)
    assert "\U0001fffe" not in out and "\U0010ffff" not in out
    return json.loads(out)


def yaml_string(text: str) -> str:
    """`text` as a YAML scalar, escaped where YAML must (`\\e`, `\\N`, `\\U0001FFFE`)."""
    return yaml.safe_dump(text, width=1000).removesuffix("\n...\n").strip()


def _hostile_response(tmp_path, note: str = HOSTILE):
    path = tmp_path / "ana.yaml"
    source = TEAM_V2[0].read_text(encoding="utf-8")
    path.write_text(
        source.replace('"only marketing uses the terms"', yaml_string(note)), encoding="utf-8"
    )
    return path


def _notes(result: dict) -> list[str]:
    return [n for q in result["questions"] for n in q["notes"] if n.startswith("Ana: N")]


def test_assess_score_json_on_stdout_reads_back_the_same(cli, tmp_path):
    response = _hostile_response(tmp_path)
    for args in (("--format", "json"), ("-o", "-"), ("-o", "-", "--format", "json")):
        data = stdout_json(cli("assess", "score", response, *args))
        assert _notes(data) == [f"Ana: {HOSTILE}"], args


def test_assess_score_json_to_another_name_of_stdout_reads_back_the_same(tmp_path):
    """/dev/stdout in a real process: standard output by another name (is_stdout)."""
    done = run_process("assess", "score", _hostile_response(tmp_path), "-o", "/dev/stdout")
    assert done.returncode == 0, done.stderr
    assert not RAW.search(done.stdout) and not SHOWN.search(done.stdout)
    assert _notes(json.loads(done.stdout)) == [f"Ana: {HOSTILE}"]


def test_assess_show_and_trend_json_read_back_the_same(cli, tmp_path):
    """Every character of HOSTILE, DEL, C1 controls, U+FFFF and the line breaks
    YAML knows (U+0085, U+2028) among them: the result file is written so that the
    YAML loader, which older versions read it with, reads it too
    (tests/hostile/test_saved_text.py)."""
    saved = tmp_path / "result.json"
    scored = cli("assess", "score", _hostile_response(tmp_path), "-o", saved, "--save")
    assert scored.exit_code == 0, scored.output
    shown = stdout_json(cli("assess", "show", saved, "--format", "json"))
    assert _notes(shown) == [f"Ana: {HOSTILE}"]
    (snapshot,) = stdout_json(cli("assess", "trend", "--format", "json"))
    assert _notes(snapshot) == [f"Ana: {HOSTILE}"]


def _hostile_workshop(tmp_path):
    return backlog_file(
        tmp_path, organization=ONE_LINE, title=ONE_LINE, owner=ONE_LINE, notes=HOSTILE
    )


def test_backlog_export_json_on_stdout_reads_back_the_same(cli, tmp_path):
    workshop = _hostile_workshop(tmp_path)
    for args in ((), ("-o", "-")):
        data = stdout_json(cli("backlog", "export", workshop, "--format", "json", *args))
        (item,) = data["items"]
        assert data["workshop"]["organization"] == ONE_LINE, args
        assert (item["title"], item["owner"], item["notes"]) == (ONE_LINE, ONE_LINE, HOSTILE)


def test_workshop_summary_json_reads_back_the_same(cli, tmp_path):
    data = stdout_json(cli("workshop", "summary", _hostile_workshop(tmp_path), "--format", "json"))
    assert data["workshop"]["organization"] == ONE_LINE
    assert [d["title"] for d in data["draws"]] == [ONE_LINE]


def test_the_schemas_on_stdout_are_json(cli):
    for group in ("deck", "backlog"):
        assert stdout_json(cli(group, "schema"))["$schema"].startswith("https://json-schema.org/")


# --- a result on standard output, redirected into a file, read back --------------

#: Noncharacters past U+FFFF: JSON on standard output writes them as surrogate-pair
#: escapes (`\ud83f\udffe`), which the YAML loader refuses.
PAST_FFFF = "odd \U0001fffe and \U0010ffff, Zoë 😀"


def _every_note(result: dict) -> list[str]:
    return [n for q in result["questions"] for n in q["notes"]]


def _score_into(path, response, *args: str) -> None:
    """`cvo-workshop assess score RESPONSE ARGS > PATH`, as a shell runs it."""
    with path.open("w", encoding="utf-8") as out:
        done = subprocess.run(
            [sys.executable, "-m", "cvo_workshop", "assess", "score", response, *args],
            stdout=out,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
            env={**os.environ, "NO_COLOR": "1"},
        )
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("args", [("--format", "json"), ("-o", "-")])
def test_a_result_redirected_from_stdout_is_read_back_by_show_and_trend(
    cli, tmp_path, data_dir, args
):
    """Before, `assess show r.json` refused it: "invalid YAML: found invalid Unicode
    character escape code", and `assess trend` left the snapshot out."""
    from cvo_workshop.service.assessments import load_assessment

    response = _hostile_response(tmp_path, PAST_FFFF)
    saved = tmp_path / "r.json"
    _score_into(saved, response, *args)
    assert "\\ud83f\\udffe" in saved.read_text(encoding="utf-8")  # as the report had it

    shown = cli("assess", "show", saved, "--format", "json")
    assert shown.exit_code == 0, shown.output
    assert _every_note(json.loads(shown.stdout)) == [f"Ana: {PAST_FFFF}"]
    text = cli("assess", "show", saved)
    assert text.exit_code == 0 and "Ana: odd \\u1fffe and \\u10ffff, Zoë 😀" in text.stdout

    snapshot = data_dir / "assessments" / "2026-11-20-personalization-maturity.json"
    snapshot.parent.mkdir(parents=True)
    _score_into(snapshot, response, *args)
    trend = cli("assess", "trend", "--format", "json")
    assert trend.exit_code == 0 and trend.stderr == ""
    (found,) = json.loads(trend.stdout)
    assert _every_note(found) == [f"Ana: {PAST_FFFF}"]

    attached, _ = load_assessment(saved)  # `workshop new --assessment r.json`
    assert [n for q in attached.questions for n in q.notes] == [f"Ana: {PAST_FFFF}"]


def test_a_wrong_value_in_such_a_result_is_named_without_a_traceback(cli, tmp_path):
    """JSON that YAML cannot read has no line to point at: the field is named."""
    saved = tmp_path / "r.json"
    _score_into(saved, _hostile_response(tmp_path, PAST_FFFF), "-o", "-")
    text = saved.read_text(encoding="utf-8")
    saved.write_text(text.replace('"level": "disciplined"', '"level": "wizard"', 1))
    shown = cli("assess", "show", saved)
    assert shown.exit_code == 1 and shown.stdout == ""
    assert shown.stderr.startswith(f"{saved}: capability[0].level: expected ")


def test_a_result_with_a_key_twice_is_still_refused_where_it_is(cli, tmp_path):
    """JSON takes the last of two values silently; a result file says which line."""
    saved = tmp_path / "r.json"
    _score_into(saved, TEAM_V2[0], "-o", "-")
    text = saved.read_text(encoding="utf-8")
    saved.write_text(text.replace('{\n  "format"', '{\n  "organization": "Acme",\n  "format"', 1))
    shown = cli("assess", "show", saved)
    assert shown.exit_code == 1
    assert re.match(rf"{re.escape(str(saved))}:\d+:3: organization: duplicate key", shown.stderr)


@pytest.fixture(scope="module")
def team_result():
    from cvo_workshop.engine.maturity import score
    from cvo_workshop.store.bundled import builtin_questionnaire_path
    from cvo_workshop.store.questionnaires import load_questionnaire, load_response

    bank = load_questionnaire(builtin_questionnaire_path())
    return score(bank, [load_response(p, bank) for p in TEAM_V2])


#: Text with characters past U+FFFF drawn often: noncharacters, a tag, an emoji.
ASTRAL = st.lists(
    st.one_of(st.characters(codec="utf-8"), st.sampled_from([*"\U0001fffe\U0010ffff\U000e0001😀"])),
    max_size=30,
).map("".join)
ASTRAL_LINE = ASTRAL.map(lambda s: BREAKS.sub("", s))


@ROUND_TRIPS
@given(organization=ASTRAL_LINE, respondent=ASTRAL_LINE, note=ASTRAL, consensus=TEXT)
def test_any_text_in_a_result_on_stdout_reads_back_the_same(
    team_result, tmp_path_factory, organization, respondent, note, consensus
):
    """What `assess score --format json` prints (print_json), saved and read."""
    from cvo_workshop.engine.text import printable_json
    from cvo_workshop.model.maturity import MaturityResult
    from cvo_workshop.store.results import load_result, result_json

    data = team_result.model_dump()
    data.update(organization=organization, respondents=[respondent])
    data["questions"][0].update(notes=[note], consensus=0.5, consensus_note=consensus)
    result = valid(MaturityResult, data)
    path = tmp_path_factory.mktemp("stdout") / "r.json"
    path.write_text(printable_json(result_json(result)), encoding="utf-8")
    assert load_result(path) == result
