"""The one place that wires everything: arguments -> backend -> services -> Qt window."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import platformdirs

from .ports import Actor
from .services import Services
from .storage.engine import APP_NAME, default_database_url
from .storage.store import SqlStore

DEMO_USER, DEMO_PASSWORD = "agent1", "demo1234"
SCREENSHOT_TIMEOUT_S = 120
DEMO_TICK_MS = 3000


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="dispatch-console", description="Dispatch Console")
    p.add_argument("--database", help="SQLite file or PostgreSQL URL (default: your own file)")
    p.add_argument(
        "--demo",
        action="store_true",
        help="open a seeded Shanghai demo database, logged in as agent1",
    )
    p.add_argument("--user", default=None, help="who you are (until the login dialog lands)")
    p.add_argument("--lang", choices=("en", "zh_CN"), default=None)
    p.add_argument("--screenshot", metavar="PATH", help="save the window as PNG once loaded; exit")
    p.add_argument(
        "--after",
        type=float,
        default=0.5,
        metavar="SECONDS",
        help="with --screenshot: wait this long after the data has loaded",
    )
    p.add_argument(
        "--self-test",
        action="store_true",
        help="import every Qt module, open the backend, report, exit 0 or 1",
    )
    return p.parse_args(argv)


def demo_database() -> str:
    """The demo database in the user's data folder, seeded on first use (about a minute)."""
    path = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "demo.sqlite3"
    url = f"sqlite:///{path}"
    if not path.exists():
        from .cli.admin import main as admin

        print("Preparing the demo data set (first start only, about a minute) ...", flush=True)
        tmp = path.with_suffix(".seeding.sqlite3")
        tmp.unlink(missing_ok=True)
        code = admin(
            ["--database", f"sqlite:///{tmp}", "seed", "--demo", "--password", DEMO_PASSWORD]
        )
        if code != 0:
            raise SystemExit(code)
        tmp.replace(path)  # only a complete demo database ever takes the real name
    return url


def self_test(args: argparse.Namespace) -> int:
    report: list[tuple[str, bool, str]] = []
    for module in (
        "QtCore",
        "QtGui",
        "QtWidgets",
        "QtNetwork",
        "QtWebChannel",
        "QtWebEngineCore",
        "QtWebEngineWidgets",
    ):
        try:
            __import__(f"PySide6.{module}")
            report.append((module, True, ""))
        except ImportError as exc:
            report.append((module, False, str(exc)))
    url = args.database or default_database_url()
    try:
        store = SqlStore(url)
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


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.self_test:
        return self_test(args)
    if sys.platform.startswith("linux") and os.geteuid() == 0:
        # QtWebEngine refuses to start as root unless its sandbox is off (maps need it)
        os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox")

    from PySide6.QtCore import QCoreApplication, QTimer
    from PySide6.QtWidgets import QApplication

    from .ui.i18n import install_translations
    from .ui.main_window import MainWindow

    url = demo_database() if args.demo else (args.database or default_database_url())
    store = SqlStore(url)
    if not store.is_initialised():
        if args.database or os.environ.get("DISPATCH_DATABASE_URL"):
            print(
                f"{url}: no schema; run `dispatch-admin --database URL db upgrade`", file=sys.stderr
            )
            return 2
        store.upgrade()  # the embedded default is our own file: set it up on first start
    QCoreApplication.setOrganizationName("DispatchConsole")
    QCoreApplication.setApplicationName("Dispatch Console")
    app = QApplication(sys.argv[:1])
    install_translations(app, args.lang)

    name = args.user or (DEMO_USER if args.demo else os.environ.get("USERNAME") or "agent")
    actor = Actor(name, role="agent")
    backend = Services(store.unit_of_work, store.feed, actor)
    extension = None
    if args.demo:
        user = backend.authenticate(DEMO_USER, DEMO_PASSWORD)
        actor = Actor(user.username, role=user.role.value, user_id=user.id)
        backend = Services(store.unit_of_work, store.feed, actor)
        extension = user.extension
    label = (
        f"SQLite · {Path(store.engine.url.database or '').name}"
        if store.dialect == "sqlite"
        else f"PostgreSQL · {store.engine.url.host}"
    )
    window = MainWindow(backend, actor, label, extension=extension)
    window.show()
    window.start()
    if args.demo and not args.screenshot:
        _simulate_activity(window, store, QTimer)
    if args.screenshot:
        _screenshot_when_loaded(window, Path(args.screenshot), args.after, QTimer, app)
    code = app.exec()
    window.shutdown()
    store.close()
    return code


def _simulate_activity(window, store, qtimer) -> None:  # type: ignore[no-untyped-def]
    """The demo lives: every few seconds the simulator does some work as other people would."""
    from .seed.live import DemoActivity

    activity = DemoActivity(Services(store.unit_of_work, store.feed, Actor("simulator", "admin")))
    timer = qtimer(window)
    timer.setInterval(DEMO_TICK_MS)
    timer.timeout.connect(lambda: window.runner.run(activity.tick, lambda _done: None))
    timer.start()


def _screenshot_when_loaded(window, path, after, qtimer, app) -> None:  # type: ignore[no-untyped-def]
    started = time.monotonic()

    def shoot(_rows: int = 0) -> None:
        window.model.loaded.disconnect(shoot)
        qtimer.singleShot(int(after * 1000), save)

    def save() -> None:
        ok = window.grab().save(str(path))
        print(
            f"screenshot {'saved to' if ok else 'FAILED:'} {path} "
            f"({time.monotonic() - started:.1f} s)"
        )
        app.exit(0 if ok else 1)

    window.model.loaded.connect(shoot)
    qtimer.singleShot(SCREENSHOT_TIMEOUT_S * 1000, lambda: app.exit(3))


if __name__ == "__main__":
    sys.exit(main())
