"""store/unnamed.py: a file with no name until it is published."""

from __future__ import annotations

import os

import pytest

from cvo_workshop.store.unnamed import UnnamedFile


@pytest.fixture(params=["unnamed", "hidden temp"])
def kind(request, monkeypatch):
    if request.param == "hidden temp":
        monkeypatch.delattr(os, "O_TMPFILE", raising=False)
    return request.param


def _write(f: UnnamedFile, data: bytes) -> None:
    with open(f.path, "wb") as out:  # as DuckDB's COPY does: by path
        out.write(data)


def test_published_over_an_existing_file_keeping_its_mode(tmp_path, kind):
    target = tmp_path / "members.csv"
    target.write_text("old")
    target.chmod(0o640)
    with UnnamedFile(target) as f:
        _write(f, b"new")
        if kind == "unnamed":  # nothing a folder lists while it is written
            assert os.listdir(tmp_path) == ["members.csv"]
        f.publish()
    assert target.read_bytes() == b"new" and target.stat().st_mode & 0o777 == 0o640
    assert os.listdir(tmp_path) == ["members.csv"]


def test_published_as_a_new_file(tmp_path, kind):
    target = tmp_path / "members.csv"
    with UnnamedFile(target) as f:
        _write(f, b"rows")
        f.publish()
    assert target.read_bytes() == b"rows" and os.listdir(tmp_path) == ["members.csv"]


def test_not_published_leaves_nothing(tmp_path, kind):
    with UnnamedFile(tmp_path / "members.csv") as f:
        _write(f, b"rows")
    assert os.listdir(tmp_path) == []
