"""Hostile files against every file the product reads, through the real command line.

Each case must end with a clear message naming the file (and the line where
there is one), exit code 1, no traceback, within a time and memory bound; files
that are merely unusual (CRLF line ends, a UTF-8 byte-order mark) must work."""

from __future__ import annotations

import os
import re
import resource
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import DATA

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs RLIMIT_AS")

MEMORY = 2 * 1024**3  # address space a reader may take, alias bombs included
TIMEOUT = 60


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def run(*args: object, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cvo_workshop", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        cwd=cwd,
        env={**os.environ, "CVO_WORKSHOP_DATA": str(cwd / "data"), "COLUMNS": "120"},
        preexec_fn=_limit,
    )


# --- the readers: a valid sample of each, and the command that reads it -------------


def _valid_workshop(tmp: Path) -> bytes:
    from tests.backlog_fixtures import sample

    path = tmp / "valid.workshop.jsonl"
    sample().save(path)
    return path.read_bytes()


def _valid_cohorts(tmp: Path) -> bytes:
    out = tmp / "valid-cohorts.yaml"
    result = run("cohorts", "rfm", DATA / "rfm" / "shopify.csv", "-o", out, cwd=tmp)
    assert result.returncode == 0, result.stderr
    return out.read_bytes()


def _valid_deck_csv(tmp: Path) -> bytes:
    out = tmp / "valid.csv"
    assert (
        run("deck", "export-csv", DATA / "workshop-deck.yaml", "-o", out, cwd=tmp).returncode == 0
    )
    return out.read_bytes()


def _valid_result(tmp: Path) -> bytes:
    out = tmp / "valid-result.json"
    made = run("assess", "score", *sorted((DATA / "assess").glob("*.yaml")), "-o", out, cwd=tmp)
    assert made.returncode == 0, made.stderr
    return out.read_bytes()


def _export_with_brand(p: Path) -> list[object]:
    """`backlog export --brand P`, of a workshop kept out of P's folder (some tests
    check that nothing else is written there)."""
    import tempfile

    from tests.backlog_fixtures import sample

    workshop = Path(tempfile.gettempdir()) / f"cvo-brand-{os.getpid()}.workshop.jsonl"
    if not workshop.exists():
        sample().save(workshop)
    return ["backlog", "export", workshop, "--brand", p, "-o", p.with_suffix(".out.md")]


BRAND = b"format: cvo-workshop/brand-1\nconsultant: Northwind\nclient: Acme\ncolour: '#224466'\n"


def _valid_tracker_csv(tmp: Path) -> bytes:
    out = tmp / "tracker.csv"
    made = run("backlog", "export", _tracked_workshop(), "--format", "csv", "-o", out, cwd=tmp)
    assert made.returncode == 0, made.stderr
    return out.read_bytes().replace(b",,,,\r\n", b",won,+5%,,\r\n", 1)


#: The workshop the tracker's CSV is read back into: outside every test's folder, whose
#: contents some tests check.
_TRACKED = Path(tempfile.mkdtemp(prefix="cvo-hostile-")) / "tracked.workshop.jsonl"


def _tracked_workshop() -> Path:
    if not _TRACKED.exists():
        from tests.backlog_fixtures import sample

        sample().save(_TRACKED)
    return _TRACKED


READERS: dict[str, tuple[str, Callable[[Path], bytes], Callable[[Path], list[object]]]] = {
    # name: (suffix, valid sample, command reading the file)
    "deck": (".yaml", lambda t: (DATA / "workshop-deck.yaml").read_bytes(),
             lambda p: ["deck", "validate", p]),
    "deck-csv": (".csv", _valid_deck_csv,
                 lambda p: ["deck", "import-csv", p, "-o", p.with_suffix(".out.yaml")]),
    "questionnaire": (".yaml",
                      lambda t: (Path(__file__).parents[2] / "assessments"
                                 / "personalization-maturity.yaml").read_bytes(),
                      lambda p: ["assess", "template", "--bank", p]),
    "response": (".yaml", lambda t: (DATA / "assess" / "ana.yaml").read_bytes(),
                 lambda p: ["assess", "score", p]),
    "workshop": (".workshop.jsonl", _valid_workshop, lambda p: ["backlog", "export", p]),
    "cohorts": (".yaml", _valid_cohorts, lambda p: ["cohorts", "show", p]),
    "maturity-result": (".json", _valid_result, lambda p: ["assess", "show", p]),
    "tracker-results": (".csv", _valid_tracker_csv,
                        lambda p: ["backlog", "results", _tracked_workshop(), p]),
    "orders": (".csv", lambda t: (DATA / "rfm" / "shopify.csv").read_bytes(),
               lambda p: ["cohorts", "rfm", p, "-o", p.with_suffix(".out.yaml")]),
    "brand": (".yaml", lambda t: BRAND, _export_with_brand),
}  # fmt: skip

# A maturity result is JSON, read by the YAML loader (JSON is YAML): the YAML attacks apply.
YAML_READERS = {"deck", "questionnaire", "response", "cohorts", "maturity-result", "brand"}

BOMB = b'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + b"".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]\n".encode()
    for i in range(9)
)


# case: (make hostile bytes from the valid sample, must the error carry a line number)
def _truncated(v: bytes) -> bytes:
    """Cut off mid-line, inside what would have been a key or a field."""
    cut = v.rfind(b"\n", 0, len(v) // 2)
    return v[:cut] + b"\n  unfinished_ke"


def _text(v: bytes) -> str:
    return v.removeprefix(b"\xef\xbb\xbf").decode("utf-8")


CASES: dict[str, tuple[Callable[[bytes], bytes], bool]] = {
    "empty": (lambda v: b"", False),
    "truncated": (_truncated, False),
    "binary": (lambda v: bytes(range(256)) * 40, False),
    "deeply-nested": (lambda v: b"x: " + b"[" * 50_000 + b"\n", True),
    "alias-bomb": (lambda v: BOMB, True),
    "python-tag": (lambda v: b"x: !!python/object/apply:os.system ['echo owned']\n", True),
    "utf-16-no-bom": (lambda v: _text(v).encode("utf-16-le"), False),
    "latin-1": (lambda v: _text(v).replace("e", "é").encode("latin-1", "replace"), False),
}
FINE: dict[str, Callable[[bytes], bytes]] = {
    "crlf": lambda v: v.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"),
    "utf-8-bom": lambda v: b"\xef\xbb\xbf" + v.removeprefix(b"\xef\xbb\xbf"),
}


@pytest.fixture(scope="module")
def samples(tmp_path_factory) -> dict[str, bytes]:
    tmp = tmp_path_factory.mktemp("valid")
    return {name: make(tmp) for name, (_, make, _) in READERS.items()}


def _write(tmp_path: Path, reader: str, data: bytes) -> Path:
    suffix = READERS[reader][0]
    path = tmp_path / f"hostile-{reader}{suffix}"
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("reader", list(READERS))
def test_hostile_file_is_a_located_error(reader, case, samples, tmp_path):
    make, located = CASES[case]
    if case in ("deeply-nested", "alias-bomb", "python-tag") and reader not in YAML_READERS:
        pytest.skip("YAML attacks: this reader does not read YAML")
    path = _write(tmp_path, reader, make(samples[reader]))
    result = run(*READERS[reader][2](path), cwd=tmp_path)
    err = result.stderr
    if reader == "workshop" and case == "truncated":
        # A cut-off last line is what a crash leaves: it is left out and reported,
        # and everything before it is used (store/journal.py).
        assert result.returncode == 0 and f"warning: {path}:" in err, err
        return
    assert result.returncode == 1, f"exit {result.returncode}\n{err}\n{result.stdout[-500:]}"
    assert "Traceback" not in err, err
    assert str(path) in err, err
    if located:
        assert re.search(re.escape(str(path)) + r":\d+", err), err


@pytest.mark.parametrize("case", list(FINE))
@pytest.mark.parametrize("reader", list(READERS))
def test_crlf_and_bom_files_work(reader, case, samples, tmp_path):
    path = _write(tmp_path, reader, FINE[case](samples[reader]))
    result = run(*READERS[reader][2](path), cwd=tmp_path)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("reader", [r for r in READERS if r != "orders"])
def test_a_huge_file_is_refused_before_it_is_read(reader, tmp_path):
    # Order files are meant to be big (DuckDB streams them); everything else has a limit.
    path = tmp_path / f"huge-{reader}{READERS[reader][0]}"
    with path.open("wb") as f:
        f.truncate(3 * 1024**3)  # sparse: costs no disk
    result = run(*READERS[reader][2](path), cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert str(path) in result.stderr and "limit" in result.stderr


FIFO_COMMANDS = {
    **{name: command for name, (_, _, command) in READERS.items()},
    "workshop summary": lambda p: ["workshop", "summary", p],
    "workshop resume": lambda p: ["workshop", "resume", p],
    "deck folder": lambda p: ["deck", "validate", p.parent],
}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
@pytest.mark.parametrize("reader", list(FIFO_COMMANDS))
def test_a_named_pipe_is_refused_not_waited_on(reader, tmp_path):
    # Opening a FIFO blocks until someone writes to it: every reader refuses it first.
    suffix = READERS[reader][0] if reader in READERS else ".workshop.jsonl"
    folder = tmp_path / "in"
    folder.mkdir()
    path = folder / f"pipe{suffix if reader != 'deck folder' else '.yaml'}"
    os.mkfifo(path)
    result = run(*FIFO_COMMANDS[reader](path), cwd=tmp_path)
    err = result.stderr
    if reader == "deck folder":
        # A pipe in a deck folder is not a deck file: passed over like any other non-file.
        assert result.returncode == 1 and "holds no .yaml deck files" in err, err
    else:
        assert result.returncode == 1, err
        assert f"{path}: is a named pipe (FIFO), not a regular file" in err, err
    assert "Traceback" not in err
    assert sorted(p.name for p in tmp_path.rglob("*") if p.name != "data") == ["in", path.name]
