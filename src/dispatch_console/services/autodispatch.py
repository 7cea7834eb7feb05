"""Auto-dispatch: a ticket whose routing rule allows it goes to the best technician the ranking
finds, when the ranking is clear enough (domain.rules.dispatch); otherwise it waits for a person
with the top candidates attached. A technician who declines is never offered the same job
again: the next best is tried. Every decision is an event the ticket's timeline shows.

Reactions (services/reactions.py), in the transaction of the change: a new ticket is dispatched
before its creation commits, a declined one before the technician's "no" does."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..domain.enums import TicketStatus
from ..domain.errors import DomainError
from ..domain.rules.dispatch import AutoDispatchPolicy, DispatchDecision, decide
from ..domain.rules.model import Routing
from ..domain.tickets import Ticket
from ..ports import Actor, UnitOfWork
from .reactions import Recorded

if TYPE_CHECKING:
    from . import Services

AUTO = Actor("auto-dispatch", "agent")


def dispatch_new_ticket(app: Services, uow: UnitOfWork, event: Recorded) -> None:
    """On "routed": the rules that matched the new ticket may send it on their own."""
    if event.payload.get("auto_dispatch"):
        ticket = uow.get(Ticket, int(event.entity_id))
        auto_dispatch(app, uow, ticket, int(event.payload["auto_dispatch_within"]))


def dispatch_declined_ticket(app: Services, uow: UnitOfWork, event: Recorded) -> None:
    """On a technician's step back to "new" (they turned the job down): the next best, where
    today's rules still dispatch the ticket automatically."""
    status = (event.payload.get("changes") or {}).get("status")
    if not status or status[1] != TicketStatus.NEW.value or app.actor.role != "technician":
        return
    ticket = uow.get(Ticket, int(event.entity_id))
    routing = still_automatic(app, uow, ticket)
    if routing is not None:
        auto_dispatch(app, uow, ticket, routing.auto_dispatch_within)


def still_automatic(app: Services, uow: UnitOfWork, ticket: Ticket) -> Routing | None:
    """The ticket's routing if today's rules still dispatch it automatically."""
    book = app.ticket_routing.book(uow)
    if not len(book):
        return None
    routing = book.route(app.ticket_routing.facts(uow, ticket, ticket.created_at))
    return routing if routing.auto_dispatch else None


def auto_dispatch(app: Services, uow: UnitOfWork, ticket: Ticket, within: int) -> None:
    """Rank, decide, assign (as auto-dispatch), and say why, in `uow`'s transaction. A failure
    to rank (no site) leaves the ticket for a person, saying so; it never fails the change."""
    declined = {
        int(e.payload["technician_id"])
        for e in uow.events_of("ticket", str(ticket.id), ["declined"])
    }
    auto = app.as_actor(AUTO).within(uow)  # each step a savepoint of this transaction
    try:
        ranking = auto.rank_technicians(ticket.id)
        policy = AutoDispatchPolicy(max_score_minutes=within)
        decision = decide(ranking.candidates, declined, policy)
    except DomainError as exc:
        decision = DispatchDecision(None, str(exc), "cannot_rank")
    if decision.technician_id is not None:
        try:
            auto.assign(ticket.id, ticket.version, decision.technician_id)
        except DomainError as exc:  # a person got there first, or the job moved on
            decision = DispatchDecision(None, str(exc), "overtaken", decision.suggestions)
    auto.context.record(
        uow, "ticket", ticket.id, "auto_dispatch", code=decision.code,
        technician_id=decision.technician_id, reason=decision.reason, within=within,
        technician=next((n for i, n, _ in decision.suggestions
                         if i == decision.technician_id), None),
        suggestions=[{"id": i, "name": n, "score": s} for i, n, s in decision.suggestions],
    )  # fmt: skip
