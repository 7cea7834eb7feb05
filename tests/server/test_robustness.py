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
