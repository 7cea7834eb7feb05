"""Ranking by the earliest slot keeps the technicians' days between questions (services/
slot_days.py), on every backend: whatever changes a day between two rankings (a booking, from
this console or another, a visit taken off, an absence, new hours, where someone stands) is in
the second ranking; and a second ranking with nothing changed builds no day again. The clock
starts on a Monday at 17:00 in Shanghai; the technician works 08:00-23:00."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING

import pytest

from dispatch_console.domain.candidates import Candidate, Mode
from dispatch_console.domain.model import Technician
from dispatch_console.domain.schedule import AbsenceKind, DayHours, WeeklyHours
from dispatch_console.domain.tickets import Ticket
from dispatch_console.ports import Actor
from dispatch_console.services import Services
from dispatch_console.services.slot_days import SHARED_KEY, SlotDays, slot_days

from .conftest import SITE_LAT, SITE_LON, Make
from .test_routing import supervisor

if TYPE_CHECKING:
    from conftest import FakeClock
    from dispatch_console.storage.store import SqlStore

EVENING = (time(8, 0), time(23, 0))
KM = 1 / 111.2  # degrees of latitude


def _desk(backend: Services, make: Make, clock: FakeClock) -> tuple[Technician, Ticket, Ticket]:
    """One technician 1 km from the site, free; two tickets there (one to rank, one to book)."""
    dept = make.department("Lifts")
    tech = make.technician(dept, name="Ann", work_starts=EVENING[0], work_ends=EVENING[1])
    backend.set_technician_status(tech.id, tech.version, "available")
    backend.report_position(tech.id, SITE_LAT + KM, SITE_LON, 10.0, clock.now())
    customer = make.customer()
    site = make.site(customer)
    asked = make.ticket(customer_id=customer.id, site_id=site.id, department_id=dept.id)
    other = make.ticket(customer_id=customer.id, site_id=site.id, department_id=dept.id)
    return backend.get_technician(tech.id), asked, other


def _slot(backend: Services, ticket: Ticket, tech: Technician) -> Candidate:
    ranking = backend.rank_technicians(ticket.id, Mode.SLOT)
    found = [c for c in ranking.candidates if c.technician_id == tech.id]
    assert found, ranking.no_slot.get(tech.id)
    return found[0]


def _no_slot(backend: Services, ticket: Ticket, tech: Technician) -> bool:
    ranking = backend.rank_technicians(ticket.id, Mode.SLOT)
    return tech.id in ranking.no_slot and all(
        c.technician_id != tech.id for c in ranking.candidates
    )


def _at(c: Candidate) -> datetime:
    assert c.slot is not None and c.slot.at is not None
    return c.slot.at


def test_a_visit_booked_between_two_rankings_is_in_the_second(
    backend: Services, make: Make, clock: FakeClock
) -> None:
    tech, asked, other = _desk(backend, make, clock)
    first = _slot(backend, asked, tech)
    assert first.slot is not None and first.slot.after_ticket_id is None
    backend.place_visit(other.id, other.version, tech.id, _at(first))  # where the slot was

    second = _slot(backend, asked, tech)

    assert second.slot is not None and second.slot.after_ticket_id == other.id
    assert _at(second) >= _at(first) + timedelta(hours=1)  # after the hour booked


def test_a_visit_taken_off_between_two_rankings_frees_the_slot_again(
    backend: Services, make: Make, clock: FakeClock
) -> None:
    tech, asked, other = _desk(backend, make, clock)
    start = clock.now().replace(second=0, microsecond=0) + timedelta(minutes=10)
    booked = backend.place_visit(other.id, other.version, tech.id, start).ticket
    assert _slot(backend, asked, tech).slot.after_ticket_id == other.id  # type: ignore[union-attr]

    backend.unplan_visit(booked.id, booked.version)

    assert _slot(backend, asked, tech).slot.after_ticket_id is None  # type: ignore[union-attr]


def test_an_absence_or_new_hours_between_two_rankings_are_in_the_second(
    backend: Services, make: Make, clock: FakeClock
) -> None:
    tech, asked, _other = _desk(backend, make, clock)
    lead = supervisor(backend)
    assert _at(_slot(backend, asked, tech)).date() == clock.now().date()
    now = clock.now()
    away = lead.add_absence(
        tech.id, AbsenceKind.SICKNESS, now - timedelta(hours=1), now + timedelta(days=3)
    )
    assert _no_slot(backend, asked, tech)
    lead.remove_absence(away.absence.id, away.absence.version)
    assert _at(_slot(backend, asked, tech)).date() == clock.now().date()

    # their own week: mornings only, so nothing more today
    mornings = WeeklyHours(tuple(DayHours(time(8), time(12)) for _ in range(7)), False)
    lead.set_technician_hours(tech.id, mornings)
    assert _at(_slot(backend, asked, tech)).date() == (clock.now() + timedelta(days=1)).date()


def test_where_the_technician_stands_now_is_used_without_building_their_day_again(
    backend: Services, make: Make, clock: FakeClock
) -> None:
    tech, asked, _other = _desk(backend, make, clock)
    near = _slot(backend, asked, tech)
    clock.advance(minutes=1)  # a fix no newer than the one stored moves nobody
    backend.report_position(tech.id, SITE_LAT + 10 * KM, SITE_LON, 10.0, clock.now())
    far = _slot(backend, asked, tech)
    assert far.slot is not None and near.slot is not None
    assert far.slot.travel_minutes > near.slot.travel_minutes + 15
    assert _at(far) > _at(near) + timedelta(minutes=15)


def test_a_second_ranking_with_nothing_changed_builds_no_day(
    backend: Services, make: Make, clock: FakeClock
) -> None:
    if not isinstance(backend, Services):
        pytest.skip("the days are kept by the server's services, out of this process")
    tech, asked, other = _desk(backend, make, clock)
    kept = slot_days(backend.context.shared)
    first = _slot(backend, asked, tech)
    built = kept.built
    backend.create_customer("Unrelated", ["13812349999"])  # an event that changes no day
    clock.advance(minutes=1)
    backend.report_position(tech.id, SITE_LAT + 5 * KM, SITE_LON, 10.0, clock.now())
    moved = _slot(backend, asked, tech)
    assert moved.slot is not None and first.slot is not None
    assert moved.slot.travel_minutes > first.slot.travel_minutes  # from where they are now
    assert kept.built == built  # nothing read again, the position taken from the fleet
    backend.place_visit(other.id, other.version, tech.id, _at(first) + timedelta(hours=1))
    _slot(backend, asked, tech)
    assert kept.built == built + 1  # the booking's technician alone


def test_many_moves_between_two_rankings_build_no_day_again(
    backend: Services, make: Make, clock: FakeClock
) -> None:
    """Positions are the most frequent events (every technician's phone, every few seconds):
    they are not even read with the events since, so they never fill the batch that would
    have every day built again."""
    if not isinstance(backend, Services):
        pytest.skip("the days are kept by the server's services, out of this process")
    tech, asked, _other = _desk(backend, make, clock)
    bob = backend.create_technician(
        "Bob", "13900009999", tech.department_id, work_starts=EVENING[0], work_ends=EVENING[1]
    )
    backend.set_technician_status(bob.id, bob.version, "available")
    backend.report_position(bob.id, SITE_LAT + 3 * KM, SITE_LON, 10.0, clock.now())
    backend.context.shared[SHARED_KEY] = kept = SlotDays(events=3)
    _slot(backend, asked, tech)
    assert kept.built == 2
    for n in range(5):
        clock.advance(minutes=1)
        backend.report_position(tech.id, SITE_LAT + (2 + n) * KM, SITE_LON, 10.0, clock.now())
    moved = _slot(backend, asked, tech)
    assert moved.slot is not None and moved.slot.travel_minutes > 10  # 6 km away now
    assert kept.built == 2
    lead = supervisor(backend)
    later = clock.now() + timedelta(days=30)

    def absences(count: int) -> None:
        for n in range(count):
            starts = later + timedelta(days=n + 10 * count)
            lead.add_absence(tech.id, AbsenceKind.TRAINING, starts, starts + timedelta(hours=1))

    absences(2)  # two events naming Ann: her day alone
    _slot(backend, asked, tech)
    assert kept.built == 3
    absences(3)  # a full batch of events that may change days: every day built again
    _slot(backend, asked, tech)
    assert kept.built == 5


def test_a_booking_made_by_another_console_is_seen(
    backend: Services, make: Make, clock: FakeClock, sql_store: SqlStore
) -> None:
    """Another console over the same database keeps its own days: only the event log tells."""
    tech, asked, other = _desk(backend, make, clock)
    first = _slot(backend, asked, tech)
    elsewhere = Services(sql_store.unit_of_work, sql_store.feed, Actor("bob"), clock=clock)
    assert slot_days(elsewhere.context.shared) is not slot_days(backend.context.shared)
    elsewhere.place_visit(other.id, other.version, tech.id, _at(first))

    second = _slot(backend, asked, tech)

    assert second.slot is not None and second.slot.after_ticket_id == other.id


def test_a_ranking_inside_a_transaction_later_rolled_back_leaves_no_day_behind(
    backend: Services, make: Make, clock: FakeClock, sql_store: SqlStore
) -> None:
    """Auto-dispatch ranks inside the transaction that books: if that one is rolled back,
    the days it saw (its booking among them) must not be kept for the next question."""
    tech, asked, other = _desk(backend, make, clock)
    first = _slot(backend, asked, tech)
    with sql_store.unit_of_work() as uow:  # never committed
        inside = backend.within(uow)
        inside.place_visit(other.id, other.version, tech.id, _at(first))
        assert _slot(inside, asked, tech).slot.after_ticket_id == other.id  # type: ignore[union-attr]
    for n in range(5):  # the log goes on past what was undone
        backend.create_customer(f"Later {n}", [f"1381234999{n}"])
    assert _slot(backend, asked, tech).slot.after_ticket_id is None  # type: ignore[union-attr]
