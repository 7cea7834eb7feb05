"""The queue panel: quick filters, a search box and the table."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...domain.enums import TicketStatus
from ...domain.model import Department
from ...ports import TicketQuery
from ..widgets import named
from .labels import status_label
from .queue_model import TICKET_ID_ROLE, TicketQueueModel

SEARCH_DELAY_MS = 300
BREACH_WINDOW = timedelta(hours=2)


class QueuePanel(QWidget):
    """Signals:
    ticket_selected(int): the agent selected a ticket (its id).
    """

    ticket_selected = Signal(int)

    def __init__(
        self, model: TicketQueueModel, me: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.model = model
        self.me = me
        self.quick = QButtonGroup(self)
        bar = QHBoxLayout()
        for key, text in (
            ("open", self.tr("Open")),
            ("mine", self.tr("Opened by me")),
            ("unassigned", self.tr("To dispatch")),
            ("breaching", self.tr("SLA at risk")),
            ("escalated", self.tr("Escalated")),
            ("all", self.tr("All")),
        ):
            button = QPushButton(text)
            button.setCheckable(True)
            button.setObjectName(f"quick_{key}")
            button.setProperty("filter_key", key)
            self.quick.addButton(button)
            bar.addWidget(button)
        self.quick.buttons()[0].setChecked(True)
        self.status = named(QComboBox(), "status_filter")
        self.status.addItem(self.tr("Any status"), None)
        for status in TicketStatus:
            self.status.addItem(status_label(status), status)
        self.department = named(QComboBox(), "department_filter")
        self.department.addItem(self.tr("All departments"), None)
        self.search = named(QLineEdit(), "search")
        self.search.setPlaceholderText(self.tr("Ticket number, phone or customer name  (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        bar.addWidget(self.status)
        bar.addWidget(self.department)
        bar.addWidget(self.search, 1)

        self.table = named(QTableView(), "queue")
        self.table.setModel(model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.setWordWrap(False)
        # the indicator first: enabling sorting sorts once by it (SLA left, soonest first)
        self.table.horizontalHeader().setSortIndicator(3, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table for the ticket's buttons
        self._sorted_by = (3, Qt.SortOrder.AscendingOrder)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.table)

        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filters)
        self.search.textChanged.connect(self._search_timer.start)
        self.quick.buttonClicked.connect(self.apply_filters)
        self.status.currentIndexChanged.connect(self.apply_filters)
        self.department.currentIndexChanged.connect(self.apply_filters)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.horizontalHeader().sortIndicatorChanged.connect(self._keep_indicator_honest)
        model.loaded.connect(self._fit_columns_once)
        self._fitted = False

    def set_departments(self, departments: list[Department]) -> None:
        for d in departments:
            self.department.addItem(d.name, d.id)

    def apply_filters(self, *_: Any) -> None:
        checked = self.quick.checkedButton()
        key = checked.property("filter_key") if checked else "open"
        status = self.status.currentData()
        query = TicketQuery(
            open_only=key in ("open", "mine", "unassigned", "breaching", "escalated"),
            created_by=self.me if key == "mine" else None,
            unassigned=key == "unassigned",
            escalated=key == "escalated",
            statuses=[status] if status is not None else None,
            department_id=self.department.currentData(),
            text=self.search.text().strip() or None,
            sort=self.model.query.sort,
        )
        if key == "breaching":
            query = replace(query, breaching_before=self.model.now() + BREACH_WINDOW)
        self.model.set_query(query)

    def _keep_indicator_honest(self, column: int, order: Qt.SortOrder) -> None:
        """A column the server cannot sort by keeps the arrow where the rows are sorted."""
        header = self.table.horizontalHeader()
        if self.model.sortable(column):
            self._sorted_by = (column, order)
            return
        header.blockSignals(True)
        header.setSortIndicator(*self._sorted_by)
        header.blockSignals(False)

    def _current_changed(self, current: Any, _previous: Any) -> None:
        if current.isValid():
            self.ticket_selected.emit(int(self.model.data(current, TICKET_ID_ROLE)))

    def _fit_columns_once(self, rows: int) -> None:
        if rows and not self._fitted:
            self._fitted = True
            self.table.selectRow(0)  # the detail is never empty when there is work
            self.table.resizeColumnsToContents()
            header = self.table.horizontalHeader()
            for column in (4, 5):  # customer and site take what is left, and no more than that
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)

    def select_next(self, step: int) -> None:
        rows = self.model.rowCount()
        if not rows:
            return
        current = self.table.currentIndex().row()
        row = min(max(current + step, 0), rows - 1) if current >= 0 else 0
        self.table.selectRow(row)
