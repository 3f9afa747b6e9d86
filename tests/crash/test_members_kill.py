"""kill -9 of a real `cohorts rfm --members` while it writes the members file: no
file with customer rows is left beside the output (store/unnamed.py)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/fd").is_dir(), reason="watches the process through /proc"
)


def _orders(path: Path, customers: int) -> None:
    with path.open("w") as f:
        f.write("customer,order,date,amount\n")
        for i in range(customers):
            f.write(f"c{i:07d},O{i},2024-{1 + i % 12:02d}-{1 + i % 28:02d},{10 + i % 997}\n")


def _writing(pid: int, folder: Path) -> bool:
    """The process holds a file in `folder` open that is not the orders file."""
    with_name = f"{folder}/"
    try:
        fds = os.listdir(f"/proc/{pid}/fd")
    except OSError:
        return False
    for fd in fds:
        try:
            target = os.readlink(f"/proc/{pid}/fd/{fd}")
        except OSError:
            continue
        if target.startswith(with_name) and not target.endswith("orders.csv"):
            return True
    return False


def test_a_kill_while_writing_members_leaves_no_customer_rows(tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    orders = folder / "orders.csv"
    _orders(orders, 300_000)
    proc = subprocess.Popen(
        [sys.executable, "-m", "cvo_workshop", "cohorts", "rfm", orders, "--members",
         folder / "members.csv", "-o", folder / "cohorts.yaml"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "CVO_WORKSHOP_DATA": str(tmp_path / "data")},
    )  # fmt: skip
    try:
        end = time.monotonic() + 120
        while time.monotonic() < end and proc.poll() is None:
            if _writing(proc.pid, folder) or len(os.listdir(folder)) > 1:
                break
            time.sleep(0.002)
        assert proc.poll() is None, "finished before the members file was seen being written"
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert sorted(os.listdir(folder)) == ["orders.csv"]
