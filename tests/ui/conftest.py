"""GUI tests run on Qt's offscreen platform; Qt warnings fail them (see pyproject.toml)."""

from __future__ import annotations

import math
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import PySide6.QtWebEngineWidgets  # noqa: F401  (before any QApplication: GL context sharing)
import pytest
from PySide6.QtCore import QBuffer, QIODevice
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


SERVER_PASSWORD = "correct horse 1"  # boss's, on the `server` fixture's site


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Any]:
    """A real dispatch-server process on a SQLite site: the administrator boss, the customer
    Li Lei and one open ticket of theirs."""
    from server.processes import ServerProcess

    url = f"sqlite:///{tmp_path / 'site.sqlite3'}"
    store = SqlStore(url)
    store.upgrade()
    admin = Services(store.unit_of_work, store.feed, Actor("setup", "admin"))
    admin.create_first_admin("boss", "Boss", SERVER_PASSWORD)
    customer = admin.create_customer("Li Lei", ["13812345678"])
    admin.create_ticket(TicketDraft("phone", "printer", "normal", "paper jam", customer.id))
    store.close()
    process = ServerProcess(url, tmp_path / "server.log").start()
    yield process
    process.stop()
