"""Every command that writes a file follows one set of rules (store/output.py):
never over one of its inputs or an open workshop, never replacing a device with
a file, a missing or read-only folder a located message, `-` for stdout."""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from tests.backlog_fixtures import sample

DATA = Path(__file__).parent.parent / "data"
DECK = DATA / "workshop-deck.yaml"
RESPONSE = DATA / "assess" / "ana.yaml"
ORDERS = DATA / "rfm" / "hand.csv"


@pytest.fixture
def files(tmp_path, cli):
    """Copies of one input of each kind, so a wrong write can't touch the repo's."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    workshop = inputs / "acme.workshop.jsonl"
    sample().save(workshop)
    deck = inputs / "deck.yaml"
    shutil.copy(DECK, deck)
    cards = inputs / "cards.csv"
    assert cli("deck", "export-csv", deck, "-o", cards).exit_code == 0
    response = inputs / "ana.yaml"
    shutil.copy(RESPONSE, response)
    orders = inputs / "orders.csv"
    shutil.copy(ORDERS, orders)
    return {"W": workshop, "DECK": deck, "CSV": cards, "RESP": response, "ORDERS": orders}


#: Every writer, its output as OUT; each may name inputs from `files`.
WRITERS = {
    "backlog csv": ("backlog", "export", "W", "--format", "csv", "-o", "OUT"),
    "backlog pdf": ("backlog", "export", "W", "--format", "pdf", "-o", "OUT"),
    "backlog cards": ("backlog", "export", "W", "--format", "cards", "-o", "OUT"),
    "deck export-csv": ("deck", "export-csv", "DECK", "-o", "OUT"),
    "deck export-csv cohorts": ("deck", "export-csv", "DECK", "-o", "x.csv", "--cohorts", "OUT"),
    "deck import-csv": ("deck", "import-csv", "CSV", "-o", "OUT"),
    "deck print": ("deck", "print", "DECK", "-o", "OUT"),
    "assess template": ("assess", "template", "-o", "OUT"),
    "assess score": ("assess", "score", "RESP", "-o", "OUT"),
    "cohorts rfm": ("cohorts", "rfm", "ORDERS", "-o", "OUT"),
    "cohorts rfm members": ("cohorts", "rfm", "ORDERS", "--members", "OUT"),
    "cohorts emit-sql": ("cohorts", "rfm", "--emit-sql", "-o", "OUT"),
}


def args(name: str, files: dict[str, Path], out: Path | str, tmp_path: Path) -> list[str]:
    shown = {**files, "OUT": out, "x.csv": tmp_path / "x.csv"}
    return [str(shown.get(a, a)) for a in WRITERS[name]]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.mark.parametrize(
    ("name", "victim"),
    [
        ("backlog csv", "W"),
        ("backlog pdf", "W"),
        ("deck export-csv", "DECK"),
        ("deck export-csv cohorts", "DECK"),
        ("deck import-csv", "CSV"),
        ("deck print", "DECK"),
        ("assess score", "RESP"),
        ("cohorts rfm", "ORDERS"),
        ("cohorts rfm members", "ORDERS"),
    ],
)
@pytest.mark.parametrize("how", ["same path", "symlink", "hard link"])
def test_an_output_that_is_an_input_is_refused_and_the_input_kept(
    cli, files, tmp_path, name, victim, how
):
    target = files[victim]
    if how == "symlink":
        out = tmp_path / "link"
        out.symlink_to(target)
    elif how == "hard link":
        out = tmp_path / "hard"
        os.link(target, out)
    else:
        out = target
    before = snapshot(target.parent)
    result = cli(*args(name, files, out, tmp_path))
    assert result.exit_code == 1, result.output
    assert f"{out}: is also an input of this command" in result.stderr
    assert "Traceback" not in result.output
    assert snapshot(target.parent) == before
    assert not (tmp_path / "x.csv").exists()


def test_the_same_file_for_two_outputs_is_refused(cli, files, tmp_path):
    out = tmp_path / "both.csv"
    result = cli("deck", "export-csv", files["DECK"], "-o", out, "--cohorts", out)
    assert result.exit_code == 1
    assert "is given twice as an output" in result.stderr
    assert not out.exists()


@pytest.mark.parametrize(
    "name",
    ["deck export-csv", "cohorts rfm"],
)
def test_stdout_for_two_outputs_is_refused(cli, files, name):
    """Two outputs in one stream: the reader could not tell them apart."""
    if name == "deck export-csv":
        args = ("deck", "export-csv", files["DECK"], "-o", "-", "--cohorts", "-")
    else:
        args = ("cohorts", "rfm", files["ORDERS"], "-o", "-", "--members", "-")
    result = cli(*args)
    assert result.exit_code == 1, result.output
    assert "-: is given twice as an output" in result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.output


def test_a_workshop_open_in_the_app_is_never_written_over(cli, files, tmp_path):
    from cvo_workshop.service import workshop as service

    other = tmp_path / "other.workshop.jsonl"
    sample().save(other)
    running = service.resume(files["W"])
    try:
        before = files["W"].read_bytes()
        result = cli("backlog", "export", other, "--format", "json", "-o", files["W"])
        assert result.exit_code == 1
        assert "is open in cvo-workshop" in result.stderr
        assert files["W"].read_bytes() == before
    finally:
        running.close()


@pytest.mark.parametrize("name", sorted(WRITERS))
def test_a_missing_folder_is_a_located_message(cli, files, tmp_path, name):
    out = tmp_path / "missing" / "out.file"
    result = cli(*args(name, files, out, tmp_path))
    assert result.exit_code == 1, result.output
    assert f"{out}: no such folder: {out.parent}" in result.stderr
    assert not out.parent.exists()


@contextlib.contextmanager
def read_only(folder: Path):
    """A folder no one can write in: chmod for a user; for root (CI), the immutable flag."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(0o755)
        return
    if not shutil.which("chattr") or subprocess.run(["chattr", "+i", folder]).returncode:
        pytest.skip("root, and this file system has no immutable flag")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", folder], check=True)


@pytest.mark.parametrize("name", sorted(WRITERS))
def test_a_read_only_folder_is_a_located_message(cli, files, tmp_path, name):
    folder = tmp_path / "locked"
    folder.mkdir()
    out = folder / "out.file"
    with read_only(folder):
        result = cli(*args(name, files, out, tmp_path))
    assert result.exit_code == 1, result.output
    assert str(out) in result.stderr
    assert "permission denied" in result.stderr.lower() or "not permitted" in result.stderr
    assert list(folder.iterdir()) == []


def device(tmp_path: Path, name: str, minor: int) -> Path:
    """A private copy of /dev/null (minor 3) or /dev/full (minor 7): root only."""
    if os.geteuid() != 0:
        pytest.skip("making a device node needs root")
    path = tmp_path / name
    os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, minor))
    return path


@pytest.mark.parametrize("name", sorted(WRITERS))
def test_a_device_is_written_to_never_replaced(cli, files, tmp_path, name):
    null = device(tmp_path, "null", 3)
    result = cli(*args(name, files, null, tmp_path))
    assert result.exit_code == 0, result.output
    assert stat.S_ISCHR(null.stat().st_mode)
    full = device(tmp_path, "full", 7)
    result = cli(*args(name, files, full, tmp_path))
    assert result.exit_code == 1, result.output
    assert f"{full}: cannot write: No space left on device" in result.stderr
    assert stat.S_ISCHR(full.stat().st_mode)
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_a_fifo_gets_the_output_and_stays_a_fifo(cli, files, tmp_path):
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    result = cli("backlog", "export", files["W"], "--format", "json", "-o", fifo)
    reader.join(timeout=10)
    assert result.exit_code == 0
    assert got and got[0].startswith(b"{")
    assert stat.S_ISFIFO(fifo.stat().st_mode)


@pytest.mark.parametrize(
    ("argv", "start"),
    [
        (("backlog", "export", "W", "--format", "json", "-o", "-"), "{"),
        (("deck", "export-csv", "DECK", "-o", "-"), "\ufeffid,"),  # BOM: for Excel
        (("assess", "template", "-o", "-"), "#"),
        (("cohorts", "rfm", "--emit-sql", "-o", "-"), "--"),
        (("cohorts", "rfm", "ORDERS", "-o", "-"), "# Cohorts measured"),
        (("cohorts", "rfm", "ORDERS", "--members", "-"), "customer_id,"),
    ],
)
def test_dash_means_standard_output(files, tmp_path, argv, start):
    from tests.conftest import run_process

    result = run_process(*[str(files.get(a, a)) for a in argv], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.lstrip().startswith(start)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in"]  # no "-", no temp file


def test_a_questionnaire_being_answered_is_never_written_over(cli, files):
    from cvo_workshop.store.lock import SidecarLock

    response = files["RESP"]
    before = response.read_bytes()
    with SidecarLock(response):  # as `assess run` holds it while someone answers
        result = cli("assess", "template", "-o", response, "--force")
    assert result.exit_code == 1
    assert f"{response}: is open in cvo-workshop" in result.stderr
    assert response.read_bytes() == before
    assert cli("assess", "template", "-o", response, "--force").exit_code == 0  # let go: fine


def test_two_outputs_land_both_or_neither(cli, files, tmp_path):
    """cohorts rfm on a full disk left members.csv without its cohort file."""
    full = device(tmp_path, "full", 7)
    cohorts = tmp_path / "cohorts.yaml"
    result = cli("cohorts", "rfm", files["ORDERS"], "-o", cohorts, "--members", full)
    assert result.exit_code == 1
    assert f"{full}: cannot write: No space left on device" in result.stderr
    assert not cohorts.exists()
    members = tmp_path / "members.csv"
    result = cli("cohorts", "rfm", files["ORDERS"], "-o", full, "--members", members)
    assert result.exit_code == 1
    assert not members.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["full", "in"]


@pytest.mark.parametrize("name", ["/dev/stdout", "the file stdout is sent to"])
def test_stdout_named_another_way_is_still_stdout(files, tmp_path, name):
    """`-o - --cohorts /dev/stdout` (or the file `>` sends stdout to) is one stream for
    two outputs: refused as `- - twice` is, with nothing written."""
    import sys

    sent = tmp_path / "sent.csv"
    other = "/dev/stdout" if name == "/dev/stdout" else str(sent)
    argv = ["deck", "export-csv", str(files["DECK"]), "-o", "-", "--cohorts", other]
    for order in (argv, [*argv[:3], "-o", other, "--cohorts", "-"]):
        with sent.open("wb") as stdout:
            done = subprocess.run(
                [sys.executable, "-m", "cvo_workshop", *order],
                stdout=stdout,
                stderr=subprocess.PIPE,
                text=False,
            )
        err = done.stderr.decode()
        assert done.returncode == 1, err
        assert "is given twice as an output" in err
        assert "Traceback" not in err
        assert sent.read_bytes() == b""


def test_stdout_sent_to_dev_null_takes_an_output_and_another_file(files, tmp_path):
    """Thrown away, standard output mixes nothing up: the other output is written."""
    import sys

    cohorts = tmp_path / "cohorts.csv"
    done = subprocess.run(
        [sys.executable, "-m", "cvo_workshop", "deck", "export-csv", str(files["DECK"]),
         "-o", "-", "--cohorts", str(cohorts)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr.decode()
    assert cohorts.read_text(encoding="utf-8-sig").startswith("id,")


@pytest.mark.parametrize("where", ["a pipe", "a file"])
def test_dev_stdout_is_standard_output_for_a_pipe_or_a_file(files, tmp_path, where):
    """`-o /dev/stdout` is `-o -`: written through standard output whatever it is (a
    pipe's /dev/stdout cannot be opened by name), its message on stderr, never in it."""
    import sys

    sent = tmp_path / "sent.csv"
    argv = [sys.executable, "-m", "cvo_workshop", "deck", "export-csv", str(files["DECK"])]
    if where == "a pipe":
        done = subprocess.run([*argv, "-o", "/dev/stdout"], capture_output=True)
        out = done.stdout
    else:
        with sent.open("wb") as stdout:
            done = subprocess.run([*argv, "-o", str(sent)], stdout=stdout, stderr=subprocess.PIPE)
        out = sent.read_bytes()
    assert done.returncode == 0, done.stderr.decode()
    assert out.decode("utf-8-sig").startswith("id,kind,title,")
    assert b"Wrote" not in out
    assert "to standard output" in done.stderr.decode()


#: Commands whose -o is a file they write to again and again (a workshop file on
#: every decision, a response file on every answer) or a folder of files:
#: standard output cannot be one.
NOT_STDOUT = {
    "workshop new --yes": (("workshop", "new", "--yes", "--org", "Acme"), "workshop file"),
    "workshop new": (("workshop", "new", "--org", "Acme"), "workshop file"),
    "assess run": (("assess", "run", "--respondent", "Ana", "--org", "Acme"), "response file"),
    "demo": (("demo",), "folder"),
}


@pytest.mark.parametrize("name", NOT_STDOUT)
def test_dash_is_refused_where_standard_output_cannot_be_the_file(
    cli, tmp_path, monkeypatch, data_dir, name
):
    """`workshop new --yes -o -` made a workshop file named "-" (and said "resume
    it with: workshop resume -"); `assess run -o -` a lock and a response file
    named "-"; `demo -o -` a folder named "-"."""
    from cvo_workshop.tui.app import WorkshopApp

    opened = []
    monkeypatch.setattr(WorkshopApp, "run", lambda self: opened.append(self))
    monkeypatch.chdir(tmp_path)
    argv, what = NOT_STDOUT[name]
    result = cli(*argv, "-o", "-")
    assert result.exit_code == 2, result.output
    assert "Invalid value for '-o' / '--output'" in result.stderr
    assert f"'-' is standard output; give a {what} name" in result.stderr
    assert opened == []
    assert sorted(p.name for p in tmp_path.iterdir()) == []
    assert not data_dir.exists()


def test_dev_stdout_is_refused_as_a_response_file_too():
    """Standard output by another name (a pipe's /dev/stdout) is no response file
    either: refused as any pipe is, before the app opens."""
    from tests.conftest import run_process

    done = run_process(
        "assess", "run", "--respondent", "Ana", "--org", "Acme", "-o", "/dev/stdout", timeout=30
    )
    assert done.returncode == 1, done.stderr
    assert done.stderr == "/dev/stdout: is a named pipe (FIFO), not a regular file; give a file\n"
    assert done.stdout == ""


def on_terminal(*args: str, cwd: Path) -> tuple[int, bytes, str]:
    """Run `python -m cvo_workshop ARGS` with its standard output on a terminal (a
    pty): (exit code, what reached the terminal, stderr)."""
    import select
    import sys

    master, slave = os.openpty()
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "120"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "cvo_workshop", *args],
        stdin=subprocess.DEVNULL,
        stdout=slave,
        stderr=subprocess.PIPE,
        cwd=cwd,
        env=env,
    )
    os.close(slave)
    shown = bytearray()
    try:
        while select.select([master], [], [], 60)[0]:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the other end closed (Linux says EIO)
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(master)
    stderr = proc.stderr.read().decode() if proc.stderr else ""
    return proc.wait(timeout=60), bytes(shown), stderr


#: Every writer of a binary file (a PDF, a slide deck, a PNG) that takes `-o -`.
BINARY_WRITERS = {
    "backlog pdf": ("backlog", "export", "W", "--format", "pdf"),
    "backlog pptx": ("backlog", "export", "W", "--format", "pptx"),
    "backlog cards": ("backlog", "export", "W", "--format", "cards"),
    "backlog poster": ("backlog", "export", "W", "--format", "poster"),
    "backlog card png": ("backlog", "export", "W", "--format", "cards", "--png", "1"),
    "deck print": ("deck", "print", "DECK"),
    "deck print png": ("deck", "print", "DECK", "--png", "abandoned-cart-reminder"),
}


@pytest.mark.parametrize("name", BINARY_WRITERS)
@pytest.mark.parametrize("dash", ["-", "/dev/stdout"])
def test_a_binary_output_is_refused_on_a_terminal(files, tmp_path, name, dash):
    """`backlog export --format pdf -o -` on a terminal poured the raw PDF into it."""
    argv = [str(files.get(a, a)) for a in BINARY_WRITERS[name]]
    code, shown, stderr = on_terminal(*argv, "-o", dash, cwd=tmp_path)
    assert code == 2, stderr
    assert "Invalid value for '-o' / '--output': standard output is a terminal" in stderr
    assert "-o - >" in stderr  # how to send it to a file instead
    assert shown == b""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in"]


@pytest.mark.parametrize(
    ("name", "start"),
    [("backlog pdf", b"%PDF"), ("backlog pptx", b"PK"), ("deck print png", b"\x89PNG")],
)
def test_a_binary_output_still_goes_to_a_pipe_or_a_file(files, tmp_path, name, start):
    import sys

    argv = [str(files.get(a, a)) for a in BINARY_WRITERS[name]]
    command = [sys.executable, "-m", "cvo_workshop", *argv, "-o", "-"]
    piped = subprocess.run(command, capture_output=True, cwd=tmp_path, timeout=120)
    assert piped.returncode == 0, piped.stderr
    assert piped.stdout.startswith(start)
    with (tmp_path / "out.bin").open("wb") as out:
        redirected = subprocess.run(command, stdout=out, cwd=tmp_path, timeout=120)
    assert redirected.returncode == 0
    assert (tmp_path / "out.bin").read_bytes().startswith(start)


def test_text_formats_still_print_on_a_terminal(files, tmp_path):
    code, shown, stderr = on_terminal(
        "backlog", "export", str(files["W"]), "--format", "md", "-o", "-", cwd=tmp_path
    )
    assert code == 0, stderr
    assert shown.startswith(b"# Backlog")
