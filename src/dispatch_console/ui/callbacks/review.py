"""Supervisors' callback review: every callback with filters (agent, technician, answer, period,
low scores), the notes in full, reassigning one to an agent, export to CSV and Excel, and the
dashboard for the same period."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ...domain.callbacks import CallbackFilter, CallbackRow, CallbackStats
from ...domain.desk_zone import DEFAULT_TIMEZONE
from ...domain.enums import CallbackOutcome
from ...domain.model import Technician, User
from ...ports import Backend
from ..errors import error_text
from ..tasks import Latest, TaskRunner
from ..tickets.labels import callback_outcome_label
from ..widgets import named
from .dashboard import Dashboard
from .export import cells, headers, write_csv, write_xlsx
from .rules import RulesEditor

LOW = QColor("#ffebee")
REVIEW_LIMIT = 5000  # more than this: narrow the period (the screen says so)


class ReviewDialog(QDialog):
    def __init__(
        self,
        backend: Backend,
        runner: TaskRunner,
        timezone: str = DEFAULT_TIMEZONE,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Callback review"))
        self._backend = backend
        self._runner = runner
        self._timezone = timezone
        self._lookup = Latest(runner, self)
        self._figures = Latest(runner, self)
        self.rows: list[CallbackRow] = []
        self.stats: CallbackStats | None = None
        self.agent = named(QComboBox(), "review_agent")
        self.technician = named(QComboBox(), "review_technician")
        self.outcome = named(QComboBox(), "review_outcome")
        for combo in (self.agent, self.technician, self.outcome):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.outcome.addItem(self.tr("any answer"), None)
        for outcome in CallbackOutcome:
            self.outcome.addItem(callback_outcome_label(outcome), outcome.value)
        today = QDate.currentDate()
        self.since = named(QDateEdit(today.addDays(-29)), "review_since")
        self.until = named(QDateEdit(today), "review_until")
        for edit in (self.since, self.until):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.low_only = named(QCheckBox(self.tr("&Low scores only")), "review_low")
        self.show_button = named(QPushButton(self.tr("&Show")), "review_show")
        self.show_button.setDefault(True)
        self.table = named(QTableWidget(0, len(headers())), "review_table")
        self.table.setHorizontalHeaderLabels(headers())
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.notes = named(QTextBrowser(), "review_notes")
        self.count = named(QLabel(), "review_count")
        self.reassign_button = named(QPushButton(self.tr("&Give to agent…")), "review_reassign")
        self.csv_button = named(QPushButton(self.tr("Export &CSV…")), "review_csv")
        self.xlsx_button = named(QPushButton(self.tr("Export &Excel…")), "review_xlsx")
        self.dashboard = named(Dashboard(), "review_dashboard")
        self.rules = named(RulesEditor(backend, runner, timezone), "review_rules")
        self._lay_out()
        self.show_button.clicked.connect(self.refresh)
        self.table.itemSelectionChanged.connect(self._show_notes)
        self.reassign_button.clicked.connect(self.reassign)
        self.csv_button.clicked.connect(lambda: self.export("csv"))
        self.xlsx_button.clicked.connect(lambda: self.export("xlsx"))
        self.resize(1200, 720)

    def _lay_out(self) -> None:
        filters = QHBoxLayout()
        for label, widget in [
            (self.tr("Agent"), self.agent),
            (self.tr("Technician"), self.technician),
            (self.tr("Answer"), self.outcome),
            (self.tr("From"), self.since),
            (self.tr("to"), self.until),
        ]:
            caption = QLabel(label)
            caption.setBuddy(widget)
            filters.addWidget(caption)
            filters.addWidget(widget)
        filters.addWidget(self.low_only)
        filters.addStretch(1)
        filters.addWidget(self.show_button)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.notes)
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.count, 1)
        buttons.addWidget(self.reassign_button)
        buttons.addWidget(self.csv_button)
        buttons.addWidget(self.xlsx_button)
        review = QWidget()
        column = QVBoxLayout(review)
        column.addWidget(split, 1)
        column.addLayout(buttons)
        self.tabs = named(QTabWidget(), "review_tabs")
        self.tabs.addTab(review, self.tr("Callbacks"))
        self.tabs.addTab(self.dashboard, self.tr("Dashboard"))
        self.tabs.addTab(self.rules, self.tr("Rules"))
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.tabs, 1)

    def start(self) -> None:
        """Fill the pickers, then show the last 30 days."""
        self._runner.run(self._backend.list_users, self._fill_agents, receiver=self)
        self._runner.run(self._backend.list_technicians, self._fill_technicians, receiver=self)
        self.rules.load()
        self.refresh()

    def _fill_agents(self, users: list[User]) -> None:
        self.agent.clear()
        self.agent.addItem(self.tr("every agent"), None)
        for user in users:
            if user.active and user.role.value in ("agent", "supervisor"):
                self.agent.addItem(user.display_name or user.username, user.username)

    def _fill_technicians(self, technicians: list[Technician]) -> None:
        self.technician.clear()
        self.technician.addItem(self.tr("every technician"), None)
        for tech in technicians:
            self.technician.addItem(tech.name, tech.id)

    def period(self) -> tuple[datetime, datetime]:
        """From the start of the first day to the end of the last, in the desk's time zone."""
        zone = ZoneInfo(self._timezone)
        first = date.fromisoformat(self.since.date().toString("yyyy-MM-dd"))
        last = date.fromisoformat(self.until.date().toString("yyyy-MM-dd"))
        start = datetime.combine(first, time(), zone)
        end = datetime.combine(last + timedelta(days=1), time(), zone)
        return start.astimezone(UTC), end.astimezone(UTC)

    def refresh(self) -> None:
        since, until = self.period()
        f = CallbackFilter(
            agent=self.agent.currentData(),
            technician_id=self.technician.currentData(),
            outcome=self.outcome.currentData(),
            since=since,
            until=until,
            low_only=self.low_only.isChecked(),
            limit=REVIEW_LIMIT,
        )
        self._lookup.run(lambda: self._backend.review_callbacks(f), self.show_rows, self._failed)
        zone = self._timezone
        self._figures.run(
            lambda: self._backend.callback_stats(since, until, zone), self._show_stats, self._failed
        )

    def _failed(self, exc: Exception) -> None:
        self.count.setText(error_text(exc))

    def _show_stats(self, stats: CallbackStats) -> None:
        self.stats = stats
        self.dashboard.show_stats(stats)

    def show_rows(self, rows: list[CallbackRow]) -> None:
        self.rows = rows
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, value in enumerate(cells(row)):
                item = QTableWidgetItem("" if value is None else str(value))
                if row.flagged:
                    item.setBackground(LOW)
                self.table.setItem(r, c, item)
        low = sum(1 for row in rows if row.flagged)
        text = (
            self.tr("%n callback(s)", "", len(rows)) + " · " + self.tr("%n low score(s)", "", low)
        )
        if len(rows) >= REVIEW_LIMIT:
            text += " · " + self.tr("only the newest %n: narrow the period", "", REVIEW_LIMIT)
        self.count.setText(text)

    def _selected(self) -> CallbackRow | None:
        index = self.table.currentRow()
        return self.rows[index] if 0 <= index < len(self.rows) else None

    def _show_notes(self) -> None:
        row = self._selected()
        self.notes.setPlainText(row.callback.comment if row else "")

    def reassign(self, agent: str | None = None) -> None:
        row = self._selected()
        if row is None:
            return
        if agent is None:
            names = [self.agent.itemData(i) for i in range(1, self.agent.count())]
            agent, ok = QInputDialog.getItem(
                self, self.tr("Give to agent"), self.tr("Agent"), names, 0, False
            )
            if not ok:
                return
        cb, chosen = row.callback, agent
        self._runner.run(
            lambda: self._backend.reassign_callback(cb.id, cb.version, chosen),
            lambda _cb: self.refresh(),
            self._failed,
            receiver=self,
        )

    def export(self, kind: str, path: Path | None = None) -> Path | None:
        if path is None:
            suffix = "CSV (*.csv)" if kind == "csv" else "Excel (*.xlsx)"
            name, _ = QFileDialog.getSaveFileName(
                self, self.tr("Export callbacks"), f"callbacks.{kind}", suffix
            )
            if not name:
                return None
            path = Path(name)
        try:
            if kind == "csv":
                write_csv(self.rows, path)
            else:
                write_xlsx(self.rows, self.stats, path)
        except OSError as exc:
            self.count.setText(self.tr("Could not save %1: %2").replace("%1", str(path))
                               .replace("%2", exc.strerror or str(exc)))  # fmt: skip
            return None
        self.count.setText(self.tr("Saved %1").replace("%1", str(path)))
        return path
