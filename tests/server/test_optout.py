"""The link in a progress e-mail stops the e-mails: the page asks first (a mail scanner that opens
links opts nobody out), a POST (the button, or a mail program's one-click unsubscribe) does it and
withdraws e-mails still waiting; text messages go on; unknown links learn nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from dispatch_console.domain.notifications import NotifyChannel, NotifyStatus
from dispatch_console.domain.tickets import TicketDraft
from dispatch_console.notify.settings import NotifySettings
from dispatch_console.notify.smtp import build_message
from dispatch_console.ports import Actor
from dispatch_console.services import Services
from dispatch_console.storage.store import SqlStore

from .processes import ServerProcess


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[tuple[ServerProcess, Services, int, int]]:
    url = f"sqlite:///{tmp_path / 'desk.db'}"
    store = SqlStore(url)
    store.upgrade()
    agent = Services(store.unit_of_work, store.feed, Actor("alice", "agent"))
    fang = agent.create_customer("王芳", ["13912345678"], email="wang.fang@example.cn")
    ticket = agent.create_ticket(TicketDraft("phone", "lift", "normal", "电梯异响",
                                             customer_id=fang.id))  # fmt: skip
    process = ServerProcess(url, tmp_path / "server.log").start()
    try:
        yield process, agent, fang.id, ticket.id
    finally:
        process.stop()
        store.close()


def test_the_e_mail_link_asks_then_stops_e_mails_but_not_texts(
    desk: tuple[ServerProcess, Services, int, int],
) -> None:
    process, agent, customer_id, ticket_id = desk
    queued = agent.list_notifications(ticket_id)
    (mail,) = [n for n in queued if n.channel is NotifyChannel.EMAIL]
    assert mail.optout_token and all(
        n.optout_token is None for n in queued if n.channel is NotifyChannel.SMS
    )
    link = f"{process.url}/u/{mail.optout_token}"
    page = requests.get(link + "?lang=zh_CN", timeout=10)
    assert page.status_code == 200 and "退订维修进度邮件" in page.text
    assert agent.get_customer(customer_id).notify_email  # looking changes nothing
    # what a mail program's one-click unsubscribe sends (RFC 8058)
    done = requests.post(link + "?lang=en", data={"List-Unsubscribe": "One-Click"}, timeout=10)
    assert done.status_code == 200 and "E-mails stopped" in done.text
    customer = agent.get_customer(customer_id)
    assert (customer.notify_email, customer.notify_sms) == (False, True)
    after = {n.channel: n.status for n in agent.list_notifications(ticket_id)}
    assert after == {NotifyChannel.EMAIL: NotifyStatus.CANCELLED,
                     NotifyChannel.SMS: NotifyStatus.PENDING}  # fmt: skip
    again = requests.post(link, timeout=10)  # twice is the same as once
    assert again.status_code == 200


def test_an_unknown_link_gets_one_page(desk: tuple[ServerProcess, Services, int, int]) -> None:
    process, agent, customer_id, _ = desk
    for token in ("x" * 22, "%00", "a" * 300):
        assert requests.get(f"{process.url}/u/{token}", timeout=10).status_code == 404
        assert requests.post(f"{process.url}/u/{token}", timeout=10).status_code == 404
    assert agent.get_customer(customer_id).notify_email


def test_the_e_mail_carries_the_one_click_link_when_the_server_is_reachable(
    desk: tuple[ServerProcess, Services, int, int],
) -> None:
    _, agent, _, ticket_id = desk
    (mail,) = [n for n in agent.list_notifications(ticket_id) if n.channel is NotifyChannel.EMAIL]
    settings = NotifySettings(smtp_from="service@example.cn", desk_name="Acme 售后",
                              public_url="https://service.example.cn")  # fmt: skip
    msg = build_message(mail, settings)
    link = f"https://service.example.cn/u/{mail.optout_token}?lang=zh_CN"
    assert msg["List-Unsubscribe"] == f"<{link}>"
    assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert link in msg.get_content()
    plain = build_message(mail, NotifySettings(smtp_from="service@example.cn"))
    assert plain["List-Unsubscribe"] is None  # no address customers reach: no link
