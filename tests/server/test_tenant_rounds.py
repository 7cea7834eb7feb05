"""A hosted server does every company's background work, including a company nobody has asked
anything of since the server started: its overdue ticket escalates and its customer's text
message goes out (issue 26). A suspended company's work waits."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest
import requests

from dispatch_console.cli.admin import main as admin
from dispatch_console.ports import Actor, TicketDraft
from dispatch_console.server.main import SettableClock
from dispatch_console.services import Services
from dispatch_console.storage.store import SqlStore
from notify.conftest import GATEWAY_TOKEN, Gateway, gateway  # noqa: F401 (a fixture)

from .conftest import PG
from .processes import ServerProcess

PASSWORD = "correct horse 1"
KEYS = ("busy", "idle", "paused")


def _scratch(name: str) -> str:
    assert PG is not None
    return PG.replace("postgresql+psycopg://", "postgresql://").rsplit("/", 1)[0] + "/" + name


def _wait(what: str, check: Callable[[], bool], within: float = 60.0) -> None:
    deadline = time.monotonic() + within
    while not check():
        assert time.monotonic() < deadline, f"waited {within:g} s for {what}"
        time.sleep(0.2)  # a server process's own pace: no Qt here


@pytest.fixture
def companies(tmp_path: Path) -> Iterator[tuple[str, dict[str, str]]]:
    if not PG:
        pytest.skip("DISPATCH_TEST_DATABASE_URL is not set: this needs PostgreSQL")
    tag = uuid.uuid4().hex[:8]
    names = {"cat": f"dispatch_rcat_{tag}", **{k: f"dispatch_r{k}_{tag}" for k in KEYS}}
    admin_url = PG.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(admin_url, autocommit=True) as c:
        c.execute(f'CREATE DATABASE "{names["cat"]}"')
    catalogue = _scratch(names["cat"])
    urls = {k: _scratch(names[k]) for k in KEYS}
    try:
        for k in KEYS:
            assert admin(["tenant", "--catalogue", catalogue, "create", k, "--host",
                          f"{k}.localhost", "--seats", "3", "--admin", "boss", "--password",
                          PASSWORD, "--database-url", urls[k]]) == 0  # fmt: skip
        yield catalogue, urls
    finally:
        with psycopg.connect(admin_url, autocommit=True) as c:
            for name in names.values():
                c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _overdue_ticket(url: str) -> int:
    """A ticket opened two days ago for a customer with a mobile number: its deadlines have
    passed, and the customer is due a text message."""
    clock = SettableClock(datetime.now(UTC) - timedelta(days=2))
    store = SqlStore(url, clock=clock.now)
    try:
        desk = Services(store.unit_of_work, store.feed, Actor("boss", "admin"), clock=clock)
        customer = desk.create_customer("李雷", ["13812345678"])
        ticket = desk.create_ticket(
            TicketDraft("phone", "hvac", "critical", "空调漏水", customer_id=customer.id)
        )
        return ticket.id
    finally:
        store.close()


def _seen(url: str, ticket_id: int) -> tuple[bool, list[str]]:
    """Whether the ticket escalated, and its notifications' states."""
    store = SqlStore(url)
    try:
        desk = Services(store.unit_of_work, store.feed, Actor("boss", "admin"))
        escalated = any(e.kind == "escalated" and e.entity_id == str(ticket_id)
                        for e in desk.events_after(0, limit=10_000))  # fmt: skip
        return escalated, [n.status.value for n in desk.list_notifications(ticket_id)]
    finally:
        store.close()


def test_every_active_company_gets_its_escalations_and_texts_without_a_request(
    companies: tuple[str, dict[str, str]],
    gateway: Gateway,  # noqa: F811
    tmp_path: Path,
) -> None:
    catalogue, urls = companies
    tickets = {k: _overdue_ticket(urls[k]) for k in KEYS}
    assert admin(["tenant", "--catalogue", catalogue, "suspend", "paused", "--reason",
                  "unpaid"]) == 0  # fmt: skip
    server = ServerProcess(
        catalogue, tmp_path / "server.log", option="--tenants",
        args=["--workers", "1", "--sla-every", "1", "--tenant-workers", "2",
              "--sms-url", gateway.send_url, "--notify-lease", "5"],
        env={"DISPATCH_SMS_TOKEN": GATEWAY_TOKEN},
    ).start()  # fmt: skip
    try:
        # only the busy company is ever asked anything
        signed = requests.post(server.url + "/api/v1/auth/login", timeout=30,
                               headers={"Host": "busy.localhost"},
                               json={"username": "boss", "password": PASSWORD})  # fmt: skip
        assert signed.status_code == 200, signed.text
        for k in ("busy", "idle"):
            _wait(f"{k}'s ticket to escalate and its text to go out",
                  lambda k=k: _seen(urls[k], tickets[k]) == (True, ["sent"]))  # fmt: skip
        health = requests.get(server.url + "/healthz", timeout=30).json()
        assert health["tenants_open"] == 1  # the idle one was served without being opened
        assert health["rounds"]["visited"] == 2
        # the suspended company's work waits for its resumption
        assert _seen(urls["paused"], tickets["paused"]) == (False, ["pending"])
        # one gateway account for every company: each text's key names its company, or the
        # gateway would take idle's notification 1 for a repeat of busy's
        keys = sorted(d["key"] for d in gateway.delivered())
        assert keys == ["dispatch-busy-notification-1", "dispatch-idle-notification-1"]
    finally:
        server.stop()
    assert admin(["tenant", "--catalogue", catalogue, "resume", "paused"]) == 0
