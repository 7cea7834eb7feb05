"""Notices at the console: a supervisor hears of an SLA escalation as it happens, a watcher of
the tickets a rule put them on, the desk of jobs auto-dispatch left to a person; a notice opens
its ticket."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from pytestqt.qtbot import QtBot

from dispatch_console.domain.events import Event
from dispatch_console.domain.tickets import TicketDraft
from dispatch_console.ports import Actor
from dispatch_console.services import Services
from dispatch_console.storage.store import SqlStore
from dispatch_console.ui.main_window import MainWindow
from dispatch_console.ui.notices import NoticeButton, notice_for

NOW = datetime(2026, 11, 27, 2, 0, tzinfo=UTC)


def event(kind: str, **payload: Any) -> Event:
    return Event(1, NOW, "x", "ticket", "42", kind, payload)


def test_who_hears_what(qapp: Any) -> None:
    sue, alice = Actor("sue", "supervisor"), Actor("alice", "agent")
    late = event("escalated", level="breached", milestone="arrival")
    near = event("escalated", level="assignee", milestone="arrival")
    notice = notice_for(late, sue)
    assert notice is not None and notice.ticket_id == 42 and "T0000042" in notice.text
    assert notice_for(late, alice) is None  # an agent is not told of escalations
    assert notice_for(near, sue) is None  # the technician's level is the technician's
    watched = event("routed", watchers=["alice"])
    assert notice_for(watched, alice) is not None and notice_for(watched, sue) is None
    left = event("auto_dispatch", code="score_too_high")
    assert notice_for(left, alice) is not None
    assert notice_for(event("auto_dispatch", code="assigned"), alice) is None


class Then:
    def __init__(self, at: datetime) -> None:
        self.at = at

    def now(self) -> datetime:
        return self.at


def test_a_supervisor_hears_of_a_missed_deadline_and_opens_the_ticket(
    qtbot: QtBot, store: SqlStore
) -> None:
    earlier = Then(datetime.now(UTC) - timedelta(hours=3))
    agent = Services(store.unit_of_work, store.feed, Actor("alice", "agent"), clock=earlier)
    ticket = agent.create_ticket(TicketDraft("phone", "lift", "normal", "电梯停运"))
    sue = Services(store.unit_of_work, store.feed, Actor("sue", "supervisor"))
    window = MainWindow(sue, sue.actor, "test")
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.model.loaded, timeout=5000):
        window.start()
    button = window.findChild(NoticeButton, "notice_button")
    assert button is not None and not button.isVisible()
    sue.as_actor(Actor("sla-watch", "supervisor")).escalate_due()  # what the server does
    qtbot.waitUntil(lambda: window.notices.unread == 1, timeout=10000)
    assert ticket.number in window.statusBar().currentMessage()
    assert button.text().endswith("1")
    button.menu_.aboutToShow.emit()  # what opening the menu does
    (action,) = button.menu_.actions()
    action.trigger()
    qtbot.waitUntil(lambda: window.detail.ticket is not None
                    and window.detail.ticket.id == ticket.id, timeout=5000)  # fmt: skip
    assert window.notices.unread == 0
    window.runner.wait(5000)
    window.shutdown()
