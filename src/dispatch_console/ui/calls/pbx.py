"""The PBX connection on its own thread: CallEvents and status lines come back as signals."""

from __future__ import annotations

import threading

from PySide6.QtCore import QCoreApplication, QThread, Signal

from ...domain.call_events import CallEvent
from ...ports import CallSource


class PbxThread(QThread):
    """Signals:
    call(object): a CallEvent from the PBX.
    status(str): connected, refused, retrying ... in plain words.
    """

    call = Signal(object)
    status = Signal(str)

    def __init__(self, source: CallSource) -> None:
        super().__init__()
        self.source = source
        self._stop = threading.Event()

    def run(self) -> None:
        self.source.run(self._emit, self._stop, self.status.emit)

    def _emit(self, event: CallEvent) -> None:
        self.call.emit(event)

    def stop(self, wait_ms: int = 8000) -> None:  # longer than a connect attempt (5 s)
        self._stop.set()
        self.wait(wait_ms)


def status_words(text: str) -> str:
    """The source's plain-English status, headed in the agent's language (details follow)."""
    heads = (
        ("connected to", QCoreApplication.translate("telephony", "PBX connected")),
        ("listening for", QCoreApplication.translate("telephony", "Webhook listening")),
        ("login refused", QCoreApplication.translate("telephony", "PBX login refused")),
        ("cannot reach", QCoreApplication.translate("telephony", "PBX unreachable, retrying")),
        ("disconnected", QCoreApplication.translate("telephony", "PBX disconnected, reconnecting")),
        ("click-to-dial failed", QCoreApplication.translate("telephony", "Call failed")),
        ("cannot listen", QCoreApplication.translate("telephony", "Webhook cannot listen")),
    )
    for prefix, words in heads:
        if text.startswith(prefix):
            detail = text.split(":", 1)[1].split(";", maxsplit=1)[0].strip() if ":" in text else ""
            return f"{words}: {detail}" if detail and prefix != "connected to" else words
    return text
