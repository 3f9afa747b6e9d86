"""Hostile deck files get one clear located error, fast and in modest memory."""

from __future__ import annotations

import resource
import subprocess
import sys

import pytest

HOSTILE = {
    "python-tag.yaml": b"deck: !!python/object/apply:os.system ['touch PWNED']\n",
    "bomb.yaml": b"\n".join(
        [b"a0: &a0 [x, x, x, x, x, x, x, x, x]"]
        + [
            f"a{i}: &a{i} [".encode() + b", ".join([f"*a{i - 1}".encode()] * 9) + b"]"
            for i in range(1, 10)
        ]
    )
    + b"\n",
    "binary.yaml": bytes(range(256)) * 64,
    "deep.yaml": b"[" * 100_000 + b"]" * 100_000,
}


def _limit_memory():
    resource.setrlimit(resource.RLIMIT_AS, (1024 * 1024 * 1024, 1024 * 1024 * 1024))


@pytest.mark.parametrize("name", [*HOSTILE, "huge.yaml"])
def test_hostile_file_gets_a_located_error_without_traceback(tmp_path, name):
    f = tmp_path / name
    if name == "huge.yaml":
        f.write_bytes(b"cards:\n" + b"  - id: x\n" * (50 * 1024 * 1024 // 10))
    else:
        f.write_bytes(HOSTILE[name])
    # Bounds are loose on purpose (shared machines); the point is no hang and no blow-up.
    result = subprocess.run(
        [sys.executable, "-m", "cvo_workshop", "deck", "validate", str(f)],
        capture_output=True,
        text=True,
        timeout=30,
        cwd=tmp_path,
        preexec_fn=_limit_memory,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith(str(f) + ":"), result.stderr
    assert not (tmp_path / "PWNED").exists()
