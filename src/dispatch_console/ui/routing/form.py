"""One routing rule's editors: when it applies (channels, categories, asset models, customers,
companies and contracts, departments, priorities, hours, an area) and what it does (department,
priority, SLA class, skills, watchers, auto-dispatch). `rule()` reads them back; the server
checks the result when it is saved."""

from __future__ import annotations

from datetime import time

from PySide6.QtCore import QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from ...domain.enums import Channel, Priority, SlaClass
from ...domain.errors import ValidationError
from ...domain.model import Department
from ...domain.rules.model import Actions, Area, Conditions, Hours, RoutingRule
from ...domain.rules.validation import MAX_AUTO_WITHIN, MIN_AUTO_WITHIN
from ...ports import Backend
from ..tasks import TaskRunner
from ..tickets.labels import channel_label, priority_label
from ..widgets import named
from .contracts import ContractPicker
from .customers import CustomerPicker


def _words(text: str) -> frozenset[str]:
    return frozenset(w.strip() for w in text.replace("，", ",").split(",") if w.strip())


class RuleForm(QWidget):
    def __init__(self, backend: Backend, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._base = RoutingRule(0, "", 10)
        self.name = named(QLineEdit(), "rule_name")
        self.position = named(QSpinBox(), "rule_position")
        self.position.setRange(0, 100_000)
        self.enabled = named(QCheckBox(self.tr("In use")), "rule_enabled")
        self.stop = named(QCheckBox(self.tr("Stop here: later rules are not looked at")),
                          "rule_stop")  # fmt: skip
        self.channels = {c: QCheckBox(channel_label(c)) for c in Channel}
        self.categories = named(QLineEdit(), "rule_categories")
        self.categories.setPlaceholderText(self.tr("any; or e.g. lift, escalator"))
        self.models = named(QLineEdit(), "rule_models")
        self.models.setPlaceholderText(self.tr("any; or e.g. OTIS GeN2"))
        self.customers = CustomerPicker(backend, runner)
        self.contracts = ContractPicker(backend, runner)
        self.corners = named(QLineEdit(), "rule_corners")
        self.corners.setPlaceholderText(
            self.tr("or a district's corners: 31.26,121.50; 31.26,121.70; 31.10,121.70; …")
        )
        self.from_departments: dict[int, QCheckBox] = {}
        self._departments_row = QHBoxLayout()  # filled by set_departments
        self.priorities = {p: QCheckBox(priority_label(p)) for p in Priority}
        self.use_hours = named(QCheckBox(self.tr("Only at these times")), "rule_use_hours")
        days = (self.tr("Mon"), self.tr("Tue"), self.tr("Wed"), self.tr("Thu"), self.tr("Fri"),
                self.tr("Sat"), self.tr("Sun"))  # fmt: skip
        self.days = [QCheckBox(day) for day in days]
        self.start = named(QTimeEdit(), "rule_start")
        self.end = named(QTimeEdit(), "rule_end")
        self.use_area = named(QCheckBox(self.tr("Only within")), "rule_use_area")
        self.radius = named(QDoubleSpinBox(), "rule_radius")
        self.radius.setRange(0.1, 200)
        self.radius.setSuffix(" km")
        self.lat = named(QDoubleSpinBox(), "rule_lat")
        self.lon = named(QDoubleSpinBox(), "rule_lon")
        for box, limit in ((self.lat, 90), (self.lon, 180)):
            box.setRange(-limit, limit)
            box.setDecimals(5)
        self.lat.setPrefix(self.tr("of lat. "))
        self.lon.setPrefix(self.tr("lon. "))
        self.department = named(QComboBox(), "rule_department")
        self.department.addItem(self.tr("(unchanged)"), None)
        self.priority = named(QComboBox(), "rule_priority")
        self.priority.addItem(self.tr("(unchanged)"), None)
        for p in Priority:
            self.priority.addItem(priority_label(p), p.value)
        self.sla_class = named(QComboBox(), "rule_sla")
        self.sla_class.addItem(self.tr("(unchanged)"), None)
        sla_words = {SlaClass.BASIC: self.tr("Basic"), SlaClass.STANDARD: self.tr("Standard"),
                     SlaClass.PREMIUM: self.tr("Premium")}  # fmt: skip
        for sla_class, words in sla_words.items():
            self.sla_class.addItem(words, sla_class.value)
        self.skills = named(QLineEdit(), "rule_skills")
        self.skills.setPlaceholderText(self.tr("e.g. lift"))
        self.watchers = named(QLineEdit(), "rule_watchers")
        self.watchers.setPlaceholderText(self.tr("user names, e.g. supervisor1"))
        self.auto = named(QCheckBox(self.tr("Dispatch automatically when the best technician "
                                            "scores at most")), "rule_auto")  # fmt: skip
        self.within = named(QSpinBox(), "rule_auto_within")
        self.within.setRange(MIN_AUTO_WITHIN, MAX_AUTO_WITHIN)
        self.within.setSingleStep(5)
        self.within.setSuffix(self.tr(" min"))
        self.within.setToolTip(self.tr("The score is the minutes to arrive, plus time for the "
                                       "jobs already in hand and any lateness"))  # fmt: skip
        self.auto.toggled.connect(self.within.setEnabled)
        self._lay_out()
        self.show_rule(self._base)

    def _lay_out(self) -> None:
        head = QFormLayout()
        head.addRow(self.tr("Name"), self.name)
        head.addRow(self.tr("Order"), self.position)
        head.addRow("", _row([self.enabled, self.stop]))
        when = QFormLayout()
        when.addRow(self.tr("Channels"), _row(self.channels.values()))
        when.addRow(self.tr("Categories"), self.categories)
        when.addRow(self.tr("Asset models"), self.models)
        when.addRow(self.tr("Customers"), self.customers)
        when.addRow(self.tr("Companies / contracts"), self.contracts)
        when.addRow(self.tr("In department"), self._departments_row)
        when.addRow(self.tr("Priorities"), _row(self.priorities.values()))
        when.addRow(self.tr("Hours"), _row([self.use_hours, self.start, self.end]))
        when.addRow("", _row(self.days))
        area = _row([self.use_area, self.radius, self.lat, self.lon])
        when.addRow(self.tr("Area"), area)
        when.addRow("", self.corners)
        conditions = QGroupBox(self.tr("When a new ticket…"))
        conditions.setLayout(when)
        do = QFormLayout()
        do.addRow(self.tr("Department"), self.department)
        do.addRow(self.tr("Priority"), self.priority)
        do.addRow(self.tr("SLA class"), self.sla_class)
        do.addRow(self.tr("Required skills"), self.skills)
        do.addRow(self.tr("Tell"), self.watchers)
        do.addRow("", _row([self.auto, self.within]))
        actions = QGroupBox(self.tr("…then"))
        actions.setLayout(do)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(head)
        column.addWidget(conditions)
        column.addWidget(actions)
        column.addStretch(1)

    def set_departments(self, departments: list[Department]) -> None:
        while self._departments_row.count():
            taken = self._departments_row.takeAt(0)
            widget = taken.widget() if taken is not None else None
            if widget is not None:
                widget.deleteLater()
        self.from_departments = {d.id: QCheckBox(d.name) for d in departments}
        for box in self.from_departments.values():
            self._departments_row.addWidget(box)
        self._departments_row.addStretch(1)
        while self.department.count() > 1:
            self.department.removeItem(1)
        for d in departments:
            self.department.addItem(d.name, d.id)
        self.show_rule(self._base)

    def show_rule(self, rule: RoutingRule) -> None:
        self._base = rule
        c, a = rule.conditions, rule.actions
        self.name.setText(rule.name)
        self.position.setValue(rule.position)
        self.enabled.setChecked(rule.enabled)
        self.stop.setChecked(rule.stop)
        for channel, box in self.channels.items():
            box.setChecked(channel in c.channels)
        self.categories.setText(", ".join(sorted(c.categories)))
        self.models.setText(", ".join(sorted(c.asset_models)))
        self.customers.show_ids(c.customer_ids)
        self.contracts.show_ids(c.company_ids, c.contract_ids)
        polygon = c.area.polygon if c.area is not None else ()
        self.corners.setText("; ".join(f"{lat:.5f},{lon:.5f}" for lat, lon in polygon))
        for dept_id, box in self.from_departments.items():
            box.setChecked(dept_id in c.department_ids)
        for priority, box in self.priorities.items():
            box.setChecked(priority in c.priorities)
        hours = c.hours or Hours(frozenset(range(5)), time(8), time(18))
        self.use_hours.setChecked(c.hours is not None)
        for i, box in enumerate(self.days):
            box.setChecked(i in hours.days)
        self.start.setTime(QTime(hours.start.hour, hours.start.minute))
        self.end.setTime(QTime(hours.end.hour, hours.end.minute))
        area = c.area or Area(center=(31.2304, 121.4737), radius_m=5000)
        self.use_area.setChecked(c.area is not None)
        center = area.center or (31.2304, 121.4737)
        self.lat.setValue(center[0])
        self.lon.setValue(center[1])
        self.radius.setValue(max(0.1, area.radius_m / 1000))
        self.department.setCurrentIndex(max(0, self.department.findData(a.department_id)))
        self.priority.setCurrentIndex(
            max(0, self.priority.findData(a.priority.value if a.priority else None))
        )
        self.sla_class.setCurrentIndex(
            max(0, self.sla_class.findData(a.sla_class.value if a.sla_class else None))
        )
        self.skills.setText(", ".join(a.required_skills))
        self.watchers.setText(", ".join(a.watchers))
        self.auto.setChecked(a.auto_dispatch)
        self.within.setValue(a.auto_dispatch_within)
        self.within.setEnabled(a.auto_dispatch)

    def _corners(self) -> tuple[tuple[float, float], ...]:
        parts = [p.strip() for p in self.corners.text().replace("；", ";").split(";") if p.strip()]
        try:
            return tuple(_corner(p) for p in parts)
        except ValueError:
            raise ValidationError(
                "area", self.tr("Write each corner as latitude,longitude, separated by ';'.")
            ) from None

    def rule(self) -> RoutingRule:
        """The rule as edited (its id and version as it was read)."""
        area: Area | None
        if self.corners.text().strip():
            area = Area(polygon=self._corners())
        elif self.use_area.isChecked():
            area = Area(center=(self.lat.value(), self.lon.value()),
                        radius_m=self.radius.value() * 1000)  # fmt: skip
        else:
            area = None
        start, end = self.start.time(), self.end.time()
        hours = (
            Hours(frozenset(i for i, b in enumerate(self.days) if b.isChecked()),
                  time(start.hour(), start.minute()), time(end.hour(), end.minute()))
            if self.use_hours.isChecked() else None
        )  # fmt: skip
        conditions = Conditions(
            channels=frozenset(c for c, b in self.channels.items() if b.isChecked()),
            categories=_words(self.categories.text()),
            asset_models=_words(self.models.text()),
            customer_ids=self.customers.ids(), company_ids=self.contracts.company_ids(),
            contract_ids=self.contracts.contract_ids(),
            department_ids=frozenset(d for d, b in self.from_departments.items() if b.isChecked()),
            priorities=frozenset(p for p, b in self.priorities.items() if b.isChecked()),
            area=area, hours=hours,
        )  # fmt: skip
        priority, sla = self.priority.currentData(), self.sla_class.currentData()
        actions = Actions(
            department_id=self.department.currentData(),
            priority=Priority(priority) if priority else None,
            sla_class=SlaClass(sla) if sla else None,
            required_skills=tuple(sorted(_words(self.skills.text()))),
            watchers=tuple(sorted(_words(self.watchers.text()))),
            auto_dispatch=self.auto.isChecked(),
            auto_dispatch_within=self.within.value(),
        )
        if not self.name.text().strip():
            raise ValidationError("name", self.tr("Give the rule a name."))
        return RoutingRule(
            self._base.id, self.name.text().strip(), self.position.value(), conditions,
            actions, self.stop.isChecked(), self.enabled.isChecked(), self._base.version,
        )  # fmt: skip


def _corner(text: str) -> tuple[float, float]:
    lat, lon = text.replace("，", ",").split(",")
    return float(lat), float(lon)


def _row(widgets: object) -> QHBoxLayout:
    row = QHBoxLayout()
    for w in widgets:  # type: ignore[attr-defined]
        row.addWidget(w)
    row.addStretch(1)
    return row
