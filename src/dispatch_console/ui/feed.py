"""Following the change feed on a thread of its own, so that other consoles' changes arrive live."""

from __future__ import annotations

from PySide6.QtCore import QThread, Signal

from ..domain.errors import NotSignedIn
from ..domain.events import Event
from ..ports import Backend

WAIT_S = 1.0  # how long one wait may block; bounds how late a stop request is noticed


class FeedFollower(QThread):
    """Resumes from the last event id it saw: after a failure nothing is missed or doubled.

    Signals:
        events(list): new events, oldest first.
        online(bool): whether the backend answered the last wait.
        signed_out(): the server ended this session (expired, revoked); once per ending.
    """

    events = Signal(list)
    online = Signal(bool)
    signed_out = Signal()

    def __init__(self, backend: Backend, after_id: int) -> None:
        super().__init__()
        self._backend = backend
        self.last_id = after_id
        self._was_online: bool | None = None
        self._told_signed_out = False

    def run(self) -> None:
        while not self.isInterruptionRequested():
            try:
                batch: list[Event] = self._backend.wait_for_events(self.last_id, WAIT_S)
            except NotSignedIn:  # waiting will not help: someone must sign in again
                self._set_online(False)
                if not self._told_signed_out:
                    self._told_signed_out = True
                    self.signed_out.emit()
                self.msleep(1000)
                continue
            except Exception:
                self._set_online(False)
                self.msleep(1000)
                continue
            self._told_signed_out = False
            self._set_online(True)
            if batch:
                self.last_id = batch[-1].id
                self.events.emit(batch)

    def _set_online(self, online: bool) -> None:
        if online != self._was_online:
            self._was_online = online
            self.online.emit(online)

    def stop(self) -> None:
        self.requestInterruption()
        self.wait()
