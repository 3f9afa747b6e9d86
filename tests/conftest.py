from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

DATA = Path(__file__).parent / "data"


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    """Every test gets its own data folder: nothing a test does reaches the user's
    recent list, settings or snapshots (subprocesses inherit the variable)."""
    path = tmp_path / "data"
    monkeypatch.setenv("CVO_WORKSHOP_DATA", str(path))
    return path


@pytest.fixture(scope="session", autouse=True)
def no_user_data_dir(tmp_path_factory):
    """Belt and braces for code that runs before a test's own fixture (collection,
    session fixtures): the whole run points at a temporary folder too."""
    os.environ["CVO_WORKSHOP_DATA"] = str(tmp_path_factory.mktemp("session-data"))


@pytest.fixture(scope="session")
def builtin_deck():
    from cvo_workshop.store.bundled import builtin_deck_path
    from cvo_workshop.store.decks import load_deck

    return load_deck(builtin_deck_path())


@pytest.fixture(scope="session")
def builtin_questionnaire():
    from cvo_workshop.store.bundled import builtin_questionnaire_path
    from cvo_workshop.store.questionnaires import load_questionnaire

    return load_questionnaire(builtin_questionnaire_path())


@pytest.fixture
def cli():
    """Run `cvo-workshop ARGS` in-process; returns click's Result."""
    from cvo_workshop.cli import cli as command

    # Rich wraps at 80 columns when not on a terminal; tests read whole lines.
    runner = CliRunner(env={"COLUMNS": "200", "NO_COLOR": "1"})

    def run(*args: str, input: str | None = None):
        return runner.invoke(command, [str(a) for a in args], input=input, catch_exceptions=False)

    return run


def sigint_default() -> None:
    """preexec_fn for a process a test stops with SIGINT (ctrl+c): a shell's background
    job ignores SIGINT and its children inherit that, so a test run started with `&`
    would wait on a process that never stops."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_DFL)


def run_process(
    *args: str, timeout: float = 60, env: dict | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `python -m cvo_workshop ARGS` as a real process."""
    full_env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "120", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "cvo_workshop", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=full_env,
        cwd=cwd,
    )
