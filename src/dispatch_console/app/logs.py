"""The console's log: the shared set-up (runtime/logs.py, one rotating console.log per user),
plus what only the console has: uncaught exceptions on any thread, Qt's own messages and, after a
hard crash, faulthandler's stack dump.

A frozen Windows build has no console: this file, and the dialogs, are all a user or support
ever sees of a failure."""

from __future__ import annotations

import faulthandler
import logging
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import IO

from ..runtime import logs as shared
from ..runtime.logs import LOG_DIR_ENV, log_dir, log_files

__all__ = ["LOG_DIR_ENV", "install_hooks", "install_qt_handler", "log_dir", "log_files", "set_up"]

PROGRAM = "console"
LOG_FILE = f"{PROGRAM}.log"
FAULT_FILE = "crash.log"  # faulthandler writes to a raw descriptor: its own file

log = logging.getLogger(__name__)
_kept: dict[str, IO[str]] = {}  # crash.log, open for the process's life: a crash writes into it
OnError = Callable[[str, str], None]  # what happened (one line), the traceback


def set_up(level: int = logging.INFO) -> Path | None:
    """The shared set-up (runtime/logs.py) as console.log; warnings on stderr when there is one;
    None when the folder cannot be written: the console still starts."""
    return shared.set_up(PROGRAM, level=level)


def install_hooks(on_error: OnError | None = None) -> None:
    """Uncaught exceptions (GUI thread and others) are logged, and on the GUI thread shown
    through `on_error`; a hard crash (access violation in Qt, a dead thread) leaves its stack
    in crash.log."""

    def excepthook(
        kind: type[BaseException], value: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, value, tb)
            return
        log.critical("unexpected error", exc_info=(kind, value, tb))
        if on_error is not None:
            import traceback

            detail = "".join(traceback.format_exception(kind, value, tb))
            try:
                on_error(f"{kind.__name__}: {value}", detail)
            except Exception:  # the dialog itself failed: the log has the first error
                log.exception("could not show the error dialog")

    def thread_hook(info: threading.ExceptHookArgs) -> None:
        name = info.thread.name if info.thread is not None else "?"
        log.critical(
            "unexpected error in thread %s", name,
            exc_info=(info.exc_type, info.exc_value, info.exc_traceback),  # type: ignore[arg-type]
        )  # fmt: skip

    sys.excepthook = excepthook
    threading.excepthook = thread_hook
    path = log_dir() / FAULT_FILE
    try:
        if str(path) not in _kept:
            path.parent.mkdir(parents=True, exist_ok=True)
            _kept[str(path)] = path.open("a", encoding="utf-8")
        faulthandler.enable(file=_kept[str(path)], all_threads=True)
    except OSError as exc:  # set_up() has said so already
        log.warning("no crash log in %s: %s", path.parent, exc)


def install_qt_handler() -> object:
    """Qt's warnings (a bad signal connection, a missing plugin, a shader that failed) into the
    log, at the matching level."""
    from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

    qt = logging.getLogger("qt")
    levels = {
        QtMsgType.QtDebugMsg: logging.DEBUG,
        QtMsgType.QtInfoMsg: logging.INFO,
        QtMsgType.QtWarningMsg: logging.WARNING,
        QtMsgType.QtCriticalMsg: logging.ERROR,
        QtMsgType.QtFatalMsg: logging.CRITICAL,
    }

    def handler(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
        where = f" ({context.file}:{context.line})" if context.file else ""
        qt.log(levels.get(kind, logging.WARNING), "%s%s", message, where)

    return qInstallMessageHandler(handler)  # the one before (tests put it back)
