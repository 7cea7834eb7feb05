"""What the dispatch board and the slot finder load for some technicians and days: their open
planned visits (one range of the (assignee_id, planned_start_at) index each), their absences,
the working hours that apply to them, and the board's bars and waiting jobs (only the columns a
bar shows); the unit of work offers each."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from ..domain.enums import Priority, SlaClass, TicketStatus
from ..domain.schedule import Absence, DepartmentHours, PlannedJob, TechnicianHours
from ..domain.schedule.bars import BOARD_TICKET_FIELDS, BoardRow, BoardTicket
from ..domain.schedule.records import BookedVisit
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


# A bar's columns, in BoardTicket's field order, then who and where: built once (building the
# select costs more Python than running it), as the queue's _DETAILS is.
_COLUMNS = [T.__table__.c[name] for name in BOARD_TICKET_FIELDS]
_BARS: Any = (
    select(*_COLUMNS, s.CustomerRow.name, s.SiteRow.name, s.SiteRow.lat, s.SiteRow.lon)
    .join(s.SiteRow, s.SiteRow.id == T.site_id)
    .outerjoin(s.CustomerRow, s.CustomerRow.id == T.customer_id)
)
_OPEN = text(f"{T.__tablename__}.{OPEN_PREDICATE}")
_STATUS = {m.value: m for m in TicketStatus}
_PRIORITY = {m.value: m for m in Priority}
_SLA = {m.value: m for m in SlaClass}
_LAST_PLAIN = len(BOARD_TICKET_FIELDS) - 1  # the fields between sla_class and required_skills


def _bars(rows: Iterable[Any]) -> list[BoardRow]:
    """Result rows of `_BARS` as the board's rows: the three enums looked up, the skills a tuple;
    every other value is already what the field holds."""
    out = []
    for r in rows:
        skills = r[_LAST_PLAIN]
        values: tuple[Any, ...] = (
            r[0], _STATUS[r[1]], _PRIORITY[r[2]], _SLA[r[3]], *r[4:_LAST_PLAIN],
            tuple(skills) if skills else (),
        )  # fmt: skip
        out.append(BoardRow(BoardTicket(*values), *r[_LAST_PLAIN + 1 :]))
    return out


def planned_bars(
    conn: Connection, technician_ids: Iterable[int], since: datetime, until: datetime
) -> list[BoardRow]:
    """The bars of `planned_jobs` (the same tickets, by technician then start)."""
    out: list[BoardRow] = []
    for ids in _chunks(technician_ids):
        stmt = _BARS.where(
            T.assignee_id.in_(ids),
            T.planned_start_at >= since - LONGEST_VISIT,
            T.planned_start_at < until,
            T.planned_minutes > 0,
            _OPEN,
        ).order_by(T.assignee_id, T.planned_start_at, T.id)
        out.extend(
            row
            for row in _bars(conn.execute(stmt).all())
            if _ends(row.ticket) > since  # a visit begun the day before may still run into them
        )
    return out


def _ends(t: BoardTicket) -> datetime:
    assert t.planned_start_at is not None and t.planned_minutes is not None  # the WHERE's
    return t.planned_start_at + timedelta(minutes=t.planned_minutes)


# where a job waits for a plan: open, and no one on site with it yet
WAITING_STATUSES = ("new", "reopened", "assigned", "accepted", "en_route", "on_hold")


def waiting_bars(conn: Connection, department_id: int | None, limit: int) -> list[BoardRow]:
    """Open tickets with a site on no one's day (no planned start, or no one assigned), not yet
    on site, of the department (None: every one), the next deadline first."""
    stmt = (
        _BARS.where(
            or_(T.planned_start_at.is_(None), T.assignee_id.is_(None)),
            T.status.in_(WAITING_STATUSES),
            _OPEN,
        )
        .order_by(T.next_due_at.is_(None), T.next_due_at, T.id)
        .limit(limit)
    )
    if department_id is not None:
        stmt = stmt.where(T.department_id == department_id)
    return _bars(conn.execute(stmt).all())


def booked_unplaced(
    session: Session, department_id: int | None, since: datetime, until: datetime, limit: int
) -> list[BookedVisit]:
    """Open tickets not yet on site whose booked window overlaps [since, until) and that are on
    no one's day (no planned start, length or assignee), of the department (None: every one),
    the earliest window end first; those without a site are nowhere to send anyone."""
    stmt = (
        select(
            T.id,
            T.appointment_starts_at,
            T.appointment_ends_at,
            T.planned_minutes,
            T.required_skills,
            s.SiteRow.lat,
            s.SiteRow.lon,
        )
        .join(s.SiteRow, s.SiteRow.id == T.site_id)
        .where(
            text(f"{T.__tablename__}.{OPEN_PREDICATE}"),  # the open tickets' partial index
            T.status.in_(WAITING_STATUSES),
            T.appointment_starts_at < until,
            T.appointment_ends_at > since,
            or_(
                T.planned_start_at.is_(None),
                T.planned_minutes.is_(None),
                T.planned_minutes <= 0,
                T.assignee_id.is_(None),
            ),
        )
        .order_by(T.appointment_ends_at, T.appointment_starts_at, T.id)
        .limit(limit)
    )
    if department_id is not None:
        stmt = stmt.where(T.department_id == department_id)
    out = []
    for tid, start, end, minutes, skills, lat, lon in session.execute(stmt):
        assert start is not None and end is not None  # the WHERE leaves neither NULL
        out.append(BookedVisit(tid, start, end, minutes, tuple(skills or ()), lat, lon))
    return out
