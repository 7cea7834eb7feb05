"""`--screenshot PATH`: render the main window once its data has loaded, then exit."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer


def screenshot_when_loaded(window: Any, path: Path, after: float, app: Any, timeout_s: int) -> None:
    started = time.monotonic()

    def shoot(_rows: int = 0) -> None:
        window.model.loaded.disconnect(shoot)
        QTimer.singleShot(int(after * 1000), save)

    def save() -> None:
        ok = window.grab().save(str(path))
        print(
            f"screenshot {'saved to' if ok else 'FAILED:'} {path} "
            f"({time.monotonic() - started:.1f} s, CPU {time.process_time():.2f} s)"
        )
        app.exit(0 if ok else 1)

    window.model.loaded.connect(shoot)
    QTimer.singleShot(timeout_s * 1000, lambda: app.exit(3))
