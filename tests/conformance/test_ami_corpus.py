"""Real AMI sessions published by other projects (tests/conformance/ami, see its README),
replayed at the real entry point: served over a loopback socket by the fake Asterisk in split
chunks, read by `AmiSource.run`, each CallEvent recorded through `record_call_event` on a
SQLite-backed Services, and the resulting call log checked as the desk sees it."""

from __future__ import annotations

import logging
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest

from dispatch_console.domain.call_events import CallEvent
from dispatch_console.ports import Actor
from dispatch_console.services import Services
from dispatch_console.storage.store import SqlStore
from dispatch_console.telephony.ami import AmiFramer, AmiTranslator
from dispatch_console.telephony.sources import AmiSource
from telephony.peers import FakeAmi, Script, split

CORPUS = Path(__file__).parent / "ami"


@dataclass(frozen=True)
class Logged:
    """One row of the call log: what an agent reads in the console's call list."""

    direction: str
    from_number: str
    to_number: str
    agent: str | None
    outcome: str
    cause: str | None


# what each session must produce; outbound calls nobody took are "failed" in the domain
# (CallOutcome has no "cancelled"): the cause says why in words
EXPECTED = {
    "freepbx-pjsip-internal-answered.ami": [
        Logged("outbound", "1986", "21", "1986", "answered", "Normal Clearing"),
    ],
    "freepbx-pjsip-internal-cancelled.ami": [
        Logged("outbound", "1986", "21", "1986", "failed", "cancelled"),
    ],
    "freepbx-pjsip-ringgroup-noanswer.ami": [
        Logged("outbound", "1986", "666", "1986", "failed", "no answer"),
    ],
    "chan-sip-outbound-trunk-answered.ami": [
        Logged("outbound", "9170", "9898", "9170", "answered", "Normal Clearing"),
    ],
    # VoIPGRID (cacofonisk): desk phones are SIP accounts named 1500100NN, the trunk is
    # voipgrid-siproute-docker; the agent is the SIP account (inbound, nothing else names them)
    "voipgrid-sip-inbound-queue-busy-then-answered.ami": [
        Logged(
            "inbound", "+31150010001", "+31150010004", "150010002", "answered", "Normal Clearing"
        ),
    ],
    # click-to-dial made by the PBX (Originate through Local channels): the agent's own call
    "voipgrid-sip-click-to-dial-answered.ami": [
        Logged("outbound", "150010001", "+31260010001", "150010001", "answered", "Normal Clearing"),
    ],
    "voipgrid-sip-click-to-dial-customer-busy.ami": [
        Logged("outbound", "150010001", "+31260010001", "150010001", "busy", "busy"),
    ],
    "voipgrid-sip-inbound-queue-answered-by-the-other-phone.ami": [
        Logged(
            "inbound", "+31150010001", "+31150010004", "150010002", "answered", "Normal Clearing"
        ),
    ],
    "voipgrid-sip-inbound-queue-caller-abandons.ami": [
        Logged("inbound", "+31150010001", "+31150010004", "150010002", "missed", "cancelled"),
    ],
    "voipgrid-sip-inbound-queue-blind-transfer.ami": [
        Logged(
            "inbound", "+31260010001", "+31150010001", "150010001", "answered", "Normal Clearing"
        ),
    ],
    # the consultation call is a call of its own: two rows, nothing left ringing
    "voipgrid-sip-inbound-queue-attended-transfer.ami": [
        Logged(
            "inbound", "+31260010001", "+31150010001", "150010001", "answered", "Normal Clearing"
        ),
        Logged("outbound", "150010001", "202", "150010001", "answered", "Normal Clearing"),
    ],
    "voipgrid-sip-internal-busy.ami": [
        Logged("outbound", "150010001", "202", "150010001", "busy", "busy"),
    ],
    "voipgrid-sip-internal-picked-up-elsewhere.ami": [
        Logged("outbound", "150010001", "202", "150010001", "answered", "Normal Clearing"),
    ],
    "voipgrid-sip-internal-blind-transfer.ami": [
        Logged("outbound", "150010001", "202", "150010001", "answered", "Normal Clearing"),
    ],
    "voipgrid-sip-internal-attended-transfer.ami": [
        Logged("outbound", "150010001", "202", "150010001", "answered", "Normal Clearing"),
        Logged("outbound", "150010001", "203", "150010001", "answered", "Normal Clearing"),
    ],
}


def test_every_corpus_file_has_an_expectation_and_a_readme_row() -> None:
    files = sorted(p.name for p in CORPUS.glob("*.ami"))
    assert files == sorted(EXPECTED)
    readme = (CORPUS / "README.md").read_text()
    for name in files:
        assert name in readme


@pytest.fixture
def services(sqlite_template: Path, tmp_path: Path) -> Services:
    path = tmp_path / "calls.sqlite3"
    shutil.copyfile(sqlite_template, path)
    store = SqlStore(f"sqlite:///{path}")
    yield Services(store.unit_of_work, store.feed, Actor("pbx", "admin"))  # type: ignore[misc]
    store.close()


def _replay(data: bytes, services: Services, calls: int, chunk: int = 97) -> list[CallEvent]:
    """Serve `data` after the login, in `chunk`-byte pieces, until `calls` calls ended."""
    peer = FakeAmi([Script(split(data, chunk))])
    got: list[CallEvent] = []
    stop = threading.Event()

    def on_event(event: CallEvent) -> None:
        got.append(event)
        services.record_call_event(
            event.kind, event.call_id, event.at, direction=event.direction,
            from_number=event.from_number, to_number=event.to_number,
            agent_extension=event.extension, cause=event.cause,
        )  # fmt: skip
        if sum(e.kind == "ended" for e in got) >= calls:
            stop.set()

    source = AmiSource("127.0.0.1", peer.port, "console", "s3cret", max_backoff_s=0.2)
    worker = threading.Thread(target=source.run, args=(on_event, stop, lambda _s: None))
    worker.start()
    try:
        stop.wait(10)
    finally:
        stop.set()
        worker.join(5)
        peer.close()
    assert peer.connections == 1  # nothing in a real session made us drop the connection
    return got


def _call_log(services: Services) -> list[Logged]:
    return [
        Logged(c.direction.value, c.from_number, c.to_number, c.agent_extension,
               c.outcome.value, c.end_cause)
        for c in reversed(services.list_calls())
    ]  # fmt: skip


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_real_session_gives_the_call_log_the_desk_expects(name: str, services: Services) -> None:
    data = (CORPUS / name).read_bytes()
    _replay(data, services, len(EXPECTED[name]))
    assert _call_log(services) == EXPECTED[name]
    # every call is over (nothing left ringing on a desk), and its duration can be told: an
    # answered call from its answer to its end, an unanswered one has no talk time (the
    # captures carry no timestamps, so the figures themselves are the replay's own)
    for call in services.list_calls():
        assert call.ended_at is not None
        if call.outcome.value == "answered":
            assert call.answered_at is not None and call.answered_at <= call.ended_at
        else:
            assert call.answered_at is None


def test_all_sessions_on_one_connection_in_one_byte_pieces(services: Services) -> None:
    names = sorted(EXPECTED)
    data = b"".join((CORPUS / n).read_bytes() for n in names)
    _replay(data, services, sum(len(EXPECTED[n]) for n in names), chunk=1)
    assert sorted(_call_log(services), key=repr) == sorted(
        [row for n in names for row in EXPECTED[n]], key=repr
    )


def test_bad_frames_are_logged_and_skipped_and_a_replay_records_nothing_twice(
    services: Services, caplog: pytest.LogCaptureFixture
) -> None:
    session = (CORPUS / "freepbx-pjsip-internal-answered.ami").read_bytes()
    garbage = b"\x00\xff this is no AMI frame\r\n\r\n"
    orphan = b"Event: DialBegin\r\nPrivilege: call,all\r\nChannel: PJSIP/77-00000001\r\n\r\n"
    with caplog.at_level(logging.WARNING, "dispatch_console.telephony.ami"):
        events = _replay(garbage + orphan + session + session, services, 2)
    assert _call_log(services) == EXPECTED["freepbx-pjsip-internal-answered.ami"]
    assert [e.kind for e in events] == ["offered", "answered", "ended"] * 2
    logged = caplog.text
    assert "this is no AMI frame" in logged and "DialBegin without a Linkedid" in logged


# the same sessions at translator level: fast, and the place to read what each event yields
TRANSLATED = {
    "freepbx-pjsip-internal-answered.ami": [
        ("offered", "outbound", "1986", "21", "1986", None),
        ("answered", "outbound", "1986", "21", "1986", None),
        ("ended", "outbound", "1986", "21", "1986", "Normal Clearing"),
    ],
    "freepbx-pjsip-internal-cancelled.ami": [
        ("offered", "outbound", "1986", "21", "1986", None),
        ("ended", "outbound", "1986", "21", "1986", "cancelled"),
    ],
    "freepbx-pjsip-ringgroup-noanswer.ami": [
        ("offered", "outbound", "1986", "666", "1986", None),
        ("ended", "outbound", "1986", "666", "1986", "no answer"),
    ],
    "chan-sip-outbound-trunk-answered.ami": [
        ("offered", "outbound", "9170", "9898", "9170", None),
        ("answered", "outbound", "9170", "9898", "9170", None),
        ("ended", "outbound", "9170", "9898", "9170", "Normal Clearing"),
    ],
    # the queue rings 150010002 and 150010003 through Local channels (never an agent
    # themselves); 150010003 is busy, 150010002 answers
    "voipgrid-sip-inbound-queue-busy-then-answered.ami": [
        ("offered", "inbound", "+31150010001", "+31150010004", "150010002", None),
        ("offered", "inbound", "+31150010001", "+31150010004", "150010003", None),
        ("answered", "inbound", "+31150010001", "+31150010004", "150010002", None),
        ("ended", "inbound", "+31150010001", "+31150010004", "150010002", "Normal Clearing"),
    ],
    # the first leg is a Local channel with no number; the agent's phone rings first, the
    # customer's number shows only when it is dialled, after the agent answered: offered then
    "voipgrid-sip-click-to-dial-answered.ami": [
        ("offered", "outbound", "150010001", "+31260010001", "150010001", None),
        ("answered", "outbound", "150010001", "+31260010001", "150010001", None),
        ("ended", "outbound", "150010001", "+31260010001", "150010001", "Normal Clearing"),
    ],
    "voipgrid-sip-click-to-dial-customer-busy.ami": [
        ("offered", "outbound", "150010001", "+31260010001", "150010001", None),
        ("ended", "outbound", "150010001", "+31260010001", "150010001", "busy"),
    ],
    # both phones ring; 150010002 answers, 150010003's ringing is cancelled
    "voipgrid-sip-inbound-queue-answered-by-the-other-phone.ami": [
        ("offered", "inbound", "+31150010001", "+31150010004", "150010003", None),
        ("offered", "inbound", "+31150010001", "+31150010004", "150010002", None),
        ("answered", "inbound", "+31150010001", "+31150010004", "150010002", None),
        ("ended", "inbound", "+31150010001", "+31150010004", "150010002", "Normal Clearing"),
    ],
    "voipgrid-sip-inbound-queue-caller-abandons.ami": [
        ("offered", "inbound", "+31150010001", "+31150010004", "150010002", None),
        ("ended", "inbound", "+31150010001", "+31150010004", "150010002", "cancelled"),
    ],
    # after the blind transfer the first leg (the caller) is still there: one call, one end
    "voipgrid-sip-inbound-queue-blind-transfer.ami": [
        ("offered", "inbound", "+31260010001", "+31150010001", "150010001", None),
        ("answered", "inbound", "+31260010001", "+31150010001", "150010001", None),
        ("ended", "inbound", "+31260010001", "+31150010001", "150010001", "Normal Clearing"),
    ],
    # 150010001 consults 202 (a call of its own), then joins the caller to 202: 202's phone
    # moves into the caller's call (its Linkedid changes), which ends when the caller hangs up
    "voipgrid-sip-inbound-queue-attended-transfer.ami": [
        ("offered", "inbound", "+31260010001", "+31150010001", "150010001", None),
        ("answered", "inbound", "+31260010001", "+31150010001", "150010001", None),
        ("offered", "outbound", "150010001", "202", "150010001", None),
        ("answered", "outbound", "150010001", "202", "150010001", None),
        ("ended", "outbound", "150010001", "202", "150010001", "Normal Clearing"),
        ("ended", "inbound", "+31260010001", "+31150010001", "150010001", "Normal Clearing"),
    ],
    "voipgrid-sip-internal-busy.ami": [
        ("offered", "outbound", "150010001", "202", "150010001", None),
        ("ended", "outbound", "150010001", "202", "150010001", "busy"),
    ],
    # 202 rings, 150010003 picks it up (its own channel joins the call: Linkedid changes)
    "voipgrid-sip-internal-picked-up-elsewhere.ami": [
        ("offered", "outbound", "150010001", "202", "150010001", None),
        ("answered", "outbound", "150010001", "202", "150010001", None),
        ("ended", "outbound", "150010001", "202", "150010001", "Normal Clearing"),
    ],
    # the first leg transfers its callee to 203 and hangs up; the call goes on until 203 and
    # 202 hang up: it ends then, once, and 202's leg ringing 203 is no new call
    "voipgrid-sip-internal-blind-transfer.ami": [
        ("offered", "outbound", "150010001", "202", "150010001", None),
        ("answered", "outbound", "150010001", "202", "150010001", None),
        ("ended", "outbound", "150010001", "202", "150010001", "Normal Clearing"),
    ],
    "voipgrid-sip-internal-attended-transfer.ami": [
        ("offered", "outbound", "150010001", "202", "150010001", None),
        ("answered", "outbound", "150010001", "202", "150010001", None),
        ("offered", "outbound", "150010001", "203", "150010001", None),
        ("answered", "outbound", "150010001", "203", "150010001", None),
        ("ended", "outbound", "150010001", "202", "150010001", "Normal Clearing"),
        ("ended", "outbound", "150010001", "203", "150010001", "Normal Clearing"),
    ],
}


@pytest.mark.parametrize("name", sorted(TRANSLATED))
def test_translation_of_each_session(name: str) -> None:
    framer, translator = AmiFramer(), AmiTranslator()
    stream = b"Asterisk Call Manager/7.0.3\r\n" + (CORPUS / name).read_bytes()
    events = [e for m in framer.feed(stream) for e in translator.translate_all(m)]
    got = [(e.kind, e.direction, e.from_number, e.to_number, e.extension, e.cause) for e in events]
    assert got == TRANSLATED[name]
    assert framer.skipped == 0 and translator.calls == {} and translator.origins == {}
    assert translator.channels.owner == {} and translator.channels.members == {}
