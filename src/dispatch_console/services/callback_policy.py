"""The callback a resolution earns, and whom to suggest when a reopened ticket goes back to
dispatch. Plain functions over a unit of work: the ticket and callback use cases both call them
inside their own transaction."""

from __future__ import annotations

from datetime import datetime, timedelta

from ..domain.callbacks import SLA, CallbackRule, Suggestion, rule_for
from ..domain.calls import Callback
from ..domain.enums import CallbackReason, CallbackStatus
from ..domain.model import Customer, Technician
from ..domain.tickets import Ticket
from ..ports import UnitOfWork
from .base import Context

MIN_RATINGS = 3  # a technician's average counts once this many customers have scored them
RATING_WINDOW = timedelta(days=90)


def resolution_callback(uow: UnitOfWork, ticket: Ticket, now: datetime) -> Callback | None:
    """The callback the matching rule asks for (None: no rule matches, no number to call, or
    one is already waiting for this ticket)."""
    rule = rule_for(uow.find(CallbackRule), ticket.category, ticket.channel)
    if rule is None:
        return None
    phone = ticket.contact_phone
    if not phone and ticket.customer_id is not None:
        phones = uow.get(Customer, ticket.customer_id).phones
        phone = phones[0].number if phones else None
    if not phone:
        return None
    waiting = uow.find(
        Callback,
        ticket_id=ticket.id,
        status=CallbackStatus.PENDING.value,
        reason=CallbackReason.RESOLVED.value,
    )
    if waiting:
        return None
    due = rule.due_after(now)
    return uow.add(
        Callback(
            0,
            CallbackReason.RESOLVED,
            due,
            CallbackStatus.PENDING,
            phone,
            ticket_id=ticket.id,
            customer_id=ticket.customer_id,
            created_at=now,
            sla_due_at=due + timedelta(hours=rule.sla_hours),
            technician_id=ticket.assignee_id,
        )
    )


def withdraw_resolution_callbacks(uow: UnitOfWork, ticket_id: int) -> list[Callback]:
    """A ticket reopened or cancelled by other means: the callback about its repair has nothing
    left to ask (the next resolution schedules a new one, about the new visit)."""
    out = []
    for cb in uow.find(
        Callback,
        ticket_id=ticket_id,
        status=CallbackStatus.PENDING.value,
        reason=CallbackReason.RESOLVED.value,
    ):
        cb.status, cb.claimed_by, cb.claim_expires_at = CallbackStatus.CANCELLED, None, None
        out.append(uow.update(cb, cb.version))
    return out


def technician_averages(uow: UnitOfWork, since: datetime, until: datetime) -> dict[int, float]:
    """Average satisfaction per technician over callbacks finished in the period, for those
    with enough answers to mean something."""
    scores: dict[int, list[int]] = {}
    for cb in uow.callback_facts(since, until):
        if cb.technician_id is not None and cb.satisfaction is not None:
            scores.setdefault(cb.technician_id, []).append(cb.satisfaction)
    return {t: sum(s) / len(s) for t, s in scores.items() if len(s) >= MIN_RATINGS}


def redispatch_suggestions(uow: UnitOfWork, ticket: Ticket, now: datetime) -> list[Suggestion]:
    """Who should go back: the same technician (knows the site and the fault), and the
    best-rated colleague with the skill when customers rate them higher."""
    averages = technician_averages(uow, now - RATING_WINDOW, now + timedelta(seconds=1))
    out = []
    if ticket.assignee_id is not None:
        same = uow.get(Technician, ticket.assignee_id)
        out.append(Suggestion(same.id, same.name, True, averages.get(same.id)))
    colleagues = [
        t
        for t in uow.technicians(ticket.department_id)
        if t.id != ticket.assignee_id
        and t.id in averages
        and (not ticket.category or ticket.category in t.skills)
    ]
    if colleagues:
        best = max(colleagues, key=lambda t: averages[t.id])
        same_score = out[0].average if out else None
        if same_score is None or averages[best.id] > same_score:
            out.append(Suggestion(best.id, best.name, False, averages[best.id]))
    return out


def add_callback(
    ctx: Context,
    uow: UnitOfWork,
    number: str,
    due_at: datetime,
    why: CallbackReason,
    ticket_id: int | None,
    customer_id: int | None,
    max_attempts: int = 3,
) -> Callback:
    """A pending callback in `uow` (the caller commits), with its event."""
    technician_id = None
    if ticket_id is not None:
        ticket = uow.get(Ticket, ticket_id)
        customer_id = customer_id or ticket.customer_id
        technician_id = ticket.assignee_id
    if customer_id is not None:
        uow.get(Customer, customer_id)
    cb = uow.add(
        Callback(
            0,
            why,
            due_at,
            CallbackStatus.PENDING,
            number,
            ticket_id=ticket_id,
            customer_id=customer_id,
            max_attempts=max_attempts,
            created_at=ctx.now(),
            sla_due_at=due_at + SLA.get(why, timedelta(hours=8)),
            technician_id=technician_id,
        )
    )
    ctx.record(
        uow, "callback", cb.id, "scheduled", reason=cb.reason.value, due_at=cb.due_at,
        ticket_id=cb.ticket_id, version=cb.version,
    )  # fmt: skip
    return cb
