"""The escalation scan's one question, "which open tickets near a deadline, and how far have
they escalated?": a range scan of the open tickets' due-date index up to the horizon, and one
look-up of their escalation rows. 100,000 open tickets cost only those near their deadline.
Also the live board's counts of open tickets by status and SLA risk."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import case, func, select, text
from sqlalchemy.orm import Session

from ..domain.enums import TicketStatus
from ..domain.escalation import DueTicket, Level, next_milestone
from ..domain.sla import Milestone
from . import schema as s
from . import schema_rules as r
from .schema import OPEN_PREDICATE

T = s.TicketRowORM
E = r.EscalationRow
CHUNK = 900  # SQLite's older limit on bound parameters


def due_tickets(
    session: Session, horizon: datetime, ticket_ids: Sequence[int] | None = None
) -> list[DueTicket]:
    stmt = (
        select(
            T.id, T.status, T.assignee_id, T.department_id, T.response_due_at, T.arrival_due_at,
            T.resolution_due_at, T.responded_at, T.arrived_at,
        )
        .where(text(f"{T.__tablename__}.{OPEN_PREDICATE}"), T.next_due_at <= horizon)
        .order_by(T.next_due_at, T.id)
    )  # fmt: skip
    if ticket_ids is not None:  # a batch of the scan, looked at again under its lock
        stmt = stmt.where(T.id.in_(list(ticket_ids)))
    rows = session.execute(stmt).all()
    ids = [row.id for row in rows]
    levels: dict[tuple[int, str], tuple[int, datetime]] = {}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        for ticket_id, milestone, level, due_at in session.execute(
            select(E.ticket_id, E.milestone, E.level, E.due_at).where(E.ticket_id.in_(chunk))
        ):
            levels[(ticket_id, milestone)] = (level, due_at)
    out = []
    for row in rows:
        found = next_milestone(row.response_due_at, row.arrival_due_at, row.resolution_due_at,
                               row.responded_at, row.arrived_at)  # fmt: skip
        if found is None:
            continue
        milestone, due = found
        # the level as stored, with the deadline it was reached against: one that moved since
        # (domain.escalation.carried_level) keeps only what its new deadline has reached
        level, escalated_due = levels.get((row.id, milestone.value), (0, None))
        status = TicketStatus(row.status)
        out.append(DueTicket(row.id, status, Milestone(milestone), due, Level(level),
                             row.assignee_id, row.department_id, escalated_due))  # fmt: skip
    return out


def open_ticket_counts(session: Session, now: datetime, soon: datetime) -> dict[str, int]:
    """Open tickets per status, and "breached", "at_risk" (not on hold) and "unassigned": one
    grouped pass over the open tickets' partial index."""
    held = T.status == TicketStatus.ON_HOLD.value
    rows = session.execute(
        select(
            T.status,
            func.count(),
            func.sum(case((~held & (T.next_due_at < now), 1), else_=0)),
            func.sum(case((~held & (T.next_due_at >= now) & (T.next_due_at < soon), 1), else_=0)),
            func.sum(case((T.assignee_id.is_(None), 1), else_=0)),
        )
        .where(text(f"{T.__tablename__}.{OPEN_PREDICATE}"))
        .group_by(T.status)
    ).all()
    out: dict[str, int] = {"breached": 0, "at_risk": 0, "unassigned": 0}
    for status, count, breached, at_risk, unassigned in rows:
        out[str(status)] = int(count)
        out["breached"] += int(breached or 0)
        out["at_risk"] += int(at_risk or 0)
        out["unassigned"] += int(unassigned or 0)
    return out
