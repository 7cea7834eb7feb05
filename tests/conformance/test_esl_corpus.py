"""FreeSWITCH traffic captured by other projects (tests/conformance/esl, see its README), replayed
over a loopback socket into the running EslSource, split anywhere, each CallEvent recorded through
the real use case on SQLite; what is checked is the call log a dispatcher would read."""

from __future__ import annotations

import json
import logging
import socket
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote, unquote

import pytest

from dispatch_console.domain.call_events import CallEvent
from dispatch_console.domain.calls import Call
from dispatch_console.ports import Actor
from dispatch_console.services import Services
from dispatch_console.storage.store import SqlStore
from dispatch_console.telephony.sources import EslSource
from telephony.peers import FakeEsl, Script, split

CORPUS = Path(__file__).parent / "esl"
# the first three frames of neventsocket_mixed_bgapi_err.esl: played before a capture that
# starts after the login
_MIXED = (CORPUS / "neventsocket_mixed_bgapi_err.esl").read_bytes()
HANDSHAKE = _MIXED[: _MIXED.index(b"Content-Type: command/reply\nReply-Text: +OK Job-UUID")]
AUTH_ASKED = b"Content-Type: auth/request\n\n"
AUTH_ACCEPTED = b"Reply-Text: +OK accepted\n\n"


class ReplayEsl(FakeEsl):
    """Plays a session byte for byte, chunk by chunk; after the capture's `auth/request` and its
    `+OK accepted` it waits for what the console sends (the password, the subscription)."""

    def session(self, conn: socket.socket, script: Script) -> None:
        data = b"".join(script.chunks)
        pauses = [
            data.find(frame) + len(frame) for frame in (AUTH_ASKED, AUTH_ACCEPTED) if frame in data
        ]
        sent = 0
        for whole in script.chunks:
            part = whole
            for pause in pauses:
                if sent < pause <= sent + len(part):
                    conn.sendall(part[: pause - sent])
                    self._read_until(conn, b"\n\n")
                    part, sent = part[pause - sent :], pause
            conn.sendall(part)
            sent += len(part)
        if not script.hang_up:
            self.listen(conn, script)


def _session(name: str) -> bytes:
    data = (CORPUS / name).read_bytes()
    return data if data.startswith(AUTH_ASKED) else HANDSHAKE + data


@pytest.fixture
def services(tmp_path: Path) -> Iterator[Services]:
    store = SqlStore(f"sqlite:///{tmp_path / 'calls.sqlite3'}")
    store.upgrade()
    try:
        yield Services(store.unit_of_work, store.feed, Actor("pbx", "admin"))
    finally:
        store.close()


def _replay(
    services: Services,
    data: bytes,
    *,
    chunk: int = 7,
    times: int = 1,
    event_format: str = "plain",
    dialled: tuple[str, str, str] | None = None,
) -> tuple[list[Call], list[str]]:
    """Play `data` `times` times (one connection each, the switch hanging up after each), then
    stop; the call log and the status lines the console showed."""
    peer = ReplayEsl([Script(split(data, chunk), hang_up=True)] * times + [Script()])
    source = EslSource("127.0.0.1", peer.port, "", "ClueCon", max_backoff_s=0.05,
                       event_format=event_format)  # fmt: skip
    if dialled is not None:  # the console dialled: it records the call, the switch follows it
        call_id, extension, number = dialled
        source._esl.expect_dial(call_id, extension, number)
        services.record_call_event("offered", call_id, datetime.now(UTC), direction="outbound",
                                   from_number=extension, to_number=number,
                                   agent_extension=extension)  # fmt: skip
    status: list[str] = []
    stop, done = threading.Event(), threading.Event()

    def on_event(e: CallEvent) -> None:
        services.record_call_event(
            e.kind, e.call_id, e.at, direction=e.direction, from_number=e.from_number,
            to_number=e.to_number, agent_extension=e.extension, cause=e.cause,
        )  # fmt: skip

    def on_status(text: str) -> None:
        status.append(text)
        if sum(s.startswith("disconnected") for s in status) >= times:
            done.set()

    worker = threading.Thread(target=source.run, args=(on_event, stop, on_status))
    worker.start()
    try:
        assert done.wait(15), status
    finally:
        stop.set()
        worker.join(5)
        peer.close()
    return services.list_calls(), status


def _log(calls: list[Call]) -> list[tuple[object, ...]]:
    return [
        (c.call_id, c.direction.value, c.from_number, c.to_number, c.agent_extension,
         c.outcome.value, c.end_cause)
        for c in calls
    ]  # fmt: skip


DESK_TO_GATEWAY = (
    "9559167d-66b1-447e-8642-ece9310e5fec", "outbound", "001", "041600611", "001", "ringing", None,
)  # fmt: skip
AFTER_TRANSFER = (
    "86cfd6e2-dbda-45a3-b59d-f683ec368e8b", "outbound", "1001", "1002", "1001", "answered", None,
)  # fmt: skip


@pytest.mark.parametrize("chunk", [1, 7, 65536])
def test_a_desk_phone_dialling_out_through_a_gateway_is_one_outbound_call(
    services: Services, chunk: int
) -> None:
    calls, _ = _replay(services, _session("neventsocket_issue20_desk_to_gateway.esl"), chunk=chunk)
    # the A-leg is the desk phone 001 (directory user on the internal profile), the B-leg the
    # gateway mpgwt1: one record, dialled number as the agent dialled it, ringing (early media)
    assert _log(calls) == [DESK_TO_GATEWAY]


def test_a_call_answered_after_a_blind_transfer_is_one_answered_record(services: Services) -> None:
    calls, _ = _replay(services, _session("cgrates_answer_after_blind_transfer.esl"))
    assert _log(calls) == [AFTER_TRANSFER]


def test_a_session_replayed_after_a_reconnect_records_nothing_twice(services: Services) -> None:
    data = _session("neventsocket_issue20_desk_to_gateway.esl")
    data += (CORPUS / "cgrates_answer_after_blind_transfer.esl").read_bytes()
    calls, status = _replay(services, data, times=2)
    assert sorted(_log(calls)) == sorted([DESK_TO_GATEWAY, AFTER_TRANSFER])
    assert sum(s.startswith("connected to FreeSWITCH") for s in status) >= 2


def _as_json(data: bytes) -> bytes:
    """The same session as `event json` sends it: each plain event becomes one JSON object with
    the values decoded (derived from the captures, see the README)."""
    out, rest = b"", data
    while rest:
        head, _, rest = rest.partition(b"\n\n")
        headers = dict(line.split(": ", 1) for line in head.decode().split("\n") if ": " in line)
        length = int(headers.get("Content-Length", "0"))
        body, rest = rest[:length], rest[length:]
        if headers.get("Content-Type") != "text/event-plain":
            out += head + b"\n\n" + body
            continue
        event_head, _, own = body.decode().partition("\n\n")
        lines = [line.split(": ", 1) for line in event_head.split("\n") if ": " in line]
        event = {k: unquote(v) for k, v in lines}
        if own:
            event["_body"] = own
        encoded = json.dumps(event, separators=(",", ":")).encode()
        out += f"Content-Length: {len(encoded)}\nContent-Type: text/event-json\n\n".encode()
        out += encoded
    return out


def test_json_events_make_the_same_call_log_as_plain_ones(services: Services) -> None:
    data = _session("neventsocket_issue20_desk_to_gateway.esl")
    data += (CORPUS / "cgrates_answer_after_blind_transfer.esl").read_bytes()
    calls, _ = _replay(services, _as_json(data), chunk=13, event_format="json")
    assert sorted(_log(calls)) == sorted([DESK_TO_GATEWAY, AFTER_TRANSFER])


def test_json_originate_to_a_desk_phone_by_another_application_waits_for_the_number(
    services: Services,
) -> None:
    # a CRM's click-to-dial rings the agent's phone 1001 first; which customer it calls shows
    # only when the far leg is created, and this capture ends before that: nothing to log yet
    calls, status = _replay(
        services, _session("voice_api_fs_json_originate_create.esl"), event_format="json"
    )
    assert calls == []
    assert status[0].startswith("connected to FreeSWITCH")


def test_a_disconnect_notice_ends_the_session_and_the_console_reconnects(
    services: Services,
) -> None:
    calls, status = _replay(services, _session("switchio_eventstream.esl"))
    assert calls == []  # FreeSWITCH said goodbye before the CHANNEL_CREATE that follows
    assert status[:2] == [
        "connected to FreeSWITCH at 127.0.0.1:" + status[0].rsplit(":", 1)[1],
        "disconnected by the PBX; reconnecting",
    ]


def test_someone_elses_bgapi_originate_to_a_trunk_is_not_a_call_of_ours(
    services: Services,
) -> None:
    # the job's frame is shorter than its Content-Length says (the capture's own damage): the
    # CHANNEL_PARK after it must still be read, and an originate with no desk phone on it
    # (an autodialer parking the far end) is nobody's call
    calls, status = _replay(services, _session("switchio_eventstream2_bgapi.esl"))
    assert calls == []
    assert not any("click-to-dial" in s for s in status)


JOB = "43e14ab9-38b1-4187-9f08-e13f35136bb2"


def test_a_failed_job_of_another_application_records_nothing(services: Services) -> None:
    calls, status = _replay(services, _session("neventsocket_mixed_bgapi_err.esl"))
    assert calls == []
    assert not any("click-to-dial" in s for s in status)


def test_our_failed_click_to_dial_job_ends_the_one_call_the_console_recorded(
    services: Services,
) -> None:
    calls, status = _replay(
        services, _session("neventsocket_mixed_bgapi_err.esl"), dialled=(JOB, "8001", "13812345678")
    )
    assert _log(calls) == [
        (JOB, "outbound", "8001", "+8613812345678", "8001", "failed", "no answer (timer expired)")
    ]
    assert "click-to-dial failed: no answer (timer expired)" in status


def test_frames_no_capture_explains_are_logged_and_skipped_and_the_call_still_counts(
    services: Services, caplog: pytest.LogCaptureFixture
) -> None:
    strange = (
        b"Content-Type: text/x-unheard-of\nContent-Length: 5\n\nhello"
        b"Content-Length: 12\nContent-Type: text/event-json\n\n{not json!}\n"
        b"Content-Length: 20\nContent-Type: text/event-plain\n\nNo-Event-Name: here\n"
    )
    data = _session("neventsocket_issue20_desk_to_gateway.esl")
    data = data.replace(b"Content-Length: 3537\n", strange + b"Content-Length: 3537\n", 1)
    with caplog.at_level(logging.WARNING, logger="dispatch_console.telephony.esl"):
        calls, status = _replay(services, data)
    assert _log(calls) == [DESK_TO_GATEWAY]
    skipped = [r.getMessage() for r in caplog.records if "do not understand" in r.getMessage()]
    assert len(skipped) == 3 and "text/x-unheard-of" in skipped[0] and "hello" in skipped[0]
    assert sum(s.startswith("connected") for s in status) == 1  # the connection stayed up


def _as_plain(data: bytes) -> bytes:
    """The same session as `event plain` sends it: each JSON event becomes a header block with
    its values URL-encoded (derived from a json capture, see the README)."""
    out, rest = b"", data
    while rest:
        head, _, rest = rest.partition(b"\n\n")
        headers = dict(line.split(": ", 1) for line in head.decode().split("\n") if ": " in line)
        length = int(headers.get("Content-Length", "0"))
        body, rest = rest[:length], rest[length:]
        if headers.get("Content-Type") != "text/event-json":
            out += head + b"\n\n" + body
            continue
        event = json.loads(body)
        own = event.pop("_body", None)
        plain = "".join(f"{k}: {quote(str(v), safe='')}\n" for k, v in event.items())
        if own is not None:
            plain += f"Content-Length: {len(own.encode())}\n\n{own}"
        encoded = plain.encode()
        out += f"Content-Length: {len(encoded)}\nContent-Type: text/event-plain\n\n".encode()
        out += encoded
    return out


# desk 9999 calling desk 100 on a Webitel switch (2016), events the console sees when it joins
# mid-way: a new call, a call being bridged, a call after its bridge ended; a DTMF and a
# CHANNEL_DESTROY of other calls (not channel events we follow / a call already over)
WEBITEL = [
    ("61c4a5a3-ce44-4e65-b390-943dccdfe77f", "outbound", "9999", "100", "9999", "ringing", None),
    ("9c7e3d82-3c0d-4259-ad37-e534003f9ad9", "outbound", "9999", "100", "9999", "answered", None),
    ("d3463081-212b-4d54-b93d-63720cc9d665", "outbound", "9999", "100", "9999", "answered", None),
]


@pytest.mark.parametrize("chunk", [1, 7, 65536])
def test_calls_joined_mid_way_are_one_record_each_answered_when_already_bridged(
    services: Services, chunk: int
) -> None:
    calls, status = _replay(
        services, _session("webitel_docs_desk_calls_joined_mid_way.esl"), chunk=chunk
    )
    # a CHANNEL_UNBRIDGE is the first the console hears of call d3463081: its bridge time says
    # it was answered, so it is not left "ringing"; the DESTROY of a call never seen adds nothing
    assert sorted(_log(calls)) == WEBITEL
    assert sum(s.startswith("connected") for s in status) == 1


def test_calls_joined_mid_way_as_json_make_the_same_call_log(services: Services) -> None:
    data = _as_json(_session("webitel_docs_desk_calls_joined_mid_way.esl"))
    calls, _ = _replay(services, data, chunk=13, event_format="json")
    assert sorted(_log(calls)) == WEBITEL


def test_a_channel_state_of_a_call_already_over_starts_nothing(services: Services) -> None:
    # derived: the capture's CHANNEL_DESTROY renamed CHANNEL_STATE (what `event plain ALL` sends
    # for the same leg at CS_REPORTING, after its HANGUP_COMPLETE): Answer-State "hangup" and
    # Channel-Call-State "HANGUP" say the call is over, so no ringing call is started from it
    old = (CORPUS / "webitel_docs_desk_calls_joined_mid_way.esl").read_bytes()
    data = HANDSHAKE
    for frame in old.split(b"Content-Length: ")[1:]:
        head, _, body = frame.partition(b"\n\n")
        body = body.replace(b"Event-Name: CHANNEL_DESTROY\n", b"Event-Name: CHANNEL_STATE\n")
        kind = head.split(b"\n", 1)[1]
        data += b"Content-Length: %d\n%s\n\n%s" % (len(body), kind, body)
    calls, _ = _replay(services, data)
    assert sorted(_log(calls)) == WEBITEL


# a caller on another profile (sofia/blueivr/71382049) rings desk phone 1001 through
# bridge user/1001: the B-leg's json CHANNEL_ORIGINATE (FreeSWITCH 1.10, 2023) names its A-leg
# in Other-Leg-* only
TO_DESK_1001 = (
    "7aa49fb7-cb15-45cc-a528-ca496e9ecad2", "inbound", "71382049", "*1003", "1001", "ringing", None,
)  # fmt: skip


@pytest.mark.parametrize("chunk", [1, 13, 65536])
def test_a_b_leg_ringing_a_desk_phone_is_an_inbound_call_for_that_agent(
    services: Services, chunk: int
) -> None:
    data = _session("voip_related_codes_json_originate_to_desk_1001.esl")
    calls, _ = _replay(services, data, chunk=chunk, event_format="json")
    assert _log(calls) == [TO_DESK_1001]


def test_the_b_leg_as_plain_makes_the_same_call_log(services: Services) -> None:
    data = _as_plain(_session("voip_related_codes_json_originate_to_desk_1001.esl"))
    calls, _ = _replay(services, data, chunk=7)
    assert _log(calls) == [TO_DESK_1001]
