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
    # a department's supervisor hears of that department's escalations (and of none's)
    lifts = event("escalated", level="supervisor", milestone="arrival", department_id=3)
    assert notice_for(lifts, sue, 3) is not None and notice_for(lifts, sue, 4) is None
    assert notice_for(event("escalated", level="breached", department_id=None), sue, 4)
    assert notice_for(lifts, Actor("root", "admin"), 4) is not None  # administrators: all


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


def _console(qtbot: QtBot, backend: Services) -> MainWindow:
    """A new console for `backend`'s user, started, its notices loaded."""
    window = MainWindow(backend, backend.actor, "test")
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.notices.changed, timeout=10000):
        window.start()
    return window


def _close(window: MainWindow) -> None:
    window.runner.wait(5000)
    window.shutdown()


def test_what_escalated_while_no_console_ran_is_waiting_at_start(
    qtbot: QtBot, store: SqlStore
) -> None:
    earlier = Then(datetime.now(UTC) - timedelta(hours=3))
    agent = Services(store.unit_of_work, store.feed, Actor("alice", "agent"), clock=earlier)
    ticket = agent.create_ticket(TicketDraft("phone", "lift", "normal", "电梯停运"))
    gone = agent.create_ticket(TicketDraft("phone", "lift", "normal", "门禁故障"))
    sue = Services(store.unit_of_work, store.feed, Actor("sue", "supervisor"))
    sue.as_actor(Actor("sla-watch", "supervisor")).escalate_due()  # overnight, in the server
    gone = sue.get_ticket(gone.id)
    sue.transition(gone.id, gone.version, "cancelled", "a duplicate")  # no longer anyone's worry

    window = _console(qtbot, sue)
    button = window.findChild(NoticeButton, "notice_button")
    assert button is not None and button.isVisibleTo(window)
    assert window.notices.unread == 1 and button.text().endswith("1")
    # the feed, had it started before the load, brings the same event again: still one notice
    window.notices.on_events([e for e in sue.events_after(0) if e.entity_id == str(ticket.id)])
    assert window.notices.unread == 1
    button.menu_.aboutToShow.emit()  # what opening the menu does
    (action,) = button.menu_.actions()
    assert ticket.number in action.text() and gone.number not in action.text()
    action.trigger()
    qtbot.waitUntil(lambda: window.detail.ticket is not None
                    and window.detail.ticket.id == ticket.id, timeout=5000)  # fmt: skip
    assert window.notices.unread == 0 and button.text() == "Notices"
    _close(window)


def test_a_notice_read_before_closing_is_not_new_again_after_a_restart(
    qtbot: QtBot, store: SqlStore
) -> None:
    earlier = Then(datetime.now(UTC) - timedelta(hours=3))
    agent = Services(store.unit_of_work, store.feed, Actor("alice", "agent"), clock=earlier)
    agent.create_ticket(TicketDraft("phone", "lift", "normal", "电梯停运"))
    sue = Services(store.unit_of_work, store.feed, Actor("sue", "supervisor"))
    scanner = sue.as_actor(Actor("sla-watch", "supervisor"))
    scanner.escalate_due()
    first = _console(qtbot, sue)
    assert first.notices.unread == 1
    button = first.findChild(NoticeButton, "notice_button")
    assert button is not None
    button.menu_.aboutToShow.emit()  # read
    _close(first)

    again = _console(qtbot, sue)
    assert again.notices.unread == 0 and again.notices.items == []
    _close(again)

    later = agent.create_ticket(TicketDraft("phone", "hvac", "normal", "空调漏水"))
    scanner.escalate_due()  # after the read one: this one is news
    third = _console(qtbot, sue)
    assert third.notices.unread == 1
    assert [n.ticket_id for n in third.notices.items] == [later.id]
    # another user at this PC has read nothing
    bob = _console(qtbot, sue.as_actor(Actor("bob", "supervisor")))
    assert bob.notices.unread == 2
    _close(third)
    _close(bob)
