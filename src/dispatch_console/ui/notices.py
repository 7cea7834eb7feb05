"""Notices for the person at this console, from the change feed: a supervisor hears of SLA
escalations meant for supervisors, a watcher of the tickets a rule put them on, and the desk of
jobs auto-dispatch left to a person. A status-bar button counts the unread ones; its menu opens
the ticket. Nothing is stored: the ticket's timeline keeps the record."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QMenu, QToolButton, QWidget

from ..domain.events import Event
from ..domain.tickets import Ticket
from ..ports import Actor

KEEP = 30  # the latest notices; older ones are in the tickets' timelines
DESK = ("agent", "supervisor", "admin")
SUPERVISORS = ("supervisor", "admin")


@dataclass(frozen=True, slots=True)
class Notice:
    ticket_id: int
    text: str


def notice_for(event: Event, me: Actor) -> Notice | None:
    """What `me` should hear of this event, if anything."""
    if event.entity != "ticket" or not event.entity_id.isdigit():
        return None
    ticket_id, p = int(event.entity_id), event.payload
    number = Ticket.number_of(ticket_id)
    if event.kind == "escalated" and me.role in SUPERVISORS and p.get("level") != "assignee":
        late = p.get("level") == "breached"
        text = (
            QCoreApplication.translate("notices", "%1: an SLA deadline was missed")
            if late
            else QCoreApplication.translate("notices", "%1: an SLA deadline is near")
        )
        return Notice(ticket_id, text.replace("%1", number))
    if event.kind == "routed" and me.name in (p.get("watchers") or []):
        text = QCoreApplication.translate("notices", "%1: a routing rule asks you to watch it")
        return Notice(ticket_id, text.replace("%1", number))
    if event.kind == "auto_dispatch" and p.get("code") != "assigned" and me.role in DESK:
        text = QCoreApplication.translate("notices", "%1: auto-dispatch left it to a person")
        return Notice(ticket_id, text.replace("%1", number))
    return None


class Notices(QObject):
    """Signals:
    arrived(object): a Notice for this console's user.
    open_ticket(int): the user chose a notice.
    """

    arrived = Signal(object)
    open_ticket = Signal(int)

    def __init__(self, me: Actor, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.me = me
        self.items: list[Notice] = []
        self.unread = 0

    def on_events(self, events: Sequence[Event]) -> None:
        for event in events:
            notice = notice_for(event, self.me)
            if notice is not None:
                self.items = [notice, *self.items][:KEEP]
                self.unread += 1
                self.arrived.emit(notice)


class NoticeButton(QToolButton):
    """Hidden until something is for you; bold while unread; its menu lists the latest."""

    def __init__(self, notices: Notices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notice_button")
        self.notices = notices
        self.setAutoRaise(True)
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.menu_ = QMenu(self)
        self.setMenu(self.menu_)
        self.menu_.aboutToShow.connect(self._fill)
        notices.arrived.connect(lambda _n: self._count())
        self.hide()

    def _count(self) -> None:
        unread = self.notices.unread
        self.setText(self.tr("Notices: %1").replace("%1", str(unread)) if unread
                     else self.tr("Notices"))  # fmt: skip
        self.setStyleSheet("font-weight: bold;" if unread else "")
        self.show()

    def _fill(self) -> None:
        self.menu_.clear()
        for notice in self.notices.items:
            action = self.menu_.addAction(notice.text)
            ticket_id = notice.ticket_id
            action.triggered.connect(lambda _=False, t=ticket_id: self.notices.open_ticket.emit(t))
        self.notices.unread = 0
        self._count()
