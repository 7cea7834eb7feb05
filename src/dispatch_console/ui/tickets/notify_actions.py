"""The desk's two notification actions: send one again, and change what the customer wants to
hear by (their opt-outs). Both run off the GUI thread; the ticket's timeline refreshes from the
change feed (the events land on the ticket), and the outcome is one line in the status bar."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from ...domain.model import Customer
from ...domain.notifications import Notification
from ...ports import Backend
from ..errors import error_text
from ..tasks import TaskRunner
from ..widgets import named


class NotifyPrefsDialog(QDialog):
    """The customer's opt-outs: progress by e-mail, by SMS."""

    def __init__(self, customer: Customer, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.customer = customer
        self.setWindowTitle(self.tr("Notifications to %1").replace("%1", customer.name))
        intro = QLabel(
            self.tr("Tell the customer of their ticket's progress (received, assigned, on the "
                    "way, on site, resolved, callbacks) by:")
        )  # fmt: skip
        intro.setWordWrap(True)
        self.email = named(QCheckBox(self.tr("E-mail")), "notify_email")
        self.email.setChecked(customer.notify_email)
        self.sms = named(QCheckBox(self.tr("SMS")), "notify_sms")
        self.sms.setChecked(customer.notify_sms)
        if not customer.email:
            self.email.setToolTip(self.tr("No e-mail address on file"))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (intro, self.email, self.sms, buttons):
            layout.addWidget(widget)

    def changes(self) -> dict[str, bool]:
        wanted = {"notify_email": self.email.isChecked(), "notify_sms": self.sms.isChecked()}
        return {k: v for k, v in wanted.items() if getattr(self.customer, k) != v}


class NotifyActions(QObject):
    """Signals:
    message(str): what happened, for the status bar.
    """

    message = Signal(str)

    def __init__(self, backend: Backend, runner: TaskRunner, parent: QWidget) -> None:
        super().__init__(parent)
        self._backend = backend
        self._runner = runner
        self._parent = parent

    def resend(self, notification_id: int) -> None:
        def done(n: Notification) -> None:
            self.message.emit(self.tr("Notification queued again for %1").replace(
                "%1", n.recipient))  # fmt: skip

        self._runner.run(
            lambda: self._backend.resend_notification(notification_id),
            done,
            lambda exc: self.message.emit(error_text(exc)),
            receiver=self,
        )

    def edit_prefs(self, customer: Customer) -> NotifyPrefsDialog:
        dialog = NotifyPrefsDialog(customer, self._parent)
        dialog.accepted.connect(lambda: self._save(customer, dialog.changes()))
        dialog.open()
        return dialog

    def _save(self, customer: Customer, changes: dict[str, bool]) -> None:
        if not changes:
            return

        def done(saved: Customer) -> None:
            text = self.tr("Notification choices saved for %1")
            self.message.emit(text.replace("%1", saved.name))

        self._runner.run(
            lambda: self._backend.update_customer(customer.id, customer.version, **changes),
            done,
            lambda exc: self.message.emit(error_text(exc)),
            receiver=self,
        )
