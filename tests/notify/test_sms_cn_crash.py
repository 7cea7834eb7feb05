"""A sender killed after Aliyun or Tencent took the text, before it could record it: the
providers do not drop a repeated request, so the next sender asks them for the number's send
records, finds the notification's key (OutId / SessionContext) and records it sent: the
customer gets one text."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from dispatch_console.ports import Actor
from dispatch_console.services import Services
from dispatch_console.storage.store import SqlStore

from .conftest import wait_until
from .sms_cn_fixtures import SECRET, FakeProvider
from .test_crash import SenderProcess, _one, _queue, _sent_events


@pytest.fixture
def shared_db(tmp_path: Path) -> Iterator[tuple[str, Services]]:
    """A database file the sender processes and the test both open (the real clock)."""
    url = f"sqlite:///{tmp_path / 'crash.sqlite3'}"
    store = SqlStore(url)
    store.upgrade()
    try:
        yield url, Services(store.unit_of_work, store.feed, Actor("alice"))
    finally:
        store.close()


def test_a_sender_killed_after_the_provider_took_the_text_does_not_text_twice(
    shared_db: tuple[str, Services],
    provider: FakeProvider,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DISPATCH_SMS_ACCESS_KEY_SECRET", SECRET)
    url, desk = shared_db
    ticket_id = _queue(desk, email=None)
    provider.control(hold=True)  # take the text, then hold the answer: the crash window
    first = SenderProcess(url, tmp_path / "sender.log", *provider.options()).start()
    try:
        wait_until(lambda: provider.state()["holding"], "the provider to take the text")
        first.kill()
    finally:
        first.stop()
    provider.release()
    sms = _one(desk, ticket_id, "sms")
    assert (sms.status.value, sms.attempts) == ("pending", 1)

    second = SenderProcess(url, tmp_path / "sender.log", *provider.options()).start()
    try:
        wait_until(lambda: _one(desk, ticket_id, "sms").status.value == "sent", "the resend")
    finally:
        second.stop()

    sms = _one(desk, ticket_id, "sms")
    [text] = provider.delivered()  # one text
    assert text["key"] == sms.message_key
    assert sms.attempts == 2 and _sent_events(desk, sms) == 1
    if provider.kind == "tencent":
        assert sms.provider_ref == text["serial"]
    else:
        assert sms.provider_ref == f"sent before (OutId {sms.message_key})"
