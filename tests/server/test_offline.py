"""The server dies in the middle of a console session. The console keeps what is safe to keep
(notes, callback outcomes, work log, check-ins) on the PC, sends it in order once the server is
back, and nothing is lost or doubled: not a write whose answer was lost, not an event."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import requests

from dispatch_console.domain.errors import ValidationError
from dispatch_console.domain.tickets import TicketDraft
from dispatch_console.ports import Actor
from dispatch_console.rest.client import RestBackend
from dispatch_console.rest.delivery import GIVE_UP_AFTER
from dispatch_console.rest.errors import Queued, ServerUnreachable
from dispatch_console.rest.pending_writes import PendingWrites
from dispatch_console.server.main import SettableClock
from dispatch_console.services import Services
from dispatch_console.storage.store import SqlStore

from .processes import ServerProcess

PASSWORD = "correct horse 1"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ServerProcess]:
    url = f"sqlite:///{tmp_path / 'site.sqlite3'}"
    store = SqlStore(url)
    store.upgrade()
    Services(store.unit_of_work, store.feed, Actor("setup", "admin")).create_first_admin(
        "boss", "Boss", PASSWORD
    )
    store.close()
    process = ServerProcess(url, tmp_path / "server.log").start()
    yield process
    process.stop()


@pytest.fixture
def console(server: ServerProcess, tmp_path: Path) -> Iterator[RestBackend]:
    backend, _ = RestBackend.sign_in(server.url, "boss", PASSWORD)
    backend.pending_writes = PendingWrites(tmp_path / "pending_writes.sqlite3")
    yield backend
    backend.close()


def _ticket(backend: RestBackend) -> int:
    b = backend.as_backend()
    customer = b.create_customer("Li Lei", ["13812345678"])
    return b.create_ticket(TicketDraft("phone", "printer", "normal", "jam", customer.id)).id


def test_writes_made_while_the_server_is_down_arrive_once_in_order(
    server: ServerProcess, console: RestBackend
) -> None:
    b = console.as_backend()
    ticket_id = _ticket(console)
    callback = b.schedule_callback(
        "13812345678", datetime.now(UTC) - timedelta(minutes=1), ticket_id=ticket_id
    )
    b.add_comment(ticket_id, "before")
    after = b.last_event_id()
    server.kill()

    with pytest.raises(Queued):
        b.add_comment(ticket_id, "while down 1")
    with pytest.raises(Queued):
        b.record_callback(callback.id, callback.version, "reached", satisfaction=5,
                          problem_fixed=True, comment="happy")  # fmt: skip
    with pytest.raises(Queued):
        b.add_comment(ticket_id, "while down 2")
    with pytest.raises(ServerUnreachable) as not_queued:  # not safe to keep: the agent is told
        b.get_ticket(ticket_id)
    assert not isinstance(not_queued.value, Queued)
    assert console.flush_pending_writes().waiting == 3  # still away: nothing sent, nothing dropped

    back_at = datetime.now(UTC)
    server.start()  # same address, same database
    flushed = console.flush_pending_writes()
    assert (flushed.sent, flushed.refused, flushed.waiting) == (3, 0, 0)
    assert console.pending_writes is not None and console.pending_writes.items() == []
    history = b.ticket_history(ticket_id)
    assert [c.body for c in history.comments] == ["before", "while down 1", "while down 2"]
    assert all(c.created_at < back_at for c in history.comments)  # dated when written
    assert [cb.outcome.value if cb.outcome else None for cb in history.callbacks] == ["reached"]
    assert history.callbacks[0].satisfaction == 5

    seen = []  # a console following the feed from before the crash: each change once
    while len(seen) < 3:
        batch = b.wait_for_events(seen[-1].id if seen else after, timeout=10)
        assert batch, "the feed stopped before the kept changes arrived"
        seen += batch
    ids = [e.id for e in seen]
    assert len(ids) == len(set(ids)) and ids == sorted(ids)

    b.add_comment(ticket_id, "back to normal")  # online again: straight through
    assert len(b.ticket_history(ticket_id).comments) == 4


def test_a_write_whose_answer_was_lost_is_not_done_again(
    server: ServerProcess, console: RestBackend
) -> None:
    """The server took the note and died before answering; the console kept it and sends it
    again with the same key: the server answers from its record instead of adding it twice."""
    ticket_id = _ticket(console)
    body = {"body": "only once", "visibility": "internal"}
    path = f"/tickets/{ticket_id}/comments"
    answered = requests.post(
        server.url + "/api/v1" + path, json=body, timeout=10,
        headers={"Authorization": f"Bearer {console.token}", "Idempotency-Key": "lost-1"},
    )  # fmt: skip
    assert answered.ok  # ...but the console never read it
    assert console.pending_writes is not None
    console.pending_writes.put("lost-1", "add_comment", "POST", path, body)
    server.kill()
    server.start()
    assert console.flush_pending_writes().sent == 1
    assert [c.body for c in console.as_backend().ticket_history(ticket_id).comments] == [
        "only once"
    ]


def test_a_kept_write_the_server_refuses_stays_with_the_reason(
    server: ServerProcess, console: RestBackend
) -> None:
    """Someone else recorded the callback meanwhile: the kept outcome is refused, not lost; the
    agent's words stay on the PC with the reason, and later writes still go."""
    b = console.as_backend()
    ticket_id = _ticket(console)
    callback = b.schedule_callback(
        "13812345678", datetime.now(UTC) - timedelta(minutes=1), ticket_id=ticket_id
    )
    server.kill()
    with pytest.raises(Queued):
        b.record_callback(
            callback.id, callback.version, "reached", satisfaction=1, problem_fixed=False,
            comment="still broken, says the printer",
        )  # fmt: skip
    with pytest.raises(Queued):
        b.add_comment(ticket_id, "after the callback")
    server.start()
    colleague, _ = RestBackend.sign_in(server.url, "boss", PASSWORD)  # another desk, first
    colleague.as_backend().record_callback(callback.id, callback.version, "no_answer")
    colleague.close()
    flushed = console.flush_pending_writes()
    assert (flushed.sent, flushed.refused, flushed.waiting) == (1, 1, 0)
    assert console.pending_writes is not None
    [kept] = console.pending_writes.items()
    assert kept.refused is not None and "conflict" in kept.refused
    assert kept.text == "still broken, says the printer"
    assert [c.body for c in b.ticket_history(ticket_id).comments][-1] == "after the callback"
    console.pending_writes.discard(kept.key)
    assert console.pending_writes.items() == []


def test_refusals_that_mean_not_now_keep_the_write_queued(
    server: ServerProcess, console: RestBackend
) -> None:
    """Signed out meanwhile (token revoked or expired): the kept note waits for a new sign-in
    instead of being marked refused; invalid input is refused at once, never queued."""
    b = console.as_backend()
    ticket_id = _ticket(console)
    server.kill()
    with pytest.raises(Queued):
        b.add_comment(ticket_id, "kept through a sign-out")
    server.start()
    console.sign_out()
    assert console.flush_pending_writes().waiting == 1
    again, _ = RestBackend.sign_in(server.url, "boss", PASSWORD)
    again.pending_writes = console.pending_writes
    try:
        assert again.flush_pending_writes().sent == 1
        with pytest.raises(ValidationError):
            again.as_backend().add_comment(ticket_id, "   ")
        assert again.pending_writes is not None and again.pending_writes.items() == []
    finally:
        again.close()


def test_a_write_whose_server_died_mid_request_is_taken_over_later(
    server: ServerProcess, console: RestBackend, tmp_path: Path
) -> None:
    """The server claimed the key and died before finishing: the claim is abandoned, not
    'in progress' for ever; a retry after two minutes does the write, once."""
    ticket_id = _ticket(console)
    store = SqlStore(server.database)
    try:
        past = SettableClock(datetime.now(UTC) - timedelta(minutes=10))
        boss = Services(store.unit_of_work, store.feed, Actor("boss", "admin"), clock=past)
        assert boss.claim_request_key("died-1", "add_comment") is None  # and never finished
    finally:
        store.close()
    assert console.pending_writes is not None
    path = f"/tickets/{ticket_id}/comments"
    console.pending_writes.put("died-1", "add_comment", "POST", path, {"body": "after all"})
    assert console.flush_pending_writes().sent == 1
    assert [c.body for c in console.as_backend().ticket_history(ticket_id).comments] == [
        "after all"
    ]


def test_a_write_the_server_cannot_take_does_not_block_the_ones_after_it(
    server: ServerProcess, console: RestBackend
) -> None:
    """Something the server keeps answering with an error (here: a route that is gone after an
    upgrade) is tried a few times, then kept as refused; what came after it is delivered."""
    b = console.as_backend()
    ticket_id = _ticket(console)
    assert console.pending_writes is not None
    console.pending_writes.put("gone-1", "add_comment", "POST", "/no/such/route", {"body": "lost?"})
    with pytest.raises(Queued) as kept:  # behind it, and said so
        b.add_comment(ticket_id, "behind it")
    assert kept.value.because == "server_error"
    for _ in range(GIVE_UP_AFTER):
        console.flush_pending_writes()
    items = console.pending_writes.items()
    assert [(i.key, i.refused is not None) for i in items] == [("gone-1", True)]
    assert items[0].text == "lost?"  # the agent can still copy it
    assert [c.body for c in b.ticket_history(ticket_id).comments] == ["behind it"]


def test_a_write_answered_503_waits_on_this_pc_however_often_it_is_tried(
    tmp_path: Path,
) -> None:
    """A server whose database is away answers 503: the console keeps the write for as long as
    that lasts (it used to give up after five answers that were not a refusal); a 500 still
    ends, kept as refused, after five."""
    from dispatch_console.rest.delivery import GIVE_UP_AFTER, flush
    from dispatch_console.rest.errors import ServerError
    from dispatch_console.rest.pending_writes import PendingWrites

    writes = PendingWrites(tmp_path / "pending_writes.sqlite3")
    writes.put("k-503", "create_customer", "POST", "/customers", {"name": "Li"})

    def unavailable(*_args: object, **_kwargs: object) -> object:
        raise ServerError(503, '{"code": "unavailable"}')

    for _ in range(GIVE_UP_AFTER * 3):
        with writes.flushing:
            result, _answers, _refusal = flush(writes, unavailable)
        assert result.stopped == "unreachable"
    assert [item.key for item in writes.waiting()] == ["k-503"]

    def broken(*_args: object, **_kwargs: object) -> object:
        raise ServerError(500, "Internal Server Error")

    for _ in range(GIVE_UP_AFTER + 1):
        with writes.flushing:
            flush(writes, broken)
    assert writes.waiting() == []  # kept as refused, shown to the agent
