"""Working one callback: who to call and why, a short script, the ticket's history, the call
button, and the answer (reached or not, satisfaction, really fixed?, what they said)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.callbacks import CallbackRow
from ...domain.enums import CallbackOutcome, CallbackReason
from ...domain.timeline import TicketHistory
from ...ports import Backend
from ..phones import display_phone
from ..tasks import TaskRunner
from ..tickets.labels import callback_reason_label
from ..tickets.timeline_view import TimelineView
from ..widgets import named


def script(reason: CallbackReason) -> str:
    """What to say: short, so an agent can read it while the phone rings."""
    return {
        CallbackReason.RESOLVED: QCoreApplication.translate(
            "callbacks",
            "Say who you are and the ticket number. Ask: is the problem really fixed? "
            "How satisfied are you with the visit, from 1 (very unhappy) to 5 (very happy)? "
            "Is there anything else we can do?",
        ),
        CallbackReason.MISSED_CALL: QCoreApplication.translate(
            "callbacks",
            "They called and nobody answered. Apologise, ask what they need, and open or "
            "update a ticket.",
        ),
        CallbackReason.CUSTOMER_REQUEST: QCoreApplication.translate(
            "callbacks",
            "They asked to be called back. Read the latest on the ticket before you dial.",
        ),
    }[reason]


class CallbackWork(QWidget):
    """Signals:
    call_requested(object): dial this CallbackRow's number.
    save_requested(object, str, object, object, str): row, outcome, satisfaction, fixed, comment.
    release_requested(object): put the CallbackRow back for someone else.
    """

    call_requested = Signal(object)
    save_requested = Signal(object, str, object, object, str)
    release_requested = Signal(object)

    def __init__(
        self, backend: Backend, runner: TaskRunner, region: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.row: CallbackRow | None = None
        self._region = region
        self.header = named(QLabel(self.tr("Choose a callback on the left (Enter).")), "cb_header")
        self.header.setWordWrap(True)
        self.lease = named(QLabel(), "cb_lease")
        self.script = named(QLabel(), "cb_script")
        self.script.setWordWrap(True)
        self.script.setStyleSheet("background:#fff8e1; padding:6px; border-radius:4px;")
        self.history = named(TimelineView(backend, runner), "cb_history")
        self.call_button = named(QPushButton(self.tr("&Call")), "cb_call")
        self.outcomes = QButtonGroup(self)
        self.outcome_buttons: dict[CallbackOutcome, QRadioButton] = {}
        for outcome, text in [
            (CallbackOutcome.REACHED, self.tr("&Reached")),
            (CallbackOutcome.NO_ANSWER, self.tr("&No answer")),
            (CallbackOutcome.BUSY, self.tr("B&usy")),
            (CallbackOutcome.WRONG_NUMBER, self.tr("&Wrong number")),
        ]:
            button = named(QRadioButton(text), f"cb_{outcome.value}")
            self.outcomes.addButton(button)
            self.outcome_buttons[outcome] = button
        self.scores = QButtonGroup(self)
        self.score_buttons = []
        for n in range(1, 6):
            button = named(QRadioButton(f"{n} {'★' * n}"), f"cb_score_{n}")
            self.scores.addButton(button, n)
            self.score_buttons.append(button)
        self.fixed_yes = named(QRadioButton(self.tr("Yes, fixed")), "cb_fixed_yes")
        self.fixed_no = named(QRadioButton(self.tr("No, still a problem")), "cb_fixed_no")
        self.fixed = QButtonGroup(self)
        self.fixed.addButton(self.fixed_yes)
        self.fixed.addButton(self.fixed_no)
        self.comment = named(QPlainTextEdit(), "cb_comment")
        self.comment.setPlaceholderText(self.tr("What the customer said"))
        self.comment.setTabChangesFocus(True)
        self.comment.setMaximumHeight(70)
        self.save_button = named(QPushButton(self.tr("&Save")), "cb_save")
        self.save_button.setToolTip(self.tr("Save the answer (Ctrl+Enter)"))
        self.release_button = named(QPushButton(self.tr("&Put back")), "cb_release")
        self.error = named(QLabel(), "cb_error")
        self.error.setStyleSheet("color:#c62828;")
        self.error.setWordWrap(True)
        self._lay_out()
        self.outcomes.buttonToggled.connect(lambda *_: self._enable())
        self.call_button.clicked.connect(lambda: self.row and self.call_requested.emit(self.row))
        self.save_button.clicked.connect(self._save)
        self.release_button.clicked.connect(
            lambda: self.row and self.release_requested.emit(self.row)
        )
        here = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self._save, context=here)
        self.show_row(None)

    def _lay_out(self) -> None:
        outcome_row = QHBoxLayout()
        for button in self.outcome_buttons.values():
            outcome_row.addWidget(button)
        outcome_row.addStretch(1)
        score_row = QHBoxLayout()
        for button in self.score_buttons:
            score_row.addWidget(button)
        score_row.addStretch(1)
        fixed_row = QHBoxLayout()
        fixed_row.addWidget(self.fixed_yes)
        fixed_row.addWidget(self.fixed_no)
        fixed_row.addStretch(1)
        form = QFormLayout()
        form.addRow(self.tr("Answer"), outcome_row)
        form.addRow(self.tr("Satisfaction"), score_row)
        form.addRow(self.tr("Really fixed?"), fixed_row)
        form.addRow(self.tr("Notes"), self.comment)
        top = QHBoxLayout()
        top.addWidget(self.header, 1)
        top.addWidget(self.lease)
        top.addWidget(self.call_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.error, 1)
        buttons.addWidget(self.release_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.script)
        layout.addWidget(self.history, 1)
        layout.addLayout(form)
        layout.addLayout(buttons)

    def show_row(self, row: CallbackRow | None) -> None:
        """Show the claimed callback (None: nothing in hand)."""
        self.row = row
        self.error.clear()
        for group in (self.outcomes, self.scores, self.fixed):
            group.setExclusive(False)
            for button in group.buttons():
                button.setChecked(False)
            group.setExclusive(True)
        self.comment.clear()
        if row is None:
            self.header.setText(self.tr("Choose a callback on the left (Enter)."))
            self.script.hide()
            self.lease.clear()
            self.history.clear()
        else:
            cb = row.callback
            who = row.customer_name or self.tr("unknown customer")
            phone = display_phone(cb.phone, self._region) or cb.phone
            parts = [f"<b>{who}</b>", phone, callback_reason_label(cb.reason)]
            if row.ticket_number:
                parts.append(row.ticket_number)
            parts.append(
                self.tr("try %1 of %2")
                .replace("%1", str(cb.attempts + 1))
                .replace("%2", str(cb.max_attempts))
            )
            self.header.setText(" · ".join(parts))
            self.script.setText(script(cb.reason))
            self.script.show()
            if cb.claim_expires_at is not None:
                until = cb.claim_expires_at.astimezone().strftime("%H:%M")
                self.lease.setText(self.tr("yours until %1").replace("%1", until))
            if cb.ticket_id is None:
                self.history.clear()
        self._enable()

    def show_history(self, history: TicketHistory) -> None:
        self.history.show_history(history)

    def show_error(self, text: str) -> None:
        self.error.setText(text)

    def _enable(self) -> None:
        holding = self.row is not None
        reached = self.outcome_buttons[CallbackOutcome.REACHED].isChecked()
        asks_score = (
            holding
            and reached
            and self.row is not None
            and (self.row.callback.reason is CallbackReason.RESOLVED)
        )
        for button in self.outcome_buttons.values():
            button.setEnabled(holding)
        for button in [*self.score_buttons, self.fixed_yes, self.fixed_no]:
            button.setEnabled(asks_score)
        for widget in (self.call_button, self.comment, self.release_button):
            widget.setEnabled(holding)
        self.save_button.setEnabled(holding and self.outcomes.checkedButton() is not None)

    def _save(self) -> None:
        if self.row is None or not self.save_button.isEnabled():
            return
        outcome = next(o for o, b in self.outcome_buttons.items() if b.isChecked())
        score = self.scores.checkedId()
        fixed = True if self.fixed_yes.isChecked() else False if self.fixed_no.isChecked() else None
        reached = outcome is CallbackOutcome.REACHED
        self.save_requested.emit(
            self.row,
            outcome.value,
            score if reached and score > 0 else None,
            fixed if reached else None,
            self.comment.toPlainText().strip(),
        )
