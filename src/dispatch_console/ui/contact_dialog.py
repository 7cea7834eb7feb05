"""File ▸ Where my alerts go: the signed-in user's e-mail, mobile and language for SLA alerts
away from the console (a supervisor's escalations, a watcher's tickets). Read and saved off the
GUI thread; a refusal (not an address, a landline, someone saved meanwhile) is said under the
fields and what was typed stays."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from ..domain.model import User
from ..ports import Backend
from .errors import error_text
from .phones import display_phone
from .tasks import TaskRunner
from .widgets import named


class ContactDialog(QDialog):
    """Signals:
    saved(object): the User with the contacts as saved.
    """

    saved = Signal(object)

    def __init__(
        self, backend: Backend, runner: TaskRunner, username: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Where my alerts go"))
        self._backend = backend
        self._runner = runner
        self._username = username
        self.user: User | None = None
        self.explain = QLabel(
            self.tr("SLA alerts reach you here when you are away from the console: tickets "
                    "near or past a deadline, and tickets a routing rule asks you to watch.")
        )  # fmt: skip
        self.explain.setWordWrap(True)
        self.email = named(QLineEdit(), "contact_email")
        self.email.setPlaceholderText(self.tr("e.g. wang.li@example.com; empty: no e-mails"))
        self.mobile = named(QLineEdit(), "contact_mobile")
        self.mobile.setPlaceholderText(self.tr("e.g. 138 1234 5678; empty: no texts"))
        self.language = named(QComboBox(), "contact_language")
        self.language.addItem("中文", "zh_CN")
        self.language.addItem("English", "en")
        self.error = named(QLabel(), "contact_error")
        self.error.setStyleSheet("color:#c62828;")
        self.error.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.explain)
        form.addRow(self.tr("E-mail"), self.email)
        form.addRow(self.tr("Mobile"), self.mobile)
        form.addRow(self.tr("Language"), self.language)
        form.addRow(self.error)
        form.addRow(self.buttons)
        self._editable(False)
        self.setMinimumWidth(480)

    def load(self) -> None:
        name = self._username

        def me() -> User | None:
            return next((u for u in self._backend.list_users() if u.username == name), None)

        self._runner.run(me, self._show, self._refused, receiver=self)

    def _show(self, user: User | None) -> None:
        if user is None:
            self.error.setText(self.tr("Your login was not found: ask an administrator."))
            return
        self.user = user
        self.email.setText(user.email or "")
        self.mobile.setText(display_phone(user.mobile) if user.mobile else "")
        self.language.setCurrentIndex(max(0, self.language.findData(user.language)))
        self._editable(True)
        self.email.setFocus()

    def save(self) -> None:
        user = self.user
        if user is None:
            return
        email, mobile = self.email.text().strip(), self.mobile.text().strip()
        language = self.language.currentData()
        self.error.clear()
        self._editable(False)

        def store() -> User:
            return self._backend.set_user_contact(
                user.id, user.version, email or None, mobile or None, language
            )

        self._runner.run(store, self._stored, self._refused, receiver=self)

    def _stored(self, user: User) -> None:
        self.user = user
        self.saved.emit(user)
        self.accept()

    def _refused(self, exc: Exception) -> None:
        self._editable(self.user is not None)
        self.error.setText(error_text(exc))

    def _editable(self, on: bool) -> None:
        for widget in (self.email, self.mobile, self.language):
            widget.setEnabled(on)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(on)
