"""The callback rules, edited by supervisors: which resolved tickets are called back, when, and
how long the callback may take. One row per rule; the most specific matching rule wins (a
category and a channel beat a category, which beats a channel, which beats "any")."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from ...domain.callbacks import CallbackRule
from ...domain.desk_zone import DEFAULT_TIMEZONE
from ...domain.enums import Channel
from ...ports import Backend
from ..errors import error_text
from ..tasks import TaskRunner
from ..tickets.labels import channel_label
from ..widgets import named


class _RuleRow:
    """The editors of one rule's row."""

    def __init__(self, rule: CallbackRule) -> None:
        self.rule = rule
        self.category = QLineEdit(rule.category or "")
        self.category.setPlaceholderText(QCoreApplication.translate("RulesEditor", "any category"))
        self.channel = QComboBox()
        self.channel.addItem(QCoreApplication.translate("RulesEditor", "any channel"), None)
        for channel in Channel:
            self.channel.addItem(channel_label(channel), channel.value)
        self.channel.setCurrentIndex(
            max(0, self.channel.findData(rule.channel.value if rule.channel else None))
        )
        self.when = QComboBox()
        self.when.addItem(
            QCoreApplication.translate("RulesEditor", "next business day at"), "next_business_day"
        )
        self.when.addItem(QCoreApplication.translate("RulesEditor", "hours after"), "hours")
        self.when.setCurrentIndex(max(0, self.when.findData(rule.delay_kind)))
        self.amount = QSpinBox()
        self.amount.setRange(0, 336)
        self.within = QSpinBox()
        self.within.setRange(1, 168)
        self.within.setSuffix(QCoreApplication.translate("RulesEditor", " h"))
        self.within.setValue(rule.sla_hours)
        self.enabled = QCheckBox()
        self.enabled.setChecked(rule.enabled)
        self.when.currentIndexChanged.connect(lambda _i: self._amount_for_kind())
        self._amount_for_kind()

    def _amount_for_kind(self) -> None:
        hourly = self.when.currentData() == "hours"
        self.amount.setRange(0, 336 if hourly else 23)
        self.amount.setSuffix(" h" if hourly else ":00")
        self.amount.setValue(self.rule.delay_hours if hourly else self.rule.at_hour)

    def edited(self) -> CallbackRule:
        hourly = self.when.currentData() == "hours"
        channel = self.channel.currentData()
        return CallbackRule(
            self.rule.id,
            category=self.category.text().strip() or None,
            channel=Channel(channel) if channel else None,
            delay_kind=self.when.currentData(),
            delay_hours=self.amount.value() if hourly else self.rule.delay_hours,
            at_hour=self.rule.at_hour if hourly else self.amount.value(),
            timezone=self.rule.timezone,
            sla_hours=self.within.value(),
            enabled=self.enabled.isChecked(),
            version=self.rule.version,
        )


class RulesEditor(QWidget):
    """Signals:
    saved(int): this many rules were saved.
    """

    saved = Signal(int)

    def __init__(
        self,
        backend: Backend,
        runner: TaskRunner,
        timezone: str = DEFAULT_TIMEZONE,  # the desk's: "next business day" is counted there
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._timezone = timezone
        self._backend = backend
        self._runner = runner
        self.rows: list[_RuleRow] = []
        self.table = named(QTableWidget(0, 6), "rules_table")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Category"),
                self.tr("Channel"),
                self.tr("Call back"),
                self.tr("Time"),
                self.tr("Done within"),
                self.tr("On"),
            ]
        )
        self.table.verticalHeader().hide()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.add_button = named(QPushButton(self.tr("&Add a rule")), "rules_add")
        self.save_button = named(QPushButton(self.tr("Save &rules")), "rules_save")
        self.status = named(QLabel(), "rules_status")
        self.status.setWordWrap(True)
        hint = QLabel(
            self.tr(
                "Resolved tickets are called back by the most specific rule that matches them: "
                "category and channel, then category, then channel, then any. Switch a rule off "
                "to call back nobody it matches."
            )
        )
        hint.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.add_button.clicked.connect(lambda: self._add(CallbackRule(0, timezone=self._timezone)))
        self.save_button.clicked.connect(self.save)

    def load(self) -> None:
        self._runner.run(self._backend.callback_rules, self.show_rules, self._failed, receiver=self)

    def show_rules(self, rules: list[CallbackRule]) -> None:
        self.rows = []
        self.table.setRowCount(0)
        for rule in rules:
            self._add(rule)

    def _add(self, rule: CallbackRule) -> None:
        row = _RuleRow(rule)
        self.rows.append(row)
        index = self.table.rowCount()
        self.table.insertRow(index)
        for column, widget in enumerate(
            (row.category, row.channel, row.when, row.amount, row.within, row.enabled)
        ):
            self.table.setCellWidget(index, column, widget)
        row.category.setFocus()

    def save(self) -> None:
        """Save the rules that changed; at the first one refused, say which and why. Those saved
        before it keep their new versions, and every edit stays on screen."""
        changed = [(row, row.edited()) for row in self.rows if row.edited() != row.rule]
        if not changed:
            self.status.setText(self.tr("Nothing to save."))
            return
        self.save_button.setEnabled(False)

        def save_all() -> list[tuple[_RuleRow, CallbackRule]]:
            saved = []
            for row, rule in changed:
                try:
                    saved.append((row, self._backend.save_callback_rule(rule)))
                except Exception as exc:
                    raise _RuleRefused(self.rows.index(row) + 1, exc, saved) from exc
            return saved

        def done(saved: list[tuple[_RuleRow, CallbackRule]]) -> None:
            self._keep(saved)
            self.status.setText(self.tr("%n rule(s) saved.", "", len(saved)))
            self.saved.emit(len(saved))

        self._runner.run(save_all, done, self._failed, receiver=self)

    def _keep(self, saved: list[tuple[_RuleRow, CallbackRule]]) -> None:
        self.save_button.setEnabled(True)
        for row, rule in saved:
            row.rule = rule

    def _failed(self, exc: Exception) -> None:
        self.save_button.setEnabled(True)
        if isinstance(exc, _RuleRefused):
            self._keep(exc.saved)
            self.status.setText(
                self.tr("Rule %1: %2")
                .replace("%1", str(exc.number))
                .replace("%2", error_text(exc.cause))
            )
        else:
            self.status.setText(error_text(exc))


class _RuleRefused(Exception):
    def __init__(
        self, number: int, cause: Exception, saved: list[tuple[_RuleRow, CallbackRule]]
    ) -> None:
        super().__init__(str(cause))
        self.number = number
        self.cause = cause
        self.saved = saved
