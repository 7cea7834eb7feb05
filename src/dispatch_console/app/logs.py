"""The console's log: one rotating file per user (platformdirs' log folder, %LOCALAPPDATA%\\
DispatchConsole\\Logs on Windows), written by our loggers, uncaught exceptions on any thread, Qt's
own messages and, after a hard crash, faulthandler's stack dump.

A frozen Windows build has no console: this file, and the dialogs, are all a user or support
ever sees of a failure."""

from __future__ import annotations

import faulthandler
import logging
import logging.handlers
import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import IO

import platformdirs

from ..config.model import APP_NAME

LOG_DIR_ENV = "DISPATCH_LOG_DIR"  # tests and portable installs point it elsewhere
LOG_FILE = "console.log"
FAULT_FILE = "crash.log"  # faulthandler writes to a raw descriptor: its own file
MAX_BYTES = 1_000_000
KEEP = 5  # console.log.1 ... console.log.5
FORMAT = "%(asctime)s %(levelname)-7s %(threadName)s %(name)s: %(message)s"

log = logging.getLogger("dispatch.console")
_kept: dict[str, IO[str]] = {}  # crash.log, open for the process's life: a crash writes into it
OnError = Callable[[str, str], None]  # what happened (one line), the traceback


def log_dir() -> Path:
    return Path(os.environ.get(LOG_DIR_ENV) or platformdirs.user_log_dir(APP_NAME, appauthor=False))


def set_up(level: int = logging.INFO) -> Path | None:
    """Log to the user's file (and to stderr when there is one); returns the file, or None when
    the folder cannot be written (a read-only profile): the console still starts."""
    path: Path | None = log_dir() / LOG_FILE
    root = logging.getLogger()
    for handler in list(root.handlers):  # a second call (tests) replaces, never doubles
        if getattr(handler, "dispatch_console", False):
            root.removeHandler(handler)
            handler.close()
    handlers: list[logging.Handler] = []
    try:
        assert path is not None
        path.parent.mkdir(parents=True, exist_ok=True)
        handlers.append(
            logging.handlers.RotatingFileHandler(
                path, maxBytes=MAX_BYTES, backupCount=KEEP, encoding="utf-8"
            )
        )
    except OSError as exc:
        if sys.stderr is not None:
            print(f"no log file in {log_dir()}: {exc}", file=sys.stderr)
        path = None
    if sys.stderr is not None:  # None in a windowed .exe
        stream = logging.StreamHandler(sys.stderr)
        stream.setLevel(logging.WARNING)  # the terminal keeps its old quiet
        handlers.append(stream)
    for handler in handlers:
        handler.setFormatter(logging.Formatter(FORMAT))
        handler.dispatch_console = True  # type: ignore[attr-defined]
        root.addHandler(handler)
    root.setLevel(min(root.level or level, level))
    return path


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


def log_files() -> list[Path]:
    folder = log_dir()
    return sorted(p for p in folder.glob("*") if p.is_file()) if folder.exists() else []
