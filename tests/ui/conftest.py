"""GUI tests run on Qt's offscreen platform; Qt warnings fail them (see pyproject.toml)."""

from __future__ import annotations

import faulthandler
import http.server
import json
import logging
import math
import os
import sqlite3
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, ClassVar

import PySide6.QtWebEngineWidgets  # noqa: F401  (before any QApplication: GL context sharing)
import pytest
from PySide6.QtCore import QBuffer, QCoreApplication, QIODevice, QTranslator
from PySide6.QtGui import QColor, QImage

from dispatch_console.domain.tickets import TicketDraft
from dispatch_console.ports import Actor
from dispatch_console.services import Services
from dispatch_console.storage.store import SqlStore
from dispatch_console.ui.map.scheme import register_scheme

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if hasattr(os, "geteuid") and os.geteuid() == 0:
    # Chromium refuses to run as root with its sandbox (CI runs as root); GPU is absent anyway
    os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")
register_scheme()  # before the QApplication exists


@pytest.fixture(autouse=True)
def _own_qsettings(tmp_path: Path) -> None:
    """Window layout and the last user name go to a scratch folder, not the developer's."""
    from PySide6.QtCore import QSettings

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qt"))


@pytest.fixture(autouse=True)
def _default_locale_restored() -> Iterator[None]:
    """Installing a translation sets the default QLocale (dates in the console's language):
    the next test gets the one it had."""
    from PySide6.QtCore import QLocale

    before = QLocale()
    yield
    QLocale.setDefault(before)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SqlStore]:
    s = SqlStore(f"sqlite:///{tmp_path / 'ui.sqlite3'}")
    s.upgrade()
    yield s
    s.close()


@pytest.fixture
def backend(store: SqlStore) -> Services:
    return Services(store.unit_of_work, store.feed, Actor("agent1", "agent"))


def open_tickets(backend: Services, count: int, *, category: str = "printer") -> list[int]:
    """`count` new tickets for one customer; returns their ids."""
    customer = backend.create_customer(f"客户 {count}", ["13812345678"])
    return [
        backend.create_ticket(
            TicketDraft("phone", category, "normal", f"fault {i}", customer_id=customer.id)
        ).id
        for i in range(count)
    ]


SITE = (31.2304, 121.4737)  # People's Square, Shanghai


def _tile_png(colour: str) -> bytes:
    image = QImage(256, 256, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(buffer.data().data())


@pytest.fixture
def mbtiles(tmp_path: Path) -> Path:
    """A tiny tile set: zoom 0 to 12 over Shanghai, one colour (tests need no real map)."""
    path = tmp_path / "shanghai.mbtiles"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE metadata (name TEXT, value TEXT)")
    db.execute(
        "CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, "
        "tile_data BLOB)"
    )
    png = _tile_png("#e8eef2")
    for z in range(0, 13):
        n = 1 << z
        x = int((SITE[1] + 180) / 360 * n)
        lat = math.radians(SITE[0])
        y = int((1 - math.log(math.tan(lat) + 1 / math.cos(lat)) / math.pi) / 2 * n)
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                if 0 <= x + dx < n and 0 <= y + dy < n:
                    db.execute(
                        "INSERT INTO tiles VALUES (?, ?, ?, ?)", (z, x + dx, n - 1 - (y + dy), png)
                    )
    db.commit()
    db.close()
    return path


@pytest.fixture
def qt_loop(qapp: object) -> Iterator[object]:
    """asyncio on the Qt event loop, as the console runs it (qasync): tasks advance whenever Qt
    processes events, so qtbot.waitSignal/waitUntil drive them. Leftover tasks are cancelled and
    given a turn to close their sockets before the loop goes."""
    import asyncio

    import qasync
    from PySide6.QtCore import QCoreApplication

    loop = qasync.QEventLoop(qapp, already_running=True)
    asyncio.set_event_loop(loop)
    try:
        yield loop
    finally:
        pending = [t for t in asyncio.all_tasks(loop) if not t.done()]
        for task in pending:
            task.cancel()
        for _ in range(200):  # bounded: each pass lets the loop run its callbacks
            if all(t.done() for t in pending):
                break
            QCoreApplication.processEvents()
            QCoreApplication.sendPostedEvents()
        asyncio.events._set_running_loop(None)
        asyncio.set_event_loop(None)


class _FakeServer(http.server.BaseHTTPRequestHandler):
    """A dispatch-server of another version, as far as /healthz and /api/v1/version go."""

    answers: ClassVar[dict[str, tuple[int, dict[str, Any]]]] = {}

    def do_GET(self) -> None:
        status, body = self.answers.get(self.path, (404, {"detail": "Not Found"}))
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def fake_server() -> Iterator[Callable[[dict[str, tuple[int, dict[str, Any]]]], str]]:
    servers: list[http.server.ThreadingHTTPServer] = []

    def start(answers: dict[str, tuple[int, dict[str, Any]]]) -> str:
        handler = type("Handler", (_FakeServer,), {"answers": answers})
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture
def translators(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[QTranslator]]:
    """The translators a check installs are taken out again: the next test starts in English."""
    from dispatch_console.app import qt_checks

    installed: list[QTranslator] = []
    real = qt_checks.install_translations

    def recording(*args: Any, **kwargs: Any) -> list[QTranslator]:
        found = real(*args, **kwargs)
        installed.extend(found)
        return found

    monkeypatch.setattr(qt_checks, "install_translations", recording)
    yield installed
    for translator in installed:
        QCoreApplication.removeTranslator(translator)


@pytest.fixture
def own_hooks(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """main() installs the process's hooks and log handlers: the next test gets pytest's back."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    from dispatch_console.app import logs

    yield
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "dispatch_console", False)]:
        root.removeHandler(handler)
        handler.close()
    faulthandler.enable(file=sys.__stderr__)
    for kept in logs._kept.values():
        kept.close()
    logs._kept.clear()


SERVER_PASSWORD = "correct horse 1"  # boss's, on the `server` fixture's site


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Any]:
    """A real dispatch-server process on a SQLite site: the administrator boss, the customer
    Li Lei and one open ticket of theirs."""
    yield from _site_server(tmp_path)


def _site_server(tmp_path: Path, args: list[str] | None = None) -> Iterator[Any]:
    from server.processes import ServerProcess

    url = f"sqlite:///{tmp_path / 'site.sqlite3'}"
    store = SqlStore(url)
    store.upgrade()
    admin = Services(store.unit_of_work, store.feed, Actor("setup", "admin"))
    admin.create_first_admin("boss", "Boss", SERVER_PASSWORD)
    customer = admin.create_customer("Li Lei", ["13812345678"])
    admin.create_ticket(TicketDraft("phone", "printer", "normal", "paper jam", customer.id))
    store.close()
    process = ServerProcess(url, tmp_path / "server.log", args=args).start()
    yield process
    process.stop()


@pytest.fixture
def fixed_server(tmp_path: Path) -> Iterator[Any]:
    """The `server` fixture's site on the desk's fixed clock (schedule_desk.NOW; the server's
    test mode lets the suite set it), for what books visits."""
    import requests

    from .schedule_desk import NOW

    for process in _site_server(tmp_path, ["--test-mode"]):
        requests.post(
            process.url + "/_test/clock", json={"now": NOW.isoformat()}, timeout=30
        ).raise_for_status()
        yield process
