"""Real Chatwoot deliveries (tests/conformance/chatwoot/, captured by other projects; see the
README there) replayed over HTTP, signed, to a real server process: each becomes the conversation
an agent should see (who, which customer, the number to call back, the text), a replay adds
nothing, and no delivery, however cut down, gets a 5xx."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import requests

from dispatch_console.chat.signing import sign
from dispatch_console.domain.chat import Author, ConversationStatus
from dispatch_console.ports import Actor
from dispatch_console.rest.client import RestBackend
from dispatch_console.services import Services
from dispatch_console.storage.store import SqlStore
from server.processes import ServerProcess

SECRET = "corpus-webhook-secret"
CORPUS = Path(__file__).with_name("chatwoot")


@dataclass(frozen=True)
class Expected:
    """What one delivery must leave in the desk."""

    external_id: str
    contact_name: str
    phone: str | None  # E.164, the number the desk matches and dials
    raw: str | None  # as Chatwoot sent it
    email: str | None
    customer: str | None  # the customer it is matched to, by name
    status: ConversationStatus
    inbox: str
    messages: tuple[tuple[str, Author, str, str], ...]  # id, author, name, start of the text


EXPECTED = {
    "chatwoot-2020-docs-message_created.json": Expected(
        "1", "contact-name", None, None, None, None, ConversationStatus.OPEN, "",
        (("1", Author.CUSTOMER, "contact-name", "Hi"),),
    ),
    "chatsappai-2023-conversation_status_changed.json": Expected(
        "24", "Contacto Demo", "+5493515550123", "+5493515550123", None, "Contacto Demo",
        ConversationStatus.OPEN, "",
        (("15001", Author.BOT, "ChatsappAI-Bot", "Tu conversación ha sido asignada"),),
    ),
    "chatsappai-2023-message_created.json": Expected(
        "25", "Contacto Demo", "+5493515550123", "+5493515550123", None, "Contacto Demo",
        ConversationStatus.PENDING, "ChatsappAI",
        (("17547", Author.CUSTOMER, "Contacto Demo", "hola"),),
    ),
    "bablepet-2025-message_created-whatsapp.json": Expected(
        "4", "Cliente Teste", "+5516991234567", "+5516991234567", None, "Cliente Teste",
        ConversationStatus.OPEN, "Recepção Inteligente (Bable Pet)",
        (("429", Author.CUSTOMER, "Cliente Teste", "Oi, tudo bem?"),),
    ),
    "easycontact-2025-message_updated-outgoing-audio.json": Expected(
        "13108", "empty-haze-989", None, None, None, None, ConversationStatus.PENDING,
        "Development test",
        (("78592", Author.AGENT, "Rodrigo", "https://www.easycontact.top/rails/"),),
    ),
    # the number phonenumbers refuses is kept as sent, and the customer found by e-mail
    "pluxnet-2025-automation-conversation_created.json": Expected(
        "207", "Website Visitor", None, "+276853805", "visitor@example.co.za",
        "Website Visitor", ConversationStatus.OPEN, "",
        (("654", Author.BOT, "", "**Hello! 👋 You’re chatting with PluxNet Fibre.**"),),
    ),
}  # fmt: skip


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, RestBackend]]:
    """A server that knows the webhook's secret, the customers the corpus's contacts are, and an
    agent's console; the chat webhook's URL."""
    tmp = tmp_path_factory.mktemp("corpus")
    url = f"sqlite:///{tmp / 'desk.db'}"
    store = SqlStore(url)
    store.upgrade()
    root = Services(store.unit_of_work, store.feed, Actor("setup", "admin"))
    root.create_first_admin("boss", "Boss", "correct horse 1")
    root.create_customer("Contacto Demo", ["+5493515550123"])
    root.create_customer("Cliente Teste", ["+5516991234567"])
    root.create_customer("Website Visitor", ["13700001111"], email="Visitor@Example.co.za")
    raw, _ = root.create_integration_token("chat", "Chatwoot")
    store.close()
    process = ServerProcess(url, tmp / "server.log", env={"DISPATCH_CHATWOOT_SECRET": SECRET})
    process.start()
    console, _ = RestBackend.sign_in(process.url, "boss", "correct horse 1")
    try:
        yield f"{process.url}/api/v1/chat/chatwoot?token={raw}", console
    finally:
        console.close()
        process.stop()


def post(url: str, body: bytes) -> requests.Response:
    stamp = str(int(time.time()))
    headers = {"X-Chatwoot-Timestamp": stamp, "X-Chatwoot-Signature": sign(SECRET, stamp, body),
               "Content-Type": "application/json"}  # fmt: skip
    return requests.post(url, data=body, headers=headers, timeout=10)


def test_the_corpus_is_listed_in_its_readme() -> None:
    files = {p.name for p in CORPUS.glob("*.json")}
    assert files == set(EXPECTED)
    readme = (CORPUS / "README.md").read_text("utf-8")
    assert all(name in readme for name in files)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_real_delivery_becomes_the_conversation_the_agent_needs(
    desk: tuple[str, RestBackend], name: str
) -> None:
    url, console = desk
    want = EXPECTED[name]
    body = (CORPUS / name).read_bytes()
    first = post(url, body)
    assert first.status_code == 200, first.text
    again = post(url, body)  # Chatwoot sends it again when it missed our answer
    assert again.status_code == 200 and again.json()["added"] == 0, again.text
    (conv,) = [c for c in console.list_conversations(include_closed=True)
               if c.external_id == want.external_id]  # fmt: skip
    assert (conv.source, conv.contact_name, conv.status, conv.inbox) == (
        "chatwoot", want.contact_name, want.status, want.inbox)  # fmt: skip
    assert (conv.contact_phone, conv.contact_phone_raw, conv.contact_email) == (
        want.phone, want.raw, want.email)  # fmt: skip
    view = console.get_conversation(conv.id)
    assert (view.customer.name if view.customer else None) == want.customer
    got = [(m.external_id, m.author, m.author_name, m.body) for m in view.messages]
    assert len(got) == len(want.messages) == conv.message_count  # nothing kept twice
    for (mid, author, who, body_text), (g_mid, g_author, g_who, g_body) in zip(
        want.messages, got, strict=True
    ):
        assert (g_mid, g_author, g_who) == (mid, author, who)
        assert g_body.startswith(body_text)


def test_a_private_note_and_an_edit_add_nothing(desk: tuple[str, RestBackend]) -> None:
    """Variants of a real delivery: the same message as an agents' private note (a new id), and
    as Chatwoot's message_updated after an edit."""
    url, console = desk
    data = json.loads((CORPUS / "bablepet-2025-message_created-whatsapp.json").read_bytes())
    note = {**data, "id": 430, "private": True, "content": "cliente VIP"}
    assert post(url, json.dumps(note).encode()).json()["added"] == 0
    edited = {**data, "event": "message_updated", "content": "Oi, tudo bem? (editada)"}
    assert post(url, json.dumps(edited).encode()).json()["added"] == 0
    (conv,) = [c for c in console.list_conversations(include_closed=True) if c.external_id == "4"]
    bodies = [m.body for m in console.get_conversation(conv.id).messages]
    assert bodies == ["Oi, tudo bem?"]


def test_an_automation_rule_on_message_created_posts_the_conversation(
    desk: tuple[str, RestBackend],
) -> None:
    """A rule whose event is message_created posts the conversation, not the message (what
    integrators found in production, chatwoot#11208; see the README): the PluxNet capture with its
    event renamed so. Refused with 422 before; now read like the conversation event it is."""
    url, console = desk
    data = json.loads((CORPUS / "pluxnet-2025-automation-conversation_created.json").read_bytes())
    post(url, json.dumps(data).encode())
    for event in ("automation_event.message_created", "automation_event.message_updated"):
        answer = post(url, json.dumps({**data, "event": event}).encode())
        assert answer.status_code == 200, answer.text
        assert answer.json()["added"] == 0 and not answer.json().get("ignored"), answer.text
    (conv,) = [c for c in console.list_conversations(include_closed=True) if c.external_id == "207"]
    assert answer.json()["conversation"] == conv.id
    assert [m.external_id for m in console.get_conversation(conv.id).messages] == ["654"]


def test_the_2020_format_keeps_its_time_and_the_contact(desk: tuple[str, RestBackend]) -> None:
    url, console = desk
    post(url, (CORPUS / "chatwoot-2020-docs-message_created.json").read_bytes())
    (conv,) = [c for c in console.list_conversations(include_closed=True) if c.external_id == "1"]
    (message,) = console.get_conversation(conv.id).messages
    assert message.sent_at == datetime(2020, 3, 3, 13, 5, 57, tzinfo=UTC)


def _cut_down(data: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The body without each of its fields, and with each set to a wrong type."""
    for key in data:
        yield {k: v for k, v in data.items() if k != key}
        for wrong in (None, "x", 7, [], {}):
            yield {**data, key: wrong}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_no_cut_down_delivery_gets_a_server_error(desk: tuple[str, RestBackend], name: str) -> None:
    url, _ = desk
    data = json.loads((CORPUS / name).read_bytes())
    variants = list(_cut_down(data))
    if isinstance(data.get("conversation"), dict):  # a message event's conversation, cut down
        variants += [{**data, "conversation": c} for c in _cut_down(data["conversation"])]
    for variant in variants:
        answer = post(url, json.dumps(variant).encode())
        assert answer.status_code < 500, (variant, answer.text)
