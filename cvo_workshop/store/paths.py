"""Where the app keeps its files, and its few settings. Light on imports: the
home screen reads the settings before anything else is loaded."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any


def data_dir() -> Path:
    """The app's data folder (CVO_WORKSHOP_DATA overrides, for tests and portable use)."""
    override = os.environ.get("CVO_WORKSHOP_DATA")
    if override:
        return Path(override)
    from platformdirs import user_data_dir

    return Path(user_data_dir("cvo-workshop", appauthor=False))


def _settings_file() -> Path:
    return data_dir() / "settings.json"


def load_settings() -> dict[str, Any]:
    """The saved settings; {} when there are none or the file cannot be read."""
    try:
        data = json.loads(_settings_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def save_setting(key: str, value: Any) -> None:
    """Remember one setting (best effort: a setting is not worth an error)."""
    from cvo_workshop.store.atomic import write_atomic

    settings = {**load_settings(), key: value}
    try:
        _settings_file().parent.mkdir(parents=True, exist_ok=True)
        write_atomic(_settings_file(), json.dumps(settings, indent=1) + "\n")
    except OSError:
        pass
