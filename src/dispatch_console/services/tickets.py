"""Ticket use cases: open, edit, search, history (the changes once it exists: ticket_changes)."""

from __future__ import annotations

from typing import Any

from ..domain.calls import Call, Callback
from ..domain.chat import ChatMessage, Conversation
from ..domain.enums import Channel, Priority, SlaClass, TicketStatus, parse_enum
from ..domain.errors import ValidationError
from ..domain.events import changes
from ..domain.model import (
    Asset,
    Contract,
    Customer,
    Department,
    Part,
    Site,
    Technician,
    User,
)
from ..domain.notifications import Notification
from ..domain.phones import normalise_phone
from ..domain.rules.model import Routing
from ..domain.sla import initial_deadlines, targets_for
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
from ..ports import TicketQuery, UnitOfWork
from .base import check_version, clean_text
from .queue_view import MAX_ROWS
from .routing import RoutingServices
from .staff_alerts import hide_staff_addresses
from .ticket_changes import TicketChanges, audit_snapshot

# the events a ticket's timeline shows as decisions: routing, auto-dispatch, a technician's no
DECISIONS = ("routed", "auto_dispatch", "declined", "escalated")


class TicketServices(TicketChanges, RoutingServices):
    # --- create and edit -------------------------------------------------------------------
    def create_ticket(self, draft: TicketDraft) -> Ticket:
        """One transaction: the ticket, what its reactions do (the customer's notification,
        auto-dispatch where a rule allows it), or nothing."""
        with self._uow() as uow:
            ticket, routing = self._add_ticket(uow, draft)
            uow.commit()
        return self._as_committed(ticket, routing)

    def _as_committed(self, ticket: Ticket, routing: Routing) -> Ticket:
        """The new ticket as its reactions left it: auto-dispatch may have assigned it."""
        return self.get_ticket(ticket.id) if routing.auto_dispatch else ticket

    def _add_ticket(self, uow: UnitOfWork, draft: TicketDraft) -> tuple[Ticket, Routing]:
        """A new ticket inside a use case's transaction (a chat turned into a ticket adds its
        transcript in the same one)."""
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
        site_id, sla_class = self._resolve_links(
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
        routing = self._route(uow, ticket, now)  # department, priority, SLA class, skills
        if routing.department_id is not None:
            uow.get(Department, routing.department_id)
        deadlines = initial_deadlines(now, targets_for(ticket.sla_class, ticket.priority))
        ticket.set_deadlines(deadlines)
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
        self._explain_routing(uow, ticket, routing)
        return ticket, routing

    def _resolve_links(
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
                self._resolve_links(
                    uow, ticket.customer_id, ticket.site_id, ticket.asset_id, ticket.department_id
                )
                if {"customer_id", "site_id", "asset_id"} & set(values)
                else (ticket.site_id, ticket.sla_class)
            )
            # after the links: another asset may bring another contract, hence another SLA class
            if (ticket.priority, ticket.sla_class) != (before["priority"], before["sla_class"]):
                self._retarget(ticket, before)  # the scan's levels follow: a reaction
            return self._save(uow, ticket, expected_version, before, "updated")

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
    def get_ticket(self, ticket_id: int) -> Ticket:
        with self._uow(read_only=True) as uow:
            return uow.get(Ticket, ticket_id)

    def search_tickets(self, query: TicketQuery) -> TicketPage:
        with self._uow(read_only=True) as uow:
            return uow.search_tickets(query, self._now())

    def ticket_rows(self, ticket_ids: list[int]) -> list[TicketRow]:
        """Just these tickets' queue lines, for a console that keeps its loaded pages current
        from the change feed instead of searching again (services/queue_view.py)."""
        self._require_role("agent", "supervisor")
        if len(ticket_ids) > MAX_ROWS:
            raise ValidationError("ticket_ids", f"at most {MAX_ROWS} at a time")
        with self._uow(read_only=True) as uow:
            return uow.ticket_rows(list(dict.fromkeys(ticket_ids)))

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
