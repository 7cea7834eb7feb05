"""The PBX connection as an asyncio task on the Qt event loop (qasync): its call events and status
arrive on the GUI thread as signals, its keepalives and timeouts are plain timers of that loop,
and stopping it cancels the task, which closes the socket. It runs under the window's supervisor:
a bug that ends it is logged, shown, and the connection started again."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Protocol

from PySide6.QtCore import QCoreApplication, QObject, Signal

from ...domain.call_events import CallEvent
from ...runtime.supervise import Supervisor
from ...telephony.sessions import OnEvent, OnStatus
from ...telephony.status import PbxState, Status
from ..loops import PBX

log = logging.getLogger(__name__)


class Serves(Protocol):
    """A PBX source (telephony.sources): follows the PBX until cancelled."""

    async def serve(self, on_event: OnEvent, on_status: OnStatus) -> None: ...


class PbxConnection(QObject):
    """Signals:
    call(object): a CallEvent from the PBX.
    status(object): a telephony Status: its `state` (a PbxState) and `detail`.
    """

    call = Signal(object)
    status = Signal(object)

    def __init__(
        self,
        source: Serves,
        loop: asyncio.AbstractEventLoop | None = None,
        supervisor: Supervisor | None = None,
    ) -> None:
        super().__init__()
        self.source = source
        self._loop = loop
        self._supervisor = supervisor or Supervisor()
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        loop = self._loop or asyncio.get_event_loop()
        self._task = loop.create_task(self._supervisor.run_async(PBX, self._serve))
        self._task.add_done_callback(self._ended)

    async def _serve(self) -> None:
        try:
            await self.source.serve(self._emit_call, self._emit_status)
        except Exception as exc:  # the supervisor logs it and starts again; the label says so
            self.status.emit(Status(PbxState.DISCONNECTED, f"disconnected: {exc}", str(exc)))
            raise

    def _emit_call(self, event: CallEvent) -> None:
        self.call.emit(event)

    def _emit_status(self, status: Status) -> None:
        log.info("telephony: %s", status)
        self.status.emit(status)

    def _ended(self, task: asyncio.Task[None]) -> None:
        if task.cancelled():
            return
        error = task.exception()
        if error is not None:  # the supervisor itself failed: say so rather than go quiet
            log.error("the PBX connection stopped", exc_info=error)
            self.status.emit(Status(PbxState.DISCONNECTED, f"disconnected: {error}", str(error)))

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


def status_words(status: Status) -> str:
    """A status in the agent's language, by its state; the detail, in the PBX's own words,
    follows where it helps (why a login or a call was refused). The English line is never
    read."""
    state = status.state
    words = {
        PbxState.CONNECTED: QCoreApplication.translate("telephony", "PBX connected"),
        PbxState.LISTENING: QCoreApplication.translate("telephony", "Webhook listening"),
        PbxState.REFUSED: QCoreApplication.translate("telephony", "PBX login refused"),
        PbxState.UNREACHABLE: QCoreApplication.translate("telephony", "PBX unreachable, retrying"),
        PbxState.DISCONNECTED: QCoreApplication.translate(
            "telephony", "PBX disconnected, reconnecting"
        ),
        PbxState.SILENT: QCoreApplication.translate(
            "telephony", "PBX stopped answering, reconnecting"
        ),
        PbxState.DIAL_FAILED: QCoreApplication.translate("telephony", "Call failed"),
        PbxState.CANNOT_LISTEN: QCoreApplication.translate("telephony", "Webhook cannot listen"),
    }[state]
    if state in QUIET_DETAIL or not status.detail:
        return words
    return f"{words}: {status.detail}"


# states whose detail (a banner, a port, an exception's text) adds nothing an agent can act on
QUIET_DETAIL = frozenset(
    {PbxState.CONNECTED, PbxState.LISTENING, PbxState.DISCONNECTED, PbxState.SILENT}
)
