"""A real SMTP server on loopback (aiosmtpd), a real HTTP process standing in for the SMS
gateway, and the desk's services over each SQL database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
import requests

from conftest import _BUILDERS, ALICE, PG_SKIP_REASON, PG_URL_ENV, FakeClock
from dispatch_console.services import Services
from dispatch_console.storage.store import SqlStore
from server.processes import free_port

GATEWAY_TOKEN = "s3cret"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest, clock: FakeClock, tmp_path: Path) -> Iterator[SqlStore]:
    if request.param == "postgres" and not os.environ.get(PG_URL_ENV):
        pytest.skip(PG_SKIP_REASON)
    made = _BUILDERS[request.param](request, clock, tmp_path)
    try:
        yield made
    finally:
        made.close()


@pytest.fixture
def desk(store: SqlStore, clock: FakeClock) -> Services:
    return Services(store.unit_of_work, store.feed, ALICE, clock=clock)


# --- the SMS gateway ---------------------------------------------------------------------------
@dataclass
class Gateway:
    url: str
    delivered_file: Path
    process: subprocess.Popen[bytes]

    @property
    def send_url(self) -> str:
        return self.url + "/send"

    def control(self, **settings: Any) -> None:
        requests.post(self.url + "/_control", json=settings, timeout=5).raise_for_status()

    def state(self) -> dict[str, Any]:
        return dict(requests.get(self.url + "/_state", timeout=5).json())

    def release(self) -> None:
        requests.post(self.url + "/_release", json={}, timeout=5).raise_for_status()

    def delivered(self) -> list[dict[str, str]]:
        lines = self.delivered_file.read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines]


@pytest.fixture
def gateway(tmp_path: Path) -> Iterator[Gateway]:
    port = free_port()
    delivered = tmp_path / "delivered.jsonl"
    process = subprocess.Popen(
        [sys.executable, str(Path(__file__).with_name("sms_gateway.py")), str(port),
         str(delivered)],
    )  # fmt: skip
    gw = Gateway(f"http://127.0.0.1:{port}", delivered, process)
    try:
        wait_until(lambda: _answers(gw.url), "the SMS gateway stand-in to start")
        yield gw
    finally:
        process.kill()
        process.wait(10)


def _answers(url: str) -> bool:
    try:
        return requests.get(url + "/_state", timeout=1).ok
    except requests.ConnectionError:
        return False


# --- the SMTP server ---------------------------------------------------------------------------
@dataclass
class Mailbox:
    host: str
    port: int
    messages: list[EmailMessage] = field(default_factory=list)
    refuse: list[str] = field(default_factory=list)  # replies for the next DATA commands

    def by_message_id(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for m in self.messages:
            counts[str(m["Message-ID"])] = counts.get(str(m["Message-ID"]), 0) + 1
        return counts


class _Handler:
    def __init__(self, box: Mailbox) -> None:
        self.box = box

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 - aiosmtpd's name
        if self.box.refuse:
            return self.box.refuse.pop(0)
        self.box.messages.append(message_from_bytes(envelope.content, policy=policy.default))  # type: ignore[arg-type]
        return "250 OK queued"


@pytest.fixture
def mailbox() -> Iterator[Mailbox]:
    from aiosmtpd.controller import Controller

    box = Mailbox("127.0.0.1", free_port())
    controller = Controller(_Handler(box), hostname=box.host, port=box.port)
    controller.start()
    try:
        yield box
    finally:
        controller.stop()


def wait_until(condition: Any, what: str, timeout: float = 30.0) -> None:
    """Poll a condition (outside GUI tests) until it holds; fail naming what never happened."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


# the fake Aliyun and Tencent processes, for test_sms_cn*.py
from .sms_cn_fixtures import provider  # noqa: E402, F401
