"""Where an export is written: the one check every command that writes makes.

A command makes no folder it was not asked to: `deck print -o a/b.pdf` and
`backlog export -o a/b.pdf` need `a/`, and `demo -o a/b` makes `b/` (a folder
of outputs) but needs `a/`. All say it the same way.
"""

from __future__ import annotations

from pathlib import Path

from cvo_workshop.model.problem import InputError, Problem


def require_folder(target: Path) -> None:
    """InputError (`target: no such folder: parent`) unless `target`'s folder exists."""
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise InputError(Problem(str(target), f"no such folder: {folder}"))
