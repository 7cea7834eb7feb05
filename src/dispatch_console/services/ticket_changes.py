"""How a ticket changes once it exists: saved with its audit (the changed fields, a transition
row when the status moves, one event), moved through the lifecycle with its effect on SLA clocks,
callbacks and the escalation scan's memory, assigned and transferred. A mixin of TicketServices."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ..domain.enums import TicketStatus, parse_enum
from ..domain.errors import IllegalTransition, ValidationError
from ..domain.events import changes
from ..domain.lifecycle import (
    ASSIGNABLE_STATES,
    ASSIGNED_STATES,
    TRANSFERABLE_STATES,
    check_transition,
)
from ..domain.model import Department, Technician
from ..domain.sla import Milestone, initial_deadlines, resume_deadlines
from ..domain.tickets import Ticket, Transition
from ..ports import UnitOfWork
from .base import ServiceBase, check_version, clean_text
from .callback_policy import resolution_callback, withdraw_resolution_callbacks

AUDITED = (
    "status",
    "assignee_id",
    "department_id",
    "priority",
    "category",
    "description",
    "customer_id",
    "site_id",
    "asset_id",
    "contact_name",
    "contact_phone",
    "channel",
    "hold_reason",
    "sla_class",
    "resolution_due_at",
)


def audit_snapshot(t: Ticket) -> dict[str, Any]:
    out = {}
    for name in AUDITED:
        value = getattr(t, name)
        out[name] = value.isoformat() if isinstance(value, datetime) else value
    return out


class TicketChanges(ServiceBase):
    def _save(
        self,
        uow: UnitOfWork,
        ticket: Ticket,
        expected_version: int,
        before: dict[str, Any],
        kind: str,
        reason: str | None = None,
    ) -> Ticket:
        ticket.updated_at = self._now()
        uow.update(ticket, expected_version)
        after = audit_snapshot(ticket)
        if after["status"] != before["status"]:
            uow.add(
                Transition(
                    0,
                    ticket.id,
                    TicketStatus(before["status"]),
                    ticket.status,
                    self.actor.name,
                    ticket.updated_at,
                    reason,
                )
            )
        self._record(
            uow,
            "ticket",
            ticket.id,
            kind,
            version=ticket.version,
            changes=changes(before, after),
            reason=reason,
        )
        uow.commit()
        return ticket

    # --- lifecycle -----------------------------------------------------------------------------
    def transition(
        self,
        ticket_id: int,
        expected_version: int,
        target: TicketStatus | str,
        reason: str | None = None,
    ) -> Ticket:
        check_version(expected_version)
        to = parse_enum(TicketStatus, target, "status")
        with self._uow() as uow:
            ticket = self._load(uow, Ticket, ticket_id, expected_version)
            before = audit_snapshot(ticket)
            declined = (
                to is TicketStatus.NEW
                and ticket.assignee_id is not None
                and ticket.assignee_id == self.actor.technician_id
            )  # the technician turns the job down: never offered it again automatically
            if declined:
                self._record(uow, "ticket", ticket.id, "declined",
                             technician_id=ticket.assignee_id, reason=reason)  # fmt: skip
            # the escalation scan's memory follows the deadlines: a reaction
            self._apply(ticket, to, reason)
            if to in (TicketStatus.REOPENED, TicketStatus.CANCELLED):
                for stale in withdraw_resolution_callbacks(uow, ticket.id):
                    self._record(uow, "callback", stale.id, "cancelled", version=stale.version,
                                 reason=f"the ticket was {to.value}")  # fmt: skip
            if to is TicketStatus.RESOLVED:
                cb = resolution_callback(uow, ticket, self._now())
                if cb is not None:
                    self._record(
                        uow, "callback", cb.id, "scheduled", reason=cb.reason.value,
                        due_at=cb.due_at, ticket_id=ticket.id, version=cb.version,
                    )  # fmt: skip
            saved = self._save(uow, ticket, expected_version, before, "transition", reason)
        if to is TicketStatus.NEW and self.actor.role == "technician":
            with self._uow(read_only=True) as uow:  # auto-dispatch may have sent it on
                return uow.get(Ticket, ticket_id)
        return saved

    def _apply(self, t: Ticket, to: TicketStatus, reason: str | None) -> None:
        """Check and apply one lifecycle step, with its effect on SLA clocks and assignment."""
        now = self._now()
        assignee = None if to is TicketStatus.NEW else t.assignee_id
        check_transition(t.status, to, held_from=t.held_from, reason=reason, assignee_id=assignee)
        if t.status is TicketStatus.ON_HOLD and t.hold_started_at is not None:
            self._resume(t, now)
        if to is TicketStatus.ON_HOLD:
            t.held_from, t.hold_started_at = t.status, now
            t.hold_reason = clean_text(reason, "reason", max_len=400)
        elif to is TicketStatus.NEW:
            t.assignee_id = None
        elif to is TicketStatus.ACCEPTED:
            t.responded_at = t.responded_at or now
        elif to is TicketStatus.ON_SITE:
            t.responded_at = t.responded_at or now
            t.arrived_at = t.arrived_at or now
        elif to is TicketStatus.RESOLVED:
            t.resolved_at = now
        elif to is TicketStatus.CLOSED:
            t.closed_at = now
        elif to is TicketStatus.REOPENED:
            t.reopen_count += 1
            t.resolved_at = t.closed_at = t.arrived_at = None
            fresh = initial_deadlines(now, t.targets)
            t.arrival_due_at = fresh[Milestone.ARRIVAL]
            t.resolution_due_at = fresh[Milestone.RESOLUTION]
        t.status = to

    @staticmethod
    def _resume(t: Ticket, now: datetime) -> None:
        assert t.hold_started_at is not None
        due = {m: d for m, d in t.deadlines().items() if d is not None}
        t.set_deadlines(resume_deadlines(due, t.reached(), t.hold_started_at, now))
        t.hold_started_at = t.held_from = t.hold_reason = None

    def assign(self, ticket_id: int, expected_version: int, technician_id: int) -> Ticket:
        check_version(expected_version)
        with self._uow() as uow:
            ticket = self._load(uow, Ticket, ticket_id, expected_version)
            tech = uow.get(Technician, technician_id)
            if ticket.status not in ASSIGNABLE_STATES:
                raise IllegalTransition(
                    ticket.status.value,
                    TicketStatus.ASSIGNED.value,
                    sorted(s.value for s in ASSIGNABLE_STATES),
                )
            before = audit_snapshot(ticket)
            ticket.assignee_id = tech.id
            if ticket.department_id is None:
                ticket.department_id = tech.department_id
            ticket.status = TicketStatus.ASSIGNED
            return self._save(uow, ticket, expected_version, before, "assigned")

    def transfer(
        self, ticket_id: int, expected_version: int, department_id: int, reason: str
    ) -> Ticket:
        check_version(expected_version)
        reason = clean_text(reason, "reason", max_len=400)
        with self._uow() as uow:
            ticket = self._load(uow, Ticket, ticket_id, expected_version)
            uow.get(Department, department_id)
            if ticket.status not in TRANSFERABLE_STATES:
                raise IllegalTransition(
                    ticket.status.value, "transferred", sorted(s.value for s in TRANSFERABLE_STATES)
                )
            if department_id == ticket.department_id:
                raise ValidationError("department_id", "the ticket is already in that department")
            before = audit_snapshot(ticket)
            ticket.department_id = department_id
            ticket.assignee_id = None
            if ticket.status in ASSIGNED_STATES:
                ticket.status = TicketStatus.NEW
            if ticket.held_from in ASSIGNED_STATES:
                ticket.held_from = TicketStatus.NEW
            # the new department's supervisors take it on afresh (escalation_memory, a reaction)
            return self._save(uow, ticket, expected_version, before, "transferred", reason)
