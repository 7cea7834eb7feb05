"""The one object the page and Python share over QWebChannel: JSON text both ways.

Messages sent before the page says "ready" are queued and delivered in order once it does."""

from __future__ import annotations

import json
import logging
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

log = logging.getLogger(__name__)


class MapBridge(QObject):
    """Signals:
    toPage(str): a JSON message for the page (the page listens).
    ready(): the page is loaded and listening.
    message(object): a decoded message from the page (dict with a "type").
    """

    toPage = Signal(str)  # noqa: N815 (the page sees this name)
    ready = Signal()
    message = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.is_ready = False
        self._queue: list[str] = []

    def send(self, kind: str, **payload: Any) -> None:
        text = json.dumps({"type": kind, **payload}, separators=(",", ":"))
        if self.is_ready:
            self.toPage.emit(text)
        else:
            self._queue.append(text)

    def reset(self) -> None:
        """The page is reloading: queue again until it says ready."""
        self.is_ready = False

    @Slot(str)
    def fromPage(self, text: str) -> None:  # noqa: N802 (called by the page)
        try:
            data = json.loads(text)
        except ValueError:
            data = None
        if not isinstance(data, dict):  # a page bug must not break the console, nor go unseen
            log.warning("map page: a message that is not a JSON object: %.200r", text)
            return
        if data.get("type") == "ready":
            self.is_ready = True
            queued, self._queue = self._queue, []
            for item in queued:
                self.toPage.emit(item)
            self.ready.emit()
            return
        self.message.emit(data)
