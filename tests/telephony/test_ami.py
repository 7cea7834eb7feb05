"""Asterisk AMI: framing under any split, translation of a real call's events, and a live
connection to a fake peer (login, chatter, disconnect and reconnect, refused login)."""

from __future__ import annotations

import threading

from dispatch_console.domain.call_events import CallEvent
from dispatch_console.telephony.ami import AmiFramer, AmiTranslator
from dispatch_console.telephony.sources import AmiSource

from .peers import FakeAmi, Script, ami_event, split

LINKED = "asterisk-1740666060.311"  # a system name makes Linkedid non-numeric


def call(linked: str = LINKED, answered: bool = True, caller: str = "13812345678") -> bytes:
    frames = [
        ami_event(Event="Newchannel", Channel="PJSIP/trunk-0001", Uniqueid=linked, Linkedid=linked),
        ami_event(Event="VarSet", Channel="PJSIP/trunk-0001", Variable="X", Value="1"),
        ami_event(
            Event="DialBegin",
            Channel="PJSIP/trunk-0001",
            CallerIDNum=caller,
            Exten="4008001234",
            Uniqueid=linked,
            Linkedid=linked,
            DestChannel="PJSIP/1001-00000002",
            DestUniqueid=linked + "1",
            DestLinkedid=linked,
            DestExten="4008001234",
        ),
    ]
    if answered:
        frames.append(ami_event(Event="BridgeEnter", Uniqueid=linked + "1", Linkedid=linked))
    frames.append(
        ami_event(
            Event="Hangup",
            Uniqueid=linked,
            Linkedid=linked,
            Cause="16" if answered else "19",
            **{"Cause_txt": "Normal Clearing" if answered else "No answer"},
        )
    )
    return b"".join(frames)


def test_framing_is_the_same_whatever_the_split() -> None:
    stream = b"Asterisk Call Manager/7.0.3\r\n" + call()
    whole = list(AmiFramer().feed(stream))
    for size in (1, 2, 7, 100):
        framer = AmiFramer()
        pieces = [m for chunk in split(stream, size) for m in framer.feed(chunk)]
        assert pieces == whole
    assert [m["Event"] for m in whole] == [
        "Newchannel",
        "VarSet",
        "DialBegin",
        "BridgeEnter",
        "Hangup",
    ]
    assert whole[1] == {"Event": "VarSet"}  # chatter: named, not parsed


def test_garbage_and_giant_frames_are_skipped_and_the_stream_goes_on() -> None:
    framer = AmiFramer()
    list(framer.feed(b"Asterisk Call Manager/7.0.3\r\n"))
    assert list(framer.feed(b"\x00\xff garbage without colon\r\n\r\n")) == []
    giant = b"Event: DialBegin\r\nX: " + b"y" * 70_000 + b"\r\n\r\n"
    assert list(framer.feed(giant)) == []
    assert framer.skipped == 2
    after = list(framer.feed(ami_event(Event="Hangup", Uniqueid="1", Linkedid="1")))
    assert after[0]["Event"] == "Hangup"
    lf_only = list(framer.feed(b"Event: BridgeEnter\nLinkedid: 2\n\n"))
    assert lf_only[0]["Linkedid"] == "2"


def test_a_call_becomes_offered_answered_ended_and_a_missed_one_ends_unanswered() -> None:
    framer, translator = AmiFramer(), AmiTranslator()
    stream = b"Asterisk Call Manager/7.0.3\r\n" + call() + call("1740666099.5", answered=False)
    events = [e for m in framer.feed(stream) if (e := translator.translate(m)) is not None]
    assert [(e.kind, e.call_id) for e in events] == [
        ("offered", LINKED),
        ("answered", LINKED),
        ("ended", LINKED),
        ("offered", "1740666099.5"),
        ("ended", "1740666099.5"),
    ]
    offered = events[0]
    assert (offered.from_number, offered.to_number, offered.extension) == (
        "13812345678",
        "4008001234",
        "1001",
    )
    assert events[2].cause == "Normal Clearing" and events[4].cause == "No answer"


def test_the_source_logs_in_follows_calls_and_reconnects_after_a_hang_up() -> None:
    stream = call()
    peer = FakeAmi([Script(split(stream, 13), hang_up=True), Script([call("second.1")])])
    got: list[CallEvent] = []
    status: list[str] = []
    stop = threading.Event()

    def on_event(e: CallEvent) -> None:
        got.append(e)
        if e.call_id == "second.1" and e.kind == "ended":
            stop.set()

    source = AmiSource("127.0.0.1", peer.port, "console", "s3cret", max_backoff_s=0.2)
    worker = threading.Thread(target=source.run, args=(on_event, stop, status.append))
    worker.start()
    worker.join(15)
    stop.set()
    peer.close()
    assert not worker.is_alive()
    assert [(e.kind, e.call_id) for e in got] == [
        ("offered", LINKED),
        ("answered", LINKED),
        ("ended", LINKED),
        ("offered", "second.1"),
        ("answered", "second.1"),
        ("ended", "second.1"),
    ]
    assert peer.connections == 2
    assert any("connected to Asterisk Call Manager/7.0.3" in s for s in status)
    assert any("reconnecting" in s for s in status)
    assert "Username: console" in peer.received[0].decode()


def test_a_refused_login_is_reported() -> None:
    peer = FakeAmi([Script()], secret="right")
    status: list[str] = []
    stop = threading.Event()

    def on_status(text: str) -> None:
        status.append(text)
        stop.set()

    AmiSource("127.0.0.1", peer.port, "console", "wrong", max_backoff_s=0.1).run(
        lambda e: None, stop, on_status
    )
    peer.close()
    assert status == ["login refused: Authentication failed; check the user and secret"]


def test_click_to_dial_sends_originate_on_the_live_connection() -> None:
    import pytest

    from dispatch_console.telephony.sources import DialError

    peer = FakeAmi([Script()])
    source = AmiSource("127.0.0.1", peer.port, "console", "s3cret", dial_context="agents")
    with pytest.raises(DialError):
        source.dial("8001", "13812345678")  # not connected yet
    stop = threading.Event()
    connected = threading.Event()
    worker = threading.Thread(
        target=source.run,
        args=(lambda e: None, stop, lambda s: connected.set() if "connected" in s else None),
    )
    worker.start()
    try:
        assert connected.wait(5)
        action = source.dial("8001", "13812345678")
        deadline = threading.Event()
        for _ in range(50):
            if any(b"Action: Originate" in r for r in peer.received[1:]):
                break
            deadline.wait(0.05)
        sent = b"".join(peer.received[1:]).decode()
    finally:
        stop.set()
        worker.join(5)
        peer.close()
    assert f"ActionID: {action}" in sent
    assert "Channel: PJSIP/8001\r\n" in sent and "Exten: 13812345678\r\n" in sent
    assert "Context: agents\r\n" in sent


def test_in_a_ring_group_the_agent_who_answered_is_credited() -> None:
    linked = "rg.1"
    frames = [
        ami_event(Event="DialBegin", CallerIDNum="13812345678", Exten="400", Uniqueid=linked,
                  Linkedid=linked, DestChannel="PJSIP/1001-0001", DestLinkedid=linked),
        ami_event(Event="DialBegin", CallerIDNum="13812345678", Exten="400", Uniqueid=linked,
                  Linkedid=linked, DestChannel="PJSIP/1002-0002", DestLinkedid=linked),
        ami_event(Event="DialEnd", Uniqueid=linked, Linkedid=linked,
                  DestChannel="PJSIP/1001-0001", DialStatus="ANSWER"),
        ami_event(Event="DialEnd", Uniqueid=linked, Linkedid=linked,
                  DestChannel="PJSIP/1002-0002", DialStatus="CANCEL"),
        ami_event(Event="BridgeEnter", Uniqueid=linked + "x", Linkedid=linked),
        ami_event(Event="Hangup", Uniqueid=linked, Linkedid=linked, Cause="16"),
    ]  # fmt: skip
    framer, translator = AmiFramer(), AmiTranslator()
    stream = b"Asterisk Call Manager/7.0.3\r\n" + b"".join(frames)
    events = [e for m in framer.feed(stream) if (e := translator.translate(m)) is not None]
    assert [(e.kind, e.extension) for e in events] == [
        ("offered", "1001"),
        ("offered", "1002"),
        ("answered", "1001"),
        ("ended", "1001"),
    ]


def test_a_call_dialled_from_a_desk_phone_is_outbound() -> None:
    linked = "out.1"
    frames = [
        ami_event(Event="DialBegin", Channel="PJSIP/1001-0000000a", CallerIDNum="1001",
                  Exten="013812345678", Uniqueid=linked, Linkedid=linked,
                  DestChannel="PJSIP/carrier-0000000b", DestExten="013812345678"),
        ami_event(Event="BridgeEnter", Uniqueid=linked + "b", Linkedid=linked),
        ami_event(Event="Hangup", Uniqueid=linked, Linkedid=linked, Cause="16"),
    ]  # fmt: skip
    framer, translator = AmiFramer(), AmiTranslator()
    stream = b"Asterisk Call Manager/7.0.3\r\n" + b"".join(frames)
    events = [e for m in framer.feed(stream) if (e := translator.translate(m)) is not None]
    assert [(e.kind, e.direction, e.from_number, e.to_number, e.extension) for e in events] == [
        ("offered", "outbound", "1001", "013812345678", "1001"),
        ("answered", "outbound", "1001", "013812345678", "1001"),
        ("ended", "outbound", "1001", "013812345678", "1001"),
    ]


def test_a_failed_click_to_dial_is_reported() -> None:
    failure = ami_event(
        Event="OriginateResponse", ActionID="dial-1", Response="Failure", Reason="5"
    )
    peer = FakeAmi([Script([failure])])
    status: list[str] = []
    stop = threading.Event()

    def on_status(text: str) -> None:
        status.append(text)
        if "failed" in text:
            stop.set()

    worker = threading.Thread(
        target=AmiSource("127.0.0.1", peer.port, "console", "s3cret").run,
        args=(lambda e: None, stop, on_status),
    )
    worker.start()
    worker.join(10)
    stop.set()
    peer.close()
    assert status[-1] == "click-to-dial failed: busy"


def test_a_click_to_dial_call_keeps_the_id_the_console_recorded_it_under() -> None:
    frames = [
        ami_event(Event="OriginateResponse", ActionID="dial-42", Response="Success",
                  Channel="PJSIP/1001-0000000c", Uniqueid="pbx.77"),
        ami_event(Event="DialBegin", Channel="PJSIP/1001-0000000c", CallerIDNum="1001",
                  Uniqueid="pbx.77", Linkedid="pbx.77", DestChannel="PJSIP/carrier-0000000d",
                  DestExten="13812345678"),
        ami_event(Event="BridgeEnter", Uniqueid="pbx.78", Linkedid="pbx.77"),
        ami_event(Event="Hangup", Uniqueid="pbx.77", Linkedid="pbx.77", Cause="16"),
    ]  # fmt: skip
    framer, translator = AmiFramer(), AmiTranslator()
    stream = b"Asterisk Call Manager/7.0.3\r\n" + b"".join(frames)
    events = [e for m in framer.feed(stream) if (e := translator.translate(m)) is not None]
    assert [(e.kind, e.call_id, e.direction) for e in events] == [
        ("offered", "dial-42", "outbound"),
        ("answered", "dial-42", "outbound"),
        ("ended", "dial-42", "outbound"),
    ]


def test_channel_names_seen_in_real_captures() -> None:
    from dispatch_console.telephony.ami import _device

    # desk phones are their extension (a tenant suffix after it), trunks keep their name
    assert _device("PJSIP/1986-00000019") == ("phone", "1986")
    assert _device("SIP/9170-12-0000003c") == ("phone", "9170")
    assert _device("SIP/okon.ferry.sip.com-0000003d") == ("trunk", "okon.ferry.sip.com")
    assert _device("PJSIP/carrier-0000001a") == ("trunk", "carrier")
    assert _device("DAHDI/1-1") == ("trunk", "1")
    # a FreePBX queue member (goami2's QueueStatus: Local/9170-12@from-queue/n for SIP/9170-12)
    assert _device("Local/9170-12@from-queue-0000001f;1") == ("local", "9170")
    # VoIPGRID (cacofonisk): phones are 9-digit SIP accounts, members are dialled through
    # Local channels named by an internal id, which are no agent
    assert _device("SIP/150010001-00000008") == ("phone", "150010001")
    assert _device("SIP/voipgrid-siproute-docker-00000025")[0] == "trunk"
    assert _device("Local/ID730151@osvpi_route_phoneaccount-00000004;1") == ("", "")
    # a trunk named by a phone number stays a trunk
    assert _device("PJSIP/0212345678-00000001")[0] == "trunk"
    assert _device("SIP/31201234567-00000001")[0] == "trunk"


def test_a_call_arriving_in_a_trunk_context_is_inbound_whatever_the_peer_is_called() -> None:
    frames = [
        ami_event(Event="Newchannel", Channel="PJSIP/4420-00000001", CallerIDNum="13812345678",
                  Context="from-pstn", Exten="4008001234", Uniqueid="9.1", Linkedid="9.1"),
        ami_event(Event="DialBegin", Channel="PJSIP/4420-00000001", Uniqueid="9.1",
                  Linkedid="9.1", DestChannel="PJSIP/1001-00000002", DestUniqueid="9.2",
                  DestLinkedid="9.1"),
        ami_event(Event="Hangup", Uniqueid="9.1", Linkedid="9.1", Cause="19"),
    ]  # fmt: skip
    framer, translator = AmiFramer(), AmiTranslator()
    stream = b"Asterisk Call Manager/7.0.3\r\n" + b"".join(frames)
    events = [e for m in framer.feed(stream) for e in translator.translate_all(m)]
    assert [(e.kind, e.direction, e.from_number, e.to_number, e.extension) for e in events] == [
        ("offered", "inbound", "13812345678", "4008001234", "1001"),
        ("ended", "inbound", "13812345678", "4008001234", "1001"),
    ]
    assert translator.calls == {} and translator.channels.members == {}


def test_an_inbound_trunk_call_is_credited_to_the_phone_never_to_the_trunk() -> None:
    linked = "1740666060.9"
    trunk = {"Channel": "PJSIP/carrier-0000001a", "Uniqueid": linked, "Linkedid": linked}
    frames = [
        ami_event(Event="Newchannel", CallerIDNum="13812345678", Context="from-pstn",
                  Exten="4008001234", **trunk),
        ami_event(Event="DialBegin", CallerIDNum="13812345678", Context="ivr-3",
                  Exten="sw_328_1", DestChannel="Local/1001@from-queue-00000003;1", **trunk),
        ami_event(Event="DialEnd", DialStatus="ANSWER",
                  DestChannel="Local/1001@from-queue-00000003;1", **trunk),
        ami_event(Event="BridgeEnter", **trunk),
        ami_event(Event="Hangup", Cause="16", **trunk),
    ]  # fmt: skip
    framer, translator = AmiFramer(), AmiTranslator()
    stream = b"Asterisk Call Manager/7.0.3\r\n" + b"".join(frames)
    events = [e for m in framer.feed(stream) if (e := translator.translate(m)) is not None]
    assert [(e.kind, e.direction, e.from_number, e.to_number, e.extension) for e in events] == [
        ("offered", "inbound", "13812345678", "4008001234", "1001"),
        ("answered", "inbound", "13812345678", "4008001234", "1001"),
        ("ended", "inbound", "13812345678", "4008001234", "1001"),
    ]


def test_a_transferred_call_ends_with_its_last_channel_even_after_a_reconnect() -> None:
    """Channels as cacofonisk's blind-transfer capture shows them: the first leg (the phone
    that transferred) leaves, the call goes on. A channel that hung up while we were away is
    dropped at the resync (CoreShowChannels lists Uniqueids), so the call still ends."""
    linked = "x.1"
    frames = [
        ami_event(Event="Newchannel", Channel="PJSIP/1001-00000001", CallerIDNum="1001",
                  Exten="1002", Uniqueid=linked, Linkedid=linked),
        ami_event(Event="DialBegin", Channel="PJSIP/1001-00000001", Uniqueid=linked,
                  Linkedid=linked, DestChannel="PJSIP/1002-00000002", DestUniqueid="x.2",
                  DestLinkedid=linked),
        ami_event(Event="DialEnd", Channel="PJSIP/1001-00000001", Uniqueid=linked,
                  Linkedid=linked, DestChannel="PJSIP/1002-00000002", DestUniqueid="x.2",
                  DestLinkedid=linked, DialStatus="ANSWER"),
        ami_event(Event="BlindTransfer", TransfererUniqueid=linked, TransfererLinkedid=linked,
                  TransfereeUniqueid="x.2", TransfereeLinkedid=linked, Extension="1003"),
        ami_event(Event="Hangup", Uniqueid=linked, Linkedid=linked, Cause="16"),
        ami_event(Event="Newchannel", Channel="PJSIP/1003-00000003", Uniqueid="x.3",
                  Linkedid=linked),
    ]  # fmt: skip
    framer, translator = AmiFramer(), AmiTranslator()
    stream = b"Asterisk Call Manager/7.0.3\r\n" + b"".join(frames)
    events = [e for m in framer.feed(stream) for e in translator.translate_all(m)]
    assert [e.kind for e in events] == ["offered", "answered"]  # 1002 and 1003 talk on
    # we were away: 1002 hung up meanwhile, only 1003's channel is still listed
    assert translator.forget_all_but({linked}, None, {"x.3"}) == []
    last = ami_event(Event="Hangup", Uniqueid="x.3", Linkedid=linked, Cause="16")
    ended = [e for m in framer.feed(last) for e in translator.translate_all(m)]
    assert [(e.kind, e.from_number, e.to_number, e.extension) for e in ended] == [
        ("ended", "1001", "1002", "1001")
    ]
    assert translator.calls == {} and translator.channels.owner == {}


def test_a_crm_click_to_dial_through_a_local_channel_is_the_agents_outbound_call() -> None:
    """Synthetic, in the shape of cacofonisk's click-to-dial captures but with FreePBX's names
    (`Originate` with `Channel: Local/201@from-internal`): the agent's phone rings first, the
    customer's number shows only in the DialBegin towards the trunk."""
    local = "Local/201@from-internal-00000001"
    frames = [
        ami_event(Event="Newchannel", Channel=local + ";1", Exten="201", Context="from-internal",
                  Uniqueid="o.1", Linkedid="o.1"),
        ami_event(Event="Newchannel", Channel=local + ";2", Uniqueid="o.2", Linkedid="o.1"),
        ami_event(Event="DialBegin", Channel=local + ";2", Uniqueid="o.2", Linkedid="o.1",
                  DestChannel="PJSIP/201-00000003", DestUniqueid="o.3", DestLinkedid="o.1"),
        ami_event(Event="DialEnd", Channel=local + ";2", Uniqueid="o.2", Linkedid="o.1",
                  DestChannel="PJSIP/201-00000003", DestUniqueid="o.3", DestLinkedid="o.1",
                  DialStatus="ANSWER"),
        ami_event(Event="DialBegin", Channel=local + ";1", Uniqueid="o.1", Linkedid="o.1",
                  DestChannel="PJSIP/carrier-00000004", DestUniqueid="o.4", DestLinkedid="o.1",
                  DestExten="s", DialString="0212345678@carrier"),
        ami_event(Event="DialEnd", Channel=local + ";1", Uniqueid="o.1", Linkedid="o.1",
                  DestChannel="PJSIP/carrier-00000004", DestUniqueid="o.4", DestLinkedid="o.1",
                  DialStatus="ANSWER"),
        ami_event(Event="Hangup", Uniqueid="o.1", Linkedid="o.1", Cause="16"),
    ]  # fmt: skip
    framer, translator = AmiFramer(), AmiTranslator()
    stream = b"Asterisk Call Manager/7.0.3\r\n" + b"".join(frames)
    events = [e for m in framer.feed(stream) for e in translator.translate_all(m)]
    assert [(e.kind, e.direction, e.from_number, e.to_number, e.extension) for e in events] == [
        ("offered", "outbound", "201", "0212345678", "201"),
        ("answered", "outbound", "201", "0212345678", "201"),
        ("ended", "outbound", "201", "0212345678", "201"),
    ]
    # the agent declining it: nobody was dialled, nothing to record
    declined = [frames[0], frames[2], frames[3].replace(b"ANSWER", b"BUSY"), frames[6]]
    translator = AmiTranslator()
    stream = b"Asterisk Call Manager/7.0.3\r\n" + b"".join(declined)
    assert [e for m in AmiFramer().feed(stream) for e in translator.translate_all(m)] == []
    assert translator.calls == {} and translator.origins == {}


def test_app_queue_agent_events_ring_and_connect_the_member() -> None:
    """Synthetic (no public session has app_queue's agent events, see the corpus README): the
    fields as Asterisk 12+ documents them, the member named as FreePBX names it
    (`Local/1001@from-queue/n`, PAMI issue #19)."""
    member = {"Interface": "Local/1001@from-queue/n", "MemberName": "Alice", "Queue": "400"}
    frames = [
        ami_event(Event="Newchannel", Channel="PJSIP/carrier-00000001", CallerIDNum="13812345678",
                  Context="from-pstn", Exten="4008001234", Uniqueid="q.1", Linkedid="q.1"),
        ami_event(Event="AgentCalled", Channel="PJSIP/carrier-00000001", Uniqueid="q.1",
                  Linkedid="q.1", DestChannel="Local/1001@from-queue-00000002;1",
                  DestUniqueid="q.2", DestLinkedid="q.1", **member),
        ami_event(Event="AgentConnect", Channel="PJSIP/carrier-00000001", Uniqueid="q.1",
                  Linkedid="q.1", DestChannel="Local/1001@from-queue-00000002;1",
                  DestUniqueid="q.2", DestLinkedid="q.1", HoldTime="4", RingTime="3", **member),
        ami_event(Event="Hangup", Uniqueid="q.2", Linkedid="q.1", Cause="16"),
        ami_event(Event="Hangup", Uniqueid="q.1", Linkedid="q.1", Cause="16",
                  **{"Cause-txt": "Normal Clearing"}),
    ]  # fmt: skip
    framer, translator = AmiFramer(), AmiTranslator()
    stream = b"Asterisk Call Manager/7.0.3\r\n" + b"".join(frames)
    events = [e for m in framer.feed(stream) for e in translator.translate_all(m)]
    assert [(e.kind, e.direction, e.from_number, e.to_number, e.extension) for e in events] == [
        ("offered", "inbound", "13812345678", "4008001234", "1001"),
        ("answered", "inbound", "13812345678", "4008001234", "1001"),
        ("ended", "inbound", "13812345678", "4008001234", "1001"),
    ]
    assert translator.calls == {} and translator.channels.owner == {}
