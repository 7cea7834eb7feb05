"""Use cases of customers' notifications: what the desk sees and resends, and the two steps a
sender takes for each delivery (claim, then record the outcome), each its own transaction.

At least once, recorded once: a claim moves the notification's next attempt to the end of a
lease, so a sender that dies between sending and recording leaves it to be claimed again when
the lease runs out (the provider dedupes the second request on the notification's key). The
outcome is recorded only by the sender holding the latest claim, so it is recorded once."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Sequence
from datetime import datetime, timedelta

from ..domain.errors import ConflictError, ValidationError
from ..domain.model import Customer
from ..domain.notifications import (
    LEASE,
    MAX_ATTEMPTS,
    Delivery,
    Notification,
    NotifyChannel,
    NotifyStatus,
    channels_for,
    optout_token,
    retry_after,
)
from ..domain.tickets import Ticket
from ..ports import UnitOfWork
from .appointment_outbox import OUTDATED, outdated
from .base import UseCases
from .notify_outbox import contract_of, customer_reach
from .policy import DESK, allow, anyone
from .staff_alerts import hide_staff_addresses

CLAIM_BATCH = 20
MAX_ERROR = 400

URL_SAFE = re.compile(r"[A-Za-z0-9_-]+")  # what the links' tokens are made of


class NotificationUseCases(UseCases):
    # --- the desk ------------------------------------------------------------------------------
    @allow(DESK)
    def list_notifications(self, ticket_id: int) -> list[Notification]:
        with self._uow(read_only=True) as uow:
            uow.get(Ticket, ticket_id)
            return hide_staff_addresses(
                uow.find(Notification, ticket_id=ticket_id), self.actor.role
            )

    @allow(DESK)
    def resend_notification(self, notification_id: int) -> Notification:
        """The same message again, as a new notification (the original keeps its story), to
        the customer's current address on that channel, if they still may be told by it."""
        with self._uow() as uow:
            original = uow.get(Notification, notification_id)
            if original.ticket_id is None or original.customer_id is None:
                raise ValidationError("notification_id", "only a ticket's notifications resend")
            ticket = uow.get(Ticket, original.ticket_id)
            customer = uow.get(Customer, original.customer_id)
            reach = customer_reach(customer, contract_of(uow, ticket), ticket.contact_phone)
            recipient = dict(channels_for(reach)).get(original.channel)
            if recipient is None:
                raise ValidationError("channel", _unreachable(original.channel, customer))
            uow.serialize()  # the count below numbers this resend
            earlier = uow.find(Notification, resent_from=original.id)
            now = self._now()
            copy = uow.add(
                Notification(
                    0, original.ticket_id, original.customer_id, original.moment,
                    original.channel, recipient, original.language, original.subject,
                    original.body, f"{original.dedupe_key}:resend{len(earlier) + 1}", now, now,
                    resent_from=original.id, requested_by=self.actor.name,
                    optout_token=optout_token(original.channel),
                    template_params=original.template_params,  # what the text says, again
                )
            )  # fmt: skip
            self._record(
                uow, "ticket", original.ticket_id, "notification_resent",
                notification_id=copy.id, resent_from=original.id, channel=copy.channel.value,
            )  # fmt: skip
            uow.commit()
        return copy

    # --- the customer ---------------------------------------------------------------------------
    @anyone("the link in the e-mail is the credential")
    def optout_known(self, token: str) -> bool:
        """The link is one of ours (the page asks before it acts)."""
        if not token or len(token) > 64 or not URL_SAFE.fullmatch(token):
            return False
        with self._uow(read_only=True) as uow:
            return uow.find_one(Notification, optout_token=token) is not None

    @anyone("the link in the e-mail is the credential")
    def opt_out_by_link(self, token: str) -> str | None:
        """A customer followed an e-mail's "stop these e-mails" link: no more e-mails to them
        (queued ones are withdrawn). Returns their language, or None for an unknown link."""
        if not token or len(token) > 64 or not URL_SAFE.fullmatch(token):
            return None
        with self._uow() as uow:
            n = uow.find_one(Notification, optout_token=token)
            if n is None or n.customer_id is None:
                return None
            customer = uow.get(Customer, n.customer_id)
            if customer.notify_email:
                version = customer.version
                customer.notify_email = False
                uow.update(customer, version)
                self._record(
                    uow, "customer", customer.id, "updated",
                    changes={"notify_email": [True, False]}, version=customer.version,
                    by="e-mail link",
                )  # fmt: skip
            uow.commit()
            return customer.language

    # --- a sender ------------------------------------------------------------------------------
    @allow(DESK)
    def claim_notifications(
        self,
        channels: Sequence[NotifyChannel | str] = tuple(NotifyChannel),
        limit: int = CLAIM_BATCH,
        lease: timedelta = LEASE,
    ) -> list[Notification]:
        """Due notifications of these channels (the ones this sender can send), now this
        sender's until the lease ends. Claims are optimistic: a row another sender claimed
        first is skipped (its version moved), never sent by both."""
        now = self._now()
        claimed: list[Notification] = []
        with self._uow() as uow:
            due = [
                n
                for channel in channels
                for n in uow.find(
                    Notification, order_by="next_attempt_at", limit=limit, status="pending",
                    channel=str(channel),
                )
            ]  # fmt: skip
            for n in sorted(due, key=lambda n: n.next_attempt_at):
                if n.next_attempt_at > now:  # not yet due, or leased to a sender now
                    continue
                if outdated(uow, n, now):
                    n.status, n.last_error = NotifyStatus.CANCELLED, OUTDATED
                    # another sender may have got there first: theirs to judge
                    with contextlib.suppress(ConflictError):
                        uow.update(n, n.version)
                    continue
                n.attempts += 1
                n.next_attempt_at = now + lease
                try:
                    claimed.append(uow.update(n, n.version))
                except ConflictError:  # another sender's, or changed since: theirs to send
                    continue
            uow.commit()
        return claimed

    @allow(DESK)
    def record_delivery(self, claimed: Notification, delivery: Delivery) -> Notification | None:
        """The outcome of one attempt; None when the claim was lost meanwhile (the lease ran
        out and another sender claimed it, or the customer opted out): the latest claimant
        records its own outcome, so each notification is recorded once."""
        now = self._now()
        with self._uow() as uow:
            n = uow.get(Notification, claimed.id, lock=True)
            if n.version != claimed.version or n.status is not NotifyStatus.PENDING:
                return None
            kind = self._apply_delivery(n, delivery, now)
            try:
                uow.update(n, claimed.version)
            except ConflictError:
                return None
            self._record_outcome(uow, n, kind)
            uow.commit()
        return n

    @staticmethod
    def _apply_delivery(n: Notification, delivery: Delivery, now: datetime) -> str:
        if delivery.ok:
            n.status, n.sent_at, n.provider_ref = NotifyStatus.SENT, now, delivery.provider_ref
            n.last_error = None
            return "notification_sent"
        n.last_error = (delivery.error or "the provider refused it")[:MAX_ERROR]
        wait = None if delivery.permanent else retry_after(n.attempts)
        if wait is None or n.attempts >= MAX_ATTEMPTS:
            n.status = NotifyStatus.FAILED
            return "notification_failed"
        n.next_attempt_at = now + wait
        return "notification_retrying"

    def _record_outcome(self, uow: UnitOfWork, n: Notification, kind: str) -> None:
        if n.ticket_id is None:
            return
        self._record(
            uow, "ticket", n.ticket_id, kind, notification_id=n.id, channel=n.channel.value,
            attempts=n.attempts, error=n.last_error,
        )  # fmt: skip


def _unreachable(channel: NotifyChannel, customer: Customer) -> str:
    if channel is NotifyChannel.EMAIL:
        if not customer.notify_email:
            return "the customer opted out of e-mail"
        return "the customer has no e-mail address (or their contract allows no e-mail)"
    if not customer.notify_sms:
        return "the customer opted out of SMS"
    return "the customer has no mobile number (or their contract allows no SMS)"
