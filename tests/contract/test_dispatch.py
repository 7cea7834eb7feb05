"""Ranking through the service layer: what a ticket needs, the fleet, and who should go."""

from __future__ import annotations

import pytest

from dispatch_console.domain.enums import TicketStatus as S
from dispatch_console.domain.errors import ValidationError
from dispatch_console.domain.ranking import Exclusion, Mode
from dispatch_console.services import Services

from .conftest import SITE_LAT, SITE_LON, Make


def test_the_job_carries_skill_parts_history_and_deadline(
    backend: Services, make: Make, clock: object
) -> None:
    dept = make.department()
    customer = make.customer()
    site = make.site(customer)
    asset = backend.create_asset(site.id, "OTIS GeN2", "SN-1", category="lift")
    rope = backend.create_part("ROPE", "Hoist rope", fits=["lift"])
    door = backend.create_part("DOOR", "Door operator", fits=["OTIS GeN2"])
    backend.create_part("TONER", "Toner", fits=["printer"])
    earlier = make.ticket(customer_id=customer.id, asset_id=asset.id, department_id=dept.id)
    first_tech = make.technician(dept, name="Old hand", skills=["lift"])
    backend.assign(earlier.id, earlier.version, first_tech.id)

    ticket = make.ticket(customer_id=customer.id, asset_id=asset.id, department_id=dept.id)
    job = backend.dispatch_job(ticket.id)
    assert (job.lat, job.lon) == (SITE_LAT, SITE_LON)
    assert job.required_skills == ("lift",) and job.department_id == dept.id
    assert job.fitting_parts == {rope.id, door.id}
    assert job.previous_technicians == (first_tech.id,)
    assert job.arrival_due_at == ticket.arrival_due_at


def test_ranking_prefers_the_near_free_technician_with_the_part(
    backend: Services, make: Make, clock: object
) -> None:
    dept = make.department()
    customer = make.customer()
    site = make.site(customer)
    asset = backend.create_asset(site.id, "OTIS GeN2", "SN-2", category="lift")
    rope = backend.create_part("ROPE", "Hoist rope", fits=["lift"])
    near = make.technician(dept, name="Near", skills=["lift"])
    far = make.technician(dept, name="Far with rope", skills=["lift"])
    printer = make.technician(dept, name="Printer man", skills=["printer"])
    off = make.technician(dept, name="Home", skills=["lift"])
    now = clock.now()  # type: ignore[attr-defined]
    for tech, km in ((near, 1.0), (far, 1.5), (printer, 0.1)):
        backend.set_technician_status(tech.id, tech.version, "available")
        backend.report_position(tech.id, SITE_LAT + km / 111.2, SITE_LON, 10.0, now)
    backend.set_van_stock(far.id, rope.id, 2)
    ticket = make.ticket(customer_id=customer.id, asset_id=asset.id, department_id=dept.id)

    ranking = backend.rank_technicians(ticket.id)
    names = [c.name for c in ranking.candidates]
    assert names == ["Far with rope", "Near"]  # the rope is worth more than 500 m
    assert ranking.excluded == {Exclusion.OFF_DUTY: 1, Exclusion.NO_SKILL: 1}
    assert ranking.candidates[0].parts_in_van == 1
    assert off.id not in {c.technician_id for c in ranking.candidates}

    # once Near has two jobs, the load shows and counts
    for _ in range(2):
        other = make.ticket(customer_id=customer.id, site_id=site.id, department_id=dept.id)
        backend.assign(other.id, other.version, near.id)
    member = {m.id: m for m in backend.fleet()}[near.id]
    assert member.open_jobs == 2
    again = backend.rank_technicians(ticket.id, Mode.SLOT)
    assert {c.name: c.open_jobs for c in again.candidates}["Near"] == 2


def test_a_ticket_without_a_site_cannot_be_ranked(backend: Services, make: Make) -> None:
    ticket = make.ticket()
    with pytest.raises(ValidationError) as err:
        backend.rank_technicians(ticket.id)
    assert err.value.field == "site_id"


def test_the_arrival_deadline_is_dropped_once_arrived(
    backend: Services, make: Make, clock: object
) -> None:
    ticket, tech, _ = make.job()
    t = make.ticket_in(S.IN_PROGRESS, ticket, tech)
    assert backend.dispatch_job(t.id).arrival_due_at is None


def test_ticket_pins_show_open_tickets_with_a_site_and_their_sla_risk(
    backend: Services, make: Make, clock: object
) -> None:
    from datetime import timedelta

    ticket, _, site = make.job(priority="critical")
    make.ticket()  # no site: not on the map
    closed, _, _ = make.job()
    backend.transition(closed.id, closed.version, "cancelled", "duplicate")
    pins = backend.ticket_pins()
    assert [(p.ticket_id, p.lat, p.lon, p.priority, p.risk) for p in pins] == [
        (ticket.id, site.lat, site.lon, "critical", "ok")
    ]
    clock.advance(timedelta(minutes=20))  # type: ignore[attr-defined]
    assert backend.ticket_pins()[0].risk == "breached"  # not taken within 15 minutes


def test_the_sites_district_limits_who_is_suggested(
    backend: Services, make: Make, clock: object
) -> None:
    dept = make.department()
    customer = make.customer()
    site = make.site(customer, district="黄浦区")
    inside = backend.create_technician(
        "Inside", "13900000001", dept.id, ["hvac"], status="available", districts=["黄浦区"]
    )
    outside = backend.create_technician(
        "Outside", "13900000002", dept.id, ["hvac"], status="available", districts=["徐汇区"]
    )
    now = clock.now()  # type: ignore[attr-defined]
    for tech in (inside, outside):
        backend.report_position(tech.id, SITE_LAT, SITE_LON, 5.0, now)
    ticket = make.ticket(customer_id=customer.id, site_id=site.id, department_id=dept.id)
    assert backend.dispatch_job(ticket.id).district == "黄浦区"
    ranking = backend.rank_technicians(ticket.id)
    assert [c.name for c in ranking.candidates] == ["Inside"]
    assert ranking.excluded == {Exclusion.OUT_OF_TERRITORY: 1}
    assert backend.get_technician(outside.id).districts == ("徐汇区",)


def test_the_fleet_knows_where_each_busy_technician_will_finish(
    backend: Services, make: Make
) -> None:
    dept = make.department()
    first, tech, site = make.job(department=dept)
    make.ticket_in(S.ON_SITE, first, tech)
    later, _, _ = make.job(department=dept)
    backend.assign(later.id, later.version, tech.id)  # queued after the one in hand
    member = {m.id: m for m in backend.fleet()}[tech.id]
    assert (member.job_lat, member.job_lon) == (site.lat, site.lon)
    assert member.open_jobs == 2


def test_the_job_in_hand_is_the_most_advanced_and_the_first_of_equals(
    backend: Services, make: Make
) -> None:
    """Read as such (storage's jobs_in_hand), not found among every open ticket: the same
    answer, whatever the order the tickets were made or moved in."""
    dept = make.department()
    tech = make.technician(dept)
    customer = make.customer()
    spots = [make.site(customer, lat=SITE_LAT + n / 100) for n in range(3)]
    jobs = [
        make.ticket(customer_id=customer.id, site_id=s.id, department_id=dept.id) for s in spots
    ]

    def finishes_at() -> tuple[float | None, float | None]:
        member = {m.id: m for m in backend.fleet()}[tech.id]
        return member.job_lat, member.job_lon

    make.ticket_in(S.ASSIGNED, jobs[0], tech)
    assert finishes_at() == (None, None)  # assigned is not yet in hand
    make.ticket_in(S.ACCEPTED, jobs[1], tech)
    last = make.ticket_in(S.ACCEPTED, jobs[2], tech)
    assert finishes_at() == (spots[1].lat, spots[1].lon)  # the first of equals
    last = backend.transition(last.id, last.version, S.EN_ROUTE)
    assert finishes_at() == (spots[2].lat, spots[2].lon)  # the most advanced, made later
    for step in (S.ON_SITE, S.IN_PROGRESS, S.RESOLVED):
        last = backend.transition(last.id, last.version, step)
    assert finishes_at() == (spots[1].lat, spots[1].lon)  # finished: the next one in hand
    assert {m.id: m for m in backend.fleet()}[tech.id].open_jobs == 2
