"""Start-up problems told to the agent: in a message box with what to do (a frozen console has
no stderr anyone reads), and in the log and on stderr for scripts and support. Unattended runs
(--screenshot, --self-test) get no box: nobody would close it."""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from ..config import user_settings_file
from ..versions import VERSION
from . import logs

FATAL = 2  # the exit status of a start-up the agent cannot get past


def tell(problem: str, fix: str, *, gui: bool, fatal: bool = True) -> int:
    """Logs, prints and (with `gui`) shows the problem; FATAL, or 0 when the console goes on."""
    logs.log.log(40 if fatal else 30, "start-up: %s (fix: %s)", problem, fix)
    if sys.stderr is not None:
        print(f"{problem}\n  {fix}", file=sys.stderr)
    if gui:
        try:
            _show(problem, fix, fatal)
        except Exception:  # Qt itself is what is broken: the log and stderr have it
            logs.log.exception("could not show the start-up problem")
    return FATAL if fatal else 0


def _show(problem: str, fix: str, fatal: bool) -> None:
    from ..ui.error_dialog import startup_box
    from ..ui.i18n import install_translations

    app = QApplication.instance()
    if app is None:  # the settings failed before the console made its application
        app = QApplication(sys.argv[:1])
        assert isinstance(app, QApplication)
        install_translations(app, None)  # the system's language: ours is what failed
    startup_box(problem, fix, str(logs.log_dir() / logs.LOG_FILE), fatal=fatal).exec()


def bad_settings(problem: str) -> str:
    """What to do about a settings file, an installer value or a variable the console refused."""
    if "language" in problem:
        where = "DISPATCH_LANGUAGE" if "DISPATCH_LANGUAGE" in os.environ else "language"
        return QCoreApplication.translate(
            "startup",
            "The language must be en, zh_CN or system (Chinese is written zh_CN, not zh-CN). "
            "Correct %1 in the settings file or the environment.",
        ).replace("%1", where)
    return QCoreApplication.translate(
        "startup",
        "Correct the setting named above (the file is plain text: open it with Notepad), or "
        "rename %1 to start again from the defaults. A machine-wide file or an installer value "
        "is IT's: ask them.",
    ).replace("%1", str(user_settings_file()))


def refused(kind: str) -> str:
    """What to do when the database or server cannot be used: unreachable, its schema, or a
    server this console cannot work with."""
    if kind == "version":
        return QCoreApplication.translate(
            "startup",
            "Ask your administrator for the installer that matches the server; until then this "
            "console cannot work with it.",
        )
    if kind == "schema":
        return QCoreApplication.translate(
            "startup",
            "Your administrator sets up or updates the database (the command is named above); "
            "then start the console again.",
        )
    return unreachable()


def unreachable() -> str:
    return QCoreApplication.translate(
        "startup",
        "Check that the database or server is running and that its address is right "
        "(File ▸ Settings on a working console, or the installer's values); if it is, ask your "
        "administrator.",
    )


def missing_translation() -> str:
    return QCoreApplication.translate(
        "startup",
        "The console continues in English. Reinstall Dispatch Console %1 to get the "
        "translation back.",
    ).replace("%1", VERSION)


def broken_keyring() -> str:
    return QCoreApplication.translate(
        "startup",
        "Passwords will be asked for and not remembered. Ask IT to repair the password store "
        "(Windows Credential Manager, or the Secret Service on Linux).",
    )


def sign_in_failed() -> str:
    return QCoreApplication.translate(
        "startup", "Check the user name and password, or ask your administrator."
    )


def check_translations(app: QApplication, language: str | None, *, gui: bool) -> bool:
    """Installs the translations; when the language asked for did not load, says so (the console
    goes on in English). False then."""
    from .qt_checks import translations

    name, ok, detail = translations(app, language)
    if not ok:
        tell(f"{name}: {detail}", missing_translation(), gui=gui, fatal=False)
    return ok
