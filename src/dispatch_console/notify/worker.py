"""The sender loop: claim due notifications, hand each to its channel's sender, record the
outcome. Each step is its own transaction and the sending happens between them, outside any
transaction, so a slow gateway never holds a database lock.

Crash anywhere and nothing is lost: a claimed notification whose outcome was never recorded
becomes due again when its lease ends, and is sent again under the same key."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from dataclasses import fields
from datetime import timedelta

from ..domain.notifications import LEASE, Notification, NotifyChannel
from ..ports import Actor, NotificationSender
from ..runtime.supervise import Supervisor
from ..services import Services
from .settings import NotifySettings

log = logging.getLogger(__name__)
NOTIFIER = Actor("notifier", "admin")


def senders_for(settings: NotifySettings) -> dict[NotifyChannel, NotificationSender]:
    """A sender for each configured channel; the others' notifications wait."""
    from .smtp import SmtpSender

    senders: dict[NotifyChannel, NotificationSender] = {}
    if settings.email_configured:
        senders[NotifyChannel.EMAIL] = SmtpSender(settings)
    if settings.sms_configured:
        senders[NotifyChannel.SMS] = sms_sender(settings)
    return senders


def sms_sender(settings: NotifySettings) -> NotificationSender:
    """The gateway --sms-provider names: the generic HTTP one, Aliyun or Tencent."""
    from .sms_aliyun import AliyunSmsSender
    from .sms_http import HttpSmsSender
    from .sms_tencent import TencentSmsSender

    if settings.sms_provider == "aliyun":
        return AliyunSmsSender(settings)
    if settings.sms_provider == "tencent":
        return TencentSmsSender(settings)
    return HttpSmsSender(settings)


class NotificationWorker:
    def __init__(
        self,
        services: Services,
        senders: Mapping[NotifyChannel, NotificationSender],
        *,
        poll_s: float = 5.0,
        lease: timedelta = LEASE,
        on_status: Callable[[str], None] = log.warning,
        key_scope: str = "",
    ) -> None:
        """`key_scope`: a hosted company's id, put in the keys providers dedupe on: every
        company's texts go through the one gateway account, and two companies' notification 7
        are different messages."""
        self.services = services.as_actor(NOTIFIER)
        self.key_scope = key_scope
        self.senders = dict(senders)
        self.poll_s = poll_s
        self.lease = lease
        self.on_status = on_status

    def run_once(self) -> int:
        """Send what is due now; how many notifications were attempted."""
        claimed = self.services.claim_notifications(list(self.senders), lease=self.lease)
        for n in claimed:
            delivery = self.senders[n.channel].send(
                scoped(n, self.key_scope) if self.key_scope else n
            )
            if not delivery.ok:
                self.on_status(f"notification {n.id} ({n.channel.value}): {delivery.error}")
            self.services.record_delivery(n, delivery)
        return len(claimed)

    def run(self, stop: threading.Event) -> None:
        """Until `stop` is set. A database that is away is waited for, not fatal: its first
        failure is logged with the traceback (a bug looks the same), each one reported."""
        failing = False
        while not stop.is_set():
            try:
                busy = self.run_once()
            except Exception as exc:  # the database restarting, a network cut: try again
                if not failing:
                    log.warning("the notification sender failed; trying again", exc_info=True)
                failing = True
                self.on_status(f"notification sender: {type(exc).__name__}: {exc}")
                busy = 0
            else:
                if failing:
                    log.warning("the notification sender works again")
                failing = False
            if not busy:
                stop.wait(self.poll_s)


class ScopedNotification(Notification):
    """A hosted company's notification as its provider sees it: the key names the company."""

    __slots__ = ("scope",)
    scope: str

    @property
    def message_key(self) -> str:
        return f"dispatch-{self.scope}-notification-{self.id}"


def scoped(n: Notification, scope: str) -> Notification:
    copy = ScopedNotification(**{f.name: getattr(n, f.name) for f in fields(n)})
    copy.scope = scope
    return copy


def start_worker(
    services: Services, settings: NotifySettings, supervisor: Supervisor | None = None
) -> threading.Event | None:
    """The sender as a background thread (inside dispatch-server) kept running by
    `supervisor`; None when no channel is configured. Returns the event that stops it."""
    senders = senders_for(settings)
    if not senders:
        log.warning("no SMTP server or SMS gateway configured: notifications stay queued")
        return None
    stop = threading.Event()
    worker = NotificationWorker(
        services, senders, poll_s=settings.poll_s, lease=timedelta(seconds=settings.lease_s)
    )
    return (supervisor or Supervisor()).start("notify", worker.run, stop)
