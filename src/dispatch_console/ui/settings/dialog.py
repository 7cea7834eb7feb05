"""The settings dialog: one tab per part; Save validates every tab and writes the settings file
(secrets to the keyring). A tab with a problem comes to the front with the field outlined."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...config import ConsoleSettings, Secrets
from ..tasks import TaskRunner
from ..widgets import named
from .connection_page import ConnectionPage
from .general_page import GeneralPage
from .map_page import MapPage
from .probes import Probes
from .telephony_page import TelephonyPage

Saver = Callable[[ConsoleSettings], Path]


class SettingsDialog(QDialog):
    """Signals:
    saved(object): the ConsoleSettings just written.
    """

    saved = Signal(object)

    def __init__(
        self,
        current: ConsoleSettings,
        probes: Probes,
        secrets: Secrets,
        save: Saver,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Settings"))
        self._current = current
        self._save = save
        runner = TaskRunner(self)
        self.connection = ConnectionPage(probes, secrets, runner)
        self.telephony = TelephonyPage(probes, secrets, runner)
        self.map = MapPage()
        self.general = GeneralPage()
        self.tabs = named(QTabWidget(), "settings_tabs")
        self.tabs.addTab(self.connection, self.tr("Connection"))
        self.tabs.addTab(self.telephony, self.tr("Telephony"))
        self.tabs.addTab(self.map, self.tr("Map"))
        self.tabs.addTab(self.general, self.tr("Language"))
        self.notice = named(QLabel(), "settings_notice")
        self.notice.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.notice)
        layout.addWidget(buttons)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.connection.load(current.connection)
        self.telephony.region = current.region
        self.telephony.load(current.telephony)
        self.map.load(current.map)
        self.general.load(current.language, current.region)
        self.resize(620, 460)

    def save(self) -> None:
        connection = self.connection.settings()
        if connection is None:
            self.tabs.setCurrentWidget(self.connection)
            return
        language, region = self.general.values()
        self.telephony.region = region  # its area code is checked against the region
        telephony = self.telephony.settings()
        if telephony is None:
            self.tabs.setCurrentWidget(self.telephony)
            return
        map_settings = self.map.settings()
        if map_settings is None:
            self.tabs.setCurrentWidget(self.map)
            return
        settings = self._current.model_copy(
            update={
                "connection": connection,
                "telephony": telephony,
                "map": map_settings,
                "language": language,
                "region": region,
            }
        )
        kept = self.connection.store_secret(connection) and self.telephony.store_secret(telephony)
        try:
            self._save(settings)
        except OSError as exc:
            self.notice.setText(self.tr("Could not save the settings: %1").replace("%1", str(exc)))
            return
        self.saved.emit(settings)
        if not kept:
            QMessageBox.warning(
                self,
                self.tr("Password not stored"),
                self.tr(
                    "Saved, but the OS keyring refused the password; you will be asked for it."
                ),
            )
        self.accept()
