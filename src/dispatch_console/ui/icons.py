"""The application's icon (window title bars, the task bar, the tray)."""

from __future__ import annotations

from importlib.resources import files

from PySide6.QtGui import QIcon


def app_icon() -> QIcon:
    return QIcon(str(files("dispatch_console") / "resources" / "icons" / "dispatch-console.svg"))
