"""FreeSWITCH event socket: Content-Length framing under any split, URL-encoded values, the legs
of a call, and a live connection to a fake peer (auth, subscribe, refused password)."""

from __future__ import annotations

import threading

from dispatch_console.domain.call_events import CallEvent
from dispatch_console.telephony.esl import EslFramer, EslTranslator
from dispatch_console.telephony.sources import EslSource

from .peers import FakeEsl, Script, esl_event, split

CALL = "7f4de4bc-17d7-11dd-b7a0-db4edd065621"


def call(uuid: str = CALL, answered: bool = True) -> bytes:
    agent_leg = uuid[:-1] + "x"
    frames = [
        esl_event(
            Event_Name="CHANNEL_CREATE",
            Unique_ID=uuid,
            Channel_Call_UUID=uuid,
            Call_Direction="inbound",
            Caller_Caller_ID_Number="+86 138 1234 5678",
            Caller_Destination_Number="4008001234",
        ),
        esl_event(Event_Name="HEARTBEAT", Up_Time="0 years, 1 day"),
        esl_event(
            Event_Name="CHANNEL_CREATE",
            Unique_ID=agent_leg,
            Channel_Call_UUID=uuid,
            Call_Direction="outbound",
            Caller_Destination_Number="1001",
            variable_dialed_user="1001",
        ),
    ]
    if answered:
        frames.append(
            esl_event(Event_Name="CHANNEL_ANSWER", Unique_ID=agent_leg, Channel_Call_UUID=uuid)
        )
    frames.append(
        esl_event(
            Event_Name="CHANNEL_HANGUP_COMPLETE",
            Unique_ID=uuid,
            Channel_Call_UUID=uuid,
            Hangup_Cause="NORMAL_CLEARING" if answered else "ORIGINATOR_CANCEL",
        )
    )
    return b"".join(frames)


def test_framing_and_url_decoding_whatever_the_split() -> None:
    stream = b"Content-Type: auth/request\n\n" + call()
    whole = list(EslFramer().feed(stream))
    for size in (1, 3, 64):
        framer = EslFramer()
        assert [m for c in split(stream, size) for m in framer.feed(c)] == whole
    first = whole[1].event()
    assert first is not None and first["Caller-Caller-ID-Number"] == "+86 138 1234 5678"


def test_a_bad_length_is_skipped_and_the_stream_goes_on() -> None:
    framer = EslFramer()
    assert list(framer.feed(b"Content-Length: banana\nContent-Type: text/event-plain\n\n")) == []
    assert framer.skipped == 1
    events = list(framer.feed(call()))
    assert len(events) == 5


def test_the_legs_of_a_call_become_offered_answered_ended() -> None:
    framer, translator = EslFramer(), EslTranslator()
    stream = call() + call(CALL[:-1] + "9", answered=False)
    events = [
        e
        for m in framer.feed(stream)
        if (h := m.event()) is not None and (e := translator.translate(h)) is not None
    ]
    assert [e.kind for e in events] == ["offered", "answered", "ended", "offered", "ended"]
    assert (events[0].from_number, events[0].extension) == ("+86 138 1234 5678", "1001")
    assert events[2].cause == "normal" and events[4].cause == "caller hung up"


def test_the_source_authenticates_subscribes_and_follows_calls() -> None:
    peer = FakeEsl([Script(split(call(), 17))])
    got: list[CallEvent] = []
    stop = threading.Event()

    def on_event(e: CallEvent) -> None:
        got.append(e)
        if e.kind == "ended":
            stop.set()

    status: list[str] = []
    source = EslSource("127.0.0.1", peer.port, "", "ClueCon", max_backoff_s=0.2)
    worker = threading.Thread(target=source.run, args=(on_event, stop, status.append))
    worker.start()
    worker.join(15)
    stop.set()
    peer.close()
    assert [e.kind for e in got] == ["offered", "answered", "ended"]
    assert b"event plain CHANNEL_CREATE" in peer.received[1]
    assert status and status[0].startswith("connected to FreeSWITCH")


def test_a_refused_password_is_reported() -> None:
    peer = FakeEsl([Script()], password="right")
    status: list[str] = []
    stop = threading.Event()

    def on_status(text: str) -> None:
        status.append(text)
        stop.set()

    EslSource("127.0.0.1", peer.port, "", "wrong", max_backoff_s=0.1).run(
        lambda e: None, stop, on_status
    )
    peer.close()
    assert status == ["login refused: -ERR invalid; check the user and secret"]
