"""The screen-pop's "add this number to a customer": an unknown caller is often a known customer
ringing from another line (the office, a colleague's desk). The search box has the focus when
the panel opens; a few letters find the customer (the first highlighted, Up/Down move), Enter
files the number on them through the backend, and the pop-up then shows them.

The backend runs on the console's worker pool; an answer that comes back after the pop-up was
closed goes nowhere."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from ...domain.errors import DuplicateError
from ...domain.model import Customer
from ...domain.timeline import CallerMatch
from ...ports import Backend
from ..errors import error_text
from ..phones import display_phone
from ..tasks import Latest, TaskRunner
from ..widgets import named

SEARCH_DELAY_MS = 150  # one look-up per pause in typing, not one per letter
ROLE = Qt.ItemDataRole.UserRole


class AttachNumber(QWidget):
    """Signals:
    matched(object): the CallerMatch of the number once it was added (its customer, their
        open tickets), for the pop-up to show.
    cancelled(): Esc in the search box; the pop-up takes the focus back.
    """

    matched = Signal(object)
    cancelled = Signal()

    def __init__(
        self,
        backend: Backend,
        runner: TaskRunner,
        region: str = "CN",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._backend = backend
        self._runner = runner
        self._region = region
        self._search = Latest(runner, self)
        self.number: str | None = None  # E.164, from the caller look-up
        self._shown_for: str | None = None  # the text the list shows results for
        self._attach_when_found = False
        self.prompt = named(QLabel(), "attach_prompt")
        self.prompt.setWordWrap(True)
        self.prompt.setTextFormat(Qt.TextFormat.RichText)
        self.query = named(QLineEdit(), "attach_search")
        self.query.setPlaceholderText(self.tr("Customer's name or another of their numbers"))
        self.query.setClearButtonEnabled(True)
        self.found = named(QListWidget(), "attach_found")
        self.found.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Up/Down from the search box
        self.message = named(QLabel(), "attach_message")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.RichText)  # names are escaped
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.prompt)
        column.addWidget(self.query)
        column.addWidget(self.found, 1)
        column.addWidget(self.message)
        self._timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self.query.textEdited.connect(self._typed)
        self._timer.timeout.connect(self._look_up)
        self.found.itemActivated.connect(lambda _item: self.attach())
        self.found.itemClicked.connect(self.found.setCurrentItem)
        self.query.installEventFilter(self)

    def start(self, number: str) -> None:
        """Show the panel for this caller's number, the search box focused and empty."""
        self.number = number
        shown = display_phone(number, self._region) or number
        self.prompt.setText(
            self.tr("Add %1 to which customer? Type a name, then Enter.").replace(
                "%1", f"<b>{escape(shown)}</b>"
            )
        )
        self.query.clear()
        self.found.clear()
        self.found.hide()
        self._say("")
        self._set_busy(False)
        self.show()
        self.query.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # --- finding the customer --------------------------------------------------------------------
    def _typed(self, _text: str) -> None:
        self._attach_when_found = False
        self._timer.start()

    def _look_up(self) -> None:
        text = self.query.text().strip()
        if not text:
            self._show_found(text, [])
            return

        self._search.run(
            lambda: self._backend.search_customers(text, 8),
            lambda customers: self._show_found(text, customers),
            self._failed,
        )

    def _show_found(self, text: str, customers: list[Customer]) -> None:
        self._shown_for = text
        self.found.clear()
        for c in customers:
            phones = ", ".join(display_phone(p.number, self._region) for p in c.phones[:2])
            item = QListWidgetItem(f"{c.name}   {phones}".strip())
            item.setData(ROLE, c)
            self.found.addItem(item)
        self.found.setVisible(bool(customers))
        if customers:
            self.found.setCurrentRow(0)
            self._say("")
        elif text:
            self._say(self.tr("No customer matches “%1”.").replace("%1", escape(text)))
        if self._attach_when_found and customers:
            self.attach()
        self._attach_when_found = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.query and isinstance(event, QKeyEvent):
            key = event.key() if event.type() == QEvent.Type.KeyPress else None
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.found.count():
                step = 1 if key == Qt.Key.Key_Down else -1
                row = max(0, min(self.found.count() - 1, self.found.currentRow() + step))
                self.found.setCurrentRow(row)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.attach()  # and not the dialog's default button as well
                return True
            if key == Qt.Key.Key_Escape:
                self.hide()
                self.cancelled.emit()
                return True
        return super().eventFilter(watched, event)

    # --- adding the number -----------------------------------------------------------------------
    def attach(self) -> None:
        """Enter: the highlighted customer gets the number. Typed faster than the look-up: it
        runs now, and the first customer found gets it."""
        text = self.query.text().strip()
        if not text or self.number is None or not self.query.isEnabled():
            return
        item = self.found.currentItem()
        if item is None or self._shown_for != text:
            self._timer.stop()
            self._attach_when_found = True
            self._look_up()
            return
        customer: Customer = item.data(ROLE)
        number = self.number
        self._say(self.tr("Adding the number to %1…").replace("%1", escape(customer.name)))
        self._set_busy(True)
        backend = self._backend

        def add() -> CallerMatch:
            backend.add_customer_phone(customer.id, number)
            return backend.lookup_caller(number)

        self._runner.run(add, self._added, self._not_added, receiver=self)

    def _added(self, match: CallerMatch) -> None:
        self._set_busy(False)
        self.hide()
        self.matched.emit(match)

    def _not_added(self, exc: Exception) -> None:
        self._set_busy(False)
        if not isinstance(exc, DuplicateError):
            self._failed(exc)
            return
        number = self.number or ""
        shown = escape(display_phone(number, self._region) or number)
        self._say(
            self.tr("%1 is already another customer's number; it was not added.").replace(
                "%1", shown
            ),
            error=True,
        )

        def whose(match: CallerMatch) -> None:  # name them, so the agent knows who has it
            if match.customers:
                names = ", ".join(escape(c.name) for c in match.customers)
                self._say(
                    self.tr("%1 is already the number of %2; it was not added.")
                    .replace("%1", shown)
                    .replace("%2", names),
                    error=True,
                )

        self._runner.run(
            lambda: self._backend.lookup_caller(number), whose, lambda _exc: None, receiver=self
        )

    def _failed(self, exc: Exception) -> None:
        self._say(self.tr("Not added: %1").replace("%1", escape(error_text(exc))), error=True)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.setStyleSheet("color: #c62828;" if error else "")
        self.message.setText(text)

    def _set_busy(self, busy: bool) -> None:
        self.query.setEnabled(not busy)
        if not busy and self.isVisible():
            self.query.setFocus()
