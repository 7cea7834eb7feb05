"""The console judges days in the desk's configured zone and holidays (`timezone`,
`holiday_region` in the settings), not Shanghai's: the board's today, the ticket form's window,
and a Hong Kong department's public holiday on the board. On fixed clocks whose dates differ
between the desk's zone and Shanghai's, on a real SQLite database."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from conftest import FakeClock
from dispatch_console.config import ConsoleSettings
from dispatch_console.domain.schedule import AppointmentWindow, WeeklyHours
from dispatch_console.domain.tickets import TicketDraft
from dispatch_console.ports import Actor
from dispatch_console.services import Services
from dispatch_console.storage.store import SqlStore
from dispatch_console.ui.main_window import MainWindow
from dispatch_console.ui.schedule.panel import SchedulePanel

NEW_YORK = ZoneInfo("America/New_York")
HONG_KONG = ZoneInfo("Asia/Hong_Kong")
SHANGHAI = ZoneInfo("Asia/Shanghai")
SITE = (22.2800, 114.1588)  # Central, Hong Kong


def desk_window(
    qtbot: QtBot, store: SqlStore, settings: ConsoleSettings, now: datetime
) -> MainWindow:
    """A supervisor's window on a desk configured by `settings`, its clock stopped at `now`."""
    backend = Services(
        store.unit_of_work, store.feed, Actor("lead", "supervisor"), clock=FakeClock(now),
        desk=settings.desk_zone(),
    )  # fmt: skip
    window = MainWindow(backend, backend.actor, "test", settings=settings, clock=backend.now)
    qtbot.addWidget(window)
    window.resize(1400, 900)
    return window


def board(qtbot: QtBot, window: MainWindow, rows: int) -> SchedulePanel:
    window.show()
    with qtbot.waitSignal(window.model.loaded, timeout=10000):
        window.start()
    window.activateWindow()
    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    QTest.keyClick(window, Qt.Key.Key_S, ctrl_shift)  # View > Dispatch board
    panel = window.schedule
    assert panel is not None
    qtbot.waitUntil(lambda: len(panel.board.canvas.rows) == rows, timeout=5000)
    return panel


def test_the_boards_today_is_the_desks(qtbot: QtBot, store: SqlStore) -> None:
    now = datetime(2026, 3, 3, 2, 0, tzinfo=UTC)  # 21:00 on the 2nd in New York, 10:00 on
    assert now.astimezone(SHANGHAI).date() == date(2026, 3, 3)  # the 3rd in Shanghai
    window = desk_window(qtbot, store, ConsoleSettings(timezone="America/New_York"), now)
    panel = board(qtbot, window, rows=0)
    assert panel.board.since == datetime(2026, 3, 2, tzinfo=NEW_YORK)
    window.shutdown()


def test_a_hong_kong_departments_holiday_is_refused_on_the_board(
    qtbot: QtBot, store: SqlStore
) -> None:
    """1 July is Hong Kong's establishment day, a working day on the mainland."""
    settings = ConsoleSettings(timezone="Asia/Hong_Kong", holiday_region="HK")
    now = datetime(2026, 6, 30, 9, 0, tzinfo=HONG_KONG)
    window = desk_window(qtbot, store, settings, now)
    b = window.backend
    dept = b.create_department("港島維修組", "HKI")
    b.set_department_hours(dept.id, WeeklyHours.office(time(9), time(18)), "Asia/Hong_Kong", "HK")
    tech = b.create_technician("Chan", "+85291234567", dept.id)
    b.report_position(tech.id, *SITE, 10.0, now)
    customer = b.create_customer("Wing On", ["+85221234567"])
    site = b.create_site("Wing On Centre", "211 Des Voeux Rd", *SITE, customer_id=customer.id)
    draft = TicketDraft("phone", "printer", "low", "卡紙", customer.id, site_id=site.id)
    draft.department_id = dept.id
    job = b.create_ticket(draft)
    panel = board(qtbot, window, rows=1)
    qtbot.waitUntil(lambda: job.id in panel.board.unscheduled.ticket_ids(), timeout=5000)
    today = datetime(2026, 6, 30, 14, 0, tzinfo=HONG_KONG)
    holiday = datetime(2026, 7, 1, 14, 0, tzinfo=HONG_KONG)
    after = datetime(2026, 7, 2, 14, 0, tzinfo=HONG_KONG)
    assert panel.board.judge(job.id, tech.id, today.timestamp())[0]
    allowed, words = panel.board.judge(job.id, tech.id, holiday.timestamp())
    assert not allowed and "working hours" in words, words
    assert panel.board.judge(job.id, tech.id, after.timestamp())[0]
    window.shutdown()


def test_the_ticket_form_shows_and_judges_the_window_in_the_desks_zone(
    qtbot: QtBot, store: SqlStore
) -> None:
    settings = ConsoleSettings(timezone="America/New_York", holiday_region="US")
    now = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)  # Tuesday, 10:00 in New York
    window = desk_window(qtbot, store, settings, now)
    form = window.new_ticket()
    field = form.appointment
    # 14:00-16:00 UTC on Wednesday is 09:00-11:00 in New York (22:00 in Shanghai)
    field.set_window(
        AppointmentWindow(
            datetime(2026, 11, 25, 14, tzinfo=UTC), datetime(2026, 11, 25, 16, tzinfo=UTC)
        )
    )
    assert (field.day.date(), field.starts.time(), field.ends.time()) == (
        QDate(2026, 11, 25), QTime(9, 0), QTime(11, 0),
    )  # fmt: skip
    assert field.value() == AppointmentWindow(
        datetime(2026, 11, 25, 9, tzinfo=NEW_YORK), datetime(2026, 11, 25, 11, tzinfo=NEW_YORK)
    )
    assert field.problems() == []
    field.day.setDate(QDate(2026, 11, 26))  # Thanksgiving: the desk's holiday
    assert "public holiday" in field.problem.text().lower(), field.problem.text()
    window.shutdown()
