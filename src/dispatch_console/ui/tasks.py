"""Background work for the GUI: every backend call runs on a pool thread, results come back as
queued signals on the GUI thread. Slots never block, and never start threads of their own.

Every call names its receiver, the QObject whose widgets the callbacks touch: a window closed
while its call was in flight is gone by the time the answer comes back, and touching its labels
would raise "Internal C++ object already deleted". Results and errors for a receiver that no
longer exists are dropped (and logged) instead of delivered."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, Signal
from shiboken6 import isValid

log = logging.getLogger(__name__)


class _Relay(QObject):
    """Lives on the GUI thread; the worker emits, Qt queues the call back to the GUI thread.
    No Qt parent: a dialog that owned the runner may be gone while the worker still emits."""

    finished = Signal(object, object)  # result, error


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.fn = fn
        self.relay = relay

    def run(self) -> None:
        try:
            result = self.fn()
        except Exception as exc:
            self.relay.finished.emit(None, exc)
        else:
            self.relay.finished.emit(result, None)


# Python owns the jobs (not the pool's autoDelete): PySide wrappers outliving a C++ object the pool
# deleted crash later, e.g. when an exception's traceback keeps the frame alive. They are held
# here, not by their runner, so that a runner deleted with its dialog does not take them along.
_pending: set[_Job] = set()


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
        self.destroyed.connect(partial(_outlive, self._pool, self._relays))

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
        relay = _Relay()
        relays, pool = self._relays, self._pool
        relays.add(relay)
        job = _Job(fn, relay)
        job.setAutoDelete(False)
        _pending.add(job)

        def finished(result: Any, error: Exception | None) -> None:
            _pending.discard(job)
            relay.deleteLater()
            relays.discard(relay)
            runner_alive = isValid(self)
            if runner_alive:
                self.busy_changed.emit(len(relays))
            elif not relays and isValid(pool):
                pool.deleteLater()  # the last answer of a closed dialog's runner is in
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
            elif runner_alive:
                self.failed.emit(error)
            else:
                log.warning("%s failed after its runner was closed: %r", _name(fn), error)

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


def _outlive(pool: QThreadPool, relays: set[_Relay], _runner: object = None) -> None:
    """The runner is being deleted (its dialog was closed): deleting a QThreadPool waits for its
    jobs, which would freeze the console until, say, a connection test times out. A pool with
    answers still to come moves to the application instead; the last answer deletes it."""
    app = QCoreApplication.instance()
    if relays and app is not None:
        pool.setParent(app)


def _name(fn: Callable[[], Any]) -> str:
    return getattr(fn, "__qualname__", None) or repr(fn)


def outstanding() -> int:
    """Answers not yet delivered, over every runner, including those of closed dialogs (tests)."""
    return len(_pending)
