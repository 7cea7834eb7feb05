"""How a ticket is written, shared by the features that write one: a new ticket routed by the
rules, a change saved with its audit (the changed fields, a transition row when the status
moves, one event), a lifecycle step applied with its effect on the SLA clocks."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ..domain.enums import Channel, Priority, SlaClass, TicketStatus, parse_enum
from ..domain.errors import ValidationError
from ..domain.events import changes
from ..domain.lifecycle import (
    check_transition,
)
from ..domain.model import (
    Asset,
    Contract,
    Customer,
    Department,
    Site,
)
from ..domain.phones import normalise_phone
from ..domain.rules.model import Routing
from ..domain.sla import Milestone, initial_deadlines, resume_deadlines, targets_for
from ..domain.tickets import (
    MAX_CATEGORY,
    MAX_DESCRIPTION,
    Ticket,
    TicketDraft,
    Transition,
)
from ..ports import UnitOfWork
from .base import Context, UseCases, clean_text
from .routing import TicketRouting

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


class TicketChanges(UseCases):
    """How a ticket is written, for every feature that writes one (tickets, chat, callbacks,
    fieldwork): a new one routed by the rules, a change saved with its audit, a lifecycle step
    applied with its effect on the SLA clocks."""

    def __init__(self, ctx: Context, routing: TicketRouting) -> None:
        super().__init__(ctx)
        self._routing = routing

    def add(self, uow: UnitOfWork, draft: TicketDraft) -> tuple[Ticket, Routing]:
        """A new ticket inside a use case's transaction (a chat turned into a ticket adds its
        transcript in the same one)."""
        from .schedule.checks import appointment_window, judge_window  # it imports this module

        now = self._now()
        channel = parse_enum(Channel, draft.channel, "channel")
        priority = parse_enum(Priority, draft.priority, "priority")
        category = clean_text(draft.category, "category", max_len=MAX_CATEGORY)
        description = clean_text(draft.description, "description", max_len=MAX_DESCRIPTION)
        contact_phone = (
            normalise_phone(draft.contact_phone, self.region, "contact_phone")
            if draft.contact_phone and draft.contact_phone.strip()
            else None
        )
        site_id, sla_class = self.resolve_links(
            uow, draft.customer_id, draft.site_id, draft.asset_id, draft.department_id
        )
        ticket = Ticket(
            0,
            channel,
            category,
            priority,
            TicketStatus.NEW,
            description,
            now,
            now,
            sla_class=sla_class,
            customer_id=draft.customer_id,
            site_id=site_id,
            asset_id=draft.asset_id,
            contact_name=clean_text(
                draft.contact_name, "contact_name", max_len=120, required=False
            ),
            contact_phone=contact_phone,
            department_id=draft.department_id,
            created_by=self.actor.name,
        )
        routing = self._routing.route(uow, ticket, now)  # department, priority, SLA class, skills
        if routing.department_id is not None:
            uow.get(Department, routing.department_id)
        deadlines = initial_deadlines(now, targets_for(ticket.sla_class, ticket.priority))
        ticket.set_deadlines(deadlines)
        window = appointment_window(draft.appointment_starts_at, draft.appointment_ends_at)
        if window is not None:  # judged where the rules sent it, against its SLA
            judge_window(uow, window, ticket, now, self.desk)
            ticket.appointment_starts_at, ticket.appointment_ends_at = (
                window.starts_at,
                window.ends_at,
            )
        uow.add(ticket)
        uow.add(Transition(0, ticket.id, None, TicketStatus.NEW, self.actor.name, now))
        self._record(
            uow,
            "ticket",
            ticket.id,
            "created",
            version=1,
            changes=changes({}, audit_snapshot(ticket)),
        )
        if window is not None:
            self._record(
                uow, "ticket", ticket.id, "appointment_set", version=ticket.version,
                starts_at=window.starts_at, ends_at=window.ends_at,
                previous_starts_at=None, previous_ends_at=None,
            )  # fmt: skip
        self._routing.explain(uow, ticket, routing)
        return ticket, routing

    def resolve_links(
        self,
        uow: UnitOfWork,
        customer_id: int | None,
        site_id: int | None,
        asset_id: int | None,
        department_id: int | None,
    ) -> tuple[int | None, SlaClass]:
        """Check that linked records exist; the asset implies its site and its contract's SLA."""
        sla_class = SlaClass.STANDARD
        if customer_id is not None:
            uow.get(Customer, customer_id)
        if department_id is not None:
            uow.get(Department, department_id)
        if asset_id is not None:
            asset = uow.get(Asset, asset_id)
            if site_id is not None and site_id != asset.site_id:
                raise ValidationError("asset_id", "the asset is not at the chosen site")
            site_id = asset.site_id
            if asset.contract_id is not None:
                sla_class = uow.get(Contract, asset.contract_id).sla_class
        if site_id is not None:
            site = uow.get(Site, site_id)
            if customer_id is not None and site.customer_id not in (None, customer_id):
                raise ValidationError("site_id", "the site belongs to another customer")
        return site_id, sla_class

    def as_committed(self, ticket: Ticket, routing: Routing) -> Ticket:
        """A new ticket as its reactions left it: auto-dispatch may have assigned it."""
        if not routing.auto_dispatch:
            return ticket
        with self._uow(read_only=True) as uow:
            return uow.get(Ticket, ticket.id)

    def save(
        self,
        uow: UnitOfWork,
        ticket: Ticket,
        expected_version: int,
        before: dict[str, Any],
        kind: str,
        reason: str | None = None,
        extra: dict[str, Any] | None = None,
    ) -> Ticket:
        """Write the change with its audit; `extra`: more of the event's payload."""
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
            **(extra or {}),
        )
        return ticket

    # --- lifecycle -----------------------------------------------------------------------------

    def apply(self, t: Ticket, to: TicketStatus, reason: str | None) -> None:
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
            t.planned_start_at = t.planned_minutes = None  # off the day of whoever had it
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
