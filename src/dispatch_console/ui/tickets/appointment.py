"""The appointment window agreed with the customer (预约上门): a date, from, to; the SLA's
arrival deadline beside it, and what is wrong with the window in words as it is typed (over
already, a public holiday, after the SLA's deadline). The same checks the booking use case runs
(`window_problems`), so what the form says is what saving will say.

Signals:
    changed(): the window was switched on or off or moved.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import ValidationError
from ...domain.schedule import AppointmentWindow, HolidayCalendar
from ...domain.schedule.problems import Conflict
from ...domain.schedule.windows import window_problems
from ..schedule.words import conflicts_text, when
from ..widgets import named

WARNING_STYLE = "color: #ef6c00;"
REFUSED_STYLE = "color: #c62828;"
DEFAULT_FROM, DEFAULT_TO = time(9), time(12)


def _utc_now() -> datetime:
    from datetime import UTC

    return datetime.now(UTC)


class AppointmentField(QWidget):
    changed = Signal()

    def __init__(
        self,
        zone: ZoneInfo,
        calendar: HolidayCalendar | None = None,
        *,
        now: Callable[[], datetime] = _utc_now,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("appointment")
        self.zone, self.now = zone, now
        self.calendar = calendar or HolidayCalendar()
        self.arrival_due_at: datetime | None = None
        self._due_note = ""
        self.booked = named(QCheckBox(self.tr("Booked visit")), "appointment_booked")
        self.booked.setToolTip(self.tr("The time the customer agreed the technician may arrive"))
        self.day = named(QDateEdit(), "appointment_date")
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd ddd")
        self.starts = named(QTimeEdit(), "appointment_from")
        self.ends = named(QTimeEdit(), "appointment_to")
        for edit in (self.starts, self.ends):
            edit.setDisplayFormat("HH:mm")
        self.sla = named(QLabel(), "appointment_sla")
        self.problem = named(QLabel(), "appointment_problem")
        self.problem.setWordWrap(True)
        self._reset(self.now())

        line = QHBoxLayout()
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.booked)
        line.addWidget(self.day)
        line.addWidget(QLabel(self.tr("from")))
        line.addWidget(self.starts)
        line.addWidget(QLabel(self.tr("to")))
        line.addWidget(self.ends)
        line.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(line)
        layout.addWidget(self.sla)
        layout.addWidget(self.problem)

        self.booked.toggled.connect(self._toggled)
        self.day.dateChanged.connect(self._moved)
        self.starts.timeChanged.connect(self._moved)
        self.ends.timeChanged.connect(self._moved)
        self._toggled(False)

    def _reset(self, now: datetime) -> None:
        """Tomorrow morning: what a customer calling today most often books."""
        tomorrow = (now.astimezone(self.zone) + timedelta(days=1)).date()
        self.day.setDate(QDate(tomorrow.year, tomorrow.month, tomorrow.day))
        self.starts.setTime(QTime(DEFAULT_FROM.hour, DEFAULT_FROM.minute))
        self.ends.setTime(QTime(DEFAULT_TO.hour, DEFAULT_TO.minute))

    # --- values ------------------------------------------------------------------------------
    def set_window(self, window: AppointmentWindow | None) -> None:
        """Show a booked window (or none), as a ticket being edited has it."""
        blocked = [w.blockSignals(True) for w in (self.booked, self.day, self.starts, self.ends)]
        try:
            if window is not None:
                start = window.starts_at.astimezone(self.zone)
                end = window.ends_at.astimezone(self.zone)
                self.day.setDate(QDate(start.year, start.month, start.day))
                self.starts.setTime(QTime(start.hour, start.minute))
                self.ends.setTime(QTime(end.hour, end.minute))
            self.booked.setChecked(window is not None)
        finally:
            for w, _ in zip((self.booked, self.day, self.starts, self.ends), blocked, strict=True):
                w.blockSignals(False)
        self._enable(window is not None)
        self.judge()

    def set_arrival_due(self, due: datetime | None, note: str = "") -> None:
        """The SLA's arrival deadline to show beside the window; `note` qualifies it (an
        estimate for a ticket not yet saved)."""
        self.arrival_due_at, self._due_note = due, note
        self.judge()

    def value(self) -> AppointmentWindow | None:
        """The window typed, or None when no visit is booked. Raises ValidationError (naming
        this field) for a window that ends before it starts."""
        if not self.booked.isChecked():
            return None
        d = self.day.date()
        day = date(d.year(), d.month(), d.day())
        s, e = self.starts.time(), self.ends.time()
        start = datetime.combine(day, time(s.hour(), s.minute()), self.zone)
        end = datetime.combine(day, time(e.hour(), e.minute()), self.zone)
        try:
            return AppointmentWindow(start, end)
        except ValidationError as exc:
            raise ValidationError("appointment", exc.reason) from None

    def problems(self) -> list[Conflict]:
        """What the booking use case would refuse or warn of (empty: fine, or none booked)."""
        try:
            window = self.value()
        except ValidationError:
            return []
        if window is None:
            return []
        return window_problems(window, self.now(), self.calendar, self.zone, self.arrival_due_at)

    # --- showing -----------------------------------------------------------------------------
    def judge(self) -> None:
        due = when(self.arrival_due_at, self.zone)
        if due:
            text = self.tr("SLA arrival by %1").replace("%1", due)
            self.sla.setText(text + (f" ({self._due_note})" if self._due_note else ""))
        else:
            self.sla.setText(self._due_note)
        self.sla.setVisible(bool(self.sla.text()))
        try:
            self.value()
        except ValidationError:
            self._say(self.tr("The window must end after it starts."), REFUSED_STYLE)
            return
        found = self.problems()
        blocking = [c for c in found if c.blocking]
        if blocking:
            text = conflicts_text(blocking, self.zone, {})
            self._say(self.tr("Cannot be booked: %1").replace("%1", text), REFUSED_STYLE)
        elif found:  # only the SLA's warning: the window may be booked, the contract missed
            due = when(self.arrival_due_at, self.zone)
            self._say(
                self.tr(
                    "Misses the SLA: the window starts after the arrival deadline (%1). "
                    "It can still be booked if the customer wants that time."
                ).replace("%1", due),
                WARNING_STYLE,
            )
        else:
            self._say("", "")

    def _say(self, text: str, style: str) -> None:
        self.problem.setStyleSheet(style)
        self.problem.setText(text)
        self.problem.setVisible(bool(text))

    def _enable(self, on: bool) -> None:
        for w in (self.day, self.starts, self.ends):
            w.setEnabled(on)

    def _toggled(self, on: bool) -> None:
        self._enable(on)
        self.judge()
        self.changed.emit()

    def _moved(self, *_: object) -> None:
        self.judge()
        self.changed.emit()
