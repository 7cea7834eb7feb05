"""`--self-test`: can this installation run? Every Qt module the app uses, and the database."""

from __future__ import annotations

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


def self_test(url: str) -> int:
    report: list[tuple[str, bool, str]] = []
    for module in QT_MODULES:
        try:
            __import__(f"PySide6.{module}")
            report.append((module, True, ""))
        except ImportError as exc:
            report.append((module, False, str(exc)))
    try:
        store = SqlStore(url, connect_timeout=5)
        last = store.feed.last_id() if store.is_initialised() else -1
        store.close()
        report.append(
            (
                "database",
                last >= 0,
                f"{store.dialect}, last event {last}"
                if last >= 0
                else "no schema: run dispatch-admin db upgrade",
            )
        )
    except Exception as exc:
        report.append(("database", False, str(exc).splitlines()[0]))
    for name, ok, detail in report:
        print(f"{'ok  ' if ok else 'FAIL'} {name:20s} {detail}")
    return 0 if all(ok for _, ok, _ in report) else 1
