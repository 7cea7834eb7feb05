"""Callbacks for review (with the names a supervisor reads) and the facts the dashboard sums."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from ..domain.callbacks import LOW_SCORE, CallbackFilter, CallbackRow
from ..domain.calls import Callback
from ..domain.tickets import Ticket
from . import schema as s
from .mapping import to_domain

CB = s.CallbackRow
_TICKET = s.TicketRowORM
_CUSTOMER = s.CustomerRow
_TECH = s.TechnicianRow
_STEP = s.TransitionRow


def review_callbacks(session: Session, f: CallbackFilter) -> list[CallbackRow]:
    stmt = (
        select(CB, _TICKET.id, _TICKET.category, _CUSTOMER.name, _TECH.name)
        .outerjoin(_TICKET, _TICKET.id == CB.ticket_id)
        .outerjoin(_CUSTOMER, _CUSTOMER.id == CB.customer_id)
        .outerjoin(_TECH, _TECH.id == CB.technician_id)
    )
    if f.agent:
        stmt = stmt.where(or_(CB.agent == f.agent, CB.assigned_to == f.agent))
    if f.technician_id is not None:
        stmt = stmt.where(CB.technician_id == f.technician_id)
    if f.outcome:
        stmt = stmt.where(CB.outcome == f.outcome)
    if f.status:
        stmt = stmt.where(CB.status == f.status)
    if f.since is not None:
        stmt = stmt.where(CB.created_at >= f.since)
    if f.until is not None:
        stmt = stmt.where(CB.created_at < f.until)
    if f.low_only:
        stmt = stmt.where(or_(CB.satisfaction <= LOW_SCORE, CB.problem_fixed.is_(False)))
    order = (CB.due_at, CB.id) if f.order == "due" else (CB.id.desc(),)
    stmt = stmt.order_by(*order).limit(max(1, min(f.limit, 10_000)))
    out = []
    for row, ticket_id, category, customer, technician in session.execute(stmt):
        out.append(
            CallbackRow(
                to_domain(Callback, row),
                Ticket.number_of(ticket_id) if ticket_id else None,
                category,
                customer,
                technician,
            )
        )
    return out


def callback_facts(session: Session, since: datetime, until: datetime) -> list[Callback]:
    """Callbacks that fell due or were finished in the period: what completion, timeliness and
    satisfaction are computed from."""
    stmt = select(CB).where(
        or_(
            and_(CB.due_at >= since, CB.due_at < until),
            and_(CB.completed_at >= since, CB.completed_at < until),
        )
    )
    return [to_domain(Callback, r) for r in session.scalars(stmt)]


def resolution_counts(session: Session, since: datetime, until: datetime) -> tuple[int, int]:
    """Tickets resolved in the period, and how many of them were fixed the first time (never
    reopened). Counted from the transitions: reopening clears a ticket's resolved_at."""
    resolved = (
        select(_STEP.ticket_id)
        .where(_STEP.to_status == "resolved", _STEP.at >= since, _STEP.at < until)
        .distinct()
        .subquery()
    )
    reopened = select(_STEP.id).where(
        _STEP.ticket_id == resolved.c.ticket_id, _STEP.to_status == "reopened"
    )
    stmt = select(func.count(), func.count().filter(~reopened.exists())).select_from(resolved)
    total, first_time = session.execute(stmt).one()
    return int(total), int(first_time)


def technician_names(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = session.execute(select(_TECH.id, _TECH.name).where(_TECH.id.in_(ids)))
    return {int(i): str(n) for i, n in rows}
