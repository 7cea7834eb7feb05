"""`--screenshot PATH`: render the main window once its data (and its map, when it has one) has
loaded, then exit. It prints what a check of an installed or frozen build needs to see without
looking at the picture: the window's title and menus (the translation really loaded), the
translation file, and the files the map page's assets came from."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer


def screenshot_when_loaded(window: Any, path: Path, after: float, app: Any, timeout_s: int) -> None:
    started = time.monotonic()
    map_panel = getattr(getattr(window, "dispatch", None), "map", None)
    waiting = {"data"} | ({"map"} if map_panel is not None else set())

    def done(what: str) -> None:
        waiting.discard(what)
        if not waiting:
            QTimer.singleShot(int(after * 1000), save)

    def data_loaded(_rows: int = 0) -> None:
        window.model.loaded.disconnect(data_loaded)
        # the queue's first page is on screen (the map may still be loading): what agents wait for
        print(
            f"queue loaded ({time.monotonic() - started:.2f} s after the window was created, "
            f"CPU {time.process_time():.2f} s)"
        )
        done("data")

    def save() -> None:
        ok = window.grab().save(str(path))
        print(
            f"screenshot {'saved to' if ok else 'FAILED:'} {path} "
            f"({time.monotonic() - started:.1f} s, CPU {time.process_time():.2f} s)"
        )
        print(f"window title: {window.windowTitle()}")
        print("menus: " + " | ".join(a.text() for a in window.menuBar().actions()))
        from ..ui import i18n

        print(f"translation: {i18n.loaded() or 'none (English)'}")
        if map_panel is not None:
            from ..ui.map.scheme import scheme_handler

            for file in sorted(scheme_handler().assets_served):
                print(f"map asset: {file}")
        app.exit(0 if ok else 1)

    def timed_out() -> None:
        print(f"screenshot: still waiting for {', '.join(sorted(waiting))} after {timeout_s} s")
        app.exit(3)

    window.model.loaded.connect(data_loaded)
    if map_panel is not None:
        if map_panel.bridge.is_ready:
            done("map")
        else:
            map_panel.ready.connect(lambda: done("map"))
    QTimer.singleShot(timeout_s * 1000, timed_out)
