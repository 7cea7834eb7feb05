"""Long-lived loops that never die quietly: the event followers, the PBX connection, the SLA scan,
the notification sender, the server's event hub and its once-only work.

Each loop handles the failures it expects (a database that restarts, a PBX that hangs up) at its
own pace. Anything else escaping it is a bug or a surprise: the supervisor logs it with its
traceback, reports the loop as down to whoever watches (the console's status bar, the server's
/healthz), waits (1 s, 2 s, 4 s ... at most 60 s; back to 1 s after a calm minute) and runs it
again, reporting it up. A loop that returns has finished and is not run again.

One `Supervisor` per program, passed to whatever starts loops; `states()` is what it knows."""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace

log = logging.getLogger(__name__)

FIRST_S = 1.0
MAX_S = 60.0
CALM_S = 60.0  # a loop that ran this long before failing starts its backoff over


@dataclass(frozen=True)
class LoopState:
    """`running` is False between a failure and the restart; `error` names the last failure."""

    name: str
    running: bool
    restarts: int = 0
    error: str = ""
    retry_in_s: float = 0.0


Report = Callable[[LoopState], None]
Loop = Callable[[threading.Event], None]  # runs until the event is set


def one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


class Supervisor:
    """Runs loops again when they fail, with backoff, and tells `report` each change (from the
    loop's own thread: a GUI hands it to its thread with a queued signal)."""

    def __init__(
        self,
        report: Report | None = None,
        *,
        first_s: float = FIRST_S,
        max_s: float = MAX_S,
        calm_s: float = CALM_S,
    ) -> None:
        self._report = report
        self.first_s, self.max_s, self.calm_s = first_s, max_s, calm_s
        self._states: dict[str, LoopState] = {}
        self._lock = threading.Lock()

    def states(self) -> list[LoopState]:
        with self._lock:
            return sorted(self._states.values(), key=lambda s: s.name)

    # --- threads ---------------------------------------------------------------------------
    def start(self, name: str, loop: Loop, stop: threading.Event | None = None) -> threading.Event:
        """`loop(stop)` on a daemon thread of its own, kept running; returns the stop event."""
        stop = stop or threading.Event()
        threading.Thread(target=self.run, args=(name, loop, stop), name=name, daemon=True).start()
        return stop

    def run(self, name: str, loop: Loop, stop: threading.Event) -> None:
        """`loop(stop)` in this thread until it returns or `stop` is set."""
        delay = self.first_s
        self._set(LoopState(name, running=True))
        while not stop.is_set():
            began = time.monotonic()
            try:
                loop(stop)
                break
            except Exception as exc:
                delay = self._failed(name, exc, delay, time.monotonic() - began)
            if stop.wait(delay):
                break
            self._restarted(name)
            delay = min(delay * 2, self.max_s)
        self._forget(name)

    # --- asyncio tasks ---------------------------------------------------------------------
    async def run_async(self, name: str, make: Callable[[], Awaitable[None]]) -> None:
        """`await make()` until it returns or the task is cancelled, the same way."""
        delay = self.first_s
        self._set(LoopState(name, running=True))
        try:
            while True:
                began = time.monotonic()
                try:
                    await make()
                    return
                except Exception as exc:
                    delay = self._failed(name, exc, delay, time.monotonic() - began)
                await asyncio.sleep(delay)
                self._restarted(name)
                delay = min(delay * 2, self.max_s)
        finally:
            self._forget(name)

    # --- bookkeeping -----------------------------------------------------------------------
    def _failed(self, name: str, exc: Exception, delay: float, ran_s: float) -> float:
        delay = self.first_s if ran_s >= self.calm_s else delay
        log.error("%s stopped unexpectedly; running it again in %g s", name, delay, exc_info=exc)
        with self._lock:
            state = self._states.get(name, LoopState(name, running=True))
        self._set(replace(state, running=False, error=one_line(exc), retry_in_s=delay))
        return delay

    def _restarted(self, name: str) -> None:
        with self._lock:
            state = self._states.get(name, LoopState(name, running=False))
        log.warning("%s running again (restart %d)", name, state.restarts + 1)
        self._set(replace(state, running=True, restarts=state.restarts + 1, retry_in_s=0.0))

    def _set(self, state: LoopState) -> None:
        with self._lock:
            self._states[state.name] = state
        if self._report is not None:
            try:
                self._report(state)
            except Exception:  # whoever watches must not take the loop down with it
                log.exception("reporting %s's state failed", state.name)

    def _forget(self, name: str) -> None:
        with self._lock:
            self._states.pop(name, None)
