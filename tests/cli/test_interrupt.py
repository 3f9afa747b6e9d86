"""Ctrl-C: a short message and exit 130, never click's "Aborted!" with exit 1
(which a script cannot tell from a user mistake) or a traceback."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap

from tests.conftest import sigint_default

# A real process: the real root group with one slow command added, interrupted
# by a real SIGINT while the command runs.
SCRIPT = textwrap.dedent(
    """
    import sys, time
    from cvo_workshop.cli import cli, main

    @cli.command()
    def slow():
        print("ready", flush=True)
        time.sleep(60)

    sys.argv = ["cvo-workshop", "slow"]
    main()
    """
)


def test_ctrl_c_exits_130_with_a_message():
    proc = subprocess.Popen(
        [sys.executable, "-c", SCRIPT],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=sigint_default,
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
    finally:
        proc.kill()
    assert proc.returncode == 130
    assert err.strip() == "Interrupted."
