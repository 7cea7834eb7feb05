"""The windows offered to customers leave room for the visits already booked but not yet on
anyone's day (issue 25: one technician, four QR reports booked one window, a fifth went through):
on every backend a booked window holds its technician's time; on the SQL backends (the QR
report is the server's own page on REST, tests/web/test_full_windows.py) a report picking a full
window is refused and two customers racing for the last place cannot both get it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import time

import pytest

from dispatch_console.domain.errors import ValidationError
from dispatch_console.domain.model import Asset, Department, Site, Technician
from dispatch_console.domain.schedule import AppointmentWindow, WeeklyHours
from dispatch_console.domain.selfservice import FaultReport
from dispatch_console.domain.tickets import Ticket
from dispatch_console.ports import Actor, TicketQuery
from dispatch_console.services import Services

from .conftest import Make
from .test_schedule import BOSS, _race, at, placed

ELEVEN = AppointmentWindow(at(11), at(13))  # Tuesday 11:00-13:00 in Shanghai


def _office(backend: Services, act_as: Callable[[Actor], Services]) -> Department:
    dept = backend.create_department("Field", "FLD")
    act_as(BOSS).set_department_hours(dept.id, WeeklyHours.office(time(9), time(17), lunch=None))
    return dept


def _busy_from_noon(backend: Services, make: Make, dept: Department) -> Technician:
    """A technician with a two-hour visit planned from 12:00 Tuesday, booked for 11:00-13:00:
    one more hour-long visit can start in that window (at 11:00, before it), no more."""
    ticket, tech = placed(backend, make, dept)
    booked = backend.set_appointment(ticket.id, ticket.version, ELEVEN.starts_at, ELEVEN.ends_at)
    backend.place_visit(ticket.id, booked.ticket.version, tech.id, at(12), 120)
    return tech


def _book_by_desk(make: Make, dept: Department, window: AppointmentWindow) -> Ticket:
    """What a QR booking leaves: a ticket with a window and nobody planned on it."""
    site = make.site(make.customer())
    return make.ticket(
        customer_id=site.customer_id, site_id=site.id, department_id=dept.id,
        appointment_starts_at=window.starts_at, appointment_ends_at=window.ends_at,
    )  # fmt: skip


def _offered(backend: Services, site: Site, dept: Department | None) -> list[AppointmentWindow]:
    return backend.offered_windows(site.id, None if dept is None else dept.id, days=3)


def test_a_booked_window_with_no_one_planned_is_not_offered_again_when_full(
    backend: Services, make: Make, act_as: Callable[[Actor], Services]
) -> None:
    dept = _office(backend, act_as)
    _busy_from_noon(backend, make, dept)
    site = make.site(make.customer("Zhang San"))
    before = _offered(backend, site, dept)
    # the planned visit counts once: as planned, not also as booked (room for one is left)
    assert ELEVEN in before
    _book_by_desk(make, dept, ELEVEN)
    after = _offered(backend, site, dept)
    assert ELEVEN not in after, "the one place left was booked"
    assert AppointmentWindow(at(9), at(11)) in after  # the morning still has room
    assert AppointmentWindow(at(13), at(15)) in after
    assert len(after) == len(before) - 1


def test_two_technicians_take_two_bookings_and_the_third_finds_no_window(
    backend: Services, make: Make, act_as: Callable[[Actor], Services]
) -> None:
    dept = _office(backend, act_as)
    _busy_from_noon(backend, make, dept)
    _busy_from_noon(backend, make, dept)
    site = make.site(make.customer("Zhang San"))
    _book_by_desk(make, dept, ELEVEN)
    assert ELEVEN in _offered(backend, site, dept), "one technician still has the hour"
    _book_by_desk(make, dept, ELEVEN)
    assert ELEVEN not in _offered(backend, site, dept)


def test_a_booking_of_another_department_holds_none_of_this_ones_time(
    backend: Services, make: Make, act_as: Callable[[Actor], Services]
) -> None:
    dept = _office(backend, act_as)
    _busy_from_noon(backend, make, dept)
    other = make.department("South")
    site = make.site(make.customer("Zhang San"))
    _book_by_desk(make, other, ELEVEN)
    assert ELEVEN in _offered(backend, site, dept)


# --- the QR report (SQL backends: on REST it is the server's page) -------------------------------
def _device(backend: Services, serial: str) -> Asset:
    site = backend.create_site("Plant", "1 People's Square", lat=31.2304, lon=121.4737)
    return backend.create_asset(site.id, "HP LaserJet M404", serial, category="printer")


def _report(window: AppointmentWindow | None, who: str = "Wang Fang") -> FaultReport:
    return FaultReport("Paper jams on every page", who, "13812345678", window=window)


def _tickets_of(backend: Services, asset: Asset) -> list[Ticket]:
    rows = backend.search_tickets(TicketQuery(limit=100)).items
    return [r.ticket for r in rows if r.ticket.asset_id == asset.id]


def test_a_qr_report_for_a_full_window_is_refused_and_writes_nothing(
    backend: Services, make: Make, act_as: Callable[[Actor], Services], sql_store: object
) -> None:
    dept = _office(backend, act_as)
    _busy_from_noon(backend, make, dept)
    first, second = _device(backend, "CN-CAP-1"), _device(backend, "CN-CAP-2")
    assert ELEVEN in backend.visit_windows(first.qr_token)
    ticket, _ = backend.report_fault(first.qr_token, _report(ELEVEN))
    assert (ticket.appointment_starts_at, ticket.appointment_ends_at) == (at(11), at(13))
    assert ELEVEN not in backend.visit_windows(second.qr_token)
    with pytest.raises(ValidationError) as refused:
        backend.report_fault(second.qr_token, _report(ELEVEN))
    assert refused.value.field == "window"
    assert _tickets_of(backend, second) == []  # the page shows the report again to pick anew
    made, _ = backend.report_fault(second.qr_token, _report(AppointmentWindow(at(9), at(11))))
    assert made.appointment_starts_at == at(9)


@pytest.mark.parametrize("round_", range(3))
def test_two_customers_racing_for_the_last_place_one_gets_it(
    backend: Services, make: Make, act_as: Callable[[Actor], Services], sql_store: object,
    round_: int,
) -> None:  # fmt: skip
    dept = _office(backend, act_as)
    _busy_from_noon(backend, make, dept)
    one, two = _device(backend, f"CN-RACE-{round_}-1"), _device(backend, f"CN-RACE-{round_}-2")
    results = _race(
        lambda: backend.report_fault(one.qr_token, _report(ELEVEN, "Wang Fang")),
        lambda: backend.report_fault(two.qr_token, _report(ELEVEN, "Li Na")),
    )
    refused = [r for r in results if isinstance(r, ValidationError)]
    won = [r for r in results if not isinstance(r, Exception)]
    assert len(won) == 1 and len(refused) == 1, results
    assert refused[0].field == "window"
    booked = _tickets_of(backend, one) + _tickets_of(backend, two)
    assert len(booked) == 1 and booked[0].appointment_starts_at == at(11)
