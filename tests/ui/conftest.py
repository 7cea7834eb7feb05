"""GUI tests run on Qt's offscreen platform; Qt warnings fail them (see pyproject.toml)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import PySide6.QtWebEngineWidgets  # noqa: F401  (before any QApplication: GL context sharing)
import pytest

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
