"""Bad requests get clear 4xx answers, never a 500: numbers no column can hold, unknown time
zones, wrong content types, broken JSON, oversized bodies (cases schemathesis found or asks)."""

from __future__ import annotations

import requests

from conftest import FakeClock, RestServer
from dispatch_console.ports import Actor


def test_bad_requests_are_refused_in_words(rest_server: RestServer, clock: FakeClock) -> None:
    desk = rest_server.fresh(Actor("sue", "supervisor"), clock)
    api = rest_server.url + "/api/v1"
    auth = {"Authorization": f"Bearer {desk.token}"}

    huge = requests.get(f"{api}/tickets/{2**70}", headers=auth, timeout=10)
    assert huge.status_code == 422 and huge.json()["code"] == "validation_error"
    zone = requests.get(
        f"{api}/callbacks/stats", headers=auth, timeout=10,
        params={"since": "2026-03-01T00:00:00Z", "until": "2026-03-02T00:00:00Z", "timezone": ""},
    )  # fmt: skip
    assert zone.status_code == 422 and zone.json()["field"] == "timezone"
    text = requests.post(
        f"{api}/customers", data="name=Li", timeout=10,
        headers={**auth, "Content-Type": "text/plain"},
    )  # fmt: skip
    assert text.status_code == 422
    broken = requests.post(
        f"{api}/customers", data="{not json", timeout=10,
        headers={**auth, "Content-Type": "application/json"},
    )  # fmt: skip
    assert broken.status_code == 422
    big = requests.post(
        f"{api}/customers", data=b"x" * (17 * 1024 * 1024), timeout=30,
        headers={**auth, "Content-Type": "application/json"},
    )  # fmt: skip
    assert big.status_code == 413
    assert requests.get(f"{api}/tickets/1", headers=auth, timeout=10).status_code == 404


def test_what_a_security_review_found_stays_fixed(
    rest_server: RestServer, clock: FakeClock
) -> None:
    import pytest
    from websockets.exceptions import ConnectionClosed
    from websockets.sync.client import connect

    from dispatch_console.domain.errors import PermissionDenied, TooManyAttempts
    from dispatch_console.rest.client import RestBackend

    desk = rest_server.fresh(Actor("sue", "supervisor"), clock)
    api = rest_server.url + "/api/v1"
    auth = {"Authorization": f"Bearer {desk.token}"}
    # the event stream is the desk's: not a GPS device's, not a technician's
    for role in ("gps", "pbx", "technician"):
        other = desk.as_actor(Actor(f"x-{role}", role, technician_id=1))
        url = rest_server.url.replace("http", "ws") + f"/api/v1/events?token={other.token}"
        with connect(url, open_timeout=5) as socket, pytest.raises(ConnectionClosed) as closed:
            socket.recv(timeout=5)
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 4403
        with pytest.raises(PermissionDenied):
            other.events_after(0)
    # a NaN wait would never end
    nan = requests.get(f"{api}/events/wait", params={"after_id": 0, "timeout": "nan"},
                       headers=auth, timeout=10)  # fmt: skip
    assert nan.status_code == 422 and nan.json()["field"] == "timeout"
    # a body of unknown length is not read
    chunked = requests.post(
        f"{api}/customers", data=iter([b'{"name": "x", ', b'"phones": []}']), timeout=10,
        headers={**auth, "Content-Type": "application/json"},
    )  # fmt: skip
    assert chunked.status_code == 411
    # password guessing is slowed down (five tries, then a wait that doubles: issue 22)
    desk.as_actor(Actor("root", "admin")).create_user("wang", "Wang", "agent", "correct horse 1")
    refusals = []
    for _ in range(7):
        try:
            RestBackend.sign_in(rest_server.url, "wang", "guess")
        except TooManyAttempts:
            refusals.append("slowed")
        except PermissionDenied:
            refusals.append("wrong")
    assert refusals == ["wrong"] * 5 + ["slowed"] * 2
    # a timestamp in the year 50,000 is a bad request, not a server error
    gps = desk.as_actor(Actor("fleet", "gps"))
    far = {"id": "1", "lat": "31", "lon": "121", "timestamp": "9" * 20}
    bad = requests.get(f"{api}/gps/osmand/{gps.token}", params=far, timeout=10)
    assert bad.status_code == 400
