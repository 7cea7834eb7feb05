"""Background work for the GUI: every backend call runs on a pool thread, results come back as
queued signals on the GUI thread. Slots never block, and never start threads of their own.

Every call names its receiver, the QObject whose widgets the callbacks touch: a window closed
while its call was in flight is gone by the time the answer comes back, and touching its labels
would raise "Internal C++ object already deleted". Results and errors for a receiver that no
longer exists are dropped (and logged) instead of delivered."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from shiboken6 import isValid

log = logging.getLogger(__name__)


class _Relay(QObject):
    """Lives on the GUI thread; the worker emits, Qt queues the call back to the GUI thread."""

    finished = Signal(object, object)  # result, error


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._fn = fn
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._fn()
        except Exception as exc:
            self._relay.finished.emit(None, exc)
        else:
            self._relay.finished.emit(result, None)


class TaskRunner(QObject):
    """Runs callables off the GUI thread.

    Signals:
        busy_changed(int): number of tasks in flight, for a busy indicator.
        failed(object): an exception no caller handled (the status bar shows it).
    """

    busy_changed = Signal(int)
    failed = Signal(object)

    def __init__(self, parent: QObject | None = None, threads: int = 4) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(threads)
        self._relays: set[_Relay] = set()
        self._jobs: set[_Job] = set()

    def run(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None] | None = None,
        *,
        receiver: QObject,
    ) -> None:
        """Runs fn on a pool thread; on_done(result) or on_error(exc) then runs on the GUI thread,
        but only while receiver still exists. Without on_error, errors go to `failed`."""
        relay = _Relay(self)
        self._relays.add(relay)
        # Python owns the job (not the pool's autoDelete): PySide wrappers outliving a C++ object
        # the pool deleted crash later, e.g. when an exception's traceback keeps the frame alive.
        job = _Job(fn, relay)
        job.setAutoDelete(False)
        self._jobs.add(job)

        def finished(result: Any, error: Exception | None) -> None:
            self._jobs.discard(job)
            self._relays.discard(relay)
            relay.deleteLater()
            self.busy_changed.emit(len(self._relays))
            if not isValid(receiver):
                # its window was closed: nobody is left to show this to
                if error is None:
                    log.debug("result of %s dropped: its receiver is gone", _name(fn))
                else:
                    log.debug("error of %s dropped: its receiver is gone: %r", _name(fn), error)
                return
            if error is None:
                on_done(result)
            elif on_error is not None:
                on_error(error)
            else:
                self.failed.emit(error)

        relay.finished.connect(finished)
        self.busy_changed.emit(len(self._relays))
        self._pool.start(job)

    @property
    def in_flight(self) -> int:
        """Tasks started whose results have not been delivered yet."""
        return len(self._relays)

    def wait(self, msecs: int = 5000) -> bool:
        """Wait for running tasks (shutdown and tests only, never from a slot)."""
        return self._pool.waitForDone(msecs)


class Latest:
    """One lookup at a time: a newer request makes older results stale, and they are dropped.
    Results reach the receiver only while it exists (see TaskRunner.run)."""

    def __init__(self, runner: TaskRunner, receiver: QObject) -> None:
        self._runner = runner
        self._receiver = receiver
        self._generation = 0

    def run(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None] | None = None,
    ) -> None:
        self._generation += 1
        mine = self._generation

        def done(result: Any) -> None:
            if mine == self._generation:
                on_done(result)

        def error(exc: Exception) -> None:
            if mine == self._generation and on_error is not None:
                on_error(exc)

        self._runner.run(fn, done, error, receiver=self._receiver)

    def cancel(self) -> None:
        self._generation += 1


def _name(fn: Callable[[], Any]) -> str:
    return getattr(fn, "__qualname__", None) or repr(fn)
