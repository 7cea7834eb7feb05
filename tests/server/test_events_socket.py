"""Live events over the server's WebSocket: a console that reconnects with the last id it saw
misses nothing and gets nothing twice; a socket without a valid token is closed."""

from __future__ import annotations

import time
from contextlib import ExitStack

import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from conftest import FakeClock, RestServer
from dispatch_console.domain.errors import TooManyAttempts
from dispatch_console.ports import Actor
from dispatch_console.server.streams import PER_USER, StreamLimits


def test_a_reconnecting_console_misses_nothing_and_gets_nothing_twice(
    rest_server: RestServer, clock: FakeClock
) -> None:
    writer = rest_server.fresh(Actor("alice", "agent"), clock)
    follower = writer.as_actor(Actor("bob", "agent"))
    start = writer.last_event_id()
    writer.create_customer("A", ["13800000001"])
    first = follower.wait_for_events(start, timeout=5)
    assert [e.entity for e in first] == ["customer"]

    follower.close()  # the network drops; meanwhile three more changes
    for n in range(3):
        writer.create_customer(f"B{n}", [f"1380000001{n}"])
    again = follower.wait_for_events(first[-1].id, timeout=5)  # reconnects from where it was
    more = []
    while len(again) + len(more) < 3:
        more += follower.wait_for_events((more or again)[-1].id, timeout=5)
    ids = [e.id for e in again + more]
    assert len(ids) == 3 and len(set(ids)) == 3 and min(ids) == first[-1].id + 1

    started = time.monotonic()
    writer.create_customer("C", ["13800000020"])
    live = follower.wait_for_events(ids[-1], timeout=5)
    assert [e.entity_id for e in live] and time.monotonic() - started < 2.0
    assert follower.wait_for_events(live[-1].id, timeout=0.3) == []  # nothing doubled


def test_a_socket_without_a_valid_token_is_closed(
    rest_server: RestServer, clock: FakeClock
) -> None:
    rest_server.fresh(Actor("alice", "agent"), clock)
    url = rest_server.url.replace("http", "ws") + "/api/v1/events?after=0&token=forged"
    with connect(url, open_timeout=5) as socket, pytest.raises(ConnectionClosed) as refused:
        socket.recv(timeout=5)
    assert refused.value.rcvd is not None and refused.value.rcvd.code == 4401


def test_one_user_holds_only_a_few_streams_and_long_polls_are_capped(
    rest_server: RestServer, clock: FakeClock
) -> None:
    """A runaway client (or a leaked token) cannot take every worker of the server: one user
    gets eight streams at once; the ninth is refused in words, and a closed one frees a place."""
    desk = rest_server.fresh(Actor("stream-cap", "agent"), clock)  # nobody else's sockets count
    url = rest_server.url.replace("http", "ws") + "/api/v1/events?after=0"
    headers = {"Authorization": f"Bearer {desk.token}"}
    with ExitStack() as held:
        sockets = [
            held.enter_context(connect(url, additional_headers=headers, open_timeout=5))
            for _ in range(PER_USER)
        ]
        for s in sockets:  # each is caught up (nothing to send) and stays open
            with pytest.raises(TimeoutError):
                s.recv(timeout=0.2)
        with pytest.raises(TooManyAttempts, match="event streams"):
            desk.wait_for_events(0, timeout=0.5)
        sockets[0].close()
        deadline = time.monotonic() + 10
        while True:  # the server notices the closed socket shortly after
            try:
                assert desk.wait_for_events(0, timeout=0.2) == []
                break
            except TooManyAttempts:
                assert time.monotonic() < deadline


def test_long_polls_are_capped_per_process() -> None:
    limits = StreamLimits(per_user=8, long_polls=2)
    with limits.hold("a", long_poll=True), limits.hold("b", long_poll=True):
        with pytest.raises(TooManyAttempts, match="long polls"), limits.hold("c", long_poll=True):
            pass
        with limits.hold("c"):  # a stream is not a long poll
            pass
    with limits.hold("c", long_poll=True):  # places are given back
        pass
