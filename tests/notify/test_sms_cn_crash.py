"""A sender killed after Aliyun or Tencent took the text, before it could record it: the
providers do not drop a repeated request, so the next sender asks them for the number's send
records, finds the notification's key (OutId / SessionContext) and records it sent: the
customer gets one text."""

from __future__ import annotations

from pathlib import Path

import pytest

from dispatch_console.services import Services

from .conftest import wait_until
from .sms_cn_fixtures import SECRET, FakeProvider, provider  # noqa: F401 - the fixture
from .test_crash import SenderProcess, _one, _queue, _sent_events, database  # noqa: F401


def test_a_sender_killed_after_the_provider_took_the_text_does_not_text_twice(
    database: tuple[str, Services],  # noqa: F811 - the fixture
    provider: FakeProvider,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DISPATCH_SMS_ACCESS_KEY_SECRET", SECRET)
    url, desk = database
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
