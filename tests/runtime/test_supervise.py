"""A long-lived loop killed by an unexpected exception is logged with its traceback, reported
down, run again after a backoff and reported up; one that returns is left finished."""

from __future__ import annotations

import asyncio
import logging
import threading

import pytest

from dispatch_console.runtime.supervise import LoopState, Supervisor

WAIT_S = 10.0


class Dies:
    """A loop that raises on its first `fail` runs, then runs until stopped."""

    def __init__(self, fail: int) -> None:
        self.fail, self.runs = fail, 0
        self.running = threading.Event()

    def __call__(self, stop: threading.Event) -> None:
        self.runs += 1
        if self.runs <= self.fail:
            raise KeyError(f"a bug on run {self.runs}")
        self.running.set()
        stop.wait()


def test_a_loop_that_dies_is_logged_reported_and_runs_again(
    caplog: pytest.LogCaptureFixture,
) -> None:
    seen: list[LoopState] = []
    loops = Supervisor(seen.append, first_s=0.01, max_s=0.05)
    loop = Dies(fail=3)
    with caplog.at_level(logging.WARNING):
        stop = loops.start("sla-watch", loop)
        assert loop.running.wait(WAIT_S)
    [state] = loops.states()
    assert state == LoopState(
        "sla-watch", running=True, restarts=3, error="KeyError: 'a bug on run 3'"
    )
    downs = [s for s in seen if not s.running]
    assert [s.error for s in downs] == [f"KeyError: 'a bug on run {n}'" for n in (1, 2, 3)]
    assert [s.retry_in_s for s in downs] == [0.01, 0.02, 0.04]  # backoff, doubling
    assert [s.restarts for s in seen if s.running] == [0, 1, 2, 3]
    failures = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(failures) == 3 and all(r.exc_info for r in failures)  # with the traceback
    assert "sla-watch stopped unexpectedly" in failures[0].getMessage()
    assert "sla-watch running again (restart 3)" in caplog.text
    stop.set()


def test_backoff_is_capped_and_starts_over_after_a_calm_run() -> None:
    seen: list[LoopState] = []
    loops = Supervisor(seen.append, first_s=0.01, max_s=0.02, calm_s=0.0)
    loop = Dies(fail=4)
    stop = loops.start("notify", loop)
    assert loop.running.wait(WAIT_S)
    stop.set()
    assert [s.retry_in_s for s in seen if not s.running] == [0.01] * 4  # every run was "calm"
    capped: list[LoopState] = []
    other = Dies(fail=4)
    stop = Supervisor(capped.append, first_s=0.01, max_s=0.02).start("pbx", other)
    assert other.running.wait(WAIT_S)
    stop.set()
    assert [s.retry_in_s for s in capped if not s.running] == [0.01, 0.02, 0.02, 0.02]


def test_a_loop_that_returns_is_finished_and_forgotten() -> None:
    loops = Supervisor(first_s=0.01)
    ran: list[int] = []
    stop = threading.Event()
    loops.run("purge-request-keys", lambda _stop: ran.append(1), stop)
    assert ran == [1] and loops.states() == []


def test_a_stop_during_the_backoff_ends_it_without_a_restart() -> None:
    loops = Supervisor(first_s=60.0)
    stop = threading.Event()
    loop = Dies(fail=1)
    done = threading.Thread(target=loops.run, args=("event-hub", loop, stop))
    done.start()
    while not loops.states() or loops.states()[0].running:  # the first run failed
        stop.wait(0.001)
    stop.set()
    done.join(WAIT_S)
    assert not done.is_alive() and loop.runs == 1


def test_a_failing_report_does_not_take_the_loop_down(caplog: pytest.LogCaptureFixture) -> None:
    def broken(_state: LoopState) -> None:
        raise RuntimeError("the status bar is gone")

    loop = Dies(fail=1)
    stop = Supervisor(broken, first_s=0.01).start("live-updates", loop)
    assert loop.running.wait(WAIT_S)
    stop.set()
    assert "reporting live-updates's state failed" in caplog.text


def test_a_task_that_dies_runs_again_and_a_cancel_ends_it() -> None:
    seen: list[LoopState] = []
    loops = Supervisor(seen.append, first_s=0.01)
    runs: list[int] = []

    async def follow() -> None:
        runs.append(1)
        if len(runs) < 3:
            raise ValueError("a message no version of the server sends")
        await asyncio.Event().wait()  # until cancelled

    async def scenario() -> None:
        task = asyncio.ensure_future(loops.run_async("live-updates", follow))
        while len(runs) < 3:
            await asyncio.sleep(0.005)
        assert loops.states()[0].restarts == 2 and loops.states()[0].running
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(scenario())
    assert [s.running for s in seen] == [True, False, True, False, True]
    assert loops.states() == []
