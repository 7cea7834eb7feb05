"""Unexpected errors in the running console: logged (logs.py), and shown in a dialog with
"Save diagnostics…" (ui/error_dialog.py) that zips what support needs (diagnostics.py)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QApplication

from ..config import ConsoleSettings, Secrets
from ..ui.error_dialog import Diagnostics, ErrorDialog
from . import diagnostics, logs

MAX_DIALOGS = 1  # an error repeating in a timer must not bury the screen in dialogs


@dataclass
class Context:
    """What a diagnostics zip describes; the backend is known once it is open."""

    settings: ConsoleSettings
    secrets: Secrets
    backend: str = ""

    def save(self, target: Path) -> Path:
        return diagnostics.save(target, self.settings, self.secrets, self.backend)

    def diagnostics(self) -> Diagnostics:
        return Diagnostics(str(logs.log_dir()), self.save)


def on_error(context: Context) -> logs.OnError:
    showing: list[ErrorDialog] = []

    def show(what: str, detail: str) -> None:
        if len(showing) >= MAX_DIALOGS or QApplication.instance() is None:
            return  # logged already
        parent = QApplication.activeWindow()
        dialog = ErrorDialog(what, detail, context.save, parent)
        showing.append(dialog)
        try:
            dialog.exec()
        finally:
            showing.remove(dialog)
            dialog.deleteLater()

    return show
