"""The ticket queue as a Qt model: pages fetched off the GUI thread as the view scrolls."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from ...domain.sla import Risk, next_clock
from ...domain.tickets import TicketPage, TicketRow
from ...ports import Backend, TicketQuery
from ...services.queue_view import QueueView, Step, Undecidable
from ..errors import error_text
from ..tasks import Latest, TaskRunner
from .escalation_mark import escalation_icon, escalation_text
from .labels import PRIORITY_COLOURS, RISK_COLOURS, duration, priority_label, status_label

Index = QModelIndex | QPersistentModelIndex
PAGE = 100
COLUMNS = ("number", "priority", "status", "sla", "customer", "site", "technician", "age")
TICKET_ID_ROLE = Qt.ItemDataRole.UserRole + 1
# columns the server can sort by: ticket number (creation order), priority, SLA deadline
# column -> the server sort for (ascending, descending); other columns do not sort
SORT_KEYS = {
    "number": ("oldest", "newest"),
    "priority": ("priority", "priority_low"),
    "sla": ("due", "due_last"),
    "age": ("newest", "oldest"),
}


def _headers() -> dict[str, str]:
    return {
        "number": QCoreApplication.translate("TicketQueueModel", "Ticket"),
        "priority": QCoreApplication.translate("TicketQueueModel", "Priority"),
        "status": QCoreApplication.translate("TicketQueueModel", "Status"),
        "sla": QCoreApplication.translate("TicketQueueModel", "SLA left"),
        "customer": QCoreApplication.translate("TicketQueueModel", "Customer"),
        "site": QCoreApplication.translate("TicketQueueModel", "Site"),
        "technician": QCoreApplication.translate("TicketQueueModel", "Technician"),
        "age": QCoreApplication.translate("TicketQueueModel", "Age"),
    }


class TicketQueueModel(QAbstractTableModel):
    """Rows of the queue for one TicketQuery.

    Signals:
        loaded(int): a page arrived; the number of rows now in the model.
        load_failed(str): the backend refused or is unreachable.
        patched(int): changed tickets were placed (services/queue_view.py); the rows now.
    """

    loaded = Signal(int)
    load_failed = Signal(str)
    patched = Signal(int)

    def __init__(self, backend: Backend, runner: TaskRunner, parent: Any = None) -> None:
        super().__init__(parent)
        self._backend = backend
        self._latest = Latest(runner, self)
        self._rows: list[TicketRow] = []
        self._cursor: str | None = None
        self._bound: tuple[Any, ...] | None = None  # see QueueView.bound
        self._loading = False
        self.searches = 0  # first-page searches started: a newer one outdates rows read before
        self.searching = False  # a first-page search is under way
        self._query = TicketQuery(open_only=True, sort="due", limit=PAGE)

    def now(self) -> datetime:
        return datetime.now(UTC)

    # --- loading ---------------------------------------------------------------------------
    @property
    def query(self) -> TicketQuery:
        return self._query

    def set_query(self, query: TicketQuery) -> None:
        self._query = replace(query, limit=PAGE, cursor=None)
        self.reload()

    def reload(self) -> None:
        """Fetch the first page again (after a filter change, or live updates)."""
        keep = max(PAGE, min(len(self._rows), 500))
        query = replace(self._query, limit=keep, cursor=None)
        self._loading = True
        self.searches += 1
        self.searching = True
        self._latest.run(lambda: self._backend.search_tickets(query), self._replace, self._failed)

    def _replace(self, page: TicketPage) -> None:
        self._loading = False
        self.searching = False
        old_ids = [r.ticket.id for r in self._rows]
        new_ids = [r.ticket.id for r in page.items]
        if old_ids == new_ids:  # same rows: repaint them in place, keep selection and scroll
            self._rows = page.items
            if self._rows:
                self.dataChanged.emit(
                    self.index(0, 0), self.index(len(self._rows) - 1, len(COLUMNS) - 1)
                )
        else:
            self.beginResetModel()
            self._rows = page.items
            self.endResetModel()
        self._cursor = page.next_cursor
        self._set_bound()
        self.loaded.emit(len(self._rows))

    def _set_bound(self) -> None:
        view = QueueView(self._query)
        view.loaded(self._rows, self._cursor is not None)
        self._bound = view.bound

    # --- live changes ------------------------------------------------------------------------
    def place(self, rows: list[TicketRow], gone: list[int]) -> bool:
        """Put changed tickets' rows where a fresh search would (or take them out), keeping
        selection and scroll; False when only a search can tell (the caller searches)."""
        view = QueueView(self._query, list(self._rows), self._bound)
        try:
            steps = view.patch(rows, gone)
        except Undecidable:
            return False
        by_id = {r.ticket.id: r for r in rows}
        for step in steps:
            self._replay(step, by_id)
        self.patched.emit(len(self._rows))
        return True

    def _replay(self, step: Step, by_id: dict[int, TicketRow]) -> None:
        root = QModelIndex()
        old, new = step.old, step.new
        if new is None:
            assert old is not None
            self.beginRemoveRows(root, old, old)
            del self._rows[old]
            self.endRemoveRows()
            return
        row = by_id[step.ticket_id]
        if old is None:
            self.beginInsertRows(root, new, new)
            self._rows.insert(new, row)
            self.endInsertRows()
            return
        if old != new:  # Qt counts the destination before the row leaves its place
            self.beginMoveRows(root, old, old, root, new if new < old else new + 1)
            self._rows.insert(new, self._rows.pop(old))
            self.endMoveRows()
        if self._rows[new] != row:
            self._rows[new] = row
            self.dataChanged.emit(self.index(new, 0), self.index(new, len(COLUMNS) - 1))

    def sortable(self, column: int) -> bool:
        return COLUMNS[column] in SORT_KEYS

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Header clicks sort on the server (the model holds only the pages seen so far)."""
        keys = SORT_KEYS.get(COLUMNS[column])
        if keys is None:
            return
        key = keys[0] if order == Qt.SortOrder.AscendingOrder else keys[1]
        self.set_query(replace(self._query, sort=key))

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008, N802
        return not parent.isValid() and self._cursor is not None and not self._loading

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008, N802
        if not self.canFetchMore(parent):
            return
        query = replace(self._query, cursor=self._cursor)
        self._loading = True
        self._latest.run(lambda: self._backend.search_tickets(query), self._append, self._failed)

    def _append(self, page: TicketPage) -> None:
        self._loading = False
        have = {r.ticket.id for r in self._rows}  # a ticket placed live while this page was read
        items = [r for r in page.items if r.ticket.id not in have]
        if items:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(items) - 1)
            self._rows.extend(items)
            self.endInsertRows()
        self._cursor = page.next_cursor
        self._set_bound()
        self.loaded.emit(len(self._rows))

    def _failed(self, error: Exception) -> None:
        self._loading = False
        self.searching = False
        self.load_failed.emit(error_text(error))

    # --- the model -----------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _headers()[COLUMNS[section]]
        return None

    def row_at(self, row: int) -> TicketRow:
        return self._rows[row]

    def row_of(self, ticket_id: int) -> int | None:
        for i, r in enumerate(self._rows):
            if r.ticket.id == ticket_id:
                return i
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = COLUMNS[index.column()]
        if role == TICKET_ID_ROLE:
            return row.ticket.id
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == "sla":
                risk = self._risk(row)
                return RISK_COLOURS.get(risk) if risk else None
            if column == "priority":
                return PRIORITY_COLOURS.get(row.ticket.priority)
        if column == "sla" and row.escalation:
            if role == Qt.ItemDataRole.DecorationRole:
                return escalation_icon(row.escalation)
            if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleDescriptionRole):
                return escalation_text(row.escalation)
        if role == Qt.ItemDataRole.ToolTipRole and column == "customer":
            return row.ticket.description[:300]
        return None

    def _risk(self, row: TicketRow) -> Risk | None:
        clock = next_clock(row.ticket.sla_clocks())
        return clock.risk(self.now()) if clock else None

    def _text(self, row: TicketRow, column: str) -> str:
        t = row.ticket
        if column == "number":
            return t.number
        if column == "priority":
            return priority_label(t.priority)
        if column == "status":
            return status_label(t.status)
        if column == "sla":
            clock = next_clock(t.sla_clocks())
            return duration(clock.time_left(self.now())) if clock else "—"
        if column == "customer":
            return row.customer_name or t.contact_name or ""
        if column == "site":
            return row.site_name or ""
        if column == "technician":
            return row.technician_name or ""
        return duration(self.now() - t.created_at)
