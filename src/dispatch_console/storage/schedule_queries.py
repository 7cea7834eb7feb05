"""What the dispatch board and the slot finder load for some technicians and days: their open
planned visits (one range of the (assignee_id, planned_start_at) index each), their absences,
and the working hours that apply to them; the unit of work offers each."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta

from sqlalchemy import or_, select, text
from sqlalchemy.orm import Session

from ..domain.schedule import Absence, DepartmentHours, PlannedJob, TechnicianHours
from . import schema as s
from . import schema_schedule as sch
from .mapping import to_domain
from .schema import OPEN_PREDICATE

T = s.TicketRowORM
CHUNK = 500  # ids per IN list: well inside both databases' limits on parameters
# a visit planned to start this long before the days asked for may still run into them
LONGEST_VISIT = timedelta(days=1)


def _chunks(ids: Iterable[int]) -> Iterator[list[int]]:
    wanted = sorted(set(ids))
    for i in range(0, len(wanted), CHUNK):
        yield wanted[i : i + CHUNK]


def planned_jobs(
    session: Session, technician_ids: Iterable[int], since: datetime, until: datetime
) -> dict[int, list[PlannedJob]]:
    """Each technician's open tickets planned to be on site during [since, until), in order."""
    out: dict[int, list[PlannedJob]] = {}
    for ids in _chunks(technician_ids):
        stmt = (
            select(
                T.id,
                T.assignee_id,
                T.planned_start_at,
                T.planned_minutes,
                s.SiteRow.lat,
                s.SiteRow.lon,
            )
            .join(s.SiteRow, s.SiteRow.id == T.site_id)
            .where(
                T.assignee_id.in_(ids),
                T.planned_start_at >= since - LONGEST_VISIT,
                T.planned_start_at < until,
                T.planned_minutes > 0,
                text(f"{T.__tablename__}.{OPEN_PREDICATE}"),
            )
            .order_by(T.assignee_id, T.planned_start_at, T.id)
        )
        for ticket_id, assignee, start, minutes, lat, lon in session.execute(stmt):
            # the WHERE leaves neither the assignee, the start nor the minutes NULL
            assert assignee is not None and start is not None and minutes is not None
            if start + timedelta(minutes=minutes) > since:
                out.setdefault(assignee, []).append(PlannedJob(ticket_id, start, minutes, lat, lon))
    return out


def absences_between(
    session: Session, technician_ids: Iterable[int], since: datetime, until: datetime
) -> dict[int, list[Absence]]:
    """Each technician's absences that overlap [since, until), in order."""
    row_cls = sch.AbsenceRow
    out: dict[int, list[Absence]] = {}
    for ids in _chunks(technician_ids):
        stmt = (
            select(row_cls)
            .where(
                row_cls.technician_id.in_(ids), row_cls.starts_at < until, row_cls.ends_at > since
            )
            .order_by(row_cls.technician_id, row_cls.starts_at, row_cls.id)
        )
        for row in session.scalars(stmt):
            out.setdefault(row.technician_id, []).append(to_domain(Absence, row))
    return out


def working_hours(
    session: Session, technician_ids: Iterable[int], department_ids: Iterable[int]
) -> tuple[dict[int, TechnicianHours], dict[int, DepartmentHours]]:
    """The technicians' own weeks and their departments' defaults, by owner id."""
    own: dict[int, TechnicianHours] = {}
    for ids in _chunks(technician_ids):
        mine = select(sch.TechnicianHoursRow).where(sch.TechnicianHoursRow.technician_id.in_(ids))
        own.update((r.technician_id, to_domain(TechnicianHours, r)) for r in session.scalars(mine))
    departments: dict[int, DepartmentHours] = {}
    for ids in _chunks(department_ids):
        theirs = select(sch.DepartmentHoursRow).where(sch.DepartmentHoursRow.department_id.in_(ids))
        departments.update(
            (r.department_id, to_domain(DepartmentHours, r)) for r in session.scalars(theirs)
        )
    return own, departments


# where a job waits for a plan: open, and no one on site with it yet
WAITING_STATUSES = ("new", "reopened", "assigned", "accepted", "en_route", "on_hold")


def unscheduled_ticket_ids(session: Session, department_id: int | None, limit: int) -> list[int]:
    """Open tickets with a site on no one's day (no planned start, or no one assigned), not yet
    on site, of the department (None: every one), the next deadline first."""
    stmt = (
        select(T.id)
        .where(
            or_(T.planned_start_at.is_(None), T.assignee_id.is_(None)),
            T.site_id.is_not(None),
            T.status.in_(WAITING_STATUSES),
            text(f"{T.__tablename__}.{OPEN_PREDICATE}"),
        )
        .order_by(T.next_due_at.is_(None), T.next_due_at, T.id)
        .limit(limit)
    )
    if department_id is not None:
        stmt = stmt.where(T.department_id == department_id)
    return list(session.scalars(stmt))
