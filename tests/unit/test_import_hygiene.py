"""The layering in ARCHITECTURE.md, checked in a fresh interpreter rather than intended."""

from __future__ import annotations

import subprocess
import sys

import pytest


def _modules_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys; print(' '.join(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
    )
    return set(out.stdout.split())


@pytest.mark.parametrize("package", ["model", "engine", "store", "export", "service"])
def test_core_packages_never_import_textual(package):
    loaded = _modules_after(
        f"import cvo_workshop.{package}, pkgutil, importlib\n"
        f"for m in pkgutil.walk_packages(cvo_workshop.{package}.__path__, "
        f"'cvo_workshop.{package}.'):\n    importlib.import_module(m.name)"
    )
    assert "textual" not in loaded
    if package != "export":
        # service reaches the PDF exports only when one is asked for
        assert "reportlab" not in loaded


@pytest.mark.parametrize("argv", [["--help"], ["deck", "validate"], ["deck", "--help"]])
def test_light_commands_import_neither_textual_nor_reportlab(argv):
    loaded = _modules_after(
        "import sys\nfrom cvo_workshop.cli import cli\n"
        f"try:\n    cli.main({argv!r}, prog_name='cvo-workshop')\nexcept SystemExit:\n    pass"
    )
    assert "textual" not in loaded and "reportlab" not in loaded


@pytest.mark.parametrize("fmt", ["csv", "md", "json"])
def test_backlog_export_to_text_imports_neither_textual_nor_reportlab(fmt, tmp_path):
    from tests.backlog_fixtures import sample

    path = tmp_path / "w.workshop.jsonl"
    sample().save(path)
    argv = ["backlog", "export", str(path), "--format", fmt, "-o", str(tmp_path / "out")]
    loaded = _modules_after(
        "import sys\nfrom cvo_workshop.cli import cli\n"
        f"try:\n    cli.main({argv!r}, prog_name='cvo-workshop')\nexcept SystemExit:\n    pass"
    )
    assert (tmp_path / "out").stat().st_size > 0
    assert "textual" not in loaded and "reportlab" not in loaded


@pytest.mark.parametrize(
    ("argv", "command"),
    [(["cohorts", "--help"], "cohorts"), (["deck", "validate", "--help"], "deck")],
)
def test_a_command_loads_only_its_own_command_module(argv, command):
    loaded = _modules_after(
        "import sys\nfrom cvo_workshop.cli import cli\n"
        f"try:\n    cli.main({argv!r}, prog_name='cvo-workshop')\nexcept SystemExit:\n    pass"
    )
    commands = {m.rsplit(".", 1)[1] for m in loaded if m.startswith("cvo_workshop.commands.")}
    others = {"assess", "backlog", "cohorts", "deck", "demo", "workshop"} - {command}
    assert command in commands and not commands & others
