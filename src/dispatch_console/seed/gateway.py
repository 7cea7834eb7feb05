"""The demo's own pretend SMS and e-mail gateway: customers' notifications go out as they would
through a real provider (a message id for each), so the demo's tickets show them delivered, not
waiting for days. One number is out of service, as some always are: that text fails, with the
reason a provider gives."""

from __future__ import annotations

from datetime import datetime, timedelta

from ..domain.notifications import Delivery, Notification, NotifyChannel, NotifyStatus
from ..services import Services
from .clock import SimClock

OUT_OF_SERVICE = "MK:0005 the operator reports the number out of service (空号/停机)"


class DemoGateway:
    """Implements ports.NotificationSender for every channel; the notifications `failing` names
    (by id) go to a dead number and fail for good."""

    def __init__(self, failing: set[int] | None = None) -> None:
        self.failing = set(failing or ())
        self.sent = 0

    def send(self, notification: Notification) -> Delivery:
        if notification.id in self.failing:
            return Delivery(False, error=OUT_OF_SERVICE, permanent=True)
        self.sent += 1
        return Delivery(True, provider_ref=f"demo-{notification.channel.value}-{notification.id}")


def deliver_history(
    services: Services, clock: SimClock, ticket_ids: list[int], until: datetime
) -> tuple[int, int]:
    """Send what the history queued, each a few seconds after it was queued (so a ticket's
    messages read as delivered when they happened). The first text of the latest ticket with
    one goes to a dead number. Returns (delivered, failed)."""
    queued = sorted(
        (
            n
            for ticket_id in ticket_ids
            for n in services.list_notifications(ticket_id)
            if n.status is NotifyStatus.PENDING and n.created_at < until
        ),
        key=lambda n: (n.created_at, n.id),
    )
    texts = [n for n in queued if n.channel is NotifyChannel.SMS]
    gateway = DemoGateway({texts[-1].id} if texts else set())
    channels = list(NotifyChannel)
    delivered = failed = 0
    done: set[int] = set()
    for n in queued:
        if n.id in done:  # went out with an earlier batch
            continue
        clock.set(n.created_at + timedelta(seconds=4 + n.id % 30))
        for claimed in services.claim_notifications(channels):
            done.add(claimed.id)
            outcome = services.record_delivery(claimed, gateway.send(claimed))
            if outcome is not None and outcome.status is NotifyStatus.FAILED:
                failed += 1
            elif outcome is not None:
                delivered += 1
    return delivered, failed
