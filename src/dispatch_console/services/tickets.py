"""Ticket use cases: open, edit, search, history, and the lifecycle (transition, assign,
transfer). How a ticket is written is shared with other features: ticket_changes."""

from __future__ import annotations

from typing import Any

from ..domain.calls import Call, Callback
from ..domain.chat import ChatMessage, Conversation
from ..domain.enums import Channel, Priority, SlaClass, TicketStatus, parse_enum
from ..domain.errors import IllegalTransition, ValidationError
from ..domain.lifecycle import (
    ASSIGNABLE_STATES,
    ASSIGNED_STATES,
    TRANSFERABLE_STATES,
)
from ..domain.model import (
    Asset,
    Customer,
    Department,
    Part,
    Site,
    Technician,
    User,
)
from ..domain.notifications import Notification
from ..domain.phones import normalise_phone
from ..domain.sla import targets_for
from ..domain.tickets import (
    EDITABLE_FIELDS,
    MAX_CATEGORY,
    MAX_DESCRIPTION,
    Attachment,
    CheckIn,
    Comment,
    PartUsage,
    Ticket,
    TicketDraft,
    TicketPage,
    TicketRow,
    Transition,
    WorkLogEntry,
)
from ..domain.timeline import TicketHistory
from ..ports import TicketQuery
from .base import Context, UseCases, check_version, clean_text
from .callback_policy import resolution_callback, withdraw_resolution_callbacks
from .policy import DESK, OWN_JOB, OWN_JOB_STEPS, OWN_JOBS_ONLY, allow
from .queue_view import MAX_ROWS
from .staff_alerts import hide_staff_addresses
from .ticket_changes import TicketChanges, audit_snapshot

# the events a ticket's timeline shows as decisions: routing, auto-dispatch, a technician's no
DECISIONS = (
    "routed", "auto_dispatch", "declined", "escalated", "running_late", "reschedule_requested",
)  # fmt: skip


class TicketUseCases(UseCases):
    """Open, edit, read and move a ticket through its lifecycle."""

    def __init__(self, ctx: Context, changes: TicketChanges) -> None:
        super().__init__(ctx)
        self._changes = changes

    # --- create and edit -------------------------------------------------------------------
    @allow(DESK)
    def create_ticket(self, draft: TicketDraft) -> Ticket:
        """One transaction: the ticket, what its reactions do (the customer's notification,
        auto-dispatch where a rule allows it), or nothing."""
        with self._uow() as uow:
            ticket, routing = self._changes.add(uow, draft)
            uow.commit()
        return self._changes.as_committed(ticket, routing)

    @allow(DESK)
    def update_ticket(self, ticket_id: int, expected_version: int, **values: Any) -> Ticket:
        check_version(expected_version)
        unknown = set(values) - EDITABLE_FIELDS
        if unknown:
            raise ValidationError(sorted(unknown)[0], "cannot be edited here")
        with self._uow() as uow:
            ticket = self._load(uow, Ticket, ticket_id, expected_version)
            before = audit_snapshot(ticket)
            for key, raw in values.items():
                setattr(ticket, key, self._clean_field(key, raw))
            ticket.site_id, ticket.sla_class = (
                self._changes.resolve_links(
                    uow, ticket.customer_id, ticket.site_id, ticket.asset_id, ticket.department_id
                )
                if {"customer_id", "site_id", "asset_id"} & set(values)
                else (ticket.site_id, ticket.sla_class)
            )
            # after the links: another asset may bring another contract, hence another SLA class
            if (ticket.priority, ticket.sla_class) != (before["priority"], before["sla_class"]):
                self._retarget(ticket, before)  # the scan's levels follow: a reaction
            saved = self._changes.save(uow, ticket, expected_version, before, "updated")
            uow.commit()
            return saved

    def _clean_field(self, key: str, raw: Any) -> Any:
        if key == "priority":
            return parse_enum(Priority, raw, "priority")
        if key == "channel":
            return parse_enum(Channel, raw, "channel")
        if key == "category":
            return clean_text(raw, "category", max_len=MAX_CATEGORY)
        if key == "description":
            return clean_text(raw, "description", max_len=MAX_DESCRIPTION)
        if key == "contact_name":
            return clean_text(raw, "contact_name", max_len=120, required=False)
        if key == "contact_phone":
            return normalise_phone(raw, self.region, "contact_phone") if raw else None
        return raw

    @staticmethod
    def _retarget(ticket: Ticket, before: dict[str, Any]) -> None:
        """A new priority or SLA class moves each deadline by the difference in targets."""
        old = targets_for(SlaClass(before["sla_class"]), Priority(before["priority"]))
        new = ticket.targets
        ticket.set_deadlines(
            {
                m: due + (new.for_milestone(m) - old.for_milestone(m))
                for m, due in ticket.deadlines().items()
                if due is not None
            }
        )

    # --- read ----------------------------------------------------------------------------------
    @allow(DESK, technician=OWN_JOB)
    def get_ticket(self, ticket_id: int) -> Ticket:
        with self._uow(read_only=True) as uow:
            return uow.get(Ticket, ticket_id)

    @allow(DESK, technician=OWN_JOBS_ONLY)
    def search_tickets(self, query: TicketQuery) -> TicketPage:
        with self._uow(read_only=True) as uow:
            return uow.search_tickets(query, self._now())

    @allow(DESK)
    def ticket_rows(self, ticket_ids: list[int]) -> list[TicketRow]:
        """Just these tickets' queue lines, for a console that keeps its loaded pages current
        from the change feed instead of searching again (services/queue_view.py)."""
        if len(ticket_ids) > MAX_ROWS:
            raise ValidationError("ticket_ids", f"at most {MAX_ROWS} at a time")
        with self._uow(read_only=True) as uow:
            return uow.ticket_rows(list(dict.fromkeys(ticket_ids)))

    @allow(DESK, technician=OWN_JOB)
    def ticket_history(self, ticket_id: int) -> TicketHistory:
        with self._uow(read_only=True) as uow:
            ticket = uow.get(Ticket, ticket_id)
            history = TicketHistory(
                ticket,
                uow.find(Transition, ticket_id=ticket_id),
                uow.find(Comment, ticket_id=ticket_id),
                uow.find(Attachment, ticket_id=ticket_id),
                uow.find(WorkLogEntry, ticket_id=ticket_id),
                uow.find(PartUsage, ticket_id=ticket_id),
                uow.find(CheckIn, ticket_id=ticket_id),
                uow.find(Callback, ticket_id=ticket_id),
                uow.find(Call, ticket_id=ticket_id),
                notifications=hide_staff_addresses(
                    uow.find(Notification, ticket_id=ticket_id), self.actor.role
                ),
            )
            history.decisions = uow.events_of("ticket", str(ticket_id), DECISIONS)
            for conv in uow.find(Conversation, ticket_id=ticket_id):
                history.chat_messages += uow.find(ChatMessage, conversation_id=conv.id)
            if ticket.customer_id is not None:
                history.customer = uow.get(Customer, ticket.customer_id)
            if ticket.site_id is not None:
                history.site = uow.get(Site, ticket.site_id)
            if ticket.asset_id is not None:
                history.asset = uow.get(Asset, ticket.asset_id)
            if ticket.assignee_id is not None:
                history.technician = uow.get(Technician, ticket.assignee_id)
            for part_id in {p.part_id for p in history.parts}:
                history.part_names[part_id] = uow.get(Part, part_id).name
            for tech_id in {w.technician_id for w in history.work_log} | {
                c.technician_id for c in history.check_ins
            } | {int(e.payload["technician_id"]) for e in history.decisions
                 if e.kind == "declined"}:  # fmt: skip
                history.technician_names[tech_id] = uow.get(Technician, tech_id).name
            actors = {t.actor for t in history.transitions} | {ticket.created_by}
            actors |= {c.author for c in history.comments}
            actors |= {a.uploaded_by for a in history.attachments}
            for username in actors:
                user = uow.find_one(User, username=username)
                if user is not None and user.display_name:
                    history.actor_names[username] = user.display_name
            return history

    # --- the lifecycle ----------------------------------------------------------------------
    @allow(DESK, technician=OWN_JOB_STEPS)
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
            self._changes.apply(ticket, to, reason)
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
            saved = self._changes.save(uow, ticket, expected_version, before, "transition", reason)
            uow.commit()
        if to is TicketStatus.NEW and self.actor.role == "technician":
            with self._uow(read_only=True) as uow:  # auto-dispatch may have sent it on
                return uow.get(Ticket, ticket_id)
        return saved

    @allow(DESK)
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
            if ticket.assignee_id != tech.id:  # a visit planned on someone else's day is not theirs
                ticket.planned_start_at = ticket.planned_minutes = None
            ticket.assignee_id = tech.id
            if ticket.department_id is None:
                ticket.department_id = tech.department_id
            ticket.status = TicketStatus.ASSIGNED
            saved = self._changes.save(uow, ticket, expected_version, before, "assigned")
            uow.commit()
            return saved

    @allow(DESK)
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
            ticket.planned_start_at = ticket.planned_minutes = None
            if ticket.status in ASSIGNED_STATES:
                ticket.status = TicketStatus.NEW
            if ticket.held_from in ASSIGNED_STATES:
                ticket.held_from = TicketStatus.NEW
            # the new department's supervisors take it on afresh (escalation_memory, a reaction)
            saved = self._changes.save(uow, ticket, expected_version, before, "transferred", reason)
            uow.commit()
            return saved
