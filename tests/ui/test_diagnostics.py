"""When something goes wrong on an agent's PC, support can tell what: the log file holds
uncaught errors from any thread, Qt's own warnings and a hard crash's stack; the error dialog
saves a zip of logs, self-test report and settings in which no password or token survives;
Help ▸ About names the version and what the console talks to."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

import pytest
from PySide6.QtCore import qInstallMessageHandler, qWarning
from pytestqt.qtbot import QtBot

from conftest import MemoryKeyring
from dispatch_console.app import crash, logs
from dispatch_console.app.diagnostics import scrub
from dispatch_console.config import ConnectionSettings, ConsoleSettings, Secrets
from dispatch_console.services import Services
from dispatch_console.ui.about import AboutDialog
from dispatch_console.ui.error_dialog import ErrorDialog
from dispatch_console.versions import VERSION

PG_PASSWORD = "Pg-Pa55-word-7"
AGENT_PASSWORD = "agent-pw-9911"
TOKEN = "tok_3f9c2a7e5b1d48c6a0e2f7b9d1c3e5a7"


def _log_text(tmp_path: Path) -> str:
    for handler in logging.getLogger().handlers:
        handler.flush()
    return (tmp_path / "logs" / "console.log").read_text(encoding="utf-8")


def test_uncaught_errors_on_any_thread_and_qt_warnings_reach_the_log(
    qtbot: QtBot, tmp_path: Path, own_hooks: None
) -> None:
    logs.set_up()
    shown: list[tuple[str, str]] = []
    logs.install_hooks(lambda what, detail: shown.append((what, detail)))
    try:
        raise ValueError("the queue model lost a row")
    except ValueError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    worker = threading.Thread(target=lambda: 1 / 0, name="photo-loader")
    worker.start()
    worker.join()
    previous = logs.install_qt_handler()
    try:
        qWarning("QObject::connect: No such signal Foo::bar()")
    finally:
        qInstallMessageHandler(previous)  # pytest-qt's own again
    text = _log_text(tmp_path)
    assert "CRITICAL" in text and "ValueError: the queue model lost a row" in text
    assert "unexpected error in thread photo-loader" in text and "ZeroDivisionError" in text
    assert "WARNING MainThread qt: QObject::connect: No such signal Foo::bar()" in text
    assert shown[0][0] == "ValueError: the queue model lost a row"
    assert "Traceback" in shown[0][1]


def test_a_hard_crash_leaves_its_stack_in_the_log_folder(tmp_path: Path) -> None:
    folder = tmp_path / "crash-logs"
    program = (
        "from dispatch_console.app import logs\n"
        "logs.set_up(); logs.install_hooks()\n"
        "import faulthandler; faulthandler._sigsegv()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", program], env={**os.environ, "DISPATCH_LOG_DIR": str(folder)},
        capture_output=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode != 0
    assert "Fatal Python error: Segmentation fault" in (folder / "crash.log").read_text()


def test_saved_diagnostics_hold_logs_report_and_settings_but_no_secret(
    qtbot: QtBot,
    tmp_path: Path,
    own_hooks: None,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings = ConsoleSettings(connection=ConnectionSettings(
        kind="postgresql", host="db.corp", user="dispatch", database="dispatch"))  # fmt: skip
    Secrets().set(settings.connection.secret_key or "", PG_PASSWORD)
    monkeypatch.setenv("DISPATCH_PASSWORD", AGENT_PASSWORD)
    monkeypatch.setenv("DISPATCH_DATABASE_URL", f"postgresql://dispatch:{PG_PASSWORD}@db.corp/d")
    logs.set_up()
    log = logging.getLogger("dispatch.test")
    log.error("cannot open postgresql://dispatch:%s@db.corp:5432/dispatch", PG_PASSWORD)
    log.error("request failed: Authorization: Bearer %s", TOKEN)
    log.error("sign-in as agent1 with password=%s refused", AGENT_PASSWORD)
    log.error("the secret was %s", PG_PASSWORD)  # said plainly: known from the keyring
    (tmp_path / "logs" / "self-test.txt").write_text("ok   map    page drawn\n")
    context = crash.Context(settings, Secrets(), "PostgreSQL · db.corp/dispatch")
    dialog = ErrorDialog("ValueError: boom", "Traceback ...", context.save)
    qtbot.addWidget(dialog)
    saved = dialog.save_to(tmp_path / "diagnostics.zip")
    assert saved is not None and dialog.save_button.text() == "Saved"
    with zipfile.ZipFile(saved) as zf:
        names = set(zf.namelist())
        everything = b"".join(zf.read(n) for n in names)
    assert {"logs/console.log", "logs/self-test.txt", "settings.json", "about.txt"} <= names
    assert "environment.txt" in names
    for secret in (PG_PASSWORD, AGENT_PASSWORD, TOKEN):
        assert secret.encode() not in everything, secret
    text = everything.decode()
    assert "cannot open postgresql://dispatch:********@db.corp" in text  # what failed, kept
    assert '"host": "db.corp"' in text and "page drawn" in text and VERSION in text


def test_scrubbing_hides_passwords_in_urls_assignments_and_tile_keys() -> None:
    said = scrub(
        "postgresql://u:p%40ss@h/db tile https://t.example/{z}?key=abc123&x=1 token: xyz "
        "ami://admin@pbx:5038"
    )
    assert "p%40ss" not in said and "abc123" not in said and "xyz" not in said
    assert "ami://admin@pbx:5038" in said  # no password in it: nothing to hide


def test_the_error_dialog_says_what_happened_and_offers_to_save(qtbot: QtBot) -> None:
    dialog = ErrorDialog("KeyError: 'ticket'", "Traceback (most recent call last): ...", None)
    qtbot.addWidget(dialog)
    assert dialog.what.text() == "KeyError: 'ticket'"
    assert "Traceback" in dialog.detail.toPlainText()
    assert not dialog.save_button.isEnabled()  # nothing to save with: not offered


def test_help_about_names_version_build_qt_and_the_backend(
    qtbot: QtBot, backend: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dispatch_console.ports import Actor
    from dispatch_console.ui.main_window import MainWindow

    window = MainWindow(backend, Actor("agent1", "agent"), "PostgreSQL · db.corp/dispatch")
    qtbot.addWidget(window)
    opened: list[AboutDialog] = []

    def keep(dialog: AboutDialog) -> int:
        opened.append(dialog)
        return 0

    monkeypatch.setattr(AboutDialog, "exec", keep)
    window.commands["about"].trigger()
    (about,) = opened
    values = {name: label.text() for name, label in about.values.items()}
    assert values["Version"] == f"{VERSION} (API 1)"
    assert values["Connected to"] == "PostgreSQL · db.corp/dispatch"
    assert values["Qt"].startswith("6.") and "PySide6" in values["Qt"]
    assert values["Python"].startswith(f"{sys.version_info.major}.{sys.version_info.minor}")
    assert values["Build"]
    window.close()


def test_the_console_answers_version(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "dispatch_console.app", "--version"], capture_output=True,
        text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 0 and done.stdout.strip() == f"dispatch-console {VERSION}"


def test_an_unexpected_error_shows_one_dialog_at_a_time_with_save(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[ErrorDialog] = []

    def keep(dialog: ErrorDialog) -> int:
        shown.append(dialog)
        crash_show("RuntimeError: again", "...")  # the same error, raised while it is open
        return 0

    monkeypatch.setattr(ErrorDialog, "exec", keep)
    context = crash.Context(ConsoleSettings(), Secrets(), "SQLite · dispatch.sqlite3")
    crash_show = crash.on_error(context)
    crash_show("RuntimeError: the map bridge is gone", "Traceback ...")
    (dialog,) = shown
    assert dialog.what.text() == "RuntimeError: the map bridge is gone"
    assert dialog.save_button.isEnabled()
