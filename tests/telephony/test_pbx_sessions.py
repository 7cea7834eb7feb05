"""What happens over a live PBX connection beyond plain inbound calls: click-to-dial through
FreeSWITCH followed under the console's call id, a failed dial ending the recorded call, agents
dialling from their desk phones, calls that ended while the connection was down, and numbers
that would inject commands."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable

import pytest

from dispatch_console.domain.call_events import CallEvent
from dispatch_console.telephony.ami import AmiTranslator
from dispatch_console.telephony.esl import EslTranslator
from dispatch_console.telephony.legs import LOST_WHILE_AWAY
from dispatch_console.telephony.sources import AmiSource, DialError, EslSource, PbxSource

from .peers import FakeAmi, FakeEsl, Script, ami_event, esl_event, esl_job

CUSTOMER = "13812345678"


def _follow(
    source: PbxSource, until: Callable[[list[CallEvent]], bool], dial: tuple[str, str] | None = None
) -> tuple[list[CallEvent], list[str], str | None]:
    """Run the source until `until(events)`; dial once connected when asked to."""
    got: list[CallEvent] = []
    status: list[str] = []
    stop, connected = threading.Event(), threading.Event()

    def on_event(e: CallEvent) -> None:
        got.append(e)
        if until(got):
            stop.set()

    def on_status(text: str) -> None:
        status.append(text)
        if text.startswith("connected"):
            connected.set()

    worker = threading.Thread(target=source.run, args=(on_event, stop, on_status))
    worker.start()
    call_id = None
    try:
        if dial is not None:
            assert connected.wait(5)
            call_id = source.dial(*dial)
        worker.join(10)
    finally:
        stop.set()
        worker.join(5)
    return got, status, call_id


def _esl_answers_originate(ok: bool) -> Callable[[bytes], bytes]:
    def respond(data: bytes) -> bytes:
        found = re.search(rb"origination_uuid=([0-9a-f-]+),", data)
        if not found:
            return b""
        uuid = found.group(1).decode()
        reply = f"Content-Type: command/reply\nReply-Text: +OK Job-UUID: {uuid}\n\n".encode()
        if not ok:
            return reply + esl_job(uuid, "-ERR USER_BUSY")
        leg = {"Channel_Call_UUID": uuid, "Call_Direction": "outbound"}
        return reply + b"".join(
            [
                esl_event(Event_Name="CHANNEL_CREATE", Unique_ID=uuid,
                          Caller_Destination_Number="8001", variable_dialed_user="8001",
                          variable_dispatch_to=CUSTOMER, **leg),
                esl_event(Event_Name="CHANNEL_ANSWER", Unique_ID=uuid, **leg),
                esl_event(Event_Name="CHANNEL_CREATE", Unique_ID="b-leg",
                          Caller_Destination_Number=CUSTOMER, **leg),
                esl_event(Event_Name="CHANNEL_ANSWER", Unique_ID="b-leg", **leg),
                esl_event(Event_Name="CHANNEL_HANGUP_COMPLETE", Unique_ID=uuid,
                          Hangup_Cause="NORMAL_CLEARING", **leg),
            ]
        )  # fmt: skip

    return respond


def test_esl_click_to_dial_is_followed_under_the_console_call_id() -> None:
    peer = FakeEsl([Script(respond=_esl_answers_originate(ok=True))])
    source = EslSource("127.0.0.1", peer.port, "", "ClueCon")
    got, _status, call_id = _follow(
        source, lambda got: got[-1].kind == "ended", dial=("8001", CUSTOMER)
    )
    peer.close()
    sent = b"".join(peer.received).decode()
    assert f"bgapi originate {{origination_uuid={call_id}," in sent
    assert f"user/8001 {CUSTOMER} XML default" in sent
    # the agent's own phone answering first is not the call being answered: the customer is
    assert [(e.kind, e.call_id, e.direction) for e in got] == [
        ("offered", call_id, "outbound"),
        ("answered", call_id, "outbound"),
        ("ended", call_id, "outbound"),
    ]
    assert (got[0].from_number, got[0].to_number, got[0].extension) == ("8001", CUSTOMER, "8001")


def test_a_failed_esl_dial_ends_the_call_the_console_recorded() -> None:
    peer = FakeEsl([Script(respond=_esl_answers_originate(ok=False))])
    source = EslSource("127.0.0.1", peer.port, "", "ClueCon")
    got, status, call_id = _follow(source, lambda got: True, dial=("8001", CUSTOMER))
    peer.close()
    # "busy", the word the call log counts as a busy outcome (was "user busy")
    assert [(e.kind, e.call_id, e.cause) for e in got] == [("ended", call_id, "busy")]
    assert "click-to-dial failed: busy" in status


def test_an_agent_dialling_from_the_desk_phone_is_an_outbound_call() -> None:
    translator = EslTranslator()
    leg = {"Channel-Call-UUID": "c1"}
    events = [
        translator.translate({"Event-Name": "CHANNEL_CREATE", "Unique-ID": "c1",
                              "Call-Direction": "inbound", "Caller-Caller-ID-Number": "8002",
                              "Caller-Destination-Number": CUSTOMER, **leg}),
        translator.translate({"Event-Name": "CHANNEL_CREATE", "Unique-ID": "c2",
                              "Call-Direction": "outbound",
                              "Caller-Destination-Number": CUSTOMER, **leg}),
        translator.translate({"Event-Name": "CHANNEL_ANSWER", "Unique-ID": "c2", **leg}),
        translator.translate({"Event-Name": "CHANNEL_HANGUP_COMPLETE", "Unique-ID": "c1",
                              "Hangup-Cause": "NORMAL_CLEARING", **leg}),
    ]  # fmt: skip
    assert [(e.kind, e.direction, e.extension) for e in events if e] == [
        ("offered", "outbound", "8002"),
        ("answered", "outbound", "8002"),
        ("ended", "outbound", "8002"),
    ]
    assert events[1] is None  # the customer's leg rings no agent


def _ringing(linked: str) -> bytes:
    return ami_event(Event="DialBegin", Channel="PJSIP/trunk-0001", CallerIDNum=CUSTOMER,
                     Uniqueid=linked, Linkedid=linked, DestChannel="PJSIP/1001-00000002",
                     DestExten="4008001234")  # fmt: skip


def _ami_channels(*linked: str) -> Callable[[bytes], bytes]:
    def respond(data: bytes) -> bytes:
        if b"Action: CoreShowChannels" not in data:
            return b""
        rows = [ami_event(Event="CoreShowChannel", ActionID="resync", Linkedid=x) for x in linked]
        return (
            b"Response: Success\r\nActionID: resync\r\nEventList: start\r\n\r\n"
            + b"".join(rows)
            + ami_event(Event="CoreShowChannelsComplete", ActionID="resync", EventList="Complete")
        )

    return respond


def test_calls_that_ended_while_the_ami_connection_was_down_are_ended_on_reconnect() -> None:
    # ringing when the PBX dropped us; back, the PBX lists only another call
    peer = FakeAmi(
        [
            Script([_ringing("a.1") + _ringing("b.2")], hang_up=True),
            Script(respond=_ami_channels("b.2", "c.3")),
        ]
    )
    source = AmiSource("127.0.0.1", peer.port, "console", "s3cret", max_backoff_s=0.1)
    got, _status, _ = _follow(source, lambda got: got[-1].kind == "ended")
    peer.close()
    assert [(e.kind, e.call_id) for e in got] == [
        ("offered", "a.1"),
        ("offered", "b.2"),
        ("ended", "a.1"),
    ]
    assert got[-1].cause == LOST_WHILE_AWAY
    assert set(source._ami.calls) == {"b.2"}  # still followed: it may yet be answered


def test_calls_that_ended_while_the_esl_connection_was_down_are_ended_on_reconnect() -> None:
    create = esl_event(Event_Name="CHANNEL_CREATE", Unique_ID="u1", Channel_Call_UUID="u1",
                       Call_Direction="outbound", Caller_Destination_Number="8001",
                       variable_dialed_user="8001", variable_dispatch_to=CUSTOMER)  # fmt: skip

    def channels(data: bytes) -> bytes:
        if b"api show channels as json" not in data:
            return b""
        body = b'{"row_count":0}'
        return f"Content-Type: api/response\nContent-Length: {len(body)}\n\n".encode() + body

    peer = FakeEsl([Script([create], hang_up=True), Script(respond=channels)])
    source = EslSource("127.0.0.1", peer.port, "", "ClueCon", max_backoff_s=0.1)
    got, _status, _ = _follow(source, lambda got: got[-1].kind == "ended")
    peer.close()
    assert [(e.kind, e.call_id, e.cause) for e in got] == [
        ("offered", "u1", None),
        ("ended", "u1", LOST_WHILE_AWAY),
    ]


def test_a_click_to_dial_call_still_up_after_a_reconnect_keeps_its_id() -> None:
    translator = AmiTranslator()
    translator.translate({"Event": "OriginateResponse", "Response": "Success",
                          "ActionID": "mine", "Uniqueid": "pbx.7"})  # fmt: skip
    translator.calls["mine"] = {"from": "8001", "to": CUSTOMER, "direction": "outbound"}
    assert translator.forget_all_but({"pbx.7"}) == []
    gone = translator.forget_all_but(set())
    assert [(e.call_id, e.direction) for e in gone] == [("mine", "outbound")]
    assert translator.aliases == {}


@pytest.mark.parametrize(
    "number", ["138\r\nAction: Originate", "1234 XML evil", "+86{x}", "", "1" * 40]
)
def test_a_number_that_is_not_dialable_never_reaches_the_pbx(number: str) -> None:
    source = AmiSource("127.0.0.1", 1, "console", "s3cret")
    sent: list[bytes] = []
    source._send_soon = sent.append  # as if logged in
    with pytest.raises(DialError, match="not a number the PBX can dial"):
        source.dial("8001", number)
    assert sent == []
