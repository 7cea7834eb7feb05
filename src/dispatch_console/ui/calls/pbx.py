"""The PBX connection as an asyncio task on the Qt event loop (qasync): its call events and status
arrive on the GUI thread as signals, its keepalives and timeouts are plain timers of that loop,
and stopping it cancels the task, which closes the socket."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Protocol

from PySide6.QtCore import QCoreApplication, QObject, Signal

from ...domain.call_events import CallEvent
from ...telephony.sessions import OnEvent, OnStatus
from ...telephony.status import Status

log = logging.getLogger(__name__)


class Serves(Protocol):
    """A PBX source (telephony.sources): follows the PBX until cancelled."""

    async def serve(self, on_event: OnEvent, on_status: OnStatus) -> None: ...


class PbxConnection(QObject):
    """Signals:
    call(object): a CallEvent from the PBX.
    status(object): a telephony Status (a str with a `state`): connected, refused, silent ...
    """

    call = Signal(object)
    status = Signal(object)

    def __init__(self, source: Serves, loop: asyncio.AbstractEventLoop | None = None) -> None:
        super().__init__()
        self.source = source
        self._loop = loop
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        loop = self._loop or asyncio.get_event_loop()
        self._task = loop.create_task(self.source.serve(self._emit_call, self._emit_status))
        self._task.add_done_callback(self._ended)

    def _emit_call(self, event: CallEvent) -> None:
        self.call.emit(event)

    def _emit_status(self, status: str) -> None:
        log.info("telephony: %s", status)
        self.status.emit(status)

    def _ended(self, task: asyncio.Task[None]) -> None:
        if task.cancelled():
            return
        error = task.exception()
        if error is not None:  # a bug, not the PBX: say so rather than go quiet
            log.error("the PBX connection stopped", exc_info=error)
            self.status.emit(Status("disconnected", f"disconnected: {error}", str(error)))

    def stop(self) -> None:
        """Cancel the connection; it closes its socket the next time the loop runs."""
        if self._task is not None and not self._task.done():
            self._task.cancel()

    async def stopped(self) -> None:
        """Cancel and wait until the socket is closed."""
        self.stop()
        if self._task is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await self._task


def status_words(status: str) -> str:
    """A status in the agent's language, by its state (details, in the PBX's words, follow)."""
    state = getattr(status, "state", "")
    detail = getattr(status, "detail", "")
    words = {
        "connected": QCoreApplication.translate("telephony", "PBX connected"),
        "listening": QCoreApplication.translate("telephony", "Webhook listening"),
        "refused": QCoreApplication.translate("telephony", "PBX login refused"),
        "unreachable": QCoreApplication.translate("telephony", "PBX unreachable, retrying"),
        "disconnected": QCoreApplication.translate("telephony", "PBX disconnected, reconnecting"),
        "silent": QCoreApplication.translate("telephony", "PBX stopped answering, reconnecting"),
        "dial_failed": QCoreApplication.translate("telephony", "Call failed"),
        "cannot_listen": QCoreApplication.translate("telephony", "Webhook cannot listen"),
    }.get(state)
    if words is None:
        return str(status)
    if state in ("connected", "listening", "disconnected", "silent") or not detail:
        return words
    return f"{words}: {detail}"
