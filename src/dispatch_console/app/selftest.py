"""`--self-test`: can this installation run, here, for this user? Each check is what broke
before on someone's PC: a Qt module missing from the frozen folder, translations not loaded,
the map page not drawn, a keyring that refuses, the database or server (reachable, the right
schema or API version), the PBX. One line each, also written to self-test.txt in the log folder
(a windowed .exe has no console to print to); exit status 1 when any check fails.

`--show-settings`: the settings this PC gives the console, layer by layer merged (what IT set
in the installer included), without secrets; for IT and support."""

from __future__ import annotations

import importlib
import json
import logging
import os
import sys
import tempfile
import uuid
from pathlib import Path

from ..config import ConsoleSettings, Secrets
from ..storage.store import SqlStore, alembic_config
from ..versions import API_VERSION, VERSION, incompatibility
from . import logs, probes
from .diagnostics import REPORT_FILE

Check = tuple[str, bool, str]
log = logging.getLogger(__name__)

QT_MODULES = (  # every one the console imports (grep PySide6.Qt in src/)
    "QtCore",
    "QtGui",
    "QtWidgets",
    "QtNetwork",
    "QtCharts",
    "QtWebChannel",
    "QtWebEngineCore",
    "QtWebEngineWidgets",
)
MAP_NEEDS = set(QT_MODULES) - {"QtCharts"}  # what the translation and map checks load
PBX_KINDS = ("ami", "esl")


def self_test(
    url: str,
    *,
    own: bool = False,
    report_to: Path | None = None,
    settings: ConsoleSettings | None = None,
    secrets: Secrets | None = None,
    language: str | None = None,
    demo: bool = False,
) -> int:
    """`own`: `url` is the console's own embedded file, made at first start if missing.
    `demo`: `url` is the demo database, prepared at the first `--demo` start if missing.
    `report_to`: another file for the report, besides the log folder's. A database file that
    does not exist is reported, never created."""
    settings = settings or ConsoleSettings()
    secrets = secrets or Secrets()
    report = [_qt_module(m) for m in QT_MODULES]
    missing = {name for name, ok, _ in report if not ok}
    if missing & MAP_NEEDS:
        why = f"not checked: {', '.join(sorted(missing & MAP_NEEDS))} missing"
        report += [("translations", False, why), ("map", False, why)]
    else:
        report += _qt_checks(language or settings.language)
    report.append(keyring_check(secrets))
    report.append(_migrations())
    remote = url.startswith(("http://", "https://"))
    report.append(server_check(url) if remote else database_check(url, own, demo=demo))
    if settings.telephony.kind in PBX_KINDS:
        report.append(pbx_check(settings, secrets))
    lines = [f"{'ok  ' if ok else 'FAIL'} {name:20s} {detail}" for name, ok, detail in report]
    head = f"Dispatch Console {VERSION} (API {API_VERSION}) self-test"
    _tell("\n".join([head, *lines]), report_to)
    failed = [name for name, ok, _ in report if not ok]
    if failed:
        log.error("self-test failed: %s", ", ".join(failed))
    return 1 if failed else 0


def _tell(text: str, report_to: Path | None) -> None:
    if sys.stdout is not None:
        print(text)
    targets = [logs.log_dir() / REPORT_FILE, *([report_to] if report_to else [])]
    for target in targets:
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text + "\n", encoding="utf-8")
        except OSError as exc:
            log.error("cannot write the self-test report to %s: %s", target, exc)


def _qt_module(module: str) -> Check:
    try:
        importlib.import_module(f"PySide6.{module}")
    except ImportError as exc:
        return (module, False, f"{exc}; reinstall the console")
    return (module, True, "")


def _qt_checks(language: str | None) -> list[Check]:
    """Translations and the map, in a QApplication (made here when the caller has none)."""
    from PySide6.QtWidgets import QApplication

    from ..ui.map.scheme import register_scheme
    from .qt_checks import map_page, translations

    app = QApplication.instance()
    if app is None:
        if sys.platform.startswith("linux") and os.geteuid() == 0:
            os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox")
        register_scheme()
        app = QApplication(sys.argv[:1])
        logs.install_qt_handler()  # QtWebEngine's complaints belong in the log too
    assert isinstance(app, QApplication)
    return [translations(app, language), map_page()]


def keyring_check(secrets: Secrets) -> Check:
    """The backend's name; a test secret written, read back and deleted."""
    import keyring
    from keyring.errors import PasswordDeleteError, PasswordSetError

    try:
        backend = keyring.get_keyring()
        name = f"{type(backend).__module__}.{type(backend).__name__}"
        if not secrets.available():
            return ("keyring", True, f"{name}: none usable, passwords are asked, not remembered")
        key, value = f"self-test-{uuid.uuid4().hex[:8]}", uuid.uuid4().hex
        try:
            keyring.set_password(secrets.service, key, value)
        except PasswordSetError as exc:
            keyring.get_password(secrets.service, key)  # reading still works?
            return ("keyring", True, f"{name}: read-only ({exc}); new passwords are not saved")
        got = keyring.get_password(secrets.service, key)
        try:
            keyring.delete_password(secrets.service, key)
        except PasswordDeleteError as exc:
            return ("keyring", False, f"{name}: cannot delete a test secret: {exc}")
    except Exception as exc:
        return ("keyring", False, f"{probes.first_line(exc)}; ask IT to repair the password store")
    if got != value:
        return ("keyring", False, f"{name}: a test secret read back differently")
    return ("keyring", True, f"{name}: write, read, delete work")


def _migrations() -> Check:
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


def database_check(url: str, own: bool, *, demo: bool = False) -> Check:
    """Reachable, and its schema version against the one this console needs. A SQLite file
    that is not there is not opened: opening would leave an empty file behind, which the
    console and dispatch-admin would then take for a database without tables."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    absent = _absent_sqlite_file(url)
    if absent is not None:
        if own:
            return ("database", True, "this user's own database, made at first start")
        if demo:
            return ("database", True, f"the demo database, prepared at the first --demo start "
                    f"({absent})")  # fmt: skip
        return ("database", False, f"SQLite · {absent}: no such file (nothing was created); "
                "dispatch-admin db upgrade makes one")  # fmt: skip
    try:
        store = SqlStore(url, connect_timeout=5)
    except Exception as exc:
        return ("database", False, probes.first_line(exc))
    try:
        name = probes.describe(store)
        if not store.is_initialised():
            if own:  # the console sets up its own file the first time it starts
                return ("database", True, "this user's own database, made at first start")
            return ("database", False, f"{name}: no schema: run dispatch-admin db upgrade")
        head = ScriptDirectory.from_config(
            alembic_config(store.url, store.engine)
        ).get_current_head()
        with store.engine.connect() as conn:
            current = MigrationContext.configure(conn).get_current_revision()
        last = store.feed.last_id()
    except Exception as exc:
        return ("database", False, f"{probes.first_line(exc)}; check the address and that it runs")
    finally:
        store.close()
    if current != head:
        fix = "this user's own: the console upgrades it" if own else "run dispatch-admin db upgrade"
        return ("database", own, f"{name}: schema {current}, this version needs {head}: {fix}")
    return ("database", True, f"{name}, schema {current}, last event {last}")


def _absent_sqlite_file(url: str) -> Path | None:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):  # the check that opens it says what is wrong with it
        return None
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    path = Path(parsed.database)
    return None if path.exists() else path


def server_check(url: str) -> Check:
    """Reachable, and an API version this console speaks."""
    from ..rest.client import ServerSignIn
    from ..rest.errors import ServerError, ServerUnreachable

    try:
        server = ServerSignIn(url)
        server.healthy()
        theirs, api = server.versions()
    except (ServerUnreachable, ServerError) as exc:
        return ("server", False, str(exc))
    problem = incompatibility(url, theirs, api)
    if problem:
        return ("server", False, problem)
    return ("server", True, f"{url} answers: version {theirs}, API {api}")


def pbx_check(settings: ConsoleSettings, secrets: Secrets) -> Check:
    """Connect and log in, within probes.TIMEOUT_S."""
    t = settings.telephony
    outcome = probes.telephony(t, secrets.get(t.secret_key) or "")
    where = f"{t.kind}://{t.host}:{t.effective_port}"
    return ("pbx", outcome.ok, f"{where}: {outcome.message or 'logged in'}")


def show_settings(settings: ConsoleSettings, report_to: Path | None = None) -> int:
    text = json.dumps(settings.model_dump(mode="json"), indent=2, ensure_ascii=False)
    print(text)
    if report_to is not None:
        report_to.write_text(text + "\n", encoding="utf-8")
    return 0
