"""One logging set-up for every program of ours: the console, dispatch-server and dispatch-admin
each write a rotating file of their own (console.log, server.log, admin.log) in one folder, in
one line format, with customers' phone numbers and e-mail addresses masked (logmask), so that
whatever a user sends us reads the same. Modules log through `logging.getLogger(__name__)`.

The folder is the user's log folder (%LOCALAPPDATA%\\DispatchConsole\\Logs on Windows,
~/.local/state/DispatchConsole/log on Linux), or $DISPATCH_LOG_DIR. Several server processes
(`--workers`) share server.log; each line carries its process id."""

from __future__ import annotations

import logging
import logging.handlers
import os
import sys
from pathlib import Path

import platformdirs

from . import logmask

APP_NAME = "DispatchConsole"  # the folder's name, as config.model names the data folder
LOG_DIR_ENV = "DISPATCH_LOG_DIR"  # tests and portable installs point it elsewhere
MAX_BYTES = 1_000_000
KEEP = 5  # console.log.1 ... console.log.5
FORMAT = "%(asctime)s [%(process)d] %(levelname)-7s %(threadName)s %(name)s: %(message)s"
MARK = "dispatch_console"  # our handlers carry it: a second set-up replaces, never doubles


def log_dir() -> Path:
    return Path(os.environ.get(LOG_DIR_ENV) or platformdirs.user_log_dir(APP_NAME, appauthor=False))


def set_up(
    program: str, *, stderr_level: int = logging.WARNING, level: int = logging.INFO
) -> Path | None:
    """`level` and above into `<program>.log`, `stderr_level` and above on stderr (when there is
    one: a windowed .exe has none); returns the file, or None when the folder cannot be written
    (a read-only profile, a service account without a home): the program still runs."""
    logmask.install()
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, MARK, False):
            root.removeHandler(handler)
            handler.close()
    handlers: list[logging.Handler] = []
    path: Path | None = log_dir() / f"{program}.log"
    try:
        assert path is not None
        path.parent.mkdir(parents=True, exist_ok=True)
        handlers.append(
            logging.handlers.RotatingFileHandler(
                path, maxBytes=MAX_BYTES, backupCount=KEEP, encoding="utf-8"
            )
        )
        handlers[-1].setLevel(level)
    except OSError as exc:
        if sys.stderr is not None:
            print(f"no log file in {log_dir()}: {exc}", file=sys.stderr)
        path = None
    if sys.stderr is not None:
        stream = _Stderr()
        stream.setLevel(stderr_level)
        handlers.append(stream)
    for handler in handlers:
        handler.setFormatter(logging.Formatter(FORMAT))
        setattr(handler, MARK, True)
        root.addHandler(handler)
    root.setLevel(min(level, stderr_level))
    return path


class _Stderr(logging.StreamHandler):  # type: ignore[type-arg]
    """Whatever sys.stderr is when a record is written (a test's capture, a redirect made after
    the set-up), never a stream that has since been closed."""

    @property
    def stream(self) -> object:
        return sys.stderr

    @stream.setter
    def stream(self, _value: object) -> None:
        pass  # StreamHandler's own assignment: the property always answers sys.stderr


def log_files() -> list[Path]:
    folder = log_dir()
    return sorted(p for p in folder.glob("*") if p.is_file()) if folder.exists() else []
