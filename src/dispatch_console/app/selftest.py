"""`--self-test`: can this installation run? Every Qt module the app uses, the database schema
it would create (migrations shipped and working), and the connection it is set up for.

`--show-settings`: the settings this PC gives the console, layer by layer merged (what IT set
in the installer included), without secrets; for IT and support."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from ..config import ConsoleSettings
from ..storage.store import SqlStore

QT_MODULES = (
    "QtCore",
    "QtGui",
    "QtWidgets",
    "QtNetwork",
    "QtWebChannel",
    "QtWebEngineCore",
    "QtWebEngineWidgets",
)


def self_test(url: str, *, own: bool = False, report_to: Path | None = None) -> int:
    """`own`: `url` is the console's own embedded file, made at first start if missing.
    `report_to`: a file for the report as well (a windowed .exe has no console to print to)."""
    report: list[tuple[str, bool, str]] = []
    for module in QT_MODULES:
        try:
            __import__(f"PySide6.{module}")
            report.append((module, True, ""))
        except ImportError as exc:
            report.append((module, False, str(exc)))
    report.append(_migrations())
    report.append(_server(url) if url.startswith(("http://", "https://")) else _database(url, own))
    lines = [f"{'ok  ' if ok else 'FAIL'} {name:20s} {detail}" for name, ok, detail in report]
    _tell("\n".join(lines), report_to)
    return 0 if all(ok for _, ok, _ in report) else 1


def _tell(text: str, report_to: Path | None) -> None:
    print(text)
    if report_to is not None:
        report_to.write_text(text + "\n", encoding="utf-8")


def _migrations() -> tuple[str, bool, str]:
    """A throwaway database, brought up to date: the schema scripts are there and run."""
    with tempfile.TemporaryDirectory() as folder:
        try:
            store = SqlStore(f"sqlite:///{Path(folder) / 'self-test.sqlite3'}")
            store.upgrade()
            ok = store.is_initialised() and not store.needs_upgrade()
            store.close()
        except Exception as exc:
            return ("schema", False, str(exc).splitlines()[0])
    return ("schema", ok, "migrations run" if ok else "migrations did not complete")


def _database(url: str, own: bool) -> tuple[str, bool, str]:
    try:
        store = SqlStore(url, connect_timeout=5)
        last = store.feed.last_id() if store.is_initialised() else -1
        store.close()
    except Exception as exc:
        return ("database", False, str(exc).splitlines()[0])
    if last >= 0:
        return ("database", True, f"{store.dialect}, last event {last}")
    if own:  # the console sets up its own file the first time it starts
        return ("database", True, "this user's own database, made at first start")
    return ("database", False, "no schema: run dispatch-admin db upgrade")


def _server(url: str) -> tuple[str, bool, str]:
    from ..rest.client import ServerSignIn
    from ..rest.errors import ServerError, ServerUnreachable

    try:
        ServerSignIn(url).healthy()
    except (ServerUnreachable, ServerError) as exc:
        return ("server", False, str(exc))
    return ("server", True, f"{url} answers")


def show_settings(settings: ConsoleSettings, report_to: Path | None = None) -> int:
    _tell(json.dumps(settings.model_dump(mode="json"), indent=2, ensure_ascii=False), report_to)
    return 0
