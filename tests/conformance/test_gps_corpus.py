"""Every request of tests/conformance/gps (Traccar's own decoder tests, Traccar Client 9's JSON,
the older clients' formatter tests) replayed over HTTP to a real dispatch-server process, in
every way a phone or script sends it: what Traccar stores must move the technician to the same
place and time, once; what Traccar refuses is refused with a 4xx, and stores nothing."""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests

from dispatch_console.ports import Actor
from dispatch_console.rest.client import RestBackend
from dispatch_console.services import Services
from dispatch_console.storage.store import SqlStore
from server.processes import ServerProcess

CORPUS = Path(__file__).parent / "gps"
CASES: list[dict[str, Any]] = json.loads((CORPUS / "expected.json").read_text())["cases"]
PHONES = (f"139000{n:05d}" for n in itertools.count(20000))  # valid mainland mobile numbers

# How each request travels. A query string: on the URL of a GET or of a body-less POST (the
# Android client), or as the body (a form, text/plain, or no Content-Type at all). A JSON body:
# as Traccar Client 9 posts it, and without a Content-Type.
QUERY_WAYS = ("get", "post-url", "post-form", "post-text", "post-untyped")
JSON_WAYS = ("post-json", "post-untyped")
TYPES = {"post-form": "application/x-www-form-urlencoded", "post-text": "text/plain",
         "post-json": "application/json"}  # fmt: skip


@dataclass
class Desk:
    process: ServerProcess
    token: str
    console: RestBackend

    @property
    def osmand(self) -> str:
        return f"{self.process.url}/api/v1/gps/osmand/{self.token}"


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desk]:
    """A server with a gps integration token, and an administrator's console to look with."""
    tmp = tmp_path_factory.mktemp("gps")
    url = f"sqlite:///{tmp / 'desk.db'}"
    store = SqlStore(url)
    store.upgrade()
    root = Services(store.unit_of_work, store.feed, Actor("setup", "admin"))
    root.create_first_admin("boss", "Boss", "correct horse 1")
    raw, _ = root.create_integration_token("gps", "technicians' phones")
    store.close()
    process = ServerProcess(url, tmp / "server.log").start()
    console, _ = RestBackend.sign_in(process.url, "boss", "correct horse 1")
    try:
        yield Desk(process, raw, console)
    finally:
        console.close()
        process.stop()


def request_of(case: dict[str, Any]) -> str | bytes:
    """The request as the corpus holds it: a query string (from a URL line) or a JSON body."""
    name: str = case["file"]
    raw = (CORPUS / name).read_bytes()
    if name.endswith(".json"):
        return raw
    line: str = raw.decode().splitlines()[case["line"] - 1]
    return line.split("?", 1)[1]


def as_technician(request: str | bytes, device: str | None, phone: str) -> str | bytes:
    """The corpus's device ids are Traccar test ids and IMEIs; ours are phone numbers."""
    if device is None:
        return request
    if isinstance(request, bytes):
        text = request.decode()
        swapped = text.replace(f'"device_id":"{device}"', f'"device_id":"{phone}"')
        swapped = swapped.replace(f"&id={device}&", f"&id={phone}&")
        assert swapped != text
        return swapped.encode()
    swapped, n = re.subn(rf"(^|&)(id|deviceid)={device}(?=&|$)", rf"\g<1>\g<2>={phone}", request)
    assert n == 1
    return swapped


def send(desk: Desk, way: str, request: str | bytes) -> requests.Response:
    if isinstance(request, str) and way == "get":
        return requests.get(f"{desk.osmand}?{request}", timeout=10)
    if isinstance(request, str) and way == "post-url":
        return requests.post(f"{desk.osmand}?{request}", data=b"", timeout=10)
    body = request.encode() if isinstance(request, str) else request
    headers = {"Content-Type": TYPES[way]} if way in TYPES else {}
    return requests.post(desk.osmand, data=body, headers=headers, timeout=10)


def positions_of(desk: Desk, technician_id: int, after: int) -> list[dict[str, Any]]:
    return [
        e.payload
        for e in desk.console.events_after(after)
        if (e.entity, e.entity_id, e.kind) == ("technician", str(technician_id), "position")
    ]


REPLAYS = [
    pytest.param(case, way, id=f"{case['case']}-{way}")
    for case in CASES
    for way in (JSON_WAYS if case["file"].endswith(".json") else QUERY_WAYS)
]


@pytest.mark.parametrize(("case", "way"), REPLAYS)
def test_each_request_moves_the_technician_as_traccar_would(
    desk: Desk, case: dict[str, Any], way: str
) -> None:
    phone = next(PHONES)
    tech = desk.console.create_technician(f"Tech {case['case']} {way}", phone, None)
    start = desk.console.last_event_id()
    request = as_technician(request_of(case), case["device"], phone)
    expect = case["expect"]
    before = datetime.now(UTC)
    first, again = send(desk, way, request), send(desk, way, request)
    after = datetime.now(UTC)
    moved = desk.console.get_technician(tech.id)
    if "status" in expect:  # Traccar refuses it: so do we, clearly, and nothing moves
        assert (first.status_code, first.json()["field"]) == (expect["status"], expect["field"])
        assert again.status_code == expect["status"]
        assert moved.position_at is None and not positions_of(desk, tech.id, start)
    elif expect.get("stored") is False:  # Traccar takes it, but it says nowhere to be
        assert first.status_code == 200 and first.json()["stored"] == 0
        assert expect["reason"] in first.json()["reason"]
        assert moved.position_at is None and not positions_of(desk, tech.id, start)
    else:
        assert (first.status_code, first.json()) == (200, {"stored": 1}), first.text
        assert (moved.lat, moved.lon) == (expect["lat"], expect["lon"])
        assert moved.position_accuracy_m == expect["accuracy_m"]
        if expect["at"] == "now":  # stamped on arrival: a resend is a new sighting, "seen at"
            assert again.json() == {"stored": 1}  # moves on (Traccar stores both as well)
            assert moved.position_at is not None
            assert before - timedelta(seconds=1) <= moved.position_at <= after
            assert len(positions_of(desk, tech.id, start)) == 2
        else:
            assert (again.status_code, again.json()) == (200, {"stored": 0})  # sent twice: once
            assert moved.position_at == datetime.fromisoformat(expect["at"])
            assert len(positions_of(desk, tech.id, start)) == 1


def test_a_traccar_client_9_body_arrives_unchanged(desk: Desk) -> None:
    """No id swapped: the technician's phone is the device id the body carries."""
    (case,) = [c for c in CASES if c["case"] == "bggeo-moving-2021"]
    tech = desk.console.create_technician("Tech unchanged", case["device"], None)
    body = request_of(case)
    done = requests.post(desk.osmand, data=body, timeout=10,
                         headers={"Content-Type": "application/json"})  # fmt: skip
    assert (done.status_code, done.json()) == (200, {"stored": 1})
    moved = desk.console.get_technician(tech.id)
    assert (moved.lat, moved.lon, moved.position_accuracy_m) == (-6.1148096, 106.6837015, 3.8)


def test_a_device_nobody_has_is_refused_and_stores_nothing(desk: Desk) -> None:
    start = desk.console.last_event_id()
    for case in CASES:
        if case["device"] in ("123456", "48241179"):  # technician numbers nobody has
            request = request_of(case)
            way = "post-json" if isinstance(request, bytes) else "get"
            assert send(desk, way, request).status_code == 404, case["case"]
    assert not [e for e in desk.console.events_after(start) if e.kind == "position"]
