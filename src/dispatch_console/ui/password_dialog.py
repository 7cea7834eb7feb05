"""File ▸ Change my password: the current password, the new one twice, and the policy in words.
What the policy refuses is said before anything is sent; the change runs off the GUI thread and
ends the user's other sessions (the server keeps this one). A wrong current password counts as
a wrong sign-in: after a few, the dialog says how long to wait."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from ..domain.errors import PermissionDenied, TooManyAttempts
from ..domain.passwords import MAX_PASSWORD, MIN_PASSWORD, PasswordProblem, password_problem
from ..ports import Backend
from .errors import error_text
from .tasks import TaskRunner
from .widgets import named


class PasswordDialog(QDialog):
    """Signals:
    changed(int): the password was changed; how many other sessions were signed out.
    """

    changed = Signal(int)

    def __init__(
        self, backend: Backend, runner: TaskRunner, username: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Change my password"))
        self._backend = backend
        self._runner = runner
        self._username = username
        self.policy = named(QLabel(self.policy_text()), "password_policy")
        self.policy.setWordWrap(True)
        self.current = self._secret("password_current")
        self.new = self._secret("password_new")
        self.repeat = self._secret("password_repeat")
        self.error = named(QLabel(), "password_error")
        self.error.setStyleSheet("color:#c62828;")
        self.error.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Change"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.policy)
        form.addRow(self.tr("Current password"), self.current)
        form.addRow(self.tr("New password"), self.new)
        form.addRow(self.tr("New password again"), self.repeat)
        form.addRow(self.error)
        form.addRow(self.buttons)
        self.setMinimumWidth(460)
        self.current.setFocus()

    def policy_text(self) -> str:
        return (
            self.tr(
                "A password has at least %1 characters (at most %2), is not only spaces and is "
                "not your user name. A phrase of a few words is easy to remember and hard to "
                "guess. Changing it signs you out everywhere else."
            )
            .replace("%1", str(MIN_PASSWORD))
            .replace("%2", str(MAX_PASSWORD))
        )

    def _secret(self, name: str) -> QLineEdit:
        field = named(QLineEdit(), name)
        field.setEchoMode(QLineEdit.EchoMode.Password)
        field.setMaxLength(MAX_PASSWORD + 1)  # one more, so "too long" can be said
        return field

    def submit(self) -> None:
        current, new = self.current.text(), self.new.text()
        if not current:
            self._say(self.tr("Enter your current password."), self.current)
            return
        if new != self.repeat.text():
            self._say(self.tr("The two new passwords differ."), self.repeat)
            return
        problem = password_problem(new, self._username)
        if problem is not None:
            self._say(self._policy_refusal(problem), self.new)
            return
        self.error.setText(self.tr("Changing…"))
        self._editable(False)
        self._runner.run(
            lambda: self._backend.change_password(current, new),
            self._done,
            self._refused,
            receiver=self,
        )

    def _policy_refusal(self, problem: PasswordProblem) -> str:
        if problem is PasswordProblem.TOO_SHORT:
            return self.tr("The new password is too short: at least %1 characters.").replace(
                "%1", str(MIN_PASSWORD)
            )
        if problem is PasswordProblem.TOO_LONG:
            return self.tr("The new password is too long: at most %1 characters.").replace(
                "%1", str(MAX_PASSWORD)
            )
        if problem is PasswordProblem.USER_NAME:
            return self.tr("The new password must not be your user name.")
        return self.tr("The new password must not be only spaces.")

    def _done(self, ended: int) -> None:
        self.changed.emit(int(ended))
        self.accept()

    def _refused(self, exc: Exception) -> None:
        self._editable(True)
        if isinstance(exc, TooManyAttempts):
            wait = str(exc.retry_after or 60)
            self._say(self.tr("Too many wrong passwords: try again in %1 s.").replace("%1", wait),
                      self.current)  # fmt: skip
        elif isinstance(exc, PermissionDenied):
            self._say(self.tr("The current password is wrong."), self.current)
        else:
            self._say(error_text(exc), self.new)

    def _say(self, text: str, field: QLineEdit) -> None:
        self.error.setText(text)
        field.setFocus()
        field.selectAll()

    def _editable(self, on: bool) -> None:
        for widget in (self.current, self.new, self.repeat):
            widget.setEnabled(on)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(on)
