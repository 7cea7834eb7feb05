"""The first start, or a saved connection that no longer works: choose where the tickets are
kept. Continue tests the connection first; only a database that works is saved and used."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from ...config import ConnectionSettings, ConsoleSettings, Secrets
from ..tasks import TaskRunner
from ..widgets import named
from .connection_page import ConnectionPage
from .dialog import Saver
from .probes import Probes


class ConnectionDialog(QDialog):
    def __init__(
        self,
        current: ConsoleSettings,
        probes: Probes,
        secrets: Secrets,
        save: Saver,
        problem: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Dispatch Console — connection"))
        self._current = current
        self._save = save
        self.chosen: ConnectionSettings | None = None
        intro = named(QLabel(), "connection_intro")
        intro.setWordWrap(True)
        if problem:
            intro.setText(
                self.tr(
                    "The console could not open its database:\n%1\n\nCheck the connection or "
                    "choose another."
                ).replace("%1", problem)
            )
        else:
            intro.setText(
                self.tr(
                    "Welcome. Where are the tickets kept? On this computer is right for one "
                    "agent trying the console; a team shares a PostgreSQL server."
                )
            )
        self.page = ConnectionPage(probes, secrets, TaskRunner(self))
        self.page.load(current.connection)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.continue_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.continue_button.setText(self.tr("Continue"))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.page)
        layout.addWidget(buttons)
        buttons.accepted.connect(self._continue)
        buttons.rejected.connect(self.reject)
        self.page.tested.connect(self._tested)
        self.resize(560, 320)

    def _continue(self) -> None:
        settings = self.page.settings()
        if settings is None:
            return
        if settings.kind == "embedded":
            self._use(settings)  # our own file: created and set up on first use
            return
        self.continue_button.setEnabled(False)
        self.page.test()

    def _tested(self, ok: bool) -> None:
        self.continue_button.setEnabled(True)
        settings = self.page.settings()
        if ok and settings is not None:
            self._use(settings)

    def _use(self, settings: ConnectionSettings) -> None:
        self.page.store_secret(settings)
        self.chosen = settings
        try:
            self._save(self._current.model_copy(update={"connection": settings}))
        except OSError as exc:
            self.page.error.setText(str(exc))
            return
        self.accept()
