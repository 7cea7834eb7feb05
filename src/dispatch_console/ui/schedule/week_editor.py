"""A working week to edit: per day, worked or not, the shift's start and end and its breaks
("12:00-13:00, 15:00-15:15"); whether public holidays are days off. Gives and takes the
domain's `WeeklyHours`; a shift the domain refuses is said against the day it is on."""

from __future__ import annotations

import re
from datetime import time

from PySide6.QtCore import QCoreApplication, QTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import ValidationError
from ...domain.schedule import DayHours, TimeSpan, WeeklyHours
from ..widgets import named

BREAK = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*[-–~]\s*(\d{1,2}):(\d{2})\s*$")


def day_names() -> list[str]:
    # spelt out in full each time: pyside6-lupdate finds only literal translate calls
    return [
        QCoreApplication.translate("WeekEditor", "Monday"),
        QCoreApplication.translate("WeekEditor", "Tuesday"),
        QCoreApplication.translate("WeekEditor", "Wednesday"),
        QCoreApplication.translate("WeekEditor", "Thursday"),
        QCoreApplication.translate("WeekEditor", "Friday"),
        QCoreApplication.translate("WeekEditor", "Saturday"),
        QCoreApplication.translate("WeekEditor", "Sunday"),
    ]


def _qtime(t: time) -> QTime:
    return QTime(t.hour, t.minute)


def _time(t: QTime) -> time:
    return time(t.hour(), t.minute())


def parse_breaks(text: str, field: str) -> tuple[TimeSpan, ...]:
    out = []
    for part in filter(None, (p.strip() for p in re.split(r"[,，;；]", text))):
        m = BREAK.match(part)
        if m is None:
            raise ValidationError(field, f"{part!r} is not a break such as 12:00-13:00")
        h1, m1, h2, m2 = (int(g) for g in m.groups())
        if h1 > 23 or h2 > 23 or m1 > 59 or m2 > 59:
            raise ValidationError(field, f"{part!r} is not a time of day")
        out.append(TimeSpan(time(h1, m1), time(h2, m2)))
    return tuple(out)


def breaks_text(breaks: tuple[TimeSpan, ...]) -> str:
    return ", ".join(f"{b.starts:%H:%M}-{b.ends:%H:%M}" for b in breaks)


class WeekEditor(QWidget):
    """Signals:
    changed(): any day edited.
    """

    changed = Signal()

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        grid = QGridLayout()
        grid.addWidget(QLabel(self.tr("Day")), 0, 0)
        grid.addWidget(QLabel(self.tr("Starts")), 0, 2)
        grid.addWidget(QLabel(self.tr("Ends")), 0, 3)
        grid.addWidget(QLabel(self.tr("Breaks (e.g. 12:00-13:00)")), 0, 4)
        self.worked: list[QCheckBox] = []
        self.starts: list[QTimeEdit] = []
        self.ends: list[QTimeEdit] = []
        self.breaks: list[QLineEdit] = []
        for i, label in enumerate(day_names()):
            worked = named(QCheckBox(self.tr("works")), f"{name}_worked_{i}")
            start = named(QTimeEdit(), f"{name}_starts_{i}")
            end = named(QTimeEdit(), f"{name}_ends_{i}")
            pauses = named(QLineEdit(), f"{name}_breaks_{i}")
            for edit in (start, end):
                edit.setDisplayFormat("HH:mm")
                edit.timeChanged.connect(self.changed)
            pauses.textEdited.connect(self.changed)
            worked.toggled.connect(lambda on, k=i: self._worked(k, on))
            grid.addWidget(QLabel(label), i + 1, 0)
            grid.addWidget(worked, i + 1, 1)
            grid.addWidget(start, i + 1, 2)
            grid.addWidget(end, i + 1, 3)
            grid.addWidget(pauses, i + 1, 4)
            self.worked.append(worked)
            self.starts.append(start)
            self.ends.append(end)
            self.breaks.append(pauses)
        grid.setColumnStretch(4, 1)
        self.holidays = named(
            QCheckBox(self.tr("Public holidays are days off")), f"{name}_holidays"
        )
        self.holidays.toggled.connect(self.changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(grid)
        layout.addWidget(self.holidays)
        self.set_week(WeeklyHours.office())

    def _worked(self, day: int, on: bool) -> None:
        for w in (self.starts[day], self.ends[day], self.breaks[day]):
            w.setEnabled(on)
        self.changed.emit()

    def set_week(self, week: WeeklyHours) -> None:
        for i, hours in enumerate(week.days):
            shown = hours or DayHours(time(8, 30), time(17, 30))
            self.starts[i].setTime(_qtime(shown.starts))
            self.ends[i].setTime(_qtime(shown.ends))
            self.breaks[i].setText(breaks_text(shown.breaks) if hours else "")
            self.worked[i].setChecked(hours is not None)
            self._worked(i, hours is not None)
        self.holidays.setChecked(week.observes_holidays)

    def week(self) -> WeeklyHours:
        """The week typed; ValidationError names the day's widget (`<name>_breaks_<i>`)."""
        days: list[DayHours | None] = []
        for i in range(7):
            if not self.worked[i].isChecked():
                days.append(None)
                continue
            field = f"{self.objectName()}_breaks_{i}"
            breaks = parse_breaks(self.breaks[i].text(), field)
            try:
                days.append(
                    DayHours(_time(self.starts[i].time()), _time(self.ends[i].time()), breaks)
                )
            except ValidationError as exc:
                raise ValidationError(field, f"{day_names()[i]}: {exc.reason}") from None
        return WeeklyHours(tuple(days), self.holidays.isChecked())
