"""Notices for the person at this console (who hears what: domain/notices.py). At start the
console asks the backend what happened while it was closed, back to the last time this user
read the list (at most a day); after that the change feed brings them live. A status-bar button
counts the unread ones; its menu opens the ticket and marks them all read."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import quote

from PySide6.QtCore import QCoreApplication, QObject, QSettings, Signal
from PySide6.QtWidgets import QMenu, QToolButton, QWidget

from ..domain.events import Event
from ..domain.notices import NOTICE_WINDOW, is_notice_for
from ..domain.tickets import Ticket
from ..ports import Actor, Backend
from .tasks import Latest, TaskRunner

KEEP = 30  # the latest notices; older ones are in the tickets' timelines


@dataclass(frozen=True, slots=True)
class Notice:
    event_id: int
    at: datetime  # the event's time, by the backend's clock
    ticket_id: int
    text: str


def notice_for(event: Event, me: Actor, department_id: int | None = None) -> Notice | None:
    """What `me` (of `department_id`) should hear of this event, if anything."""
    if not is_notice_for(event, me.name, me.role, department_id):
        return None
    if event.kind == "escalated":
        text = (
            QCoreApplication.translate("notices", "%1: an SLA deadline was missed")
            if event.payload.get("level") == "breached"
            else QCoreApplication.translate("notices", "%1: an SLA deadline is near")
        )
    elif event.kind == "routed":
        text = QCoreApplication.translate("notices", "%1: a routing rule asks you to watch it")
    elif event.kind == "running_late":
        text = QCoreApplication.translate(
            "notices", "%1: the technician is running about %2 min late"
        ).replace("%2", str(event.payload.get("minutes", "")))
    else:
        text = QCoreApplication.translate("notices", "%1: auto-dispatch left it to a person")
    ticket_id = int(event.entity_id)
    return Notice(event.id, event.at, ticket_id, text.replace("%1", Ticket.number_of(ticket_id)))


def _read_key(name: str) -> str:
    return "notices/read_up_to/" + quote(name, safe="")  # a "/" in a name is no settings group


def _read_mark(name: str) -> datetime | None:
    """The newest notice `name` has seen in the list on this PC, if any."""
    raw = QSettings().value(_read_key(name))
    try:
        at = datetime.fromisoformat(str(raw)) if raw else None
    except ValueError:
        return None
    return at if at is None or at.tzinfo is not None else None


class Notices(QObject):
    """Signals:
    arrived(object): a Notice for this console's user, from the live feed.
    changed(): the list or the unread count changed, or the first load is done.
    open_ticket(int): the user chose a notice.
    """

    arrived = Signal(object)
    changed = Signal()
    open_ticket = Signal(int)

    def __init__(
        self, me: Actor, backend: Backend, runner: TaskRunner, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.me = me
        self.items: list[Notice] = []
        self.unread = 0
        self.read_up_to = _read_mark(me.name)
        self._backend = backend
        self._lookup = Latest(runner, self)
        # the load and the live feed overlap around start: one event, one notice
        self._known: set[int] = set()
        self.department_id: int | None = None  # read with the first load

    def load(self) -> None:
        """Ask, off the GUI thread, for what came while this console was closed."""
        since = datetime.now(UTC) - NOTICE_WINDOW
        if self.read_up_to is not None:
            since = max(since, self.read_up_to)
        backend, name = self._backend, self.me.name

        def ask() -> tuple[int | None, list[Event]]:
            mine = [u for u in backend.list_users() if u.username == name]
            return (mine[0].department_id if mine else None), backend.recent_notices(since)

        self._lookup.run(ask, self._loaded)

    def _loaded(self, answer: tuple[int | None, list[Event]]) -> None:
        self.department_id, events = answer
        said = (notice_for(e, self.me, self.department_id) for e in events)
        found = [n for n in said if n is not None]
        # the list may have been opened while the load ran: what it covered is read
        mark = self.read_up_to
        self._add(found, lambda n: mark is None or n.at > mark)
        self.changed.emit()

    def on_events(self, events: Sequence[Event]) -> None:
        for event in events:
            notice = notice_for(event, self.me, self.department_id)
            if notice is not None and self._add([notice], lambda _n: True):
                self.arrived.emit(notice)
                self.changed.emit()

    def _add(self, notices: list[Notice], unread: Callable[[Notice], bool]) -> bool:
        """Adds the notices not known yet (True if any), counting those `unread` says."""
        new = [n for n in notices if n.event_id not in self._known]
        if not new:
            return False
        self._known.update(n.event_id for n in new)
        newest_first = sorted([*new, *self.items], key=lambda n: (n.at, n.event_id), reverse=True)
        self.items = newest_first[:KEEP]
        # never more unread than the menu lists: the rest are in the tickets' timelines
        self.unread = min(self.unread + sum(1 for n in new if unread(n)), len(self.items))
        return True

    def mark_read(self) -> None:
        """All read; the next console this user opens here starts after the newest of them.
        The newest notice's own time, not this PC's clock: the backend's clock is the one
        the next load compares against, and the two need not agree."""
        newest = max((n.at for n in self.items), default=None)
        if newest is not None and (self.read_up_to is None or newest > self.read_up_to):
            self.read_up_to = newest
            QSettings().setValue(_read_key(self.me.name), newest.isoformat())
        self.unread = 0
        self.changed.emit()


class NoticeButton(QToolButton):
    """Hidden until something is for you; bold while unread; its menu lists the latest."""

    def __init__(self, notices: Notices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notice_button")
        self.notices = notices
        self.setAutoRaise(True)
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        tip = self.tr("What concerns you from the last 24 hours; opening the list marks it read")
        self.setToolTip(tip)
        self.menu_ = QMenu(self)
        self.setMenu(self.menu_)
        self.menu_.aboutToShow.connect(self._fill)
        notices.changed.connect(self._count)
        self.hide()

    def _count(self) -> None:
        unread = self.notices.unread
        self.setText(self.tr("Notices: %1").replace("%1", str(unread)) if unread
                     else self.tr("Notices"))  # fmt: skip
        self.setStyleSheet("font-weight: bold;" if unread else "")
        self.setVisible(bool(self.notices.items))

    def _fill(self) -> None:
        self.menu_.clear()
        for notice in self.notices.items:
            action = self.menu_.addAction(notice.text)
            ticket_id = notice.ticket_id
            action.triggered.connect(lambda _=False, t=ticket_id: self.notices.open_ticket.emit(t))
        self.notices.mark_read()
