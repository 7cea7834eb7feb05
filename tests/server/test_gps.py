"""Technician positions into the server: the OsmAnd protocol the Traccar Client app speaks, and
JSON batches; out-of-order and repeated fixes are ignored, bad ones refused, floods slowed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import requests

from conftest import FakeClock, RestServer
from dispatch_console.ports import Actor
from dispatch_console.rest.client import RestBackend
from dispatch_console.server.osmand import Undecodable, decode


def _world(server: RestServer, clock: FakeClock) -> tuple[RestBackend, str, list[int]]:
    admin = server.fresh(Actor("root", "admin"), clock)
    dept = admin.create_department("North", "N1")
    techs = [admin.create_technician(f"T{n}", f"1390000111{n}", dept.id).id for n in range(2)]
    admin.create_user("boss", "Boss", "admin", "correct horse battery")
    boss, _ = RestBackend.sign_in(server.url, "boss", "correct horse battery")
    token = requests.post(
        server.url + "/api/v1/auth/integration-tokens", json={"kind": "gps", "label": "fleet"},
        headers={"Authorization": f"Bearer {boss.token}"}, timeout=10,
    ).json()["token"]  # fmt: skip
    boss.close()
    return admin, token, techs


def test_the_traccar_client_app_reports_a_technicians_position(
    rest_server: RestServer, clock: FakeClock
) -> None:
    admin, token, (tech, _) = _world(rest_server, clock)
    url = f"{rest_server.url}/api/v1/gps/osmand/{token}"
    now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    fix = {"id": "13900001110", "lat": "31.2304", "lon": "121.4737",
           "timestamp": str(int(now.timestamp())), "accuracy": "8.5", "speed": "0"}  # fmt: skip
    assert requests.post(url, params=fix, timeout=10).json() == {"stored": 1}
    moved = admin.get_technician(tech)
    assert (moved.lat, moved.lon, moved.position_at) == (31.2304, 121.4737, now)
    older = {**fix, "lat": "30.0", "timestamp": str(int((now - timedelta(minutes=5)).timestamp()))}
    assert requests.get(url, params=older, timeout=10).json() == {"stored": 0}
    assert admin.get_technician(tech).lat == 31.2304  # an old fix arriving late moves nothing
    unknown = requests.get(url, params={**fix, "id": "13999999999"}, timeout=10)
    assert unknown.status_code == 404
    bad = requests.get(url, params={**fix, "lat": "north"}, timeout=10)
    assert bad.status_code == 400
    wrong = requests.get(url.replace(token, "forged"), params=fix, timeout=10)
    assert wrong.status_code == 401


def test_a_flooding_device_is_slowed_down(rest_server: RestServer, clock: FakeClock) -> None:
    _admin, token, _ = _world(rest_server, clock)
    url = f"{rest_server.url}/api/v1/gps/osmand/{token}"
    codes = [
        requests.get(url, params={"id": "13900001111", "lat": "31.2", "lon": "121.4",
                                  "timestamp": str(1772442000 + n)}, timeout=10).status_code
        for n in range(40)
    ]  # fmt: skip
    assert codes[:20] == [200] * 20 and 429 in codes


def test_a_batch_stores_the_newest_ignores_the_stale_and_refuses_the_bad(
    rest_server: RestServer, clock: FakeClock
) -> None:
    admin, token, (a, b) = _world(rest_server, clock)
    at = datetime(2026, 3, 2, 9, 0, tzinfo=UTC).isoformat()
    later = datetime(2026, 3, 2, 9, 1, tzinfo=UTC).isoformat()
    fixes = [
        {"technician_id": a, "lat": 31.1, "lon": 121.1, "at": later},
        {"technician_id": a, "lat": 31.0, "lon": 121.0, "at": at},  # older, same batch
        {"technician_id": b, "lat": 95.0, "lon": 121.0, "at": at},  # not on Earth
        {"technician_id": 999, "lat": 31.0, "lon": 121.0, "at": at},
    ]
    auth = {"Authorization": f"Bearer {token}"}
    report = requests.post(
        rest_server.url + "/api/v1/gps/positions", json=fixes, headers=auth, timeout=10
    ).json()
    assert (report["stored"], report["ignored"]) == (1, 1)
    assert sorted(r["index"] for r in report["refused"]) == [2, 3]
    assert admin.get_technician(a).lat == 31.1
    again = requests.post(
        rest_server.url + "/api/v1/gps/positions", json=fixes[:1], headers=auth, timeout=10
    ).json()
    assert (again["stored"], again["ignored"]) == (0, 1)  # sent twice: stored once


def test_what_no_gps_app_could_mean_is_refused_with_a_reason_and_stores_nothing(
    rest_server: RestServer, clock: FakeClock
) -> None:
    admin, token, (tech, _) = _world(rest_server, clock)
    url = f"{rest_server.url}/api/v1/gps/osmand/{token}"
    fix = {"id": "13900001110", "timestamp": "1772442000"}
    refused = {
        "lat": {**fix, "lat": "NaN", "lon": "121.4"},
        "lon": {**fix, "lat": "31.2", "lon": "Infinity"},
        "lat ": {**fix, "lat": "91", "lon": "121.4"},  # off the Earth
        "lon ": {**fix, "lat": "31.2", "lon": "-180.5"},
        "location": {**fix, "location": "31.2"},
        "accuracy": {**fix, "lat": "31.2", "lon": "121.4", "accuracy": "nan"},
        "timestamp": {**fix, "lat": "31.2", "lon": "121.4", "timestamp": "yesterday"},
        "id": {"lat": "31.2", "lon": "121.4"},
    }
    for field, params in refused.items():
        answer = requests.get(url, params=params, timeout=10)
        assert (answer.status_code, answer.json()["field"]) == (400, field.strip()), params
        assert answer.json()["reason"]
    json_bodies = {
        "body": b'{"location": {"coords": ',  # cut short
        "location": b'{"location": [{"coords": {}}], "device_id": "13900001110"}',  # batchSync
        "device_id": b'{"location": {"timestamp": "2026-03-02T09:00:00Z", '
        b'"coords": {"latitude": 31.2, "longitude": 121.4}}}',
        "latitude": b'{"device_id": "13900001110", "location": {"timestamp": '
        b'"2026-03-02T09:00:00Z", "coords": {"latitude": NaN, "longitude": 121.4}}}',
        "location.timestamp": b'{"device_id": "13900001110", "location": '
        b'{"coords": {"latitude": 31.2, "longitude": 121.4}}}',
    }
    for field, body in json_bodies.items():
        answer = requests.post(url, data=body, timeout=10,
                               headers={"Content-Type": "application/json"})  # fmt: skip
        assert (answer.status_code, answer.json()["field"]) == (400, field), body
    big = requests.post(url, data=b"id=13900001110&lat=31.2&lon=121.4&x=" + b"9" * 70_000,
                        timeout=10)  # fmt: skip
    assert big.status_code == 413
    assert admin.get_technician(tech).position_at is None  # none of it moved anyone


def test_a_phone_without_a_fix_is_answered_but_moves_nobody(
    rest_server: RestServer, clock: FakeClock
) -> None:
    """Refused, the phone would resend it forever and hold back the fixes queued behind it."""
    admin, token, (tech, _) = _world(rest_server, clock)
    url = f"{rest_server.url}/api/v1/gps/osmand/{token}"
    fix = {"id": "13900001110", "timestamp": "1772442000"}
    for params, why in [
        ({**fix, "lat": "31.2", "lon": "121.4", "valid": "false"}, "invalid"),
        ({**fix, "lat": "0", "lon": "0", "valid": "false"}, "invalid"),
        ({**fix, "lat": "0.000000", "lon": "0.000000"}, "0,0"),
        ({**fix, "cell": "460,00,4243,13432"}, "no coordinates"),
    ]:
        answer = requests.get(url, params=params, timeout=10)
        assert answer.status_code == 200 and answer.json()["stored"] == 0
        assert why in answer.json()["reason"]
    assert admin.get_technician(tech).position_at is None
    valid = {**fix, "lat": "31.2", "lon": "121.4", "valid": "1", "accuracy": "-1"}
    assert requests.get(url, params=valid, timeout=10).json() == {"stored": 1}
    moved = admin.get_technician(tech)
    assert (moved.lat, moved.position_accuracy_m) == (31.2, None)  # -1: accuracy not known


def test_traccar_client_9_json_and_a_url_with_a_trailing_slash(
    rest_server: RestServer, clock: FakeClock
) -> None:
    admin, token, (_, tech) = _world(rest_server, clock)
    body = {"location": {"timestamp": "2026-03-02T09:00:00.250Z", "coords": {
        "latitude": 31.2304, "longitude": 121.4737, "accuracy": 12.5, "speed": -1,
        "heading": -1, "altitude": 4}, "is_moving": True, "event": "", "battery": {
        "level": 0.42, "is_charging": False}, "activity": {"type": "in_vehicle"}},
        "device_id": "+86 139 0000 1111"}  # fmt: skip
    url = f"{rest_server.url}/api/v1/gps/osmand/{token}/"
    assert requests.post(url, json=body, timeout=10).json() == {"stored": 1}
    moved = admin.get_technician(tech)
    at = datetime(2026, 3, 2, 9, 0, 0, 250_000, tzinfo=UTC)
    assert (moved.lat, moved.lon, moved.position_at, moved.position_accuracy_m) == (
        31.2304, 121.4737, at, 12.5)  # fmt: skip


NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("query", "body", "kind", "expected"),
    [
        ("id=7&lat=1.5&lon=2.5&timestamp=2147483646", b"", "", (1.5, 2.5, 2147483646.0)),
        ("id=7&lat=1.5&lon=2.5&timestamp=2147483647", b"", "", (1.5, 2.5, 2147483.647)),
        ("", b"?id=7&lat=1.5&lon=2.5&timestamp=2026-03-02T17:00:00%2B08:00", "", (1.5, 2.5,
         NOW.timestamp())),
        ("", b"id=7&lat=1&lat=1.5&lon=2.5&timestamp=2026-03-02T09:00:00", "text/plain",
         (1.5, 2.5, NOW.timestamp())),  # the last of a repeated key; no zone: UTC
        ("", b'{"device_id": 7, "location": {"timestamp": "2026-03-02T09:00:00Z", "coords": '
         b'{"latitude": "1.5", "longitude": 2.5}}}', "text/plain", (1.5, 2.5, NOW.timestamp())),
        ("id=7&location=1.5,2.5,100", b"ignored", "application/json", (1.5, 2.5, NOW.timestamp())),
    ],
)  # fmt: skip
def test_the_decoder_reads_what_traccar_reads(
    query: str, body: bytes, kind: str, expected: tuple[float, float, float]
) -> None:
    reading = decode(query, body, kind, NOW)
    assert (reading.device, reading.no_fix) == ("7", None)
    assert (reading.lat, reading.lon, reading.at.timestamp()) == expected


def test_the_decoder_refuses_json_nested_beyond_reason() -> None:
    with pytest.raises(Undecodable) as refused:
        decode("", b"[" * 60_000, "application/json", NOW)
    assert refused.value.field == "body"
