"""Appointments and the technicians' days (issue 25), on every backend: the window agreed with
the customer, a visit placed on a technician's day (and two desks booking one technician at
once), the board's one read, the earliest slots, working hours, absences, offered windows."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from dispatch_console.domain.enums import TicketStatus
from dispatch_console.domain.errors import (
    ConflictError,
    NotFound,
    PermissionDenied,
    ValidationError,
)
from dispatch_console.domain.model import Department, Technician
from dispatch_console.domain.schedule import WeeklyHours
from dispatch_console.domain.schedule.booking import sla_warning
from dispatch_console.domain.schedule.problems import ConflictKind, ScheduleConflict
from dispatch_console.domain.tickets import Ticket, TicketDraft
from dispatch_console.ports import Actor
from dispatch_console.services import Services

from .conftest import SITE_LAT, SITE_LON, START, Make

SH = ZoneInfo("Asia/Shanghai")
# the clock starts on Monday 2 March 2026, 17:00 in Shanghai; Tuesday is a working day
TUESDAY = datetime(2026, 3, 3, tzinfo=SH)
BOSS = Actor("boss", role="supervisor")


def at(hour: int, minute: int = 0, day: datetime = TUESDAY) -> datetime:
    return datetime.combine(day.date(), time(hour, minute), tzinfo=SH)


def placed(
    backend: Services, make: Make, dept: Department | None = None
) -> tuple[Ticket, Technician]:
    """A job for a customer's site and a technician near it (a position to set off from)."""
    ticket, tech, _ = make.job(department=dept) if dept else make.job()
    backend.report_position(tech.id, SITE_LAT, SITE_LON + 0.02, 10.0, START)
    return ticket, tech


def kinds(backend: Services, entity: str, entity_id: int) -> list[str]:
    return [
        e.kind
        for e in backend.events_after(0)
        if e.entity == entity and e.entity_id == str(entity_id)
    ]


# --- the window agreed with the customer ---------------------------------------------------------
def test_a_window_is_booked_on_the_ticket_and_can_be_cleared(backend: Services, make: Make) -> None:
    ticket, _ = placed(backend, make)
    booked = backend.set_appointment(ticket.id, ticket.version, at(14), at(16))
    assert booked.warnings == []
    t = booked.ticket
    assert (t.appointment_starts_at, t.appointment_ends_at) == (at(14), at(16))
    assert backend.get_ticket(ticket.id).appointment_starts_at == at(14)
    event = [e for e in backend.events_after(0) if e.kind == "appointment_set"][-1]
    assert event.entity_id == str(ticket.id)
    assert datetime.fromisoformat(event.payload["starts_at"]) == at(14)
    assert event.payload["previous_starts_at"] is None

    cleared = backend.set_appointment(ticket.id, t.version, None, None)
    assert cleared.ticket.appointment_starts_at is None
    assert "appointment_cleared" in kinds(backend, "ticket", ticket.id)


def test_a_window_in_the_past_or_on_a_public_holiday_is_refused_in_words(
    backend: Services, make: Make
) -> None:
    ticket, _ = placed(backend, make)
    monday = TUESDAY - timedelta(days=1)
    with pytest.raises(ValidationError, match="before now"):
        backend.set_appointment(ticket.id, ticket.version, at(9, day=monday), at(11, day=monday))
    labour_day = datetime(2026, 5, 1, tzinfo=SH)
    with pytest.raises(ValidationError, match="public holiday"):
        backend.set_appointment(
            ticket.id, ticket.version, at(9, day=labour_day), at(11, day=labour_day)
        )
    assert backend.get_ticket(ticket.id).appointment_starts_at is None  # nothing written


@pytest.mark.parametrize(
    ("starts", "ends", "words"),
    [
        (datetime(2026, 3, 3, 14), datetime(2026, 3, 3, 16), "time zone"),  # naive
        (at(16), at(14), "end after it starts"),
        (at(14), at(14) + timedelta(days=40), "31 days"),
        (at(14), None, "both"),
    ],
)
def test_bad_windows_get_words_not_a_server_error(
    backend: Services, make: Make, starts: datetime, ends: datetime | None, words: str
) -> None:
    ticket, _ = placed(backend, make)
    with pytest.raises(ValidationError, match=words):
        backend.set_appointment(ticket.id, ticket.version, starts, ends)


def test_a_window_after_the_slas_arrival_deadline_is_booked_with_a_warning(
    backend: Services, make: Make
) -> None:
    ticket, _ = placed(backend, make)
    assert ticket.arrival_due_at is not None
    later = (ticket.arrival_due_at + timedelta(days=2)).astimezone(SH)
    booked = backend.set_appointment(ticket.id, ticket.version, later, later + timedelta(hours=2))
    assert [w.kind for w in booked.warnings] == [ConflictKind.MISSES_SLA]
    assert booked.warnings[0].starts_at == ticket.arrival_due_at
    assert not booked.warnings[0].blocking
    assert booked.ticket.appointment_starts_at == later


def test_a_new_ticket_carries_its_window_checked_the_same_way(
    backend: Services, make: Make
) -> None:
    customer = make.customer()
    site = make.site(customer)

    def draft(starts: datetime, ends: datetime) -> TicketDraft:
        return TicketDraft(
            "phone", "hvac", "normal", "No cooling.", customer_id=customer.id,
            site_id=site.id, appointment_starts_at=starts, appointment_ends_at=ends,
        )  # fmt: skip

    made = backend.create_ticket(draft(at(14), at(16)))
    assert (made.appointment_starts_at, made.appointment_ends_at) == (at(14), at(16))
    assert sla_warning(made) is None
    assert kinds(backend, "ticket", made.id)[:2] == ["created", "appointment_set"]
    holiday = datetime(2026, 5, 1, tzinfo=SH)
    with pytest.raises(ValidationError, match="public holiday"):
        backend.create_ticket(draft(at(9, day=holiday), at(11, day=holiday)))
    late = backend.create_ticket(draft(at(9) + timedelta(days=6), at(11) + timedelta(days=6)))
    warning = sla_warning(late)
    assert warning is not None and warning.kind is ConflictKind.MISSES_SLA


# --- a visit on a technician's day ---------------------------------------------------------------
def test_placing_a_visit_assigns_and_plans_it_and_tells_the_boards(
    backend: Services, make: Make
) -> None:
    ticket, tech = placed(backend, make)
    booked = backend.place_visit(ticket.id, ticket.version, tech.id, at(10), 90)
    t = booked.ticket
    assert (t.assignee_id, t.status) == (tech.id, TicketStatus.ASSIGNED)
    assert (t.planned_start_at, t.planned_minutes) == (at(10), 90)
    assert kinds(backend, "ticket", ticket.id)[-2:] == ["assigned", "visit_planned"]
    planned = [e for e in backend.events_after(0) if e.kind == "visit_planned"][-1]
    assert planned.payload["technician_id"] == tech.id
    assert planned.payload["previous_technician_id"] is None
    assert planned.payload["minutes"] == 90

    # moved later the same day: no new assignment, one event naming the technician
    moved = backend.place_visit(ticket.id, t.version, tech.id, at(14)).ticket
    assert (moved.planned_start_at, moved.planned_minutes) == (at(14), 90)
    assert kinds(backend, "ticket", ticket.id)[-1] == "visit_planned"
    assert kinds(backend, "ticket", ticket.id).count("assigned") == 1

    gone = backend.unplan_visit(ticket.id, moved.version)
    assert gone.planned_start_at is None and gone.assignee_id == tech.id
    unplanned = [e for e in backend.events_after(0) if e.kind == "visit_unplanned"][-1]
    assert unplanned.payload["technician_id"] == tech.id


def test_a_visit_leaves_the_day_when_the_ticket_goes_to_someone_else(
    backend: Services, make: Make
) -> None:
    dept = make.department()
    ticket, tech = placed(backend, make, dept)
    _, colleague = placed(backend, make, dept)
    t = backend.place_visit(ticket.id, ticket.version, tech.id, at(10), 60).ticket
    moved = backend.assign(t.id, t.version, colleague.id)
    assert (moved.assignee_id, moved.planned_start_at) == (colleague.id, None)
    view = backend.schedule_board(at(0), at(0) + timedelta(days=1), dept.id)
    assert view.planned == []
    assert ticket.id in {r.ticket.id for r in view.unscheduled}


def test_a_job_another_technician_has_in_hand_is_taken_only_when_told_to(
    backend: Services, make: Make
) -> None:
    dept = make.department()
    ticket, holder = placed(backend, make, dept)
    _, other = placed(backend, make, dept)
    on_way = make.ticket_in(TicketStatus.EN_ROUTE, ticket, holder)
    with pytest.raises(ValidationError) as refused:
        backend.place_visit(on_way.id, on_way.version, other.id, at(10), 60)
    assert refused.value.field == "take_over"
    assert f"{holder.name} is on the way to this job" in refused.value.reason
    kept = backend.get_ticket(ticket.id)  # nothing written
    assert (kept.status, kept.assignee_id, kept.version) == (
        TicketStatus.EN_ROUTE, holder.id, on_way.version,
    )  # fmt: skip
    # their own technician's plan needs no take-over
    mine = backend.place_visit(on_way.id, on_way.version, holder.id, at(9), 30).ticket
    assert (mine.status, mine.assignee_id) == (TicketStatus.EN_ROUTE, holder.id)

    taken = backend.place_visit(mine.id, mine.version, other.id, at(10), 60, take_over=True)
    t = taken.ticket
    assert (t.status, t.assignee_id, t.planned_start_at) == (
        TicketStatus.ASSIGNED, other.id, at(10),
    )  # fmt: skip
    planned = [e for e in backend.events_after(0) if e.kind == "visit_planned"][-1]
    assert planned.payload["previous_technician_id"] == holder.id


def test_an_accepted_job_names_who_accepted_it(backend: Services, make: Make) -> None:
    dept = make.department()
    ticket, holder = placed(backend, make, dept)
    _, other = placed(backend, make, dept)
    accepted = make.ticket_in(TicketStatus.ACCEPTED, ticket, holder)
    with pytest.raises(ValidationError, match=f"{holder.name} has accepted this job"):
        backend.place_visit(accepted.id, accepted.version, other.id, at(10), 60)
    # merely assigned (not yet accepted): moved without asking, as before
    fresh, _ = placed(backend, make, dept)
    given = backend.assign(fresh.id, fresh.version, holder.id)
    moved = backend.place_visit(given.id, given.version, other.id, at(14), 60).ticket
    assert moved.assignee_id == other.id


def test_a_second_booking_over_the_first_is_refused_naming_it(
    backend: Services, make: Make
) -> None:
    dept = make.department()
    first, tech = placed(backend, make, dept)
    second, _ = placed(backend, make, dept)
    backend.place_visit(first.id, first.version, tech.id, at(10), 60)
    with pytest.raises(ScheduleConflict) as refused:
        backend.place_visit(second.id, second.version, tech.id, at(10, 30), 60)
    overlaps = [c for c in refused.value.conflicts if c.kind is ConflictKind.OVERLAP]
    assert [c.ticket_id for c in overlaps] == [first.id]
    assert f"overlaps job {first.id}" in str(refused.value)
    assert backend.get_ticket(second.id).planned_start_at is None  # nothing written


def test_placements_outside_hours_or_against_bad_input_are_refused(
    backend: Services, make: Make
) -> None:
    ticket, tech = placed(backend, make)
    with pytest.raises(ScheduleConflict) as refused:
        backend.place_visit(ticket.id, ticket.version, tech.id, at(20), 60)
    assert ConflictKind.OUTSIDE_HOURS in {c.kind for c in refused.value.conflicts}
    with pytest.raises(ValidationError, match="time zone"):
        backend.place_visit(ticket.id, ticket.version, tech.id, datetime(2026, 3, 3, 10))
    with pytest.raises(ValidationError, match="minutes"):
        backend.place_visit(ticket.id, ticket.version, tech.id, at(10), 0)
    with pytest.raises(NotFound):
        backend.place_visit(ticket.id, ticket.version, 987654, at(10))
    with pytest.raises(ConflictError):
        backend.place_visit(ticket.id, ticket.version + 5, tech.id, at(10))


def test_a_visit_outside_the_booked_window_is_refused(backend: Services, make: Make) -> None:
    ticket, tech = placed(backend, make)
    t = backend.set_appointment(ticket.id, ticket.version, at(14), at(16)).ticket
    with pytest.raises(ScheduleConflict) as refused:
        backend.place_visit(t.id, t.version, tech.id, at(10), 60)
    assert [c.kind for c in refused.value.conflicts] == [ConflictKind.OUTSIDE_WINDOW]
    assert backend.place_visit(t.id, t.version, tech.id, at(14, 30), 60).warnings == []


@pytest.mark.parametrize("round_", range(2))
def test_two_consoles_booking_one_technician_at_once_one_wins_the_other_is_told_who(
    backend: Services, make: Make, act_as: Callable[[Actor], Services], round_: int
) -> None:
    dept = make.department()
    one, tech = placed(backend, make, dept)
    two, _ = placed(backend, make, dept)
    alice, bob = act_as(Actor("alice")), act_as(Actor("bob"))
    results = _race(
        lambda: alice.place_visit(one.id, one.version, tech.id, at(10), 60),
        lambda: bob.place_visit(two.id, two.version, tech.id, at(10), 60),
    )
    refused = [r for r in results if isinstance(r, ScheduleConflict)]
    won = [r for r in results if not isinstance(r, Exception)]
    assert len(won) == 1 and len(refused) == 1, results
    winner = won[0].ticket.id  # type: ignore[attr-defined]
    assert [c.ticket_id for c in refused[0].conflicts if c.kind is ConflictKind.OVERLAP] == [winner]
    view = backend.schedule_board(at(0), at(0) + timedelta(days=1), dept.id)
    assert [r.ticket.id for r in view.planned] == [winner]


def _race(*actions: Callable[[], object]) -> list[object]:
    start = threading.Barrier(len(actions))
    results: list[object] = [None] * len(actions)

    def run(i: int) -> None:
        start.wait()
        try:
            results[i] = actions[i]()
        except Exception as exc:  # the test inspects what each thread got
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(actions))]
    for th in threads:
        th.start()
    for th in threads:
        th.join(timeout=60)
        assert not th.is_alive(), "a booking hung"
    return results


# --- the board, in one read ----------------------------------------------------------------------
def test_the_board_reads_a_departments_days_in_one_call(backend: Services, make: Make) -> None:
    dept, other = make.department("North"), make.department("South")
    job, tech = placed(backend, make, dept)
    waiting, colleague = placed(backend, make, dept)
    elsewhere, _ = placed(backend, make, other)
    t = backend.set_appointment(job.id, job.version, at(9), at(12)).ticket
    backend.place_visit(t.id, t.version, tech.id, at(10), 60)

    view = backend.schedule_board(at(0), at(0) + timedelta(days=3), dept.id)
    assert {x.id for x in view.technicians} == {tech.id, colleague.id}
    (row,) = view.planned
    assert row.ticket.id == job.id and row.customer_name == "Li Lei"
    assert (row.site_lat, row.site_lon) == (SITE_LAT, SITE_LON)
    assert row.ticket.appointment_starts_at == at(9)
    assert row.ticket.arrival_due_at is not None
    assert [r.ticket.id for r in view.unscheduled] == [waiting.id]
    assert elsewhere.id not in {r.ticket.id for r in view.unscheduled}
    day = view.day(tech.id)
    assert [j.ticket_id for j in day.jobs] == [job.id]
    assert len(day.shifts) == 3  # 08:30-17:30 every day (no hours set), three days
    everyone = backend.schedule_board(at(0), at(0) + timedelta(days=1))
    assert elsewhere.id in {r.ticket.id for r in everyone.unscheduled}


def test_the_board_refuses_bad_periods_in_words(backend: Services, make: Make) -> None:
    with pytest.raises(ValidationError, match="time zone"):
        backend.schedule_board(datetime(2026, 3, 3), datetime(2026, 3, 4))
    with pytest.raises(ValidationError, match="end after"):
        backend.schedule_board(at(12), at(10))
    with pytest.raises(ValidationError, match="14 days"):
        backend.schedule_board(at(0), at(0) + timedelta(days=90))
    with pytest.raises(NotFound):
        backend.schedule_board(at(0), at(0) + timedelta(days=1), 987654)


# --- slots -------------------------------------------------------------------------------------
def test_the_earliest_slots_put_the_free_technician_first(backend: Services, make: Make) -> None:
    dept = make.department()
    busy_job, busy = placed(backend, make, dept)
    ticket, free = placed(backend, make, dept)
    lost = make.technician(dept, "No Position")
    backend.place_visit(busy_job.id, busy_job.version, busy.id, at(9), 240)
    t = backend.set_appointment(ticket.id, ticket.version, at(9), at(12)).ticket
    offer = backend.earliest_slots(t.id, department_id=dept.id, minutes=60)
    assert offer.window.starts_at == at(9) and offer.minutes == 60
    assert [s.technician_id for s in offer.slots] == [free.id]
    assert offer.slots[0].arrives_at >= at(9)
    assert offer.misses[busy.id].value == "no_room"
    assert offer.misses[lost.id].value == "no_position"
    with pytest.raises(ValidationError):
        backend.earliest_slots(t.id, limit=0)


# --- working hours and absences -----------------------------------------------------------------
def test_hours_are_supervisors_to_set_and_every_booking_respects_them(
    backend: Services, make: Make, act_as: Callable[[Actor], Services]
) -> None:
    dept = make.department()
    ticket, tech = placed(backend, make, dept)
    week = WeeklyHours.office(time(13), time(18), lunch=None)
    with pytest.raises(PermissionDenied):
        backend.set_department_hours(dept.id, week)
    boss = act_as(BOSS)
    saved = boss.set_department_hours(dept.id, week, "Asia/Shanghai", "CN")
    assert backend.department_hours(dept.id) == saved
    with pytest.raises(ValidationError, match="time zone"):
        boss.set_department_hours(dept.id, week, "Mars/Olympus")
    with pytest.raises(ConflictError):
        boss.set_department_hours(dept.id, week, expected_version=saved.version + 1)
    assert "hours_set" in kinds(backend, "department", dept.id)
    with pytest.raises(ScheduleConflict) as refused:
        backend.place_visit(ticket.id, ticket.version, tech.id, at(10), 60)
    assert ConflictKind.OUTSIDE_HOURS in {c.kind for c in refused.value.conflicts}

    own = boss.set_technician_hours(tech.id, WeeklyHours.every_day(time(7), time(12)))
    assert own is not None and backend.technician_hours(tech.id) == own
    assert backend.place_visit(ticket.id, ticket.version, tech.id, at(10), 60).warnings == []
    assert boss.set_technician_hours(tech.id, None, own.version) is None
    assert backend.technician_hours(tech.id) is None
    assert kinds(backend, "technician", tech.id).count("hours_set") == 2


def test_an_absence_over_planned_visits_is_kept_and_names_them(
    backend: Services, make: Make, act_as: Callable[[Actor], Services]
) -> None:
    dept = make.department()
    job, tech = placed(backend, make, dept)
    other, _ = placed(backend, make, dept)
    backend.place_visit(job.id, job.version, tech.id, at(10), 60)
    boss = act_as(BOSS)
    with pytest.raises(PermissionDenied):
        backend.add_absence(tech.id, "leave", at(8), at(18))
    added = boss.add_absence(tech.id, "sickness", at(8), at(18), "flu")
    assert added.absence.id and added.absence.created_by == "boss"
    assert [r.ticket.id for r in added.overlapping] == [job.id]
    event = [e for e in backend.events_after(0) if e.kind == "absence_added"][-1]
    assert event.payload["overlapping_ticket_ids"] == [job.id]
    assert backend.list_absences(at(0), at(23), technician_id=tech.id) == [added.absence]
    assert backend.list_absences(at(0), at(23), department_id=dept.id) == [added.absence]
    with pytest.raises(ScheduleConflict) as refused:
        backend.place_visit(other.id, other.version, tech.id, at(14), 60)
    assert ConflictKind.ABSENCE in {c.kind for c in refused.value.conflicts}
    with pytest.raises(ValidationError):
        boss.add_absence(tech.id, "holiday-ish", at(8), at(18))
    with pytest.raises(ValidationError):
        boss.add_absence(tech.id, "leave", at(18), at(8))
    with pytest.raises(ConflictError):
        boss.remove_absence(added.absence.id, added.absence.version + 1)
    boss.remove_absence(added.absence.id, added.absence.version)
    assert backend.list_absences(at(0), at(23), technician_id=tech.id) == []
    assert backend.place_visit(other.id, other.version, tech.id, at(14), 60).warnings == []
    with pytest.raises(NotFound):
        boss.remove_absence(added.absence.id, added.absence.version)


def test_the_same_leave_entered_twice_is_refused_naming_the_first(
    backend: Services, make: Make, act_as: Callable[[Actor], Services]
) -> None:
    dept = make.department()
    _, tech = placed(backend, make, dept)
    _, colleague = placed(backend, make, dept)
    boss = act_as(BOSS)
    first = boss.add_absence(tech.id, "leave", at(8), at(18)).absence
    for starts, ends in ((at(8), at(18)), (at(17), at(20)), (at(6), at(9)), (at(10), at(11))):
        with pytest.raises(ValidationError) as refused:
            boss.add_absence(tech.id, "sickness", starts, ends)
        assert refused.value.reason == (
            f"{tech.name} already has leave 03-03 08:00–18:00 (absence {first.id}) "
            "overlapping it; change or remove that one instead"
        )
    assert boss.list_absences(at(0), at(23), technician_id=tech.id) == [first]  # one, kept
    # touching is not overlapping; another technician's day is theirs
    after = boss.add_absence(tech.id, "training", at(18), at(20)).absence
    other = boss.add_absence(colleague.id, "leave", at(8), at(18)).absence
    assert boss.list_absences(at(0), at(23), department_id=dept.id) == [first, after, other]


# --- windows offered to customers ---------------------------------------------------------------
def test_customers_are_offered_windows_in_working_hours_where_someone_has_room(
    backend: Services, make: Make, act_as: Callable[[Actor], Services]
) -> None:
    dept = make.department()
    _, tech = placed(backend, make, dept)
    site = make.site(make.customer("Zhang San"))
    boss = act_as(BOSS)
    boss.set_department_hours(dept.id, WeeklyHours.office(time(9), time(17), lunch=None))
    windows = backend.offered_windows(site.id, dept.id, days=3)
    assert windows, "a free technician: something to offer"
    starts = [w.starts_at.astimezone(SH) for w in windows]
    assert starts[0] == at(9)  # Tuesday morning (now is Monday 17:00)
    assert all(time(9) <= s.time() and (s + timedelta(hours=2)).time() <= time(17) for s in starts)
    assert {s.time() for s in starts} == {time(9), time(11), time(13), time(15)}
    # the only technician away on Tuesday: Tuesday is no longer offered
    boss.add_absence(tech.id, "leave", at(0), at(0) + timedelta(days=1))
    again = backend.offered_windows(site.id, dept.id, days=3)
    assert again and all(w.starts_at.astimezone(SH).date() != TUESDAY.date() for w in again)
    # three days counting today (Monday, already over): Tuesday and Wednesday
    assert {s.date() for s in starts} == {TUESDAY.date(), (TUESDAY + timedelta(days=1)).date()}
    with pytest.raises(ValidationError):
        backend.offered_windows(site.id, dept.id, days=60)
