"""What an agent sees when something goes wrong: a start-up problem with what to do about it,
or an unexpected error with "Save diagnostics…" (a zip for support)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QStandardPaths
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from .widgets import named

SaveDiagnostics = Callable[[Path], Path]  # a file or folder in, the zip written out


@dataclass
class Diagnostics:
    """What app/ hands the window: where the logs are, and how to zip them for support."""

    log_folder: str
    save: SaveDiagnostics


def startup_box(problem: str, fix: str, log_file: str, *, fatal: bool) -> QMessageBox:
    """A box that names the problem, what to do, and where the log is (not shown yet)."""
    icon = QMessageBox.Icon.Critical if fatal else QMessageBox.Icon.Warning
    box = QMessageBox(icon, QCoreApplication.translate("errors", "Dispatch Console"), "")
    box.setObjectName("startup_problem")
    box.setText(
        QCoreApplication.translate("errors", "Dispatch Console cannot start.")
        if fatal
        else QCoreApplication.translate("errors", "Dispatch Console starts, but:")
    )
    what_to_do = QCoreApplication.translate("errors", "What to do:")
    where = QCoreApplication.translate("errors", "Log file:")
    box.setInformativeText(f"{problem}\n\n{what_to_do} {fix}\n\n{where} {log_file}")
    # long paths and URLs: fewer line breaks (the icon label must keep its own width)
    box.setStyleSheet("QLabel#qt_msgbox_informativelabel { min-width: 30em; }")
    box.setStandardButtons(
        QMessageBox.StandardButton.Close if fatal else QMessageBox.StandardButton.Ok
    )
    return box


class ErrorDialog(QDialog):
    """An unexpected error: one line on what happened, the details folded below, and a button
    that saves the diagnostics for support."""

    def __init__(
        self, what: str, detail: str, save: SaveDiagnostics | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("error_dialog")
        self.setWindowTitle(QCoreApplication.translate("errors", "Something went wrong"))
        self._save = save
        self.saved: Path | None = None
        icon = QLabel()
        icon.setPixmap(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical).pixmap(32)
        )
        head = QLabel(
            QCoreApplication.translate(
                "errors",
                "Dispatch Console met an error it did not expect. Your work saved so far is "
                "kept; the last action may not have completed.",
            )
        )
        head.setWordWrap(True)
        self.what = named(QLabel(what), "error_what")
        self.what.setWordWrap(True)
        self.what.setStyleSheet("font-weight: bold")
        hint = QLabel(
            QCoreApplication.translate(
                "errors",
                "If it happens again, save the diagnostics and send them to your support: "
                "they hold the logs and settings, never passwords.",
            )
        )
        hint.setWordWrap(True)
        self.detail = named(QPlainTextEdit(detail), "error_detail")
        self.detail.setReadOnly(True)
        self.detail.setMinimumHeight(120)  # the one part that grows with the dialog
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.save_button = named(
            QPushButton(QCoreApplication.translate("errors", "Save diagnostics…")),
            "save_diagnostics",
        )
        self.save_button.setEnabled(save is not None)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.save_button.clicked.connect(self._choose_and_save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (icon, head, self.what, hint):
            layout.addWidget(widget)
        layout.addWidget(self.detail, 1)
        layout.addWidget(buttons)
        self.resize(560, 380)

    def _choose_and_save(self) -> None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DesktopLocation)
        path, _ = QFileDialog.getSaveFileName(
            self,
            QCoreApplication.translate("errors", "Save diagnostics"),
            str(Path(folder) / "dispatch-diagnostics.zip"),
            QCoreApplication.translate("errors", "Zip archives (*.zip)"),
        )
        if path:
            self.save_to(Path(path))

    def save_to(self, path: Path) -> Path | None:
        assert self._save is not None
        try:
            self.saved = self._save(path)
        except OSError as exc:
            QMessageBox.warning(
                self,
                QCoreApplication.translate("errors", "Save diagnostics"),
                f"{path}: {exc.strerror or exc}",
            )
            return None
        self.save_button.setText(QCoreApplication.translate("errors", "Saved"))
        self.save_button.setToolTip(str(self.saved))
        return self.saved
