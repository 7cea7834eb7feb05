"""The work that must run once across every worker process and every instance on one database:
the SLA scan, the PBX connection, the notification sender, the purges of old outcomes and counts.

Every server process is a candidate. The one holding the leader lock (storage/leader.py) runs
the work; the others try again every few seconds, so when the leader dies a standby takes over
within about `RETRY_S`. A leader that finds its lock gone (its database session ended) stops the
work at once: the new leader starts it again from the database, which holds all the state."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass

from ..runtime.supervise import Supervisor
from ..storage.leader import LeaderLock

log = logging.getLogger(__name__)
RETRY_S = 2.0  # how often a standby tries to take over, and a leader checks it still leads

Stop = threading.Event
Start = Callable[[], Stop | None]  # starts one piece of work; None when it has nothing to do


@dataclass(frozen=True)
class Task:
    name: str
    start: Start


class RunOnce:
    """`start()` on the server's start-up, `stop()` at its end; `leading` says which it is."""

    def __init__(
        self,
        lock: LeaderLock,
        tasks: list[Task],
        retry_s: float = RETRY_S,
        supervisor: Supervisor | None = None,
    ) -> None:
        self._supervisor = supervisor or Supervisor()
        self._lock = lock
        self._tasks = tasks
        self._retry_s = retry_s
        self._stop = threading.Event()
        self._running: list[Stop] = []
        self._thread: threading.Thread | None = None
        self.leading = False

    def start(self) -> None:
        self._thread = threading.Thread(
            target=self._supervisor.run, args=("run-once", self._run, self._stop),
            name="run-once", daemon=True,
        )  # fmt: skip
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(self._retry_s + 5)
        self._step_down()
        self._lock.close()

    def _run(self, stop: threading.Event) -> None:
        while not stop.is_set():
            try:
                if not self.leading and self._lock.try_acquire():
                    self._lead()
                elif self.leading and not self._lock.still_held():
                    log.warning("process %d lost the leader lock: stopping %s", os.getpid(),
                                self._names())  # fmt: skip
                    self._step_down()
            except Exception:  # a task that fails to start must not end the election
                log.exception("the once-only work failed to start; trying again")
                self._step_down()
                self._lock.release()
            stop.wait(self._retry_s)

    def _lead(self) -> None:
        self.leading = True
        if self._lock.shared:
            log.warning("process %d leads: it runs %s", os.getpid(), self._names())
        for task in self._tasks:
            stop = task.start()
            if stop is not None:
                self._running.append(stop)

    def _step_down(self) -> None:
        self.leading = False
        running, self._running = self._running, []
        for stop in running:
            stop.set()

    def _names(self) -> str:
        return ", ".join(t.name for t in self._tasks) or "nothing"
