"""The SLA scan's memory (ticket_escalations) kept true where a ticket changes: a deadline that
moves (a new priority or SLA class, a hold resumed, a reopen) starts its levels afresh, unless
it was missed and still is (a short hold after a missed arrival is not a second miss, nor a
second re-dispatch); a finished ticket keeps none. A reaction (services/reactions.py) to every
edit, step and transfer of a ticket, done in the change's transaction, under the lock the scan's
batches hold, so a batch never writes a row this just cleared."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from ..domain.enums import TicketStatus
from ..domain.escalation import Level, TicketEscalation
from ..domain.tickets import Ticket
from ..ports import UnitOfWork
from .reactions import Recorded

if TYPE_CHECKING:
    from . import Services

FINISHED = frozenset({TicketStatus.RESOLVED.value, TicketStatus.CLOSED.value,
                      TicketStatus.CANCELLED.value})  # fmt: skip


def keep_escalation_memory(app: Services, uow: UnitOfWork, event: Recorded) -> None:
    """On a ticket's "updated", "transition" and "transferred": a transferred ticket's new
    supervisors take it on afresh (the next scan steps it again to the level due; alerts
    already sent to the same people are not sent twice), a finished one keeps nothing, and
    any other change re-anchors the levels of the deadlines it moved."""
    status = (event.payload.get("changes") or {}).get("status")
    if event.kind == "transferred" or (status and status[1] in FINISHED):
        forget_escalations(uow, int(event.entity_id))
    else:
        reanchor_escalations(uow, uow.get(Ticket, int(event.entity_id)), app.now())


def reanchor_escalations(uow: UnitOfWork, ticket: Ticket, now: datetime) -> None:
    uow.serialize()
    deadlines = ticket.deadlines()
    for held in uow.find(TicketEscalation, ticket_id=ticket.id):
        due = deadlines.get(held.milestone)
        if due == held.due_at:
            continue
        if due is not None and held.level >= Level.BREACHED and due <= now:
            version = held.version
            held.due_at = due  # still missed: the queue keeps its red flag, the scan is quiet
            uow.update(held, version)
        else:
            uow.delete(held)


def forget_escalations(uow: UnitOfWork, ticket_id: int) -> None:
    """Resolved, closed or cancelled: the memory is for open tickets only (it stays small and
    the queue's "Escalated" filter reads it); a reopened ticket climbs afresh."""
    uow.serialize()
    for held in uow.find(TicketEscalation, ticket_id=ticket_id):
        uow.delete(held)
