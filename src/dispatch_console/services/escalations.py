"""The SLA escalation scan: every minute or so, tickets near a deadline climb a level (the
assignee is told, then the supervisor; a missed deadline is marked, and where the policy says
so the job goes back for dispatch). Each step is an event: consoles and the live board see it,
the ticket's timeline says it. Two scans at once (two servers) do each step once."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from ..domain.enums import TicketStatus
from ..domain.errors import DomainError
from ..domain.escalation import (
    DueTicket,
    Escalation,
    EscalationPolicy,
    Level,
    TicketEscalation,
    carried_level,
    escalate,
)
from ..domain.tickets import Ticket
from ..ports import Actor, UnitOfWork
from .autodispatch import AUTO, auto_dispatch, still_automatic
from .base import Context, UseCases
from .policy import SUPERVISORS, allow

if TYPE_CHECKING:
    from . import Services

SCANNER = Actor("sla-watch", "supervisor")
BATCH = 100  # steps per transaction


class EscalationUseCases(UseCases):
    def __init__(self, ctx: Context, app: Services) -> None:
        super().__init__(ctx)
        self._app = app  # a job taken back is dispatched again as auto-dispatch

    @allow(SUPERVISORS)
    def escalate_due(self, policy: EscalationPolicy | None = None) -> list[Escalation]:
        """One scan: the steps taken now (empty when nothing is due). The usual minute only
        reads; the steps are written in batches, each in a transaction of its own, so that a
        scan catching up after a night's outage (thousands of steps) never holds the event
        log's lock for long: the desk keeps working meanwhile. Each batch's jobs go back for
        dispatch as soon as it is committed: a later batch that fails strands none of them."""
        policy = policy or EscalationPolicy()
        now = self._now()
        horizon = now + policy.longest_lead
        with self._uow(read_only=True) as uow:
            pending = [
                d.ticket_id
                for d in uow.due_tickets(horizon)
                if d.moved or self._step(policy, d, now) is not None
            ]
        steps: list[Escalation] = []
        for start in range(0, len(pending), BATCH):
            taken = self._escalate_batch(policy, horizon, pending[start : start + BATCH], now)
            for step, assignee_id in taken:
                if step.redispatch:
                    self._take_back(step, assignee_id)
            steps += [step for step, _ in taken]
        return steps

    @staticmethod
    def _step(policy: EscalationPolicy, due: DueTicket, now: datetime) -> Escalation | None:
        reached = carried_level(policy, due, now)
        return escalate(policy, due.ticket_id, due.status, due.milestone, due.due_at,
                        reached, now)  # fmt: skip

    def _escalate_batch(
        self, policy: EscalationPolicy, horizon: datetime, ticket_ids: list[int], now: datetime
    ) -> list[tuple[Escalation, int | None]]:
        """The batch's steps, each with who had the job when it was taken."""
        steps = []
        with self._uow() as uow:
            uow.serialize()  # a second scanner waits, then finds the levels already reached
            # looked at again under the lock: what another scan or a person did meanwhile counts
            for due in uow.due_tickets(horizon, ticket_ids):
                step = self._step(policy, due, now)
                if step is None and not due.moved:
                    continue
                level = step.level if step is not None else carried_level(policy, due, now)
                self._hold_level(uow, due, level, now)  # a moved deadline: its level re-anchored
                if step is None:
                    continue
                replace(self._ctx, actor=SCANNER).record(
                    uow, "ticket", due.ticket_id, "escalated", milestone=due.milestone.value,
                    level=step.level.name.lower(), due_at=due.due_at,
                    assignee_id=due.assignee_id, department_id=due.department_id,
                    redispatch=step.redispatch,
                )  # fmt: skip
                # its staff alerts: a reaction to the event (services/staff_alerts.py)
                steps.append((step, due.assignee_id))
            uow.commit()
        return steps

    @staticmethod
    def _hold_level(uow: UnitOfWork, due: DueTicket, level: Level, now: datetime) -> None:
        held = uow.find_one(TicketEscalation, ticket_id=due.ticket_id,
                            milestone=due.milestone.value)  # fmt: skip
        if held is None:
            uow.add(TicketEscalation(0, due.ticket_id, due.milestone, int(level), due.due_at, now))
        else:
            version = held.version
            held.level, held.due_at, held.at = int(level), due.due_at, now
            uow.update(held, version)

    def _take_back(self, step: Escalation, assignee_id: int | None) -> None:
        """A missed arrival: the job goes back for dispatch (auto-dispatch where its rule
        allows, excluding nobody: the late technician may still be the best), unless someone
        has changed it since the step: a new technician, or one now on the way. One
        transaction: back and dispatched again, or untouched."""
        app = self._app
        try:
            with self._uow() as uow:
                ticket = uow.get(Ticket, step.ticket_id)
                if ticket.assignee_id != assignee_id or ticket.status not in (
                    TicketStatus.ASSIGNED, TicketStatus.ACCEPTED,
                ):  # fmt: skip
                    return
                back = app.as_actor(AUTO).within(uow).transition(
                    ticket.id, ticket.version, TicketStatus.NEW,
                    f"the {step.milestone.value} deadline was missed",
                )  # fmt: skip
                routing = still_automatic(app, uow, back)
                if routing is not None:
                    auto_dispatch(app, uow, back, routing.auto_dispatch_within)
                uow.commit()
        except DomainError:
            return  # someone acted on it meanwhile: theirs is the newer decision
