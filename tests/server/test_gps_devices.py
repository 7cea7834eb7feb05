"""Trackers that report their own id (an IMEI, Traccar Client's identifier, OsmAnd's id) move the
technician an administrator gave that id, before phone numbers and technician numbers are tried;
an id nobody has is refused with a 4xx saying so, and the server's log keeps the raw id. A real
dispatch-server process, on SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
import requests

from conftest import PgDatabase
from dispatch_console.ports import Actor
from dispatch_console.services import Services
from dispatch_console.storage.store import SqlStore

from .processes import ServerProcess

IMEI = "356938035643809"
TRACCAR_ID = "482411"  # Traccar Client's default: a random six-digit number
AT = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@dataclass
class Fleet:
    server: ServerProcess
    token: str
    store: SqlStore
    imei_tech: int  # has the tracker IMEI
    app_tech: int  # has Traccar Client, whose id is another technician's phone number
    phone_tech: int  # reports with their phone number, as before

    @property
    def osmand(self) -> str:
        return f"{self.server.url}/api/v1/gps/osmand/{self.token}"

    def position(self, tech: int) -> tuple[float | None, float | None, datetime | None]:
        t = Services(self.store.unit_of_work, self.store.feed, Actor("t", "admin")).get_technician(
            tech
        )
        return (t.lat, t.lon, t.position_at)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def fleet(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Fleet]:
    if request.param == "postgres":
        db: PgDatabase = request.getfixturevalue("pg_database")
        db.reset()
        url = db.url
    else:
        url = f"sqlite:///{tmp_path / 'desk.db'}"
    store = SqlStore(url)
    store.upgrade()
    root = Services(store.unit_of_work, store.feed, Actor("setup", "admin"))
    token, _ = root.create_integration_token("gps", "trackers")
    techs = [root.create_technician(name, phone, None)
             for name, phone in [("Wang", "13900001001"), ("Li", "13900001002"),
                                 ("Zhao", "13900001003")]]  # fmt: skip
    root.set_technician_device(techs[0].id, techs[0].version, IMEI)
    root.set_technician_device(techs[1].id, techs[1].version, "13900001003")
    server = ServerProcess(url, tmp_path / "server.log").start()
    try:
        yield Fleet(server, token, store, techs[0].id, techs[1].id, techs[2].id)
    finally:
        server.stop()
        store.close()


def _traccar_9(device: str, lat: float) -> dict[str, object]:
    return {"device_id": device, "location": {"timestamp": AT.isoformat(), "coords": {
        "latitude": lat, "longitude": 121.47, "accuracy": 5}}}  # fmt: skip


def test_a_tracker_reporting_its_imei_moves_its_technician(fleet: Fleet) -> None:
    done = requests.post(fleet.osmand, json=_traccar_9(IMEI, 31.23), timeout=10)
    assert (done.status_code, done.json()) == (200, {"stored": 1})
    assert fleet.position(fleet.imei_tech) == (31.23, 121.47, AT)
    later = int(AT.timestamp()) + 60
    for key in ("id", "deviceid"):  # the OsmAnd protocol's two spellings
        fix = {key: IMEI, "lat": "31.24", "lon": "121.48", "timestamp": str(later)}
        assert requests.get(fleet.osmand, params=fix, timeout=10).status_code == 200
        later += 60
    assert fleet.position(fleet.imei_tech)[:2] == (31.24, 121.48)


def test_a_device_id_is_tried_before_phone_numbers(fleet: Fleet) -> None:
    """Li's app reports "13900001003", Zhao's phone number: it is Li's device, so Li moves."""
    fix = {
        "id": "13900001003",
        "lat": "31.1",
        "lon": "121.1",
        "timestamp": str(int(AT.timestamp())),
    }
    assert requests.get(fleet.osmand, params=fix, timeout=10).json() == {"stored": 1}
    assert fleet.position(fleet.app_tech)[0] == 31.1
    assert fleet.position(fleet.phone_tech) == (None, None, None)
    by_number = {**fix, "id": str(fleet.phone_tech)}  # the technician number still works
    assert requests.get(fleet.osmand, params=by_number, timeout=10).json() == {"stored": 1}
    assert fleet.position(fleet.phone_tech)[0] == 31.1


def test_an_unknown_device_is_refused_and_logged_with_its_raw_id(fleet: Fleet) -> None:
    strange = ["863071041234567", "Pixel 8 的手机", "x" * 500, "%00", "356938035643809 "[::-1]]
    for device in strange:
        fix = {"id": device, "lat": "31.1", "lon": "121.1", "timestamp": "1772442000"}
        answer = requests.get(fleet.osmand, params=fix, timeout=10)
        assert answer.status_code == 404, (device, answer.text)
        assert answer.json()["field"] == "id"
        assert "technician-device" in answer.json()["reason"]
    answer = requests.post(fleet.osmand, json=_traccar_9(TRACCAR_ID, 31.0), timeout=10)
    assert answer.status_code == 404
    assert repr(TRACCAR_ID) in answer.json()["reason"]
    log = fleet.server.log.read_text(errors="replace")
    assert f"unknown device {TRACCAR_ID!r}" in log and "unknown device '863071041234567'" in log
    assert "Traceback" not in log
    for tech in (fleet.imei_tech, fleet.app_tech, fleet.phone_tech):
        assert fleet.position(tech) == (None, None, None)


def test_a_batch_names_fixes_by_device_id(fleet: Fleet) -> None:
    auth = {"Authorization": f"Bearer {fleet.token}"}
    at = AT.isoformat()
    fixes = [
        {"device_id": IMEI, "lat": 31.5, "lon": 121.5, "at": at},
        {"device_id": TRACCAR_ID, "lat": 31.5, "lon": 121.5, "at": at},  # nobody's
        {"technician_id": fleet.phone_tech, "lat": 31.6, "lon": 121.6, "at": at},
        {"device_id": "13900001003", "lat": 95.0, "lon": 121.5, "at": at},  # Li's, off the Earth
    ]
    url = fleet.server.url + "/api/v1/gps/positions"
    report = requests.post(url, json=fixes, headers=auth, timeout=10).json()
    assert (report["stored"], report["ignored"]) == (2, 0)
    assert [r["index"] for r in report["refused"]] == [1, 3]
    assert repr(TRACCAR_ID) in report["refused"][0]["reason"]
    assert (
        fleet.position(fleet.imei_tech)[0] == 31.5 and fleet.position(fleet.phone_tech)[0] == 31.6
    )
    assert fleet.position(fleet.app_tech) == (None, None, None)
    both = [{"device_id": IMEI, "technician_id": fleet.imei_tech, "lat": 1, "lon": 1, "at": at}]
    for bad in (both, [{"lat": 1, "lon": 1, "at": at}], [{**both[0], "device_id": ""}]):
        answer = requests.post(url, json=bad, headers=auth, timeout=10)
        assert answer.status_code == 422, answer.text
    assert f"unknown devices [{TRACCAR_ID!r}]" in fleet.server.log.read_text(errors="replace")
