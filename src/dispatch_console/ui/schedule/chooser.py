"""The keyboard's way to place a job: a small chooser of technician and time, the earliest
feasible slots (ScheduleBoard.earliest_slots) listed first; any other technician and time can
be typed, and is judged as a drop would be."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDateTime, QTimeZone
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...domain.schedule.spans import moment
from ..tickets.labels import duration
from ..widgets import named
from .cards import BarState
from .words import ACCEPTED, BAR_COLOURS, when

Judge = Callable[[int, float], tuple[bool, str]]  # technician, start: (allowed, why)


@dataclass(frozen=True, slots=True)
class Option:
    technician_id: int
    name: str
    start: float  # epoch seconds
    late_minutes: float = 0.0


class SlotChooser(QDialog):
    def __init__(
        self,
        title: str,
        options: list[Option],
        technicians: list[tuple[int, str]],
        judge: Judge,
        zone: ZoneInfo,
        since: float,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("schedule_chooser")
        self.setWindowTitle(self.tr("Dispatch %1").replace("%1", title))
        self.setMinimumWidth(420)
        self._judge, self._zone = judge, zone
        self.slots = named(QListWidget(), "chooser_slots")
        self._fill(options)
        self.technician = named(QComboBox(), "chooser_technician")
        for tid, name in technicians:
            self.technician.addItem(name, tid)
        self.start = named(QDateTimeEdit(), "chooser_start")
        self.start.setTimeZone(QTimeZone(zone.key.encode()))
        self.start.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.start.setDateTime(QDateTime.fromSecsSinceEpoch(int(since)))
        self.reason = named(QLabel(), "chooser_reason")
        self.reason.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Technician"), self.technician)
        form.addRow(self.tr("Arrives at"), self.start)
        layout = QVBoxLayout(self)
        self.heading = named(QLabel(), "chooser_heading")
        self._head(options)
        layout.addWidget(self.heading)
        layout.addWidget(self.slots)
        layout.addLayout(form)
        layout.addWidget(self.reason)
        layout.addWidget(self.buttons)
        self.slots.currentItemChanged.connect(self._picked)
        self.slots.itemActivated.connect(self._take)
        self.technician.currentIndexChanged.connect(self._judged)
        self.start.dateTimeChanged.connect(self._judged)
        if options:
            self.slots.setCurrentRow(0)
        self._judged()
        self.slots.setFocus()

    def _fill(self, options: list[Option]) -> None:
        for option in options:
            text = f"{option.name} · {when(moment(option.start), self._zone)}"
            if option.late_minutes > 0:  # '1416 min' meant nothing at a glance: '23h 36m'
                late = duration(timedelta(minutes=round(option.late_minutes)))
                text += " · " + self.tr("%1 after the SLA deadline").replace("%1", late)
            item = QListWidgetItem(text)
            item.setData(256, option)
            self.slots.addItem(item)

    def _head(self, options: list[Option]) -> None:
        self.heading.setText(
            self.tr("Earliest feasible slots")
            if options
            else self.tr("No feasible slot on these days; choose a technician and time")
        )

    def set_options(self, options: list[Option]) -> None:
        """Better slots arrived (the backend's, over every technician and by road): they
        replace the list; the first is chosen unless the dispatcher already picked one."""
        picked = self.slots.currentRow() > 0
        self.slots.clear()
        self._fill(options)
        self._head(options)
        if options and not picked:
            self.slots.setCurrentRow(0)

    def _picked(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        option: Option = item.data(256)
        self.technician.setCurrentIndex(self.technician.findData(option.technician_id))
        self.start.setDateTime(QDateTime.fromSecsSinceEpoch(int(option.start)))

    def _take(self, item: QListWidgetItem) -> None:
        """Enter or a double click on a slot books it (its OK is enabled: it was found free)."""
        self._picked(item)
        if self.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled():
            self.accept()

    def choice(self) -> tuple[int, float] | None:
        tid = self.technician.currentData()
        if tid is None:
            return None
        return int(tid), float(self.start.dateTime().toSecsSinceEpoch())

    def _judged(self) -> None:
        choice = self.choice()
        ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if choice is None:
            ok_button.setEnabled(False)
            return
        allowed, text = self._judge(choice[0], choice[1])
        # allowed with a warning (after the SLA's deadline) is the board's amber, not green
        state = BarState.LATE if not allowed else BarState.AT_RISK if text else None
        colour = ACCEPTED if state is None else BAR_COLOURS[state]
        self.reason.setStyleSheet(f"color: {colour.name()};")
        self.reason.setText(text or self.tr("Free: no conflict"))
        ok_button.setEnabled(allowed)
