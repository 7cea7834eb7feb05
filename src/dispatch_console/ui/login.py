"""Sign in: who is at this desk decides what they may do and what "Mine" means. On a brand-new
database the same dialog creates the first administrator instead."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ..domain.errors import PermissionDenied
from ..domain.model import User
from ..ports import Backend
from .errors import error_text
from .tasks import TaskRunner
from .widgets import named


class LoginDialog(QDialog):
    def __init__(
        self,
        backend: Backend,
        where: str,
        username: str = "",
        *,
        first_admin: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._backend = backend
        self._runner = TaskRunner(self)
        self.first_admin = first_admin
        self.user: User | None = None
        self.username = named(QLineEdit(username), "login_username")
        self.display_name = named(QLineEdit(), "login_display_name")
        self.password = named(QLineEdit(), "login_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat = named(QLineEdit(), "login_repeat")
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = named(QLabel(), "login_error")
        self.error.setStyleSheet("color: #c62828;")
        self.error.setWordWrap(True)
        intro = QLabel()
        intro.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("User name"), self.username)
        if first_admin:
            self.setWindowTitle(self.tr("Create the first administrator"))
            intro.setText(
                self.tr(
                    "%1 has no users yet. Create the administrator account; add agents "
                    "later with dispatch-admin create-user."
                ).replace("%1", where)
            )
            form.addRow(self.tr("Full name"), self.display_name)
        else:
            self.setWindowTitle(self.tr("Sign in"))
            intro.setText(self.tr("Sign in to %1").replace("%1", where))
        form.addRow(self.tr("Password"), self.password)
        if first_admin:
            form.addRow(self.tr("Repeat password"), self.repeat)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Create") if first_admin else self.tr("Sign in"))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        (self.password if username else self.username).setFocus()
        self.resize(420, 220)

    def submit(self) -> None:
        username, password = self.username.text().strip(), self.password.text()
        if not username or not password:
            self.error.setText(self.tr("Enter your user name and password."))
            return
        if self.first_admin and password != self.repeat.text():
            self.error.setText(self.tr("The two passwords differ."))
            return
        self.ok_button.setEnabled(False)
        self.error.setText(self.tr("Checking…"))
        if self.first_admin:
            name = self.display_name.text().strip() or username
            self._runner.run(
                lambda: self._backend.create_first_admin(username, name, password),
                self._signed_in,
                self._refused,
                receiver=self,
            )
        else:
            self._runner.run(
                lambda: self._backend.authenticate(username, password),
                self._signed_in,
                self._refused,
                receiver=self,
            )

    def _signed_in(self, user: User) -> None:
        self.user = user
        self.accept()

    def _refused(self, exc: Exception) -> None:
        self.ok_button.setEnabled(True)
        self.password.selectAll()
        self.password.setFocus()
        if isinstance(exc, PermissionDenied) and not self.first_admin:
            self.error.setText(self.tr("Wrong user name or password."))
        else:
            self.error.setText(error_text(exc))
