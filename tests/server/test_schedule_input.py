"""The schedule's routes (issue 25) on a real server process, sent what a console never sends:
naive and unreadable datetimes, a week of six days, an unknown kind of absence, a period of
years, an unknown technician. Each answers 4xx with the reason in words, never 5xx; a refused
booking is 409 with the conflicts, naming the booking it would overlap."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import requests

from conftest import FakeClock, RestServer
from dispatch_console.ports import Actor

TUESDAY_10 = "2026-03-03T10:00:00+08:00"  # the test clock is Monday 2 March, 17:00 in Shanghai


@pytest.fixture
def api(rest_server: RestServer, clock: FakeClock) -> Any:
    desk = rest_server.fresh(Actor("boss", role="supervisor"), clock)
    try:
        yield desk
    finally:
        rest_server.close_all()


def _send(desk: Any, verb: str, path: str, **kw: Any) -> requests.Response:
    headers = {"Authorization": f"Bearer {desk.token}"}
    return requests.request(
        verb, desk.base_url + "/api/v1" + path, headers=headers, timeout=30, **kw
    )


def _job(desk: Any) -> tuple[Any, Any]:
    dept = desk.create_department("North", "N1")
    tech = desk.create_technician("Wang Wei", "13900000001", dept.id)
    desk.report_position(tech.id, 31.23, 121.49, 10.0, datetime(2026, 3, 2, 9, tzinfo=UTC))
    customer = desk.create_customer("Li Lei", ("13812340001",))
    site = desk.create_site("Plant", "1 Road", 31.2304, 121.4737, customer_id=customer.id)
    from dispatch_console.domain.tickets import TicketDraft

    ticket = desk.create_ticket(
        TicketDraft("phone", "hvac", "normal", "Drips.", customer_id=customer.id, site_id=site.id)
    )
    return ticket, tech


def test_bad_schedule_input_is_4xx_in_words(api: Any) -> None:
    ticket, tech = _job(api)
    cases = [
        ("PUT", f"/tickets/{ticket.id}/visit",
         {"json": {"expected_version": 1, "technician_id": tech.id,
                   "starts_at": "2026-03-03T10:00:00"}}, 422, "time zone"),
        ("PUT", f"/tickets/{ticket.id}/visit",
         {"json": {"expected_version": 1, "technician_id": tech.id, "starts_at": "soon"}},
         422, "starts_at"),
        ("PUT", f"/tickets/{ticket.id}/visit",
         {"json": {"expected_version": 1, "technician_id": 99999, "starts_at": TUESDAY_10}},
         404, "technician"),
        ("PUT", f"/tickets/{ticket.id}/appointment",
         {"json": {"expected_version": 1, "starts_at": TUESDAY_10,
                   "ends_at": "2026-03-03T09:00:00+08:00"}}, 422, "end after"),
        ("GET", "/schedule/board",
         {"params": {"since": "2026-03-03T00:00:00+08:00", "until": "2029-03-03T00:00:00+08:00"}},
         422, "14 days"),
        ("GET", "/schedule/board",
         {"params": {"since": "2026-03-03T00:00:00", "until": "2026-03-04T00:00:00"}},
         422, "time zone"),
        ("PUT", f"/technicians/{tech.id}/hours",
         {"json": {"week": {"days": [None] * 6}}}, 422, "7 days"),
        ("POST", f"/technicians/{tech.id}/absences",
         {"json": {"kind": "vacation", "starts_at": TUESDAY_10,
                   "ends_at": "2026-03-03T18:00:00+08:00"}}, 422, "kind"),
        ("GET", f"/tickets/{ticket.id}/slots", {"params": {"limit": 100000}}, 422, "limit"),
    ]  # fmt: skip
    for verb, path, kw, status, words in cases:
        answer = _send(api, verb, path, **kw)
        assert answer.status_code == status, (path, kw, answer.text)
        assert words in answer.text, (path, answer.text)


def test_a_refused_booking_is_409_with_the_conflicts(api: Any) -> None:
    first, tech = _job(api)
    from dispatch_console.domain.tickets import TicketDraft

    second = api.create_ticket(
        TicketDraft("phone", "hvac", "normal", "Noisy.", site_id=first.site_id)
    )
    api.place_visit(first.id, first.version, tech.id, datetime.fromisoformat(TUESDAY_10), 60)
    later = datetime.fromisoformat(TUESDAY_10) + timedelta(minutes=30)
    answer = _send(
        api, "PUT", f"/tickets/{second.id}/visit",
        json={"expected_version": second.version, "technician_id": tech.id,
              "starts_at": later.isoformat(), "minutes": 60},
    )  # fmt: skip
    assert answer.status_code == 409, answer.text
    body = answer.json()
    assert body["code"] == "schedule_conflict"
    assert {"kind": "overlap", "ticket_id": first.id} in [
        {"kind": c["kind"], "ticket_id": c["ticket_id"]} for c in body["conflicts"]
    ]
