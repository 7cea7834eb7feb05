"""The queue follows other consoles' changes at the cost of the changes (issue 20): rows are placed
where a search would put them, selection stays, the console's own echo costs nothing, and a
search that is needed comes soon however busy the feed is, never two at a time."""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QElapsedTimer, QItemSelectionModel, QTimer
from pytestqt.qtbot import QtBot

from dispatch_console.domain.tickets import TicketDraft
from dispatch_console.ports import Actor, TicketQuery
from dispatch_console.rest.client import RestBackend
from dispatch_console.services import Services
from dispatch_console.storage.store import SqlStore
from dispatch_console.ui.main_window import MainWindow
from server.processes import ServerProcess

from .conftest import SERVER_PASSWORD, open_tickets


class Counting:
    """The backend, counting each use case called and how many searches ran at once."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner
        self.calls: Counter[str] = Counter()
        self.searching = 0
        self.most_at_once = 0
        self._lock = threading.Lock()

    def __getattr__(self, name: str) -> Any:
        target = getattr(self._inner, name)
        if not callable(target) or name == "event_batches":
            return target

        def counted(*args: Any, **kwargs: Any) -> Any:
            with self._lock:
                self.calls[name] += 1
                if name == "search_tickets":
                    self.searching += 1
                    self.most_at_once = max(self.most_at_once, self.searching)
            try:
                return target(*args, **kwargs)
            finally:
                if name == "search_tickets":
                    with self._lock:
                        self.searching -= 1

        return counted


def shown(window: MainWindow) -> list[int]:
    return [window.model.row_at(r).ticket.id for r in range(window.model.rowCount())]


def fresh(backend: Services, window: MainWindow) -> list[int]:
    query = replace(window.model.query, limit=window.model.rowCount() or 1, cursor=None)
    return [r.ticket.id for r in backend.search_tickets(query).items]


def started(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.model.loaded, timeout=10000):
        window.start()


def test_other_consoles_changes_are_placed_without_searching_again(
    qtbot: QtBot, backend: Services, store: SqlStore
) -> None:
    ids = open_tickets(backend, 30)
    counting = Counting(backend)
    window = MainWindow(counting, backend.actor, "test")  # type: ignore[arg-type]
    started(qtbot, window)
    qtbot.waitUntil(window.follower.isRunning, timeout=5000)
    selected = shown(window)[5]
    window.queue.table.selectionModel().setCurrentIndex(
        window.model.index(5, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    searches = counting.calls["search_tickets"]

    other = Services(store.unit_of_work, store.feed, Actor("bob", "agent"))
    first, last = other.get_ticket(shown(window)[0]), other.get_ticket(shown(window)[-1])
    other.update_ticket(last.id, last.version, priority="critical")  # climbs the queue
    other.transition(first.id, first.version, "cancelled", "duplicate")  # leaves it
    newcomer = open_tickets(other, 1)[0]  # joins it
    qtbot.waitUntil(
        lambda: newcomer in shown(window) and first.id not in shown(window), timeout=5000
    )
    qtbot.waitUntil(lambda: shown(window) == fresh(backend, window), timeout=5000)

    assert counting.calls["search_tickets"] == searches  # placed, not searched again
    # the rows came with the feed's events, read on the feed's connection: no call at all
    assert counting.calls["ticket_rows"] == 0
    assert counting.calls["wait_for_changes"] >= 1
    current = window.queue.table.selectionModel().currentIndex()
    assert window.model.row_at(current.row()).ticket.id == selected  # the agent's place kept
    assert len(ids) == 30
    window.shutdown()


def test_the_consoles_own_change_is_read_once_not_again_from_its_echo(
    qtbot: QtBot, backend: Services
) -> None:
    open_tickets(backend, 3)
    counting = Counting(backend)
    window = MainWindow(counting, backend.actor, "test")  # type: ignore[arg-type]
    started(qtbot, window)
    qtbot.waitUntil(window.follower.isRunning, timeout=5000)
    searches = counting.calls["search_tickets"]
    ticket = backend.get_ticket(shown(window)[1])
    changed = backend.update_ticket(ticket.id, ticket.version, priority="critical")
    window._ticket_changed(changed.id)  # as the form does when its save returns
    qtbot.waitUntil(lambda: shown(window)[0] == changed.id, timeout=5000)
    echo = backend.last_event_id()
    qtbot.waitUntil(lambda: window.follower.last_id >= echo, timeout=5000)
    assert window.live.idle  # nothing read nor searched because of the echo
    assert counting.calls["ticket_rows"] == 1
    assert counting.calls["search_tickets"] == searches
    window.shutdown()


def test_a_busy_feed_never_postpones_a_needed_search_nor_runs_two(
    qtbot: QtBot, backend: Services
) -> None:
    """A name in the search box: rows cannot say whether they match, so changes need a search.
    Changes every 50 ms used to restart the wait each time (no refresh for as long as they came)."""
    open_tickets(backend, 5)
    counting = Counting(backend)
    window = MainWindow(counting, backend.actor, "test")  # type: ignore[arg-type]
    started(qtbot, window)
    with qtbot.waitSignal(window.model.loaded, timeout=5000):
        window.model.set_query(TicketQuery(text="Customer", sort="newest"))
    before = counting.calls["search_tickets"]
    ticket_id = shown(window)[0] if shown(window) else 1
    pings = QTimer(interval=50)
    pings.timeout.connect(lambda: window.live.changed([ticket_id]))
    clock = QElapsedTimer()
    clock.start()
    pings.start()
    with qtbot.waitSignal(window.model.loaded, timeout=5000):
        pass
    waited = clock.elapsed()
    qtbot.waitUntil(lambda: counting.calls["search_tickets"] >= before + 3, timeout=5000)
    pings.stop()
    assert waited < 1000, f"the first refresh came after {waited} ms"
    assert counting.most_at_once == 1
    window.shutdown()


def test_through_the_server_the_rows_come_with_the_events(
    qtbot: QtBot, server: ServerProcess, qt_loop: object
) -> None:
    rest, _ = RestBackend.sign_in(server.url, "boss", SERVER_PASSWORD)
    for n in range(7):
        rest.create_ticket(TicketDraft("phone", "printer", "normal", f"paper jam {n}"))
    counting = Counting(rest.as_backend())
    window = MainWindow(counting, rest.actor, "test", server=rest)  # type: ignore[arg-type]
    started(qtbot, window)
    qtbot.waitUntil(lambda: window.connection.text() == "online", timeout=10000)
    searches = counting.calls["search_tickets"]
    brought: list[int] = []  # rows the stream delivered with its events
    window.follower.tickets.connect(lambda rows: brought.extend(r.ticket.id for r in rows))

    other, _ = RestBackend.sign_in(server.url, "boss", SERVER_PASSWORD)
    moved = other.get_ticket(shown(window)[-1])
    other.update_ticket(moved.id, moved.version, priority="critical")
    added = other.create_ticket(TicketDraft("phone", "printer", "critical", "no power"))
    qtbot.waitUntil(lambda: shown(window)[:2] == [added.id, moved.id] or
                    shown(window)[:2] == [moved.id, added.id], timeout=10000)  # fmt: skip
    assert shown(window) == [r.ticket.id for r in other.search_tickets(
        replace(window.model.query, limit=50)).items]  # fmt: skip
    assert counting.calls["search_tickets"] == searches
    # the server sends the rows with its live batches, also when the socket's catch-up read part
    # of the batch or a rolled-back append left a hole in the ids (that took the rows away in
    # about 1 run in 6 before); only events the catch-up itself read (the change landing as the
    # console connects) come without, and the console then reads those rows once: never a
    # search, never more than one read
    assert counting.calls["ticket_rows"] <= 1
    assert brought or counting.calls["ticket_rows"] == 1
    window.shutdown()
    other.close()
    rest.close()


def test_placing_rows_keeps_the_model_consistent_for_every_view(
    qtbot: QtBot, backend: Services, store: SqlStore, qtmodeltester: Any
) -> None:
    """Qt's model tester checks each insert, move and remove against the rows it sees."""
    import random

    from dispatch_console.ui.tasks import TaskRunner
    from dispatch_console.ui.tickets.queue_model import TicketQueueModel

    ids = open_tickets(backend, 40)
    runner = TaskRunner()
    model = TicketQueueModel(backend, runner, parent=runner)
    with qtbot.waitSignal(model.loaded, timeout=5000):
        model.set_query(TicketQuery(open_only=True, sort="priority"))
    qtmodeltester.check(model, force_py=True)
    rng = random.Random(7)
    priorities = ["critical", "high", "normal", "low"]
    for _ in range(30):
        ticket = backend.get_ticket(rng.choice(ids))
        if rng.random() < 0.2:
            backend.transition(ticket.id, ticket.version, "cancelled", "test")
        elif ticket.status.value == "new":
            backend.update_ticket(ticket.id, ticket.version, priority=rng.choice(priorities))
        assert model.place(backend.ticket_rows([ticket.id]), [])
        shown_ids = [model.row_at(r).ticket.id for r in range(model.rowCount())]
        query = replace(model.query, limit=max(1, model.rowCount()))
        assert shown_ids == [r.ticket.id for r in backend.search_tickets(query).items]
    assert runner.wait()
