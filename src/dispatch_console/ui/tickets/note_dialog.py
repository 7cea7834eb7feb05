"""Add a note to a ticket: internal by default, or a message the customer may see.

The dialog stays open until the note is saved, so a refused or failed save loses no text. When
the server does not answer, the note is kept on this PC to be sent later
(rest/pending_writes.py) and the dialog closes as if saved: the agent's text is safe either way."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ...domain.enums import CommentVisibility
from ...domain.tickets import Comment, Ticket
from ...ports import Backend
from ...rest.errors import Queued
from ..errors import error_text
from ..tasks import TaskRunner
from ..widgets import named


class NoteDialog(QDialog):
    """Signals:
    saved(object): the Comment, once stored.
    kept(str): the note waits on this PC for the server; what to tell the agent.
    """

    saved = Signal(object)
    kept = Signal(str)

    def __init__(
        self, backend: Backend, runner: TaskRunner, ticket: Ticket, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._backend = backend
        self._runner = runner
        self._ticket_id = ticket.id
        self.setWindowTitle(self.tr("Note on %1").replace("%1", ticket.number))
        self.text = named(QPlainTextEdit(), "note_text")
        self.text.setTabChangesFocus(True)
        self.public = named(QCheckBox(self.tr("The customer may see this note")), "note_public")
        self.error = named(QLabel(), "note_error")
        self.error.setStyleSheet("color: #c62828;")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(self.public)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.save)
        self.resize(460, 260)

    @property
    def visibility(self) -> CommentVisibility:
        return CommentVisibility.PUBLIC if self.public.isChecked() else CommentVisibility.INTERNAL

    def save(self) -> None:
        body, visibility, ticket_id = self.text.toPlainText(), self.visibility, self._ticket_id
        if not body.strip():
            self.error.setText(self.tr("Write the note first."))
            return
        self.save_button.setEnabled(False)
        self._runner.run(
            lambda: self._backend.add_comment(ticket_id, body, visibility),
            self._saved,
            self._failed,
            receiver=self,
        )

    def _saved(self, comment: Comment) -> None:
        self.saved.emit(comment)
        self.accept()

    def _failed(self, exc: Exception) -> None:
        if isinstance(exc, Queued):
            self.kept.emit(error_text(exc))
            self.accept()
            return
        self.save_button.setEnabled(True)
        self.error.setText(
            self.tr("Not saved: %1. Your text is still here; try again.").replace(
                "%1", error_text(exc)
            )
        )
