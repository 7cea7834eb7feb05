"""THE at-least-once test: the sender is a real process, killed (SIGKILL) after the provider took
the message and before the sender could record it. A new sender sends it again under the same
key; the SMS gateway drops the repeat, the e-mail repeats with the same Message-ID, and the
database records the notification sent exactly once."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from dispatch_console.domain.notifications import Notification
from dispatch_console.domain.tickets import TicketDraft
from dispatch_console.ports import Actor
from dispatch_console.services import Services
from dispatch_console.storage.store import SqlStore

from .conftest import GATEWAY_TOKEN, Gateway, Mailbox, wait_until

LEASE_S = 1  # the replacement claims the notification a second after the killed one did


class SenderProcess:
    """`dispatch-admin notify run` as its own process."""

    def __init__(self, url: str, log: Path, *options: str) -> None:
        self.command = [
            sys.executable, "-m", "dispatch_console.cli.admin", "--database", url, "notify",
            "run", "--desk-name", "示例客服", "--notify-poll", "0.05",
            "--notify-lease", str(LEASE_S), *options,
        ]  # fmt: skip
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> SenderProcess:
        env = {**os.environ, "DISPATCH_SMS_TOKEN": GATEWAY_TOKEN}
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                self.command, stdout=out, stderr=subprocess.STDOUT, env=env
            )
        return self

    def kill(self) -> None:
        assert self.process is not None
        self.process.kill()
        self.process.wait(15)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(15)


@pytest.fixture
def database(tmp_path: Path) -> Iterator[tuple[str, Services]]:
    url = f"sqlite:///{tmp_path / 'crash.sqlite3'}"
    store = SqlStore(url)  # the real clock: the sender process has no other
    store.upgrade()
    try:
        yield url, Services(store.unit_of_work, store.feed, Actor("alice"))
    finally:
        store.close()


def _queue(desk: Services, email: str | None) -> int:
    customer = desk.create_customer("李雷", ["13812345678"], email=email)
    ticket = desk.create_ticket(
        TicketDraft("phone", "hvac", "normal", "空调漏水", customer_id=customer.id)
    )
    return ticket.id


def _one(desk: Services, ticket_id: int, channel: str) -> Notification:
    [n] = [n for n in desk.list_notifications(ticket_id) if n.channel == channel]
    return n


def _sent_events(desk: Services, n: Notification) -> int:
    return sum(
        1
        for e in desk.events_after(0, limit=10_000)
        if e.kind == "notification_sent" and e.payload.get("notification_id") == n.id
    )


def test_a_sender_killed_after_the_gateway_took_the_text_neither_loses_nor_doubles_it(
    database: tuple[str, Services], gateway: Gateway, tmp_path: Path
) -> None:
    url, desk = database
    ticket_id = _queue(desk, email=None)
    gateway.control(hold=True)  # deliver, then hold the answer: the sender waits in the window
    first = SenderProcess(url, tmp_path / "sender.log", "--sms-url", gateway.send_url).start()
    try:
        wait_until(lambda: gateway.state()["holding"], "the gateway to take the text")
        first.kill()  # between send and record
    finally:
        first.stop()
    gateway.release()
    sms = _one(desk, ticket_id, "sms")
    assert (sms.status.value, sms.attempts) == ("pending", 1)  # claimed, never recorded

    second = SenderProcess(url, tmp_path / "sender.log", "--sms-url", gateway.send_url).start()
    try:
        wait_until(lambda: _one(desk, ticket_id, "sms").status.value == "sent", "the resend")
    finally:
        second.stop()

    sms = _one(desk, ticket_id, "sms")
    assert gateway.state()["requests"] == 2  # sent twice ...
    assert [d["key"] for d in gateway.delivered()] == [sms.message_key]  # ... received once
    assert (sms.attempts, sms.provider_ref) == (2, "gw-1")  # the first delivery's reference
    assert _sent_events(desk, sms) == 1  # recorded once


@dataclass
class HoldingMailbox(Mailbox):
    """Keeps the first message, then holds its reply until released."""

    hold_first: bool = True
    holding: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)


@pytest.fixture
def holding_mailbox() -> Iterator[HoldingMailbox]:
    from aiosmtpd.controller import Controller

    from server.processes import free_port

    box = HoldingMailbox("127.0.0.1", free_port())

    class Handler:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
            from email import message_from_bytes, policy

            box.messages.append(message_from_bytes(envelope.content, policy=policy.default))  # type: ignore[arg-type]
            if box.hold_first:
                box.hold_first = False
                box.holding.set()
                await asyncio.get_running_loop().run_in_executor(None, box.release.wait, 60)
            return "250 OK queued"

    controller = Controller(Handler(), hostname=box.host, port=box.port)
    controller.start()
    try:
        yield box
    finally:
        box.release.set()
        controller.stop()


def test_an_email_sent_again_after_a_crash_carries_the_same_message_id(
    database: tuple[str, Services], holding_mailbox: HoldingMailbox, tmp_path: Path
) -> None:
    url, desk = database
    box = holding_mailbox
    customer = desk.create_customer("李雷", ["02155556666"], email="li.lei@example.cn")
    ticket_id = desk.create_ticket(
        TicketDraft("phone", "hvac", "normal", "空调漏水", customer_id=customer.id)
    ).id
    smtp = ("--smtp-host", box.host, "--smtp-port", str(box.port), "--smtp-security", "none",
            "--smtp-from", "service@desk.example.cn")  # fmt: skip
    first = SenderProcess(url, tmp_path / "sender.log", *smtp).start()
    try:
        assert box.holding.wait(30), "the SMTP server never received the message"
        first.kill()
    finally:
        first.stop()
    box.release.set()

    second = SenderProcess(url, tmp_path / "sender.log", *smtp).start()
    try:
        wait_until(lambda: _one(desk, ticket_id, "email").status.value == "sent", "the resend")
    finally:
        second.stop()

    email = _one(desk, ticket_id, "email")
    ids = [m["Message-ID"] for m in box.messages]
    assert ids == [f"<{email.message_key}@desk.example.cn>"] * 2  # the same message, twice
    assert email.attempts == 2 and _sent_events(desk, email) == 1
