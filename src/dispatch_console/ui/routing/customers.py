"""The customers a rule is for: type a name or a number, pick from what is found; the chosen ones
are listed by name (Delete removes one). Looks up off the GUI thread, the latest typing wins."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from ...domain.model import Customer
from ...ports import Backend
from ..tasks import Latest, TaskRunner
from ..widgets import named

ROLE = Qt.ItemDataRole.UserRole


class CustomerPicker(QWidget):
    def __init__(self, backend: Backend, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self._backend = backend
        self._search = Latest(runner, self)
        self._names = Latest(runner, self)
        self.query = named(QLineEdit(), "rule_customer_search")
        self.query.setPlaceholderText(self.tr("any; or type a customer's name or number"))
        self.found = named(QListWidget(), "rule_customer_found")
        self.found.setMaximumHeight(90)
        self.found.hide()
        self.chosen = named(QListWidget(), "rule_customers")
        self.chosen.setMaximumHeight(70)
        self.chosen.setToolTip(self.tr("Delete removes the selected customer"))
        self.chosen.hide()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.query)
        column.addWidget(self.found)
        column.addWidget(self.chosen)
        self._timer = QTimer(self, singleShot=True, interval=250)
        self.query.textEdited.connect(self._timer.start)
        self._timer.timeout.connect(self._look_up)
        self.found.itemActivated.connect(self._pick)
        self.found.itemClicked.connect(self._pick)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.chosen, self._remove)

    def ids(self) -> frozenset[int]:
        return frozenset(int(self.chosen.item(i).data(ROLE)) for i in range(self.chosen.count()))

    def show_ids(self, ids: frozenset[int]) -> None:
        self.chosen.clear()
        for customer_id in sorted(ids):
            item = QListWidgetItem(f"#{customer_id}")
            item.setData(ROLE, customer_id)
            self.chosen.addItem(item)
        self.chosen.setVisible(bool(ids))
        if ids:  # the names, once read
            wanted = sorted(ids)
            self._names.run(lambda: [self._backend.get_customer(i) for i in wanted],
                            self._named)  # fmt: skip

    def _named(self, customers: list[Customer]) -> None:
        names = {c.id: c.name for c in customers}
        for i in range(self.chosen.count()):
            item = self.chosen.item(i)
            item.setText(names.get(int(item.data(ROLE)), item.text()))

    def _look_up(self) -> None:
        text = self.query.text().strip()
        if not text:
            self.found.hide()
            return
        self._search.run(lambda: self._backend.search_customers(text, 8), self._show_found)

    def _show_found(self, customers: list[Customer]) -> None:
        self.found.clear()
        for c in customers:
            item = QListWidgetItem(c.name)
            item.setData(ROLE, c.id)
            self.found.addItem(item)
        self.found.setVisible(bool(customers))

    def _pick(self, item: QListWidgetItem) -> None:
        if int(item.data(ROLE)) not in self.ids():
            chosen = QListWidgetItem(item.text())
            chosen.setData(ROLE, item.data(ROLE))
            self.chosen.addItem(chosen)
            self.chosen.show()
        self.query.clear()
        self.found.hide()

    def _remove(self) -> None:
        row = self.chosen.currentRow()
        if row >= 0:
            self.chosen.takeItem(row)
        self.chosen.setVisible(self.chosen.count() > 0)
