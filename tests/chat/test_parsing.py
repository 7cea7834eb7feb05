"""What Chatwoot and the generic schema send becomes one kind of delivery; what cannot be read is
refused naming the field, so whoever set up the webhook can fix it."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from dispatch_console.chat.chatwoot import parse_chatwoot
from dispatch_console.chat.errors import ChatPayloadError, SignatureError
from dispatch_console.chat.generic import parse_generic
from dispatch_console.chat.signing import sign, verify
from dispatch_console.domain.chat import Author, ConversationStatus

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
PAYLOADS = Path(__file__).with_name("payloads")


def payload(name: str) -> dict[str, Any]:
    return json.loads((PAYLOADS / f"{name}.json").read_text("utf-8"))  # type: ignore[no-any-return]


def test_a_new_chatwoot_conversation_brings_its_contact_and_first_messages() -> None:
    d = parse_chatwoot(payload("conversation_created"), NOW)
    assert d is not None
    assert (d.source, d.external_id) == ("chatwoot", "207")
    assert (d.contact_name, d.contact_phone, d.contact_email) == (
        "张伟", "+8613812345678", "Zhang.Wei@Example.cn")  # fmt: skip
    assert d.status is ConversationStatus.OPEN
    # the greeting is the bot's, the fault the customer's; the private note stays out
    assert [(m.external_id, m.author) for m in d.messages] == [
        ("654", Author.BOT), ("655", Author.CUSTOMER)]  # fmt: skip
    assert d.messages[1].author_name == "张伟"
    assert d.messages[1].sent_at == datetime.fromtimestamp(1795768230, UTC)


def test_a_chatwoot_message_comes_with_its_conversation_and_attachment_links() -> None:
    d = parse_chatwoot(payload("message_created"), NOW)
    assert d is not None and (d.source, d.external_id, d.inbox) == (
        "chatwoot",
        "207",
        "官网在线客服",
    )
    (m,) = d.messages
    assert m.author is Author.CUSTOMER and m.external_id == "660"
    assert m.body.startswith("打印出来的纸上有黑色条纹\nhttps://chat.example.cn/")
    assert m.sent_at == datetime(2026, 11, 27, 2, 31, tzinfo=UTC)


def test_a_resolved_chatwoot_conversation_is_closed_and_other_events_are_ignored() -> None:
    d = parse_chatwoot(payload("conversation_status_changed"), NOW)
    assert d is not None and d.status is ConversationStatus.CLOSED and d.messages == ()
    assert d.inbox == ""  # a conversation event names no inbox: the one known is kept
    assert parse_chatwoot({"event": "contact_created", "id": 4}, NOW) is None
    older = {**payload("message_created"), "created_at": "2020-03-03 13:05:57 UTC"}
    d = parse_chatwoot(older, NOW)
    assert d is not None and d.messages[0].sent_at == datetime(2020, 3, 3, 13, 5, 57, tzinfo=UTC)
    agent = {**payload("message_created"), "message_type": "outgoing",
             "sender": {"id": 1, "name": "Agent Li", "type": "user"}}  # fmt: skip
    d = parse_chatwoot(agent, NOW)
    assert d is not None and (d.messages[0].author, d.messages[0].author_name) == (
        Author.AGENT, "Agent Li")  # fmt: skip


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"event": None}, "event"),
        ({"conversation": None}, "conversation"),
        ({"conversation": {"status": "open"}}, "conversation.id"),
        ({"message_type": "shout"}, "message.message_type"),
        ({"created_at": "yesterday"}, "message.created_at"),
        ({"created_at": "2026-11-27T10:00:00"}, "message.created_at"),  # no zone: refused
        ({"sender": "Zhang"}, "message.sender"),
    ],
)
def test_an_unreadable_chatwoot_delivery_names_the_field(
    change: dict[str, Any], field: str
) -> None:
    with pytest.raises(ChatPayloadError) as caught:
        parse_chatwoot({**payload("message_created"), **change}, NOW)
    assert caught.value.field == field


GENERIC = {
    "source": "wecom",
    "conversation": {"id": "c-1001", "status": "open", "channel": "WeChat",
                     "contact": {"name": "王芳", "phone": "139 1234 5678",
                                 "email": "wf@example.cn"}},
    "messages": [
        {"id": "m-1", "author": "customer", "name": "王芳", "text": "电梯停在5楼不动了",
         "at": "2026-11-27T10:02:00+08:00"},
        {"id": "m-2", "author": "agent", "name": "小李", "text": "收到，马上派单",
         "at": 1795768500},
    ],
}  # fmt: skip


def test_the_generic_schema_reads_a_conversation_and_its_messages() -> None:
    d = parse_generic(GENERIC, NOW)
    assert (d.source, d.external_id, d.inbox, d.contact_phone) == (
        "wecom", "c-1001", "WeChat", "139 1234 5678")  # fmt: skip
    assert [(m.author, m.body) for m in d.messages] == [
        (Author.CUSTOMER, "电梯停在5楼不动了"), (Author.AGENT, "收到，马上派单")]  # fmt: skip
    assert d.messages[0].sent_at == datetime(2026, 11, 27, 2, 2, tzinfo=UTC)
    bare = parse_generic(
        {"conversation": {"id": "7"}, "messages": [{"id": "1", "text": "hi"}]}, NOW
    )
    assert (bare.source, bare.messages[0].author, bare.messages[0].sent_at) == (
        "chat", Author.CUSTOMER, NOW)  # fmt: skip


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"source": "WeCom!"}, "source"),
        ({"source": "chatwoot"}, "source"),
        ({"conversation": {}}, "conversation.id"),
        ({"conversation": {"id": "c", "status": "done"}}, "conversation.status"),
        ({"messages": {"id": "m"}}, "messages"),
        ({"messages": [{"id": "m", "author": "robot", "text": "x"}]}, "messages[0].author"),
        ({"messages": [{"id": "m", "author": "agent"}]}, "messages[0].text"),
        ({"messages": [{"text": "x"}]}, "messages[0].id"),
        ({"messages": [{"id": "m", "text": "x", "at": "2026-11-27 10:00"}]}, "messages[0].at"),
        ({"messages": [{"id": "m", "text": ["x"]}]}, "messages[0].text"),
    ],
)
def test_an_unreadable_generic_delivery_names_the_field(change: dict[str, Any], field: str) -> None:
    with pytest.raises(ChatPayloadError) as caught:
        parse_generic({**GENERIC, **change}, NOW)
    assert caught.value.field == field


def test_a_very_long_message_is_cut_not_refused() -> None:
    long = {**GENERIC, "messages": [{"id": "m", "text": "日志" * 10000}]}
    (m,) = parse_generic(long, NOW).messages
    assert len(m.body) == 8000 and m.body.endswith("…")


def test_chatwoot_signatures_are_checked_with_their_time() -> None:
    body = b'{"event":"message_created"}'
    now = 1795768230.0
    good = sign("s3cret", "1795768200", body)
    verify(["old", "s3cret"], good, "1795768200", body, now)  # either secret while rotating
    with pytest.raises(SignatureError, match="does not match"):
        verify(["s3cret"], good, "1795768200", body + b" ", now)  # the body was changed
    with pytest.raises(SignatureError, match="does not match"):
        verify(["s3cret"], sign("s3cret", "1795768201", body), "1795768200", body, now)
    with pytest.raises(SignatureError, match="too long ago"):
        verify(["s3cret"], good, "1795768200", body, now + 600)  # a replay ten minutes on
    with pytest.raises(SignatureError, match="not signed"):
        verify(["s3cret"], "", "", body, now)


def test_the_account_comes_from_the_webhook_url_so_every_event_finds_the_same_chat() -> None:
    # Chatwoot's conversation events do not say the account; its message events do: the
    # conversation must not be kept twice under two names
    created = parse_chatwoot(payload("conversation_created"), NOW, "2")
    message = parse_chatwoot(payload("message_created"), NOW, "2")
    assert created is not None and message is not None
    assert (created.source, created.external_id) == (message.source, message.external_id)
    assert created.source == "chatwoot:2"


def test_overlong_names_are_cut_and_overlong_ids_refused() -> None:
    long_name = {**payload("message_created"), "sender": {"name": "张" * 500, "type": "contact"}}
    d = parse_chatwoot(long_name, NOW)
    assert d is not None and len(d.messages[0].author_name) == 200
    with pytest.raises(ChatPayloadError, match="128"):
        parse_chatwoot({**payload("message_created"), "id": "9" * 200}, NOW)
    with pytest.raises(SignatureError):
        verify(["s3cret"], "sha256=签名", "1795768200", b"{}", 1795768230.0)
