"""Auto-dispatch: a ticket whose routing rule allows it goes to the best technician the ranking
finds, when the ranking is clear enough (domain.rules.dispatch); otherwise it waits for a person
with the top candidates attached. A technician who declines is never offered the same job
again: the next best is tried. Every decision is an event the ticket's timeline shows.

The ranking is by the schedule (slot mode): the chosen technician is given the job and the
visit is booked at their earliest slot within the ticket's window (from now when it has none)
through the schedule's own `place_visit`, which checks it again under the technician's lock.
When no suitable technician has a slot in the window, it says so and assigns nobody.

Reactions (services/reactions.py), in the transaction of the change: a new ticket is dispatched
before its creation commits, a declined one before the technician's "no" does."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from ..domain.candidates import Candidate, Exclusion, Mode, Ranking
from ..domain.enums import TicketStatus
from ..domain.errors import DomainError
from ..domain.rules.dispatch import AutoDispatchPolicy, DispatchDecision, decide, nobody_in_window
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
    """Rank by the earliest slot, decide, assign and book the visit (as auto-dispatch), and say
    why, in `uow`'s transaction. A failure to rank (no site) or nobody with a slot in the window
    leaves the ticket for a person, saying so; it never fails the change."""
    declined = {
        int(e.payload["technician_id"])
        for e in uow.events_of("ticket", str(ticket.id), ["declined"])
    }
    auto = app.as_actor(AUTO).within(uow)  # each step a savepoint of this transaction
    ranking: Ranking | None = None
    try:
        ranking = auto.rank_technicians(ticket.id, Mode.SLOT)
        policy = AutoDispatchPolicy(max_score_minutes=within)
        decision = decide(ranking.candidates, declined, policy)
        missed = ranking.excluded.get(Exclusion.NO_SLOT, 0)
        if not ranking.candidates and missed:
            decision = nobody_in_window(missed, _window_words(ranking))
    except DomainError as exc:
        decision = DispatchDecision(None, str(exc), "cannot_rank")
    visit_at = None
    if decision.technician_id is not None and ranking is not None:
        chosen = next(c for c in ranking.candidates if c.technician_id == decision.technician_id)
        try:
            visit_at = book(auto, ticket, chosen, ranking)
        except DomainError as exc:  # a person got there first, the day filled, the job moved
            decision = DispatchDecision(None, str(exc), "overtaken", decision.suggestions)
            visit_at = None
    auto.context.record(
        uow, "ticket", ticket.id, "auto_dispatch", code=decision.code,
        technician_id=decision.technician_id, reason=decision.reason, within=within,
        technician=next((n for i, n, _ in decision.suggestions
                         if i == decision.technician_id), None),
        suggestions=[{"id": i, "name": n, "score": s} for i, n, s in decision.suggestions],
        visit_at=None if visit_at is None else visit_at.isoformat(),
    )  # fmt: skip


def book(auto: Services, ticket: Ticket, chosen: Candidate, ranking: Ranking) -> datetime:
    """Give the job to `chosen` and put the visit on their day at their earliest slot, in one
    savepoint of the caller's transaction (the schedule's booking use case); when it starts."""
    slot = chosen.slot
    if slot is None or slot.at is None or ranking.window is None:
        raise AssertionError("slot mode lists only technicians with a slot")
    auto.place_visit(
        ticket.id, ticket.version, chosen.technician_id, slot.at, round(ranking.window.minutes)
    )
    return slot.at


def _window_words(ranking: Ranking) -> str:
    window = ranking.window
    if window is None:
        return "none"
    span = f"{window.starts_at:%Y-%m-%d %H:%M} - {window.ends_at:%Y-%m-%d %H:%M} UTC"
    return span if window.booked else f"from now, {span}"
