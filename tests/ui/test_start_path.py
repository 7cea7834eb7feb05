"""Issue 24: the console's cold start does only what the first window shows. What it does not
show (the map's libraries, the spreadsheet export, the supervisor's charts, the server client,
the hidden docks' rows) loads after the first queue page, so each of these tests fails when
something creeps back into the path to the queue."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime
from typing import Any

from pytestqt.qtbot import QtBot

from dispatch_console.services import Services
from dispatch_console.ui.main_window import MainWindow

# each cost tenths of a second of CPU at start before it was moved (docs/performance.md)
NOT_AT_START = (
    "alembic",  # a schema change, not the start (migration headers are read instead)
    "folium", "branca", "jinja2", "xyzservices", "numpy",  # the map, built after the queue
    "openpyxl", "PySide6.QtCharts",  # the callback review's export and charts
    "requests", "urllib3", "websockets",  # a console talking to a server
    "PIL",  # the first photo
    "holidays",  # judging an appointment's day, not reading the settings
)  # fmt: skip


def test_importing_the_console_loads_nothing_the_first_window_does_not_show() -> None:
    probe = (
        "import sys, dispatch_console.app, dispatch_console.app.startup, "
        "dispatch_console.ui.main_window; print(' '.join(sorted(sys.modules)))"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True
    ).stdout.split()
    early = [m for m in loaded if m in NOT_AT_START or m.split(".")[0] in NOT_AT_START]
    assert early == []


def test_reading_saved_settings_does_not_load_the_holiday_calendars() -> None:
    """Saved settings hold the holiday region; checking the default one cost 60 ms at start."""
    probe = (
        "import sys; from dispatch_console.config.model import ConsoleSettings; "
        "ConsoleSettings(timezone='Asia/Shanghai', holiday_region='CN'); "
        "print('holidays' in sys.modules)"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout.split()
    assert loaded == ["False"]


class Recording:
    """The real backend, noting which use cases the window asked for, in order."""

    def __init__(self, backend: Services) -> None:
        self._backend = backend
        self.asked: list[str] = []

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._backend, name)
        if callable(value):
            self.asked.append(name)
        return value


def test_the_hidden_docks_load_their_rows_after_the_first_queue_page(
    qtbot: QtBot, backend: Services
) -> None:
    backend.record_call_event("offered", "m1", datetime.now(UTC), from_number="13900001111")
    backend.record_call_event("ended", "m1", datetime.now(UTC), cause="no answer")
    recording = Recording(backend)
    window = MainWindow(recording, backend.actor, "test", extension="8001")  # type: ignore[arg-type]
    qtbot.addWidget(window)
    asked_before_the_queue: list[str] = []
    window.model.loaded.connect(lambda *_: asked_before_the_queue.extend(recording.asked))
    with qtbot.waitSignal(window.model.loaded, timeout=5000):
        window.start()
    assert "search_tickets" in asked_before_the_queue
    assert not {"list_calls", "callback_queue", "list_conversations"} & set(asked_before_the_queue)
    # the agent who opens the Calls dock finds them there
    qtbot.waitUntil(lambda: window.call_log.table.rowCount() == 1, timeout=5000)
    assert window.call_log.table.item(0, 2).text() == "139 0000 1111"
    assert "list_calls" in recording.asked
    window.shutdown()


def test_a_hidden_dock_opened_before_the_rest_has_loaded_loads_its_rows_then(
    qtbot: QtBot, backend: Services
) -> None:
    backend.record_call_event("offered", "m1", datetime.now(UTC), from_number="13900001111")
    window = MainWindow(backend, backend.actor, "test", extension="8001")
    qtbot.addWidget(window)
    window.show()
    window.call_log.parentWidget().show()  # before start(): nothing has loaded anything yet
    qtbot.waitUntil(lambda: window.call_log.table.rowCount() == 1, timeout=5000)
    window.shutdown()
