"""Queueing customers' notifications in the transaction of the change they report.

A reaction (services/reactions.py) to the changes customers hear about (ticket received,
technician assigned, on the way, on site, resolved, callback scheduled): one outbox row per
allowed channel. The rows commit with the change or not at all: no change without its
notification, no notification of a change that was rolled back."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from ..domain.calls import Callback
from ..domain.enums import CallbackReason
from ..domain.geo import Coordinates
from ..domain.model import Asset, Contract, Customer, Site, Technician
from ..domain.notifications import (
    Moment,
    Notification,
    NotifyChannel,
    NotifyStatus,
    Reach,
    channels_for,
    is_mobile,
    optout_token,
)
from ..domain.notify_templates import Facts, render
from ..domain.selfservice import eta_minutes, first_name
from ..domain.tickets import Ticket
from ..ports import UnitOfWork
from .reactions import Recorded
from .schedule.loading import ticket_zone

if TYPE_CHECKING:
    from . import Services

# a technician's position older than this says nothing about when they will arrive
FRESH_POSITION = timedelta(minutes=30)
STATUS_MOMENTS = {
    "en_route": Moment.EN_ROUTE,
    "on_site": Moment.ON_SITE,
    "resolved": Moment.RESOLVED,
}
# a resolution's follow-up call is announced by the "resolved" message already
ANNOUNCED_CALLBACKS = frozenset({CallbackReason.CUSTOMER_REQUEST, CallbackReason.MISSED_CALL})


def customer_reach(
    customer: Customer, contract: Contract | None, contact_phone: str | None = None
) -> Reach:
    """How the customer can be told: the ticket's contact number when it is a mobile (the
    person waiting for the technician), else the customer's first mobile."""
    mobiles = [p.number for p in customer.phones if is_mobile(p.number)]
    if contact_phone and is_mobile(contact_phone):
        mobiles.insert(0, contact_phone)
    return Reach(
        email=customer.email,
        mobile=mobiles[0] if mobiles else None,
        wants_email=customer.notify_email,
        wants_sms=customer.notify_sms,
        contract_channels=tuple(contract.notify_channels) if contract else None,
    )


def queue_customer_notifications(app: Services, uow: UnitOfWork, event: Recorded) -> None:
    """The reaction: the notifications a ticket's or a callback's change earns, and a
    customer's opt-out honoured at once."""
    outbox = _Outbox(app)
    entity, entity_id, payload = event.entity, event.entity_id, event.payload
    if entity == "ticket":
        moment = outbox._ticket_moment(event.kind, payload)
        if moment is not None:
            outbox._queue(uow, uow.get(Ticket, int(entity_id)), moment, event.id)
    elif entity == "callback" and event.kind == "scheduled" and payload.get("ticket_id"):
        cb = uow.get(Callback, int(entity_id))
        if cb.reason in ANNOUNCED_CALLBACKS:
            ticket = uow.get(Ticket, int(payload["ticket_id"]))
            outbox._queue(uow, ticket, Moment.CALLBACK_SCHEDULED, event.id, callback=cb)
    elif entity == "customer" and event.kind == "updated":
        outbox._honour_opt_out(uow, int(entity_id), payload.get("changes") or {})


class _Outbox:
    def __init__(self, app: Services) -> None:
        self.app = app

    def _now(self) -> datetime:
        return self.app.now()

    @staticmethod
    def _ticket_moment(kind: str, payload: dict[str, Any]) -> Moment | None:
        if kind == "created":
            return Moment.RECEIVED
        if kind == "assigned":
            return Moment.ASSIGNED
        if kind == "transition":
            status = (payload.get("changes") or {}).get("status")
            return STATUS_MOMENTS.get(status[1]) if status else None
        return None

    @staticmethod
    def _occurrence(ticket: Ticket, moment: Moment, event_id: int, cb: Callback | None) -> str:
        """What makes one moment the same as another for dedupe: a technician going back and
        forth between accepted and en route tells the customer once; a reassignment, a
        reopened ticket resolved again, or another callback are news."""
        if moment is Moment.RECEIVED:
            return "received"
        if moment is Moment.ASSIGNED:
            return f"assigned:e{event_id}"
        if moment is Moment.CALLBACK_SCHEDULED:
            return f"callback:{cb.id if cb else event_id}"
        if moment is Moment.RESOLVED:
            return f"resolved:r{ticket.reopen_count}"
        return f"{moment.value}:a{ticket.assignee_id}:r{ticket.reopen_count}"

    def _queue(
        self,
        uow: UnitOfWork,
        ticket: Ticket,
        moment: Moment,
        event_id: int,
        *,
        callback: Callback | None = None,
    ) -> None:
        if ticket.customer_id is None:  # an unknown caller: no one whose opt-out we can keep
            return
        customer = uow.get(Customer, ticket.customer_id)
        contract = contract_of(uow, ticket)
        reach = customer_reach(customer, contract, ticket.contact_phone)
        channels = channels_for(reach)
        if not channels:
            return
        facts = self._facts(uow, ticket, customer, moment, callback)
        occurrence = self._occurrence(ticket, moment, event_id, callback)
        now = self._now()
        for channel, recipient in channels:
            key = f"t{ticket.id}:{occurrence}:{channel.value}"
            if uow.find_one(Notification, dedupe_key=key) is not None:
                continue
            message = render(moment, channel, customer.language, facts)
            uow.add(
                Notification(
                    0, ticket.id, customer.id, moment, channel, recipient, customer.language,
                    message.subject, message.body, key, now, now, requested_by="system",
                    optout_token=optout_token(channel), template_params=message.params,
                )
            )  # fmt: skip

    def _facts(
        self,
        uow: UnitOfWork,
        ticket: Ticket,
        customer: Customer,
        moment: Moment,
        callback: Callback | None,
    ) -> Facts:
        technician, eta = "", None
        if ticket.assignee_id is not None:
            tech = uow.get(Technician, ticket.assignee_id)
            technician = first_name(tech.name)
            if moment in (Moment.ASSIGNED, Moment.EN_ROUTE):
                eta = self._eta(uow, tech, ticket)
        return Facts(
            ticket_number=ticket.number,
            customer_name=customer.name,
            technician=technician,
            eta_minutes=eta,
            arrive_by=ticket.arrival_due_at if ticket.arrived_at is None else None,
            callback_at=callback.due_at if callback else None,
            zone=ticket_zone(uow, ticket.department_id, self.app.desk),
        )

    def _eta(self, uow: UnitOfWork, tech: Technician, ticket: Ticket) -> int | None:
        fresh = tech.position_at is not None and self._now() - tech.position_at <= FRESH_POSITION
        if not fresh or tech.lat is None or tech.lon is None or ticket.site_id is None:
            return None
        site = uow.get(Site, ticket.site_id)
        return eta_minutes(Coordinates(tech.lat, tech.lon), Coordinates(site.lat, site.lon))

    def _honour_opt_out(self, uow: UnitOfWork, customer_id: int, changed: dict[str, Any]) -> None:
        """A customer who opts out hears nothing more on that channel, not even what is
        already queued."""
        stopped = [
            channel
            for channel, field in ((NotifyChannel.EMAIL, "notify_email"),
                                   (NotifyChannel.SMS, "notify_sms"))
            if field in changed and changed[field][1] is False
        ]  # fmt: skip
        for channel in stopped:
            for n in uow.find(
                Notification, customer_id=customer_id, channel=channel.value, status="pending"
            ):
                n.status = NotifyStatus.CANCELLED
                n.last_error = "the customer opted out"
                uow.update(n, n.version)
                if n.ticket_id is not None:
                    self.app.context.record(
                        uow, "ticket", n.ticket_id, "notification_cancelled",
                        notification_id=n.id, channel=n.channel.value,
                    )  # fmt: skip


def contract_of(uow: UnitOfWork, ticket: Ticket) -> Contract | None:
    if ticket.asset_id is None:
        return None
    asset = uow.get(Asset, ticket.asset_id)
    return uow.get(Contract, asset.contract_id) if asset.contract_id is not None else None
