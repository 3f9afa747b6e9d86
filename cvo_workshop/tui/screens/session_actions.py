"""What every screen that edits a running workshop does alike: call the session
through the workshop's one door, report what went wrong, redraw (after its own
keys and after any change from elsewhere); undo and redo with a word about what
changed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cvo_workshop.engine.session import Session, SessionError
from cvo_workshop.service.workshop import RunningWorkshop
from cvo_workshop.tui.messages import WorkshopChanged


class SessionActions:
    """Mixed into a Screen that has `running`, its `session` and `refresh_view(select=None)`."""

    running: RunningWorkshop
    session: Session

    def refresh_view(self, select: str | None = None) -> None:  # pragma: no cover
        raise NotImplementedError

    def _do(self, fn: Callable[..., Any], *args: Any, select: str | None = None, **kw: Any) -> bool:
        """Call `fn`; False (and a message) if the session refused or the disk failed."""
        ok = False
        try:
            self.running.run(fn, *args, **kw)
            ok = True
        except SessionError as e:
            self.notify(str(e), severity="warning", markup=False)  # type: ignore[attr-defined]
        except OSError as e:
            self.notify(  # type: ignore[attr-defined]
                f"Could not save: {e}. Nothing was changed.", severity="error", markup=False
            )
        self.refresh_view(select)
        return ok

    def on_workshop_changed(self, message: WorkshopChanged) -> None:
        self.refresh_view()

    def action_undo(self) -> None:
        # Said only when done: a refusal or a failed save is said by _do instead.
        what = self.session.next_undo()
        if what and self._do(self.session.undo):
            self.notify(f"Undone: {what}", timeout=3, markup=False)  # type: ignore[attr-defined]

    def action_redo(self) -> None:
        what = self.session.next_redo()
        if what and self._do(self.session.redo):
            self.notify(f"Redone: {what}", timeout=3, markup=False)  # type: ignore[attr-defined]
        elif why := self.session.redo_refused():  # an undone step that no longer fits
            self.notify(why, timeout=6, markup=False)  # type: ignore[attr-defined]

    def redo_key(self) -> bool | None:
        """ctrl+r is on (check_action) when there is a redo, or one that no longer fits
        (pressed, it says why); else shown off."""
        return True if self.session.can_redo or self.session.redo_refused() else None
