"""Appointments are judged and told in their department's time zone and holidays when it has
working hours, else in the desk's configured zone and holiday region (docs/schedule.md, "Time
zones") — never in Shanghai's by accident. On every backend: the desk's zone reaches the server
as `--timezone` / `--holiday-region`, and the SQL backends as the services' `desk`.

The clock is fixed (Monday 2 March 2026, 09:00 UTC: 04:00 in New York, inside its quiet hours,
17:00 in Shanghai, outside them), so nothing here depends on the day the suite runs."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from conftest import (
    _BUILDERS,
    _SERVERS,
    ALICE,
    BACKEND_PARAMS,
    PG_SKIP_REASON,
    PG_URL_ENV,
    FakeClock,
    RestServer,
    _scratch_pg_database,
    _server_process,
)
from dispatch_console.domain.desk_zone import DeskZone
from dispatch_console.domain.errors import ValidationError
from dispatch_console.domain.model import Department
from dispatch_console.domain.schedule import WeeklyHours
from dispatch_console.domain.tickets import Ticket
from dispatch_console.ports import Actor
from dispatch_console.services import Services

from .conftest import SITE_LAT, SITE_LON, START, Make

NEW_YORK = ZoneInfo("America/New_York")
HONG_KONG = ZoneInfo("Asia/Hong_Kong")
SHANGHAI = ZoneInfo("Asia/Shanghai")
BOSS = Actor("boss", role="supervisor")
NEW_YORK_DESK = DeskZone("America/New_York", "US")
DESK_OPTIONS = ("--timezone", NEW_YORK_DESK.timezone, "--holiday-region", "US")


def local(zone: ZoneInfo, month: int, day: int, hour: int) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=zone)


# --- a desk in New York: the services' `desk`, or a server started with its zone ---------------
@pytest.fixture(scope="session")
def rest_server_new_york(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RestServer]:
    path = tmp_path_factory.mktemp("rest-new-york") / "server.sqlite3"
    with _server_process(f"sqlite:///{path}", path.parent, DESK_OPTIONS) as server:
        yield server


@pytest.fixture(scope="session")
def rest_pg_server_new_york(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RestServer]:
    admin_url = os.environ.get(PG_URL_ENV)
    if not admin_url:
        pytest.skip(PG_SKIP_REASON)
    with (
        _scratch_pg_database(admin_url) as url,
        _server_process(url, tmp_path_factory.mktemp("rest-pg-ny"), DESK_OPTIONS) as server,
    ):
        yield server


@pytest.fixture(params=BACKEND_PARAMS)
def desk_backend(
    request: pytest.FixtureRequest, clock: FakeClock, tmp_path: Path
) -> Iterator[Services]:
    """The Backend under test for a desk configured for New York and US holidays."""
    if request.param in ("postgres", "rest-pg") and not os.environ.get(PG_URL_ENV):
        pytest.skip(PG_SKIP_REASON)
    if request.param in _SERVERS:
        server: RestServer = request.getfixturevalue(_SERVERS[request.param] + "_new_york")
        try:
            yield server.fresh(ALICE, clock)
        finally:
            server.close_all()
        return
    store = _BUILDERS[request.param](request, clock, tmp_path)
    try:
        yield Services(store.unit_of_work, store.feed, ALICE, clock=clock, desk=NEW_YORK_DESK)
    finally:
        store.close()


@pytest.fixture
def desk_make(desk_backend: Services) -> Make:
    return Make(desk_backend, desk_backend.as_actor)  # type: ignore[arg-type]


# --- helpers ------------------------------------------------------------------------------------
def _job(backend: Services, make: Make, department: Department | None = None) -> Ticket:
    """A customer's job, and a technician near its site (a position to set off from)."""
    customer = backend.create_customer("李雷", ["13812345678"], email="li.lei@example.cn")
    ticket, tech, _site = make.job(customer=customer, department=department)
    backend.report_position(tech.id, SITE_LAT, SITE_LON + 0.02, 10.0, START)
    return ticket


def _book(backend: Services, ticket: Ticket, starts: datetime, hours: int = 2) -> Ticket:
    version = backend.get_ticket(ticket.id).version
    return backend.set_appointment(
        ticket.id, version, starts, starts + timedelta(hours=hours)
    ).ticket


def _pending_sms(backend: Services, ticket_id: int) -> dict[str, tuple[datetime, str]]:
    """Each queued appointment text: when it goes, what it says."""
    visit = {"appointment", "reminder_eve", "reminder_morning"}
    return {
        n.moment.value: (n.next_attempt_at, n.body)
        for n in backend.list_notifications(ticket_id)
        if n.moment.value in visit and n.channel == "sms" and n.status.value == "pending"
    }


def _department(make: Make, zone: str, region: str) -> Department:
    dept = make.department("Far away")
    boss = make.b.as_actor(BOSS)
    boss.set_department_hours(dept.id, WeeklyHours.office(time(9), time(17)), zone, region)
    return dept


def _reminded_in_new_york(sms: dict[str, tuple[datetime, str]]) -> None:
    """A 09:00-11:00 visit on Wednesday 4 March, booked Monday at 04:00 in New York."""
    assert {moment: at for moment, (at, _) in sms.items()} == {
        # booked in New York's night: the confirmation waits for its morning (in Shanghai it
        # is 17:00, and it would have gone at once)
        "appointment": local(NEW_YORK, 3, 2, 8),
        "reminder_eve": local(NEW_YORK, 3, 3, 18),
        "reminder_morning": local(NEW_YORK, 3, 4, 8),
    }
    # the times the customer reads are New York's (13 hours on, Shanghai would say 22:00)
    assert "03-04 09:00-11:00" in sms["appointment"][1]
    assert "03-04 09:00-11:00" in sms["reminder_morning"][1]


# --- a department with hours: its zone and holidays, whatever the desk's ----------------------
def test_a_new_york_department_is_reminded_on_new_york_evenings_and_mornings(
    backend: Services, make: Make
) -> None:
    assert local(NEW_YORK, 3, 2, 4) == START
    dept = _department(make, "America/New_York", "US")
    ticket = _job(backend, make, dept)
    _book(backend, ticket, local(NEW_YORK, 3, 4, 9))
    _reminded_in_new_york(_pending_sms(backend, ticket.id))


def test_a_hong_kong_department_keeps_hong_kong_holidays_not_the_mainlands(
    backend: Services, make: Make, clock: FakeClock
) -> None:
    dept = _department(make, "Asia/Hong_Kong", "HK")
    ticket = _job(backend, make, dept)
    # 1 July: Hong Kong's establishment day (a working Wednesday on the mainland)
    with pytest.raises(ValidationError, match="public holiday"):
        _book(backend, ticket, local(HONG_KONG, 7, 1, 10))
    # 2 October: the mainland's National Day holiday, a working Friday in Hong Kong
    booked = _book(backend, ticket, local(HONG_KONG, 10, 2, 10))
    assert booked.appointment_starts_at == local(HONG_KONG, 10, 2, 10)
    # the customer's page offers Hong Kong's working days, from 09:00 Hong Kong time
    site = booked.site_id
    assert site is not None
    clock.set(local(HONG_KONG, 6, 29, 18))  # Monday evening, after the day's last window
    starts = [w.starts_at.astimezone(HONG_KONG) for w in backend.offered_windows(site, dept.id, 4)]
    tuesday, thursday = local(HONG_KONG, 6, 30, 0).date(), local(HONG_KONG, 7, 2, 0).date()
    assert {s.date() for s in starts} == {tuesday, thursday}  # not Wednesday 1 July
    assert min(s.time() for s in starts) == time(9)


# --- no hours set: the desk's configured zone and holidays ------------------------------------
def test_without_department_hours_the_desks_zone_tells_the_reminders(
    desk_backend: Services, desk_make: Make
) -> None:
    ticket = _job(desk_backend, desk_make)  # a department of its own, no hours set
    assert desk_backend.department_hours(ticket.department_id or 0) is None
    _book(desk_backend, ticket, local(NEW_YORK, 3, 4, 9))
    _reminded_in_new_york(_pending_sms(desk_backend, ticket.id))


def test_without_department_hours_the_desks_holidays_judge_the_window(
    desk_backend: Services, desk_make: Make
) -> None:
    ticket = _job(desk_backend, desk_make)
    with pytest.raises(ValidationError, match="public holiday"):  # Thanksgiving
        _book(desk_backend, ticket, local(NEW_YORK, 11, 26, 10))
    # the mainland's National Day is a working Friday for this desk
    booked = _book(desk_backend, ticket, local(NEW_YORK, 10, 2, 10))
    assert booked.appointment_starts_at == local(NEW_YORK, 10, 2, 10)
    # the board counts days without hours in the desk's zone
    view = desk_backend.schedule_board(
        local(NEW_YORK, 3, 2, 0), local(NEW_YORK, 3, 3, 0), ticket.department_id
    )
    assert (view.default_timezone, view.default_region) == ("America/New_York", "US")


def test_a_desk_in_the_default_zone_is_still_shanghai(backend: Services, make: Make) -> None:
    """The configuration's default: no zone set anywhere, Shanghai's clock and holidays."""
    ticket = _job(backend, make)
    with pytest.raises(ValidationError, match="public holiday"):
        _book(backend, ticket, local(SHANGHAI, 10, 2, 10))
    _book(backend, ticket, local(SHANGHAI, 3, 4, 9))
    sms = _pending_sms(backend, ticket.id)
    assert set(sms) == {"appointment", "reminder_eve", "reminder_morning"}
    assert sms["reminder_eve"][0] == local(SHANGHAI, 3, 3, 18)
    assert sms["appointment"][0] == START  # 17:00 in Shanghai: not quiet, sent at once
