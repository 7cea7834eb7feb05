"""Auto-dispatch: a ticket whose routing rule allows it goes to the best technician the ranking
finds, when the ranking is clear enough (domain.rules.dispatch); otherwise it waits for a person
with the top candidates attached. A technician who declines is never offered the same job
again: the next best is tried. Every decision is an event the ticket's timeline shows."""

from __future__ import annotations

from ..domain.enums import TicketStatus
from ..domain.errors import DomainError
from ..domain.rules.dispatch import AutoDispatchPolicy, DispatchDecision, decide
from ..domain.rules.model import Routing
from ..domain.tickets import Ticket
from ..ports import Actor
from .chat import ChatServices
from .dispatch import DispatchServices

AUTO = Actor("auto-dispatch", "agent")


class AutoDispatchServices(DispatchServices, ChatServices):
    def _after_create(self, ticket: Ticket, routing: Routing) -> Ticket:
        return self._auto_dispatch(ticket, routing) if routing.auto_dispatch else ticket

    def transition(
        self,
        ticket_id: int,
        expected_version: int,
        target: TicketStatus | str,
        reason: str | None = None,
    ) -> Ticket:
        ticket = super().transition(ticket_id, expected_version, target, reason)
        declined = ticket.status is TicketStatus.NEW and self.actor.role == "technician"
        routing = self._still_automatic(ticket) if declined else None
        return self._auto_dispatch(ticket, routing) if routing is not None else ticket

    def _still_automatic(self, ticket: Ticket) -> Routing | None:
        """The ticket's routing if today's rules still dispatch it automatically."""
        with self._uow(read_only=True) as uow:
            book = self._rule_book(uow)
            if not len(book):
                return None
            routing = book.route(self._rule_facts(uow, ticket, ticket.created_at))
            return routing if routing.auto_dispatch else None

    def _auto_dispatch(self, ticket: Ticket, routing: Routing) -> Ticket:
        """Rank, decide, assign (as auto-dispatch), and say why. A failure to rank (no site)
        leaves the ticket for a person, saying so; it never fails the ticket's creation."""
        with self._uow(read_only=True) as uow:
            declined = {
                int(e.payload["technician_id"])
                for e in uow.events_of("ticket", str(ticket.id), ["declined"])
            }
        try:
            ranking = self.rank_technicians(ticket.id)
            policy = AutoDispatchPolicy(max_score_minutes=routing.auto_dispatch_within)
            decision = decide(ranking.candidates, declined, policy)
        except DomainError as exc:
            decision = DispatchDecision(None, str(exc), "cannot_rank")
        if decision.technician_id is not None:
            try:
                ticket = self.as_actor(AUTO).assign(ticket.id, ticket.version,
                                                    decision.technician_id)  # fmt: skip
            except DomainError as exc:  # a person got there first, or the job moved on
                decision = DispatchDecision(None, str(exc), "overtaken", decision.suggestions)
        with self._uow() as uow:
            self.as_actor(AUTO)._record(
                uow, "ticket", ticket.id, "auto_dispatch", code=decision.code,
                technician_id=decision.technician_id, reason=decision.reason,
                within=routing.auto_dispatch_within,
                technician=next((n for i, n, _ in decision.suggestions
                                 if i == decision.technician_id), None),
                suggestions=[{"id": i, "name": n, "score": s} for i, n, s in decision.suggestions],
            )  # fmt: skip
            uow.commit()
        return ticket
