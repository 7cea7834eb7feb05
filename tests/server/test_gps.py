"""Technician positions into the server: the OsmAnd protocol the Traccar Client app speaks, and
JSON batches; out-of-order and repeated fixes are ignored, bad ones refused, floods slowed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import requests

from conftest import FakeClock, RestServer
from dispatch_console.ports import Actor
from dispatch_console.rest.client import RestBackend


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
