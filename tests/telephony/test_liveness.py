"""Connections that notice they are dead: a PBX that stops answering (a firewall or NAT box that
dropped the connection without a word) is asked for an answer, dropped and dialled again; one
that answers is left alone; reconnects are spread out with jitter."""

from __future__ import annotations

import threading
import time

import pytest

from dispatch_console.domain.call_events import CallEvent
from dispatch_console.telephony.sources import AmiSource, EslSource, PbxSource, jittered
from dispatch_console.telephony.status import Status

from .peers import FakeAmi, FakeEsl, FakePeer, Script
from .test_ami import call

QUICK = {"ping_every_s": 0.2, "answer_within_s": 0.3, "max_backoff_s": 0.1}


def _watch(source: PbxSource, until: threading.Event, limit_s: float = 10) -> list[Status]:
    """Run the source until `until` is set (or the limit); every status it reported."""
    status: list[Status] = []
    stop = threading.Event()

    def on_status(s: str) -> None:
        assert isinstance(s, Status)
        status.append(s)

    def on_event(_: CallEvent) -> None:
        pass

    worker = threading.Thread(target=source.run, args=(on_event, stop, on_status))
    worker.start()
    until.wait(limit_s)
    stop.set()
    worker.join(5)
    assert not worker.is_alive()
    return status


def _connections(peer: FakePeer, n: int) -> threading.Event:
    reached = threading.Event()

    def poll() -> None:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and peer.connections < n:
            time.sleep(0.02)
        reached.set()

    threading.Thread(target=poll, daemon=True).start()
    return reached


@pytest.mark.parametrize(
    ("make_peer", "make_source"),
    [
        (FakeAmi, lambda port: AmiSource("127.0.0.1", port, "console", "s3cret", **QUICK)),
        (FakeEsl, lambda port: EslSource("127.0.0.1", port, "", "ClueCon", **QUICK)),
    ],
    ids=["ami", "esl"],
)
def test_a_pbx_that_stops_answering_is_dropped_and_dialled_again(make_peer, make_source) -> None:  # type: ignore[no-untyped-def]
    peer = make_peer([Script(silent=True), Script()])
    source = make_source(peer.port)
    status = _watch(source, _connections(peer, 2))
    peer.close()
    states = [s.state for s in status]
    assert states[:2] == ["connected", "silent"], status
    assert "connected" in states[2:]  # the second connection logged in again
    assert "no answer from the PBX" in status[1]


@pytest.mark.parametrize(
    ("make_peer", "make_source", "ping"),
    [
        (FakeAmi, lambda port: AmiSource("127.0.0.1", port, "console", "s3cret", **QUICK),
         b"Action: Ping"),
        (FakeEsl, lambda port: EslSource("127.0.0.1", port, "", "ClueCon", **QUICK),
         b"api uptime"),
    ],
    ids=["ami", "esl"],
)  # fmt: skip
def test_a_pbx_that_answers_is_pinged_and_kept(make_peer, make_source, ping) -> None:  # type: ignore[no-untyped-def]
    peer = make_peer([Script()])
    source = make_source(peer.port)
    pinged = threading.Event()

    def poll() -> None:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if sum(ping in chunk for chunk in list(peer.received)) >= 4:
                break
            time.sleep(0.02)
        pinged.set()

    threading.Thread(target=poll, daemon=True).start()
    status = _watch(source, pinged)
    peer.close()
    assert sum(ping in chunk for chunk in peer.received) >= 4  # idle: asked every 0.2 s
    assert [s.state for s in status] == ["connected"]  # ... and never dropped
    assert peer.connections == 1


def test_calls_keep_flowing_on_a_connection_that_is_pinged() -> None:
    stop = threading.Event()
    got: list[CallEvent] = []
    peer = FakeAmi([Script([call()])])
    source = AmiSource("127.0.0.1", peer.port, "console", "s3cret", **QUICK)

    def on_event(e: CallEvent) -> None:
        got.append(e)
        if e.kind == "ended":
            stop.set()

    worker = threading.Thread(target=source.run, args=(on_event, stop, lambda s: None))
    worker.start()
    worker.join(10)
    stop.set()
    peer.close()
    assert [e.kind for e in got] == ["offered", "answered", "ended"]


def test_a_pbx_that_accepts_but_never_speaks_is_reported_silent() -> None:
    """A wrong port (some other service that waits for us to talk first)."""
    import socket

    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]
    seen = threading.Event()
    status: list[Status] = []
    stop = threading.Event()

    def on_status(s: str) -> None:
        assert isinstance(s, Status)
        status.append(s)
        if s.state == "silent":
            stop.set()

    source = AmiSource("127.0.0.1", port, "console", "s3cret", **QUICK)
    worker = threading.Thread(target=source.run, args=(lambda e: None, stop, on_status))
    worker.start()
    conn, _ = server.accept()
    seen.set()
    worker.join(10)
    stop.set()
    conn.close()
    server.close()
    assert status and status[0].state == "silent"


def test_reconnect_pauses_are_jittered_between_half_and_all_of_the_backoff() -> None:
    pauses = [jittered(8.0) for _ in range(200)]
    assert all(4.0 <= p <= 8.0 for p in pauses)
    assert len({round(p, 3) for p in pauses}) > 150  # spread out, not one instant for all
    assert max(pauses) - min(pauses) > 2.0
