"""DuckDB and Rich load only when `cohorts rfm` runs, never for --help or the other commands."""

from __future__ import annotations

import pytest

from tests.unit.test_import_hygiene import _modules_after


@pytest.mark.parametrize(
    "argv", [["--help"], ["cohorts", "--help"], ["cohorts", "rfm", "--help"], ["deck", "validate"]]
)
def test_help_and_other_commands_do_not_import_duckdb(argv):
    loaded = _modules_after(
        "import sys\nfrom cvo_workshop.cli import cli\n"
        f"try:\n    cli.main({argv!r}, prog_name='cvo-workshop')\nexcept SystemExit:\n    pass"
    )
    assert "duckdb" not in loaded
    assert "textual" not in loaded and "reportlab" not in loaded


def test_engine_model_and_store_modules_import_without_duckdb():
    loaded = _modules_after(
        "import cvo_workshop.engine.rfm, cvo_workshop.engine.order_presets, "
        "cvo_workshop.model.cohorts, cvo_workshop.store.cohorts, cvo_workshop.store.orders, "
        "cvo_workshop.store.rfm_run, cvo_workshop.commands.cohorts"
    )
    assert "duckdb" not in loaded
