"""The appointment window on the ticket form (预约上门): typed with the keyboard, judged as it is
typed (over already, after the SLA's arrival deadline), saved with a new ticket (the form, the
screen-pop's and the chat's are one form) and moved on an edit through its own use case."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDateTimeEdit
from pytestqt.qtbot import QtBot

from dispatch_console.domain.call_events import CallEvent
from dispatch_console.domain.tickets import TicketDraft
from dispatch_console.ports import Actor
from dispatch_console.services import Services
from dispatch_console.storage.store import SqlStore
from dispatch_console.ui.main_window import MainWindow
from dispatch_console.ui.tickets.form import TicketForm
from working_days import working_day

from .schedule_desk import ZONE, desk_clock, tomorrow


@pytest.fixture
def backend(store: SqlStore) -> Services:
    """The agent's services on the desk's fixed clock (schedule_desk.NOW), not today's."""
    return Services(store.unit_of_work, store.feed, Actor("agent1", "agent"), clock=desk_clock())


def window_of(qtbot: QtBot, backend: Services) -> MainWindow:
    window = MainWindow(backend, backend.actor, "test", clock=backend.now)
    qtbot.addWidget(window)
    return window


def book(form: TicketForm, day: datetime, starts: str, ends: str) -> None:
    """As an agent does: the box ticked, then the date and the times typed."""
    field = form.appointment
    QTest.keyClick(field.booked, Qt.Key.Key_Space)
    assert field.booked.isChecked() and field.starts.isEnabled()
    field.day.setDate(QDate(day.year, day.month, day.day))
    for edit, text in ((field.starts, starts), (field.ends, ends)):
        wanted = QTime.fromString(text, "HH:mm")
        edit.setFocus()  # the arrow keys step the hour (typed digits do not reach it offscreen)
        edit.setCurrentSection(QDateTimeEdit.Section.HourSection)
        hours = wanted.hour() - edit.time().hour()
        for _ in range(abs(hours)):
            QTest.keyClick(edit, Qt.Key.Key_Up if hours > 0 else Qt.Key.Key_Down)
        assert edit.time() == wanted, edit.time()


def test_a_new_ticket_is_saved_with_its_window(qtbot: QtBot, backend: Services) -> None:
    window = window_of(qtbot, backend)
    form = window.new_ticket()
    assert not form.appointment.day.isEnabled()  # no visit booked until ticked
    form.priority.setCurrentIndex(form.priority.findData("low"))  # arrival within 48 h
    QTest.keyClicks(form.category, "printer")
    form.description.insertPlainText("卡纸")
    day = tomorrow(0)
    book(form, day, "14:00", "16:00")
    assert form.appointment.problem.text() == ""
    assert form.appointment.sla.text().startswith("SLA arrival by ")
    form.activateWindow()
    qtbot.waitUntil(form.isActiveWindow, timeout=5000)
    with qtbot.waitSignal(form.created, timeout=5000) as saved:
        QTest.keyClick(form, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    ticket = backend.get_ticket(saved.args[0].id)
    assert (ticket.appointment_starts_at, ticket.appointment_ends_at) == (
        tomorrow(14),
        tomorrow(16),
    )
    window.shutdown()


def test_a_window_over_already_is_said_at_once_and_refused_on_save(
    qtbot: QtBot, backend: Services
) -> None:
    window = window_of(qtbot, backend)
    form = window.new_ticket()
    QTest.keyClicks(form.category, "printer")
    form.description.insertPlainText("卡纸")
    book(form, tomorrow(0) - timedelta(days=3), "09:00", "11:00")
    # (said first; a day that was also a holiday says so after it)
    assert form.appointment.problem.text().startswith("Cannot be booked: That time has passed")
    form.save()
    qtbot.waitUntil(lambda: bool(form.error.text()), timeout=5000)
    assert "Nothing was saved" in form.error.text()
    assert "c62828" in form.appointment.day.styleSheet()  # the field at fault is marked
    assert form.isVisible()
    window.shutdown()


def test_a_window_after_the_slas_deadline_warns_in_words_and_the_window_says_it_on_save(
    qtbot: QtBot, backend: Services
) -> None:
    window = window_of(qtbot, backend)
    form = window.new_ticket()
    form.priority.setCurrentIndex(form.priority.findData("critical"))  # arrival within hours
    QTest.keyClicks(form.category, "printer")
    form.description.insertPlainText("整层打印机停机")
    later = datetime.combine(working_day(tomorrow(0).date() + timedelta(days=3)), time(), ZONE)
    book(form, later, "09:00", "12:00")
    assert form.appointment.problem.text().startswith(
        "Misses the SLA: the window starts after the arrival deadline ("
    )
    assert "estimate: standard SLA, opened now" in form.appointment.sla.text()
    with qtbot.waitSignal(form.created, timeout=5000):
        form.save()
    status = window.statusBar().currentMessage()
    assert "its appointment window misses the SLA (arrival due" in status
    window.shutdown()


def test_an_edit_moves_the_window_through_its_own_use_case(qtbot: QtBot, backend: Services) -> None:
    customer = backend.create_customer("王芳", ["13912345678"])
    draft = TicketDraft(
        "phone", "printer", "normal", "卡纸", customer_id=customer.id,
        appointment_starts_at=tomorrow(9), appointment_ends_at=tomorrow(11),
    )  # fmt: skip
    ticket = backend.create_ticket(draft)
    window = window_of(qtbot, backend)
    with qtbot.waitSignal(window.model.loaded, timeout=5000):
        window.start()
    window.open_ticket(ticket.id)
    qtbot.waitUntil(lambda: window.detail.history is not None, timeout=5000)
    form = window.edit_ticket()
    assert form is not None
    field = form.appointment
    assert field.booked.isChecked()
    assert (field.starts.time(), field.ends.time()) == (QTime(9, 0), QTime(11, 0))
    assert field.sla.text().startswith("SLA arrival by ")  # the ticket's own deadline
    field.ends.setTime(QTime(12, 0))
    with qtbot.waitSignal(form.updated, timeout=5000):
        form.save()
    saved = backend.get_ticket(ticket.id)
    assert saved.appointment_ends_at == tomorrow(12)
    kinds = [e.kind for e in backend.events_after(0) if e.entity_id == str(ticket.id)
             and not e.kind.startswith("notification_")]  # fmt: skip
    # the window alone changed: one use case (its reminders, withdrawn and queued anew, aside)
    assert kinds[-1] == "appointment_set"
    window.shutdown()


def test_the_screen_pops_new_ticket_books_a_window_too(qtbot: QtBot, backend: Services) -> None:
    window = window_of(qtbot, backend)
    call = CallEvent("offered", "c-1", datetime.now(UTC), "inbound", "+8613912345678", "", None)
    form = window.new_ticket_for_call(None, call)
    assert form.appointment.zone == ZONE
    QTest.keyClicks(form.category, "printer")
    form.description.insertPlainText("卡纸")
    book(form, tomorrow(0), "13:00", "15:00")
    with qtbot.waitSignal(form.created, timeout=5000) as saved:
        form.save()
    assert backend.get_ticket(saved.args[0].id).appointment_starts_at == tomorrow(13)
    window.shutdown()
