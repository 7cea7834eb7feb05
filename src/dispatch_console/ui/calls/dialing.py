"""Click-to-dial: through the PBX (AMI Originate / ESL originate ring the agent's phone, then
the customer), else a tel: URL handed to whatever softphone the computer has. Either way the
call is recorded as outbound and linked to the ticket."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QStatusBar

from ...ports import Backend
from ..phones import dial_digits
from ..tasks import TaskRunner
from ..tickets.detail_panel import DetailPanel

log = logging.getLogger(__name__)


class Dialing(QObject):
    """Signals:
    called(int): a call for this ticket was placed and recorded.
    """

    called = Signal(int)

    def __init__(
        self,
        backend: Backend,
        runner: TaskRunner,
        detail: DetailPanel,
        status: QStatusBar,
        extension: str | None,
        dialer: Callable[[str, str], str] | None,
        url_scheme: str = "tel",
        region: str = "CN",
    ) -> None:
        super().__init__(detail)
        self._backend = backend
        self._runner = runner
        self._detail = detail
        self._status = status
        self.extension = extension
        self.dialer = dialer  # the PBX's click-to-dial; None: a tel:/sip: URL to the softphone
        self.url_scheme = url_scheme
        self.region = region

    def call_customer(self) -> str | None:
        """Dial the ticket's contact through the PBX (ringing my phone first), or hand a tel:
        URL to the softphone; the call is recorded and linked to the ticket either way."""
        ticket, number = self._detail.ticket, self._detail.number_to_call()
        if ticket is None or not number:
            self._status.showMessage(self.tr("No number to call on this ticket."), 8000)
            return None
        return self.dial(number, ticket.id)

    def dial(self, number: str, ticket_id: int | None, *, hand_off: bool = True) -> str:
        """Call this number (a callback's, a ticket's); recorded, and linked to the ticket.
        `hand_off=False`: never pass it to the system's tel: handler (it came from one: the
        console itself may be that handler, and would be asked again, for ever). Returns the
        call id, or "" when nothing was dialled."""
        now = datetime.now(UTC)
        if not hand_off and (self.dialer is None or not self.extension):
            self._status.showMessage(
                self.tr(
                    "%1 was not dialled: this console has no PBX line to call from "
                    "(Settings ▸ Telephony)."
                ).replace("%1", number),
                15000,
            )
            return ""
        if self.dialer is not None and self.extension:
            try:
                call_id = self.dialer(self.extension, dial_digits(number, self.region))
            except Exception as exc:  # not connected, no extension: say so, fall back
                log.warning("click-to-dial through the PBX failed", exc_info=True)
                if not hand_off:
                    self._status.showMessage(
                        self.tr("The PBX cannot dial: %1.").replace("%1", str(exc)), 15000
                    )
                    return ""
                self._status.showMessage(
                    self.tr(
                        "The PBX cannot dial: %1. Handing the number to your softphone."
                    ).replace("%1", str(exc)),
                    10000,
                )
                call_id = self._dial_by_url(number)
        else:
            call_id = self._dial_by_url(number)
        me = self.extension or ""

        def record() -> int | None:
            self._backend.record_call_event(
                "offered", call_id, now, direction="outbound", from_number=me,
                to_number=number, agent_extension=me or None,
            )  # fmt: skip
            if ticket_id is not None:
                self._backend.link_call(call_id, ticket_id)
            return ticket_id

        self._runner.run(
            record, lambda tid: self.called.emit(tid) if tid is not None else None, receiver=self
        )
        return call_id

    def _dial_by_url(self, number: str) -> str:
        QDesktopServices.openUrl(QUrl(f"{self.url_scheme}:{number}"))
        self._status.showMessage(
            self.tr("Calling %1 with your softphone…").replace("%1", number), 8000
        )
        return f"tel-{uuid.uuid4().hex[:12]}"
