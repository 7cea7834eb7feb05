"""The console's long-lived loops (live updates on a thread or on the Qt loop, the PBX
connection) survive a bug: the status bar says which stopped and why, the loop runs again, and
the agent is told it is back."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

from pytestqt.qtbot import QtBot

from dispatch_console.domain.tickets import TicketDraft
from dispatch_console.ports import FeedBatch
from dispatch_console.runtime.supervise import LoopState
from dispatch_console.services import Services
from dispatch_console.telephony.status import PbxState, Status
from dispatch_console.ui.calls.pbx import PbxConnection
from dispatch_console.ui.feed import StreamFollower
from dispatch_console.ui.main_window import MainWindow

from .conftest import open_tickets


class BadFirstBatch:
    """The real backend, but its first wait brings something no backend sends."""

    def __init__(self, backend: Services) -> None:
        self._backend = backend
        self.bad = True

    def wait_for_changes(self, after_id: int, timeout: float = 25.0) -> FeedBatch:
        if self.bad:
            self.bad = False
            return FeedBatch([object()])  # type: ignore[list-item]
        return self._backend.wait_for_changes(after_id, timeout)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._backend, name)


def _watch(window: MainWindow) -> list[tuple[LoopState, str, bool]]:
    """Each reported state with what the status bar's label showed for it."""
    seen: list[tuple[LoopState, str, bool]] = []
    label = window.loop_status
    label.shown.connect(lambda s: seen.append((s, label.text(), label.isVisibleTo(window))))
    return seen


def test_live_updates_on_a_thread_come_back_after_a_bug_and_the_agent_is_told(
    qtbot: QtBot, backend: Services
) -> None:
    open_tickets(backend, 1)
    feed = BadFirstBatch(backend)
    window = MainWindow(feed, backend.actor, "test")  # type: ignore[arg-type]
    qtbot.addWidget(window)
    window.loops.first_s = 0.05
    seen = _watch(window)
    with qtbot.waitSignal(window.model.loaded, timeout=5000):
        window.start()
    qtbot.waitUntil(lambda: any(s.restarts == 1 for s, _, _ in seen), timeout=10000)
    down = next((s, text, shown) for s, text, shown in seen if not s.running)
    assert down[0].name == "live-updates" and down[0].error.startswith("AttributeError")
    assert down[1] == "⚠ Restarting after an unexpected error: Live updates" and down[2]
    assert not window.loop_status.isVisibleTo(window)
    assert window.statusBar().currentMessage() == (
        "Live updates restarted after an unexpected error."
    )
    ticket = backend.create_ticket(TicketDraft("phone", "printer", "high", "jammed again"))
    qtbot.waitUntil(lambda: window.model.row_of(ticket.id) is not None, timeout=10000)
    window.shutdown()


class OddStream:
    """A server stream whose first connection sends a message no server version sends."""

    def __init__(self) -> None:
        self.connections = 0

    async def _batches(self) -> AsyncIterator[FeedBatch]:
        self.connections += 1
        if self.connections == 1:
            raise ValueError("events: expected a list")
        yield FeedBatch([])
        await asyncio.Event().wait()  # an open stream with nothing new

    def event_batches(self, after_id: int) -> AsyncIterator[FeedBatch]:
        return self._batches()


def test_live_updates_on_the_qt_loop_come_back_after_a_bug(qtbot: QtBot, qt_loop: object) -> None:
    from dispatch_console.runtime.supervise import Supervisor

    states: list[LoopState] = []
    stream = OddStream()
    follower = StreamFollower(stream, 0, Supervisor(states.append, first_s=0.01))
    online: list[bool] = []
    follower.online.connect(online.append)
    follower.start()
    qtbot.waitUntil(lambda: True in online, timeout=10000)
    assert online == [False, True] and stream.connections == 2  # offline while it restarted
    assert [(s.running, s.restarts) for s in states] == [(True, 0), (False, 0), (True, 1)]
    assert states[1].error == "ValueError: events: expected a list"
    follower.stop()


class BuggySource:
    """A PBX source with a bug in its first connection; the second connects."""

    def __init__(self) -> None:
        self.runs = 0

    async def serve(self, on_event: Any, on_status: Any) -> None:
        self.runs += 1
        if self.runs == 1:
            raise KeyError("Uniqueid")
        on_status(Status(PbxState.CONNECTED, "connected to a test PBX", "test PBX"))
        await asyncio.Event().wait()


def test_the_pbx_connection_comes_back_after_a_bug_and_the_status_bar_says_so(
    qtbot: QtBot, backend: Services, qt_loop: object
) -> None:
    window = MainWindow(backend, backend.actor, "test", extension="8001")
    qtbot.addWidget(window)
    window.loops.first_s = 0.05
    seen = _watch(window)
    source = BuggySource()
    pbx = PbxConnection(source, supervisor=window.loops)
    shown: list[str] = []
    pbx.status.connect(window.show_telephony_status)
    pbx.status.connect(lambda _s: shown.append(window.telephony_state.text()))
    pbx.start()
    qtbot.waitUntil(lambda: window.telephony_state.text() == "☎ PBX connected", timeout=10000)
    assert shown == ["☎ PBX disconnected, reconnecting", "☎ PBX connected"]
    assert [(s.name, s.running) for s, _, _ in seen] == [
        ("pbx", True),
        ("pbx", False),
        ("pbx", True),
    ]
    assert seen[1][1] == "⚠ Restarting after an unexpected error: PBX connection"
    assert seen[1][0].error == "KeyError: 'Uniqueid'"
    assert window.statusBar().currentMessage() == (
        "PBX connection restarted after an unexpected error."
    )
    pbx.stop()
    window.shutdown()


def test_every_pbx_state_has_words_and_the_english_line_is_never_read(
    qtbot: QtBot, backend: Services
) -> None:
    window = MainWindow(backend, backend.actor, "test")
    qtbot.addWidget(window)
    for state in PbxState:
        window.show_telephony_status(Status(state, "an English line nobody matches", ""))
        assert "English" not in window.telephony_state.text()
        assert window.telephony_state.toolTip() == "an English line nobody matches"
    window.shutdown()
