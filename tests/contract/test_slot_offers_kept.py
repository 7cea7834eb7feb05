"""The board's earliest slots and the windows offered to customers read the technicians' days
kept between questions (services/slot_days.py), on every backend: whatever changes a day
between two questions (a booking, from this console or another, a visit taken off, an absence,
new hours of the technician or of the department) is in the second answer, and a question
asked inside a transaction later rolled back leaves nothing behind. The clock starts on Monday
17:00 in Shanghai; the questions are about Tuesday."""

from __future__ import annotations

from collections.abc import Callable
from datetime import time, timedelta
from typing import TYPE_CHECKING

import pytest

from dispatch_console.domain.model import Site, Technician
from dispatch_console.domain.schedule import WeeklyHours
from dispatch_console.domain.schedule.booking import SlotOffer
from dispatch_console.domain.tickets import Ticket
from dispatch_console.ports import Actor
from dispatch_console.services import Services
from dispatch_console.services.slot_days import slot_days

from .conftest import SITE_LAT, SITE_LON, START, Make
from .test_schedule import BOSS, SH, TUESDAY, at

if TYPE_CHECKING:
    from conftest import FakeClock
    from dispatch_console.storage.store import SqlStore


def _desk(backend: Services, make: Make) -> tuple[Technician, Ticket, Ticket, Site]:
    """One technician near the site, free; a ticket booked for Tuesday 09:00-12:00 (the one
    asked about) and another to put on their day."""
    asked, tech, site = make.job()
    backend.report_position(tech.id, SITE_LAT, SITE_LON + 0.02, 10.0, START)
    asked = backend.set_appointment(asked.id, asked.version, at(9), at(12)).ticket
    other = make.ticket(
        customer_id=site.customer_id, site_id=site.id, department_id=tech.department_id
    )
    return tech, asked, other, site


def _offer(backend: Services, ticket: Ticket, tech: Technician) -> SlotOffer:
    return backend.earliest_slots(ticket.id, department_id=tech.department_id, minutes=60)


def _arrives(offer: SlotOffer, tech: Technician) -> object:
    """When the technician can be there; their miss in words when they cannot."""
    found = [s.arrives_at for s in offer.slots if s.technician_id == tech.id]
    return found[0] if found else offer.misses[tech.id].value


def _days_offered(backend: Services, site: Site, tech: Technician) -> set[object]:
    windows = backend.offered_windows(site.id, tech.department_id, days=3)
    return {w.starts_at.astimezone(SH).date() for w in windows}


def test_a_visit_booked_or_taken_off_between_two_questions_is_in_the_second(
    backend: Services, make: Make
) -> None:
    tech, asked, other, _site = _desk(backend, make)
    first = _arrives(_offer(backend, asked, tech), tech)
    assert first == at(9)  # the shift starts at 08:00: there when the window opens
    booked = backend.place_visit(other.id, other.version, tech.id, at(9), 120).ticket

    assert _arrives(_offer(backend, asked, tech), tech) == at(11)

    backend.unplan_visit(booked.id, booked.version)
    assert _arrives(_offer(backend, asked, tech), tech) == first


def test_an_absence_or_new_hours_between_two_questions_are_in_the_second(
    backend: Services, make: Make, act_as: Callable[[Actor], Services]
) -> None:
    tech, asked, _other, site = _desk(backend, make)
    boss = act_as(BOSS)
    first = _arrives(_offer(backend, asked, tech), tech)
    assert TUESDAY.date() in _days_offered(backend, site, tech)

    away = boss.add_absence(tech.id, "sickness", at(0), at(0) + timedelta(days=1)).absence
    assert _arrives(_offer(backend, asked, tech), tech) == "no_hours"
    assert TUESDAY.date() not in _days_offered(backend, site, tech)
    boss.remove_absence(away.id, away.version)
    assert _arrives(_offer(backend, asked, tech), tech) == first
    assert TUESDAY.date() in _days_offered(backend, site, tech)

    # their own week: afternoons only, so nobody before the window is over
    own = boss.set_technician_hours(tech.id, WeeklyHours.every_day(time(13), time(18)))
    assert own is not None
    assert _arrives(_offer(backend, asked, tech), tech) == "no_hours"
    boss.set_technician_hours(tech.id, None, own.version)  # the department's again
    assert _arrives(_offer(backend, asked, tech), tech) == first


def test_the_departments_new_hours_change_the_windows_offered_next(
    backend: Services, make: Make, act_as: Callable[[Actor], Services]
) -> None:
    tech, _asked, _other, site = _desk(backend, make)
    boss = act_as(BOSS)
    assert tech.department_id is not None
    boss.set_department_hours(tech.department_id, WeeklyHours.office(time(9), time(13), None))
    mornings = backend.offered_windows(site.id, tech.department_id, days=2)
    assert {w.starts_at.astimezone(SH).time() for w in mornings} == {time(9), time(11)}

    boss.set_department_hours(
        tech.department_id, WeeklyHours.office(time(13), time(17), None), expected_version=1
    )

    later = backend.offered_windows(site.id, tech.department_id, days=2)
    assert {w.starts_at.astimezone(SH).time() for w in later} == {time(13), time(15)}


def test_a_booking_made_by_another_console_is_seen(
    backend: Services, make: Make, clock: FakeClock, sql_store: SqlStore
) -> None:
    """Another console over the same database keeps its own days: only the event log tells."""
    tech, asked, other, _site = _desk(backend, make)
    assert _arrives(_offer(backend, asked, tech), tech) == at(9)
    elsewhere = Services(sql_store.unit_of_work, sql_store.feed, Actor("bob"), clock=clock)
    elsewhere.place_visit(other.id, other.version, tech.id, at(9), 120)

    assert _arrives(_offer(backend, asked, tech), tech) == at(11)


def test_a_question_inside_a_transaction_later_rolled_back_leaves_no_day_behind(
    backend: Services, make: Make, sql_store: SqlStore
) -> None:
    tech, asked, other, site = _desk(backend, make)
    first = _arrives(_offer(backend, asked, tech), tech)
    whole_day = [w.starts_at for w in backend.offered_windows(site.id, tech.department_id, 2)]
    with sql_store.unit_of_work() as uow:  # never committed
        inside = backend.within(uow)
        inside.place_visit(other.id, other.version, tech.id, at(9), 8 * 60)
        assert _arrives(_offer(inside, asked, tech), tech) != first
        assert len(inside.offered_windows(site.id, tech.department_id, 2)) < len(whole_day)
    for n in range(5):  # the log goes on past what was undone
        backend.create_customer(f"Later {n}", [f"1381234999{n}"])
    assert _arrives(_offer(backend, asked, tech), tech) == first
    assert [w.starts_at for w in backend.offered_windows(site.id, tech.department_id, 2)] == (
        whole_day
    )


def test_a_second_question_with_nothing_changed_builds_no_day(
    backend: Services, make: Make
) -> None:
    if not isinstance(backend, Services):
        pytest.skip("the days are kept by the server's services, out of this process")
    tech, asked, other, site = _desk(backend, make)
    kept = slot_days(backend.context.shared)
    _offer(backend, asked, tech)
    _days_offered(backend, site, tech)
    built = kept.built
    backend.create_customer("Unrelated", ["13812349999"])  # an event that changes no day

    _offer(backend, asked, tech)
    _days_offered(backend, site, tech)

    assert kept.built == built
    backend.place_visit(other.id, other.version, tech.id, at(14), 60)
    _offer(backend, asked, tech)
    assert kept.built == built + 1  # the booking's technician alone
