"""Ranking by the schedule, on every backend: the earliest slot each technician can reach the
site (their working hours, the job in hand, travel), the reason with it, and those without a
slot explained rather than dropped. The clock starts on a Monday at 17:00 in Shanghai."""

from __future__ import annotations

import math
from datetime import UTC, datetime, time, timedelta
from typing import TYPE_CHECKING

import pytest

from dispatch_console.domain.candidates import Exclusion, Mode, SlotKind
from dispatch_console.domain.enums import TicketStatus
from dispatch_console.domain.errors import ValidationError
from dispatch_console.services import Services

from .conftest import SITE_LAT, SITE_LON, Make

if TYPE_CHECKING:
    from conftest import FakeClock

PER_KM = 1.35 / 25 * 60  # the straight-line estimate's minutes per kilometre
EVENING = (time(8, 0), time(23, 0))  # Shanghai hours that take in the clock's 17:00


def _placed(backend: Services, tech_id: int, version: int, km: float, now: datetime) -> None:
    backend.set_technician_status(tech_id, version, "available")
    backend.report_position(tech_id, SITE_LAT + km / 111.2, SITE_LON, 10.0, now)


def test_the_earliest_slot_ranks_and_says_what_it_follows(
    backend: Services, make: Make, clock: FakeClock
) -> None:
    dept = make.department("Lifts")
    starts, ends = EVENING
    near = make.technician(dept, name="Near but busy", work_starts=starts, work_ends=ends)
    far = make.technician(dept, name="Far and free", work_starts=starts, work_ends=ends)
    home = make.technician(dept, name="Gone home")  # 08:30-17:30: 30 minutes left today
    for tech, km in ((near, 0.5), (far, 6.0), (home, 1.0)):
        _placed(backend, tech.id, tech.version, km, clock.now())
    customer = make.customer()
    site = make.site(customer)
    # Near is on site at another job (never planned): ranking counts an hour for it
    other = make.ticket(customer_id=customer.id, site_id=site.id, department_id=dept.id)
    near = backend.get_technician(near.id)
    make.ticket_in(TicketStatus.ON_SITE, other, near)
    ticket = make.ticket(customer_id=customer.id, site_id=site.id, department_id=dept.id)

    ranking = backend.rank_technicians(ticket.id, Mode.SLOT)

    names = [c.name for c in ranking.candidates]
    assert names[:2] == ["Far and free", "Near but busy"]
    by_name = {c.name: c for c in ranking.candidates}
    free = by_name["Far and free"].slot
    assert free is not None and free.kind is SlotKind.EARLIEST and free.after_ticket_id is None
    trip = by_name["Far and free"].eta_minutes
    assert trip == pytest.approx(free.travel_minutes, abs=1) and 6 * PER_KM < trip < 6 * PER_KM + 2
    busy = by_name["Near but busy"].slot
    assert busy is not None and busy.after_ticket_id == other.id
    assert busy.after_ends_at == clock.now().replace(second=0) + timedelta(hours=1)
    assert busy.at == busy.after_ends_at  # the same site: no travel after it
    # Gone home has no room today; tomorrow 08:30 Shanghai (00:30 UTC) plus the trip
    later = by_name["Gone home"].slot
    assert later is not None and later.at is not None
    assert later.at.astimezone(UTC).date() == (clock.now() + timedelta(days=1)).date()
    assert ranking.window is not None and not ranking.window.booked
    assert ranking.window.starts_at == clock.now()


def test_who_has_no_slot_is_explained_not_dropped(
    backend: Services, make: Make, clock: FakeClock
) -> None:
    dept = make.department("Nights")
    # 02:00-02:30 Shanghai every day: never long enough for an hour's visit
    short = make.technician(dept, name="Short shift", work_starts=time(2), work_ends=time(2, 30))
    fine = make.technician(dept, name="Fine", work_starts=EVENING[0], work_ends=EVENING[1])
    for tech in (short, fine):
        _placed(backend, tech.id, tech.version, 1.0, clock.now())
    ticket, _tech, _site = make.job(department=dept)

    ranking = backend.rank_technicians(ticket.id, "slot")

    listed = {c.technician_id for c in ranking.candidates}
    assert fine.id in listed and short.id not in listed
    assert ranking.excluded[Exclusion.NO_SLOT] == 1
    assert ranking.no_slot[short.id].kind is SlotKind.OFF_SHIFT
    # the job's own technician (08:30-17:30, no position) is left out by the position filter
    assert ranking.excluded[Exclusion.NO_POSITION] == 1


def test_auto_dispatch_assigns_and_books_the_earliest_slot(
    backend: Services, make: Make, clock: FakeClock
) -> None:
    from .test_routing import rule, supervisor

    dept = make.department("Lifts", "LF")
    tech = make.technician(
        dept, name="Ready", skills=["lift"], work_starts=EVENING[0], work_ends=EVENING[1]
    )
    _placed(backend, tech.id, tech.version, 2.0, clock.now())
    supervisor(backend).save_routing_rule(
        rule("Lifts", 10, categories=frozenset({"lift"}), department_id=dept.id,
             auto_dispatch=True)
    )  # fmt: skip
    ticket = make.ticket(category="lift", site_id=make.site(make.customer()).id)

    assert ticket.assignee_id == tech.id
    booked = backend.get_ticket(ticket.id)
    assert booked.planned_minutes == 60
    assert booked.planned_start_at is not None
    minutes = (booked.planned_start_at - clock.now()).total_seconds() / 60
    assert 2 * PER_KM <= minutes <= 2 * PER_KM + 2  # set off now, whole minutes


def test_auto_dispatch_says_so_when_nobody_can_make_the_window(
    backend: Services, make: Make, clock: FakeClock
) -> None:
    from .test_routing import rule, supervisor

    dept = make.department("Lifts", "LF")
    tech = make.technician(dept, name="Short", skills=["lift"], work_starts=time(2),
                           work_ends=time(2, 30))  # fmt: skip
    _placed(backend, tech.id, tech.version, 2.0, clock.now())
    supervisor(backend).save_routing_rule(
        rule("Lifts", 10, categories=frozenset({"lift"}), department_id=dept.id,
             auto_dispatch=True)
    )  # fmt: skip
    ticket = make.ticket(category="lift", site_id=make.site(make.customer()).id)

    assert ticket.assignee_id is None
    decided = [e for e in backend.ticket_history(ticket.id).decisions if e.kind == "auto_dispatch"]
    assert decided[-1].payload["code"] == "no_slot"
    assert "window" in decided[-1].payload["reason"]


def test_a_bad_mode_is_refused_in_words(backend: Services, make: Make) -> None:
    ticket, _tech, _site = make.job()
    with pytest.raises(ValidationError) as err:
        backend.rank_technicians(ticket.id, "soonish")
    assert err.value.field == "mode"


def test_a_booked_window_planned_visits_and_leave_are_respected(
    backend: Services, make: Make, clock: FakeClock
) -> None:
    """Through the schedule's own use cases: a window booked for 14:00-18:00 Shanghai time
    tomorrow, one technician with a visit until 14:00 five kilometres away, one on leave."""
    from .test_routing import supervisor

    dept = make.department("Lifts")
    tomorrow = clock.now().replace(hour=0) + timedelta(days=1)  # 08:00 Shanghai, Tuesday
    at = {h: tomorrow + timedelta(hours=h - 8) for h in (13, 14, 18)}
    busy = make.technician(dept, name="Busy till two")
    free = make.technician(dept, name="Free all day")
    away = make.technician(dept, name="On leave")
    for tech, km in ((busy, 1.0), (free, 3.0), (away, 0.5)):
        _placed(backend, tech.id, tech.version, km, clock.now())
    customer = make.customer()
    here = make.site(customer)
    south = make.site(customer, lat=SITE_LAT - 5 / 111.2, name="South")
    earlier = make.ticket(customer_id=customer.id, site_id=south.id, department_id=dept.id)
    backend.place_visit(earlier.id, earlier.version, busy.id, at[13], 60)
    supervisor(backend).add_absence(away.id, "leave", clock.now(), at[18] + timedelta(hours=15))
    ticket = make.ticket(customer_id=customer.id, site_id=here.id, department_id=dept.id)
    backend.set_appointment(ticket.id, ticket.version, at[14], at[18])

    ranking = backend.rank_technicians(ticket.id, Mode.SLOT)

    assert ranking.window is not None and ranking.window.booked
    assert (ranking.window.starts_at, ranking.window.ends_at) == (at[14], at[18])
    by_id = {c.technician_id: c for c in ranking.candidates}
    assert [c.technician_id for c in ranking.candidates] == [free.id, busy.id]
    assert by_id[free.id].slot is not None and by_id[free.id].slot.at == at[14]
    after = by_id[busy.id].slot
    assert after is not None and after.after_ticket_id == earlier.id
    assert (after.after_starts_at, after.after_ends_at) == (at[13], at[14])
    trip = math.ceil(5 * PER_KM)
    assert after.travel_minutes == pytest.approx(trip, abs=0.5)
    assert after.at == at[14] + timedelta(minutes=trip)
    leave = ranking.no_slot[away.id]
    assert leave.kind is SlotKind.ON_LEAVE and leave.absence == "leave"
    assert leave.until == at[18] + timedelta(hours=15)
    assert ranking.excluded == {Exclusion.NO_SLOT: 1}
