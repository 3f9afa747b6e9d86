"""JSON on standard output stays JSON: what a terminal would act on or not show
(escape sequences, C1 controls, bidi overrides, noncharacters, past the first
plane too) is written as JSON's own escapes, and `json.loads` reads the same
data back, whichever command prints it and whether asked with `-o -` or not."""

from __future__ import annotations

import json
import re

import yaml

from tests.cli.test_assess_cli import TEAM_V2
from tests.conftest import run_process
from tests.hostile.hostile_files import backlog_file

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


def _hostile_response(tmp_path):
    path = tmp_path / "ana.yaml"
    source = TEAM_V2[0].read_text(encoding="utf-8")
    path.write_text(
        source.replace('"only marketing uses the terms"', yaml_string(HOSTILE)), encoding="utf-8"
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
    YAML knows (U+0085, U+2028) among them: the result file is read with the YAML
    loader (tests/hostile/test_saved_text.py)."""
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
