"""Help ▸ About: what support asks first (which version, which build, on what, against which
database or server) in one dialog, selectable so it can be pasted into a ticket."""

from __future__ import annotations

import sys
from html import escape

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QCoreApplication, Qt, qVersion
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..versions import API_VERSION, VERSION, build
from .error_dialog import Diagnostics
from .icons import app_icon
from .widgets import named


def about_rows(backend: str, log_folder: str) -> list[tuple[str, str]]:
    return [
        (QCoreApplication.translate("about", "Version"), f"{VERSION} (API {API_VERSION})"),
        (QCoreApplication.translate("about", "Build"), build()),
        (
            QCoreApplication.translate("about", "Python"),
            f"{sys.version.split()[0]} ({sys.platform})",
        ),
        (QCoreApplication.translate("about", "Qt"), f"{qVersion()}, PySide6 {pyside_version}"),
        (QCoreApplication.translate("about", "Connected to"), backend),
        (QCoreApplication.translate("about", "Log folder"), log_folder),
    ]


class AboutDialog(QDialog):
    def __init__(
        self,
        backend: str,
        diagnostics: Diagnostics | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("about_dialog")
        self.setWindowTitle(QCoreApplication.translate("about", "About Dispatch Console"))
        # outside the f-string: lupdate does not look inside one
        name = QCoreApplication.translate("about", "Dispatch Console")
        title = QLabel(f"<b>{escape(name)}</b>")
        title.setStyleSheet("font-size: 16pt")
        icon = QLabel()
        icon.setPixmap(app_icon().pixmap(48, 48))
        form = QFormLayout()
        self.values: dict[str, QLabel] = {}
        for name, value in about_rows(backend, diagnostics.log_folder if diagnostics else ""):
            label = QLabel(value)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setWordWrap(True)
            self.values[name] = label
            form.addRow(name + ":", label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self._save = diagnostics.save if diagnostics is not None else None
        if self._save is not None:
            button = named(
                QPushButton(QCoreApplication.translate("about", "Save diagnostics…")),
                "save_diagnostics",
            )
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
            button.clicked.connect(self._save_diagnostics)
        layout = QVBoxLayout(self)
        layout.addWidget(icon)
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)

    def _save_diagnostics(self) -> None:
        from .error_dialog import ErrorDialog

        # the same file chooser and messages as the error dialog's button
        helper = ErrorDialog("", "", self._save, self)
        helper._choose_and_save()
        helper.deleteLater()
