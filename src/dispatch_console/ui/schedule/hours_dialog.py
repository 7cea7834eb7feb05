"""Working hours and leave (排班与请假), for supervisors: a department's default week with its
time zone and public holidays, a technician's own week, and their leave, sickness and
training. Every read and save runs on the pool (answers reach this dialog only while it is
open); a save on a stale version, or an absence over planned visits, is said in words."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...domain.desk_zone import DEFAULT_HOLIDAY_REGION
from ...domain.errors import ConflictError, ValidationError
from ...domain.model import Department, Technician
from ...domain.schedule import (
    Absence,
    DepartmentHours,
    TechnicianHours,
    WeeklyHours,
    hours_for,
)
from ...domain.schedule.booking import AbsenceAdded
from ...ports import Backend
from ..errors import error_text
from ..tasks import Latest, TaskRunner
from ..widgets import named
from .absence_editor import AbsenceEditor
from .week_editor import WeekEditor
from .words import when

# suggestions in the editable lists (the desk's own comes first)
ZONES = ("Asia/Shanghai", "Asia/Hong_Kong", "Asia/Macau", "Asia/Taipei", "Asia/Singapore", "UTC")
REGIONS = ("CN", "HK", "MO", "TW", "SG")
LISTED_AHEAD = timedelta(days=366)
OK_STYLE, WARN_STYLE, BAD_STYLE = "color: #2e7d32;", "color: #ef6c00;", "color: #c62828;"


class WorkingHoursDialog(QDialog):
    """Signals:
    saved(): something was saved (the board follows the feed anyway).
    """

    saved = Signal()

    def __init__(
        self,
        backend: Backend,
        runner: TaskRunner,
        timezone: str,
        parent: QWidget | None = None,
        holiday_region: str = DEFAULT_HOLIDAY_REGION,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        """`timezone`, `holiday_region`: the desk's, shown for a department with no hours;
        `now`: the window's clock (absences are listed from yesterday on)."""
        super().__init__(parent)
        self.setObjectName("working_hours")
        self.setWindowTitle(self.tr("Working hours and leave"))
        self._backend, self._runner = backend, runner
        self.zone = ZoneInfo(timezone)
        self._now = now
        self.holiday_region = holiday_region
        self._department_read = Latest(runner, self)
        self._technician_read = Latest(runner, self)
        self._absences_read = Latest(runner, self)
        self.department_hours: DepartmentHours | None = None
        self.technician_hours: TechnicianHours | None = None
        self.technicians: list[Technician] = []

        self.department = named(QComboBox(), "hours_department")
        self.timezone = named(QComboBox(), "hours_timezone")
        self.timezone.setEditable(True)
        self.timezone.addItems(list(dict.fromkeys((self.zone.key, *ZONES))))
        self.region = named(QComboBox(), "hours_region")
        self.region.setEditable(True)
        self.region.addItems(list(dict.fromkeys((holiday_region, *REGIONS))))
        self.department_week = WeekEditor("department_week")
        self.save_department = named(QPushButton(self.tr("Save the department's week")),
                                     "save_department_hours")  # fmt: skip

        self.technician = named(QComboBox(), "hours_technician")
        self.own_week = named(
            QCheckBox(self.tr("Their own week, instead of the department's")), "own_week"
        )
        self.technician_week = WeekEditor("technician_week")
        self.save_technician = named(QPushButton(self.tr("Save their week")),
                                     "save_technician_hours")  # fmt: skip

        self.absent = named(QComboBox(), "absence_technician")
        self.absence = AbsenceEditor(self.zone, now())
        self.add_absence = named(QPushButton(self.tr("Enter this absence")), "add_absence")
        self.remove_absence = named(QPushButton(self.tr("Remove the selected one")),
                                    "remove_absence")  # fmt: skip

        self.status = named(QLabel(), "hours_status")
        self.status.setWordWrap(True)
        self.tabs = named(QTabWidget(), "hours_tabs")
        self._lay_out()
        self._wire()
        self.resize(720, 560)

    def _lay_out(self) -> None:
        dept = QWidget()
        form = QFormLayout(dept)
        form.addRow(self.tr("Department"), self.department)
        form.addRow(self.tr("Time zone"), self.timezone)
        form.addRow(self.tr("Public holidays of"), self.region)
        form.addRow(self.department_week)
        form.addRow("", self.save_department)
        tech = QWidget()
        form = QFormLayout(tech)
        form.addRow(self.tr("Technician"), self.technician)
        form.addRow("", self.own_week)
        form.addRow(self.technician_week)
        form.addRow("", self.save_technician)
        leave = QWidget()
        layout = QVBoxLayout(leave)
        form = QFormLayout()
        form.addRow(self.tr("Technician"), self.absent)
        layout.addLayout(form)
        layout.addWidget(self.absence)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_absence)
        buttons.addWidget(self.remove_absence)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.tabs.addTab(dept, self.tr("Department's week"))
        self.tabs.addTab(tech, self.tr("Technician's week"))
        self.tabs.addTab(leave, self.tr("Leave and absences"))
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        main = QVBoxLayout(self)
        main.addWidget(self.tabs)
        main.addWidget(self.status)
        main.addWidget(close)
        # typed a leave, Tab reaches its button before the list of those already entered
        QWidget.setTabOrder(self.absence.note, self.add_absence)
        QWidget.setTabOrder(self.add_absence, self.absence.listed)
        QWidget.setTabOrder(self.absence.listed, self.remove_absence)

    def _wire(self) -> None:
        self.department.currentIndexChanged.connect(self._read_department)
        self.save_department.clicked.connect(self._save_department)
        self.technician.currentIndexChanged.connect(self._read_technician)
        self.own_week.toggled.connect(self.technician_week.setEnabled)
        self.save_technician.clicked.connect(self._save_technician)
        self.absent.currentIndexChanged.connect(self._read_absences)
        self.add_absence.clicked.connect(self._add_absence)
        self.remove_absence.clicked.connect(self._remove_absence)
        self.technician_week.setEnabled(False)
        # the line under the tabs speaks of the tab it was said on: another tab, another line
        self.tabs.currentChanged.connect(lambda _i: self._say("", OK_STYLE))

    def load(self) -> None:
        """Departments and technicians, then the first of each."""
        backend = self._backend
        self._runner.run(
            lambda: (backend.list_departments(), backend.list_technicians()),
            self._people,
            self._failed,
            receiver=self,
        )

    def _people(self, got: tuple[list[Department], list[Technician]]) -> None:
        departments, self.technicians = got
        for d in departments:
            self.department.addItem(d.name, d.id)
        for t in sorted(self.technicians, key=lambda t: t.name):
            self.technician.addItem(t.name, t.id)
            self.absent.addItem(t.name, t.id)

    # --- a department's week -----------------------------------------------------------------
    def _read_department(self) -> None:
        did = self.department.currentData()
        if did is None:
            return
        self._department_read.run(
            lambda: self._backend.department_hours(did), self._show_department, self._failed
        )

    def _show_department(self, hours: DepartmentHours | None) -> None:
        self.department_hours = hours
        self.department_week.set_week(hours.week if hours else WeeklyHours.office())
        self.timezone.setCurrentText(hours.timezone if hours else self.zone.key)
        self.region.setCurrentText(hours.holiday_region if hours else self.holiday_region)
        self._say(
            "" if hours else self.tr("No week set for this department yet: office hours shown."),
            OK_STYLE,
        )

    def _save_department(self) -> None:
        did = self.department.currentData()
        if did is None:
            return
        try:
            week = self.department_week.week()
        except ValidationError as exc:  # a break typed wrong: said, nothing sent
            self._save_failed(exc)
            return
        zone, region = self.timezone.currentText().strip(), self.region.currentText().strip()
        version = self.department_hours.version if self.department_hours else None
        self._runner.run(
            lambda: self._backend.set_department_hours(did, week, zone, region, version),
            self._department_saved,
            self._save_failed,
            receiver=self,
        )

    def _department_saved(self, hours: DepartmentHours) -> None:
        self.department_hours = hours
        self._say(self.tr("Saved: %1's week.").replace("%1", self.department.currentText()),
                  OK_STYLE)  # fmt: skip
        self.saved.emit()

    # --- a technician's week -----------------------------------------------------------------
    def _read_technician(self) -> None:
        tid = self.technician.currentData()
        if tid is None:
            return
        tech = next((t for t in self.technicians if t.id == tid), None)
        backend = self._backend

        def read() -> tuple[TechnicianHours | None, DepartmentHours | None, Technician | None]:
            dept = tech.department_id if tech is not None else None
            return (
                backend.technician_hours(tid),
                backend.department_hours(dept) if dept is not None else None,
                tech,
            )

        self._technician_read.run(read, self._show_technician, self._failed)

    def _show_technician(
        self, got: tuple[TechnicianHours | None, DepartmentHours | None, Technician | None]
    ) -> None:
        """Their own week, else (greyed) the week they work without one, as the board reads it:
        their department's, else their start and end every day; never the last one shown."""
        hours, department, tech = got
        self.technician_hours = hours
        if hours is not None:
            self.technician_week.set_week(hours.week)
        elif tech is not None:
            self.technician_week.set_week(
                hours_for(None, department.week if department else None,
                          tech.work_starts, tech.work_ends)
            )  # fmt: skip
        self.own_week.setChecked(hours is not None)
        self.technician_week.setEnabled(hours is not None)

    def _save_technician(self) -> None:
        tid = self.technician.currentData()
        if tid is None:
            return
        try:
            week = self.technician_week.week() if self.own_week.isChecked() else None
        except ValidationError as exc:  # a break typed wrong: said, nothing sent
            self._save_failed(exc)
            return
        version = self.technician_hours.version if self.technician_hours else None
        self._runner.run(
            lambda: self._backend.set_technician_hours(tid, week, version),
            self._technician_saved,
            self._save_failed,
            receiver=self,
        )

    def _technician_saved(self, hours: TechnicianHours | None) -> None:
        self.technician_hours = hours
        name = self.technician.currentText()
        self._say(
            (self.tr("Saved: %1's own week.") if hours else
             self.tr("Saved: %1 works the department's week.")).replace("%1", name),
            OK_STYLE,
        )  # fmt: skip
        self.saved.emit()

    # --- leave -------------------------------------------------------------------------------
    def _read_absences(self) -> None:
        tid = self.absent.currentData()
        if tid is None:
            return
        since = self._now() - timedelta(days=1)
        self._absences_read.run(
            lambda: self._backend.list_absences(since, since + LISTED_AHEAD, technician_id=tid),
            self.absence.set_absences,
            self._failed,
        )

    def _add_absence(self) -> None:
        tid = self.absent.currentData()
        if tid is None:
            return
        kind, starts, ends, note = self.absence.values()
        self._runner.run(
            lambda: self._backend.add_absence(tid, kind, starts, ends, note),
            self._absence_added,
            self._save_failed,
            receiver=self,
        )

    def _absence_added(self, added: AbsenceAdded) -> None:
        name = self.absent.currentText()
        if added.overlapping:
            visits = "; ".join(
                f"{r.ticket.number} {r.customer_name or ''} "
                + when(r.ticket.planned_start_at, self.zone)
                for r in added.overlapping
            )
            self._say(
                self.tr("Entered for %1, but it overlaps %n planned visit(s): %2. Move them on "
                        "the dispatch board.", "", len(added.overlapping))
                .replace("%1", name).replace("%2", visits),
                WARN_STYLE,
            )  # fmt: skip
        else:
            self._say(self.tr("Entered for %1; no planned visit is affected.").replace("%1", name),
                      OK_STYLE)  # fmt: skip
        self._read_absences()
        self.saved.emit()

    def _remove_absence(self) -> None:
        chosen: Absence | None = self.absence.selected()
        if chosen is None:
            self._say(self.tr("Choose an absence in the list first."), WARN_STYLE)
            return
        self._runner.run(
            lambda: self._backend.remove_absence(chosen.id, chosen.version),
            lambda _none: self._absence_removed(),
            self._save_failed,
            receiver=self,
        )

    def _absence_removed(self) -> None:
        self._say(self.tr("Removed."), OK_STYLE)
        self._read_absences()
        self.saved.emit()

    # --- words -------------------------------------------------------------------------------
    def _save_failed(self, exc: Exception) -> None:
        if isinstance(exc, ConflictError):
            who = ", ".join(exc.changed_by) or self.tr("someone")
            self._say(
                self.tr("Not saved: %1 changed this meanwhile. It is shown as it is now; "
                        "make your change again.").replace("%1", who),
                BAD_STYLE,
            )  # fmt: skip
            self._read_department()
            self._read_technician()
            self._read_absences()
            return
        self._say(self.tr("Not saved: %1").replace("%1", error_text(exc)), BAD_STYLE)

    def _failed(self, exc: Exception) -> None:
        self._say(error_text(exc), BAD_STYLE)

    def _say(self, text: str, style: str) -> None:
        self.status.setStyleSheet(style)
        self.status.setText(text)
