"""Run a Textual program and end the process the moment its first frame is up.

    python benchmarks/_first_frame.py -m cvo_workshop workshop resume FILE
    python benchmarks/_first_frame.py bare_app.py

Textual posts its Ready event right after the first full frame is rendered;
this wrapper ends the process there, so the parent's wall time of the process
is launch to first frame, for our app and a bare one alike.
"""

from __future__ import annotations

import os
import runpy
import sys


def main() -> None:
    from textual import events

    def ready(self: events.Ready, *args: object, **kwargs: object) -> None:
        sys.stdout.flush()
        os._exit(0)

    events.Ready.__init__ = ready  # type: ignore[method-assign,assignment]
    args = sys.argv[1:]
    if args[0] == "-m":
        sys.argv = [args[1], *args[2:]]
        runpy.run_module(args[1], run_name="__main__", alter_sys=True)
    else:
        sys.argv = args
        runpy.run_path(args[0], run_name="__main__")
    sys.exit("the program ended without showing a frame")


if __name__ == "__main__":
    main()
