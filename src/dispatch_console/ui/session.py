"""When the server ends a console's session mid-shift (the 12-hour token ran out, or an
administrator revoked it): ask the same agent for their password, and carry on with the new
token. Nothing on screen is lost, and what waited on the PC meanwhile goes out after."""

from __future__ import annotations

from typing import Any, cast

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from ..ports import Backend
from ..rest.client import RestBackend, ServerSignIn
from .login import LoginDialog

ASK_AGAIN_MS = 120_000  # after "Cancel": the session is still over, and changes still wait


class SessionRenewal(QObject):
    """Signals:
    renewed(): signed in again; the backend uses the new token from now on.
    """

    renewed = Signal()

    def __init__(self, backend: RestBackend, username: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.backend, self.username = backend, username
        self.dialog: LoginDialog | None = None
        self._sign_in: ServerSignIn | None = None
        self._ask_later = QTimer(self, singleShot=True, interval=ASK_AGAIN_MS)
        self._ask_later.timeout.connect(self.ask)

    def ask(self) -> None:
        if self.dialog is not None and self.dialog.isVisible():
            return
        self._sign_in = ServerSignIn(self.backend.base_url)
        parent = cast(QWidget, self.parent())
        self.dialog = LoginDialog(
            cast(Backend, self._sign_in), self.backend.base_url, self.username, parent=parent
        )
        self.dialog.setWindowTitle(self.tr("Your session has ended"))
        self.dialog.username.setReadOnly(True)  # the same agent: their screen, their changes
        self.dialog.accepted.connect(self._signed_in)
        self.dialog.rejected.connect(self._ask_later.start)  # not now: ask again in a while
        self.dialog.open()

    def _signed_in(self) -> None:
        fresh: Any = self._sign_in.backend if self._sign_in is not None else None
        if fresh is None:
            return
        self.backend.token = fresh.token
        self._ask_later.stop()
        fresh.close()
        self.renewed.emit()
