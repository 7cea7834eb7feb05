"""Following the change feed on a thread of its own, so that other consoles' changes arrive live."""

from __future__ import annotations

from PySide6.QtCore import QThread, Signal

from ..domain.events import Event
from ..ports import Backend

WAIT_S = 1.0  # how long one wait may block; bounds how late a stop request is noticed


class FeedFollower(QThread):
    """Resumes from the last event id it saw: after a failure nothing is missed or doubled.

    Signals:
        events(list): new events, oldest first.
        online(bool): whether the backend answered the last wait.
    """

    events = Signal(list)
    online = Signal(bool)

    def __init__(self, backend: Backend, after_id: int) -> None:
        super().__init__()
        self._backend = backend
        self.last_id = after_id
        self._was_online: bool | None = None

    def run(self) -> None:
        while not self.isInterruptionRequested():
            try:
                batch: list[Event] = self._backend.wait_for_events(self.last_id, WAIT_S)
            except Exception:
                self._set_online(False)
                self.msleep(1000)
                continue
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
