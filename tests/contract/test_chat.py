"""Online chats reach the desk through the webhook: kept once however often delivered, matched
to customers like callers, turned into tickets or linked to them with their transcript."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

import pytest
import requests

from dispatch_console.chat.generic import parse_generic
from dispatch_console.domain.chat import Author, ChatMessage, ConversationStatus
from dispatch_console.domain.enums import Channel
from dispatch_console.domain.errors import ConflictError, PermissionDenied, ValidationError
from dispatch_console.domain.tickets import TicketDraft
from dispatch_console.ports import Actor
from dispatch_console.rest.client import RestBackend
from dispatch_console.services import Services

from .conftest import Make

if TYPE_CHECKING:
    pass

PHONE = "139 1234 5678"


def deliver(backend: Services, body: dict[str, Any]) -> dict[str, Any]:
    """What the chat system's webhook does: through the server's endpoint for the REST backend,
    straight to the use case otherwise."""
    bot = backend.as_actor(Actor("wecom-bridge", "chat"))
    if isinstance(bot, RestBackend):
        answer = requests.post(
            bot.base_url + "/api/v1/chat/events", json=body, timeout=10,
            headers={"Authorization": f"Bearer {bot.token}"},
        )  # fmt: skip
        assert answer.status_code == 200, answer.text
        return answer.json()  # type: ignore[no-any-return]
    receipt = bot.receive_chat(parse_generic(body, bot.now()))
    return {"conversation": receipt.conversation_id, "created": receipt.created,
            "added": receipt.added}  # fmt: skip


def chat(conv_id: str = "c-1", *messages: tuple[str, str], **contact: str) -> dict[str, Any]:
    contact = contact or {"name": "王芳", "phone": PHONE}
    return {
        "source": "wecom",
        "conversation": {"id": conv_id, "channel": "WeChat", "contact": contact},
        "messages": [
            {"id": mid, "author": "customer" if i % 2 == 0 else "agent", "text": text,
             "at": f"2026-03-02T09:{int(mid[1:]):02d}:00+00:00"}  # m3: 09:03
            for i, (mid, text) in enumerate(messages)
        ],
    }  # fmt: skip


def test_a_new_chat_is_kept_matched_to_its_customer_and_listed(
    backend: Services, make: Make
) -> None:
    fang = make.customer("王芳", phones=(PHONE,))
    ticket = make.ticket(customer_id=fang.id)
    done = deliver(backend, chat("c-1", ("m1", "电梯停在5楼不动了"), ("m2", "收到")))
    assert done["created"] is True and done["added"] == 2
    (conv,) = backend.list_conversations()
    assert (conv.customer_id, conv.contact_phone, conv.inbox) == (fang.id, "+8613912345678",
                                                                  "WeChat")  # fmt: skip
    assert (conv.message_count, conv.preview, conv.status) == (2, "收到", ConversationStatus.OPEN)
    view = backend.get_conversation(conv.id)
    assert [(m.author, m.body) for m in view.messages] == [
        (Author.CUSTOMER, "电梯停在5楼不动了"), (Author.AGENT, "收到")]  # fmt: skip
    assert view.customer is not None and view.customer.name == "王芳"
    assert [r.ticket.id for r in view.open_tickets] == [ticket.id]


def test_the_same_delivery_twice_adds_nothing_and_later_messages_are_appended(
    backend: Services,
) -> None:
    first = chat("c-1", ("m1", "打印机卡纸"))
    deliver(backend, first)
    again = deliver(backend, first)
    assert (again["created"], again["added"]) == (False, 0)
    later = deliver(backend, chat("c-1", ("m1", "打印机卡纸"), ("m2", "型号 M404")))
    assert later["added"] == 1
    (conv,) = backend.list_conversations()
    assert conv.message_count == 2 and conv.preview == "型号 M404"
    assert [m.external_id for m in backend.get_conversation(conv.id).messages] == ["m1", "m2"]


def test_a_closed_chat_leaves_the_list_unless_asked_for(backend: Services) -> None:
    deliver(backend, chat("c-1", ("m1", "hello")))
    deliver(backend, {"source": "wecom", "conversation": {"id": "c-1", "status": "closed"}})
    assert backend.list_conversations() == []
    (closed,) = backend.list_conversations(include_closed=True)
    assert closed.status is ConversationStatus.CLOSED and closed.message_count == 1


def test_a_number_two_customers_share_is_left_for_the_agent_to_choose(
    backend: Services, make: Make
) -> None:
    a = make.customer("Li Lei", phones=(PHONE,))
    b = make.customer("Han Meimei", phones=(PHONE,))
    deliver(backend, chat("c-1", ("m1", "hi")))
    (conv,) = backend.list_conversations()
    assert conv.customer_id is None
    view = backend.get_conversation(conv.id)
    assert {c.id for c in view.candidates} == {a.id, b.id}
    chosen = backend.set_chat_customer(conv.id, conv.version, b.id)
    assert chosen.customer_id == b.id
    with pytest.raises(ConflictError):
        backend.set_chat_customer(conv.id, conv.version, a.id)  # stale: someone chose already


def test_a_contact_is_also_matched_by_email(backend: Services) -> None:
    wu = backend.create_customer("Wu Fei", ("13700001111",), email="Wu.Fei@Example.cn")
    deliver(backend, chat("c-9", ("m1", "hello"), name="Wu", email="WU.FEI@example.CN"))
    (conv,) = backend.list_conversations()
    assert conv.customer_id == wu.id and conv.contact_email == "wu.fei@example.cn"


def test_a_ticket_from_a_chat_carries_its_transcript_and_later_messages(
    backend: Services, make: Make
) -> None:
    fang = make.customer("王芳", phones=(PHONE,))
    deliver(backend, chat("c-1", ("m1", "电梯停在5楼不动了"), ("m2", "收到，马上派单")))
    (conv,) = backend.list_conversations()
    draft = TicketDraft("phone", "lift", "high", "5楼电梯停运，有人被困?")
    ticket = backend.ticket_from_chat(conv.id, draft)
    assert ticket.channel is Channel.CHAT  # whatever the form said: it came by chat
    assert (ticket.customer_id, ticket.contact_name, ticket.contact_phone) == (
        fang.id, "王芳", "+8613912345678")  # fmt: skip
    history = backend.ticket_history(ticket.id)
    (attachment,) = history.attachments
    _, data = backend.attachment_data(attachment.id)
    text = data.decode()
    assert "王芳: 电梯停在5楼不动了" in text and text.index("电梯") < text.index("收到")
    deliver(backend, chat("c-1", ("m3", "师傅几点到？")))
    history = backend.ticket_history(ticket.id)
    bodies = [item.body for _, item in history.timeline() if isinstance(item, ChatMessage)]
    assert bodies == ["电梯停在5楼不动了", "收到，马上派单", "师傅几点到？"]
    linked = backend.get_conversation(conv.id)
    assert linked.ticket is not None and linked.ticket.id == ticket.id
    with pytest.raises(ValidationError, match=ticket.number):
        backend.ticket_from_chat(conv.id, draft)


def test_a_chat_about_an_open_ticket_is_linked_to_it(backend: Services, make: Make) -> None:
    fang = make.customer("王芳", phones=(PHONE,))
    ticket = make.ticket(customer_id=fang.id)
    deliver(backend, chat("c-1", ("m1", "上次报修的空调还在滴水")))
    (conv,) = backend.list_conversations()
    linked = backend.link_chat(conv.id, ticket.id)
    assert linked.ticket_id == ticket.id
    history = backend.ticket_history(ticket.id)
    assert [m.body for m in history.chat_messages] == ["上次报修的空调还在滴水"]
    assert history.attachments[0].filename == f"chat-{conv.id}.txt"
    with pytest.raises(ValidationError, match=ticket.number):
        backend.link_chat(conv.id, ticket.id)  # once on a ticket, it stays there


def test_an_empty_chat_cannot_become_a_ticket(backend: Services) -> None:
    deliver(backend, {"source": "wecom", "conversation": {"id": "c-0", "contact": {"name": "x"}}})
    (conv,) = backend.list_conversations()
    with pytest.raises(ValidationError, match="no messages"):
        backend.ticket_from_chat(conv.id, TicketDraft("chat", "x", "normal", "y"))


def test_only_a_chat_integration_may_deliver(backend: Services) -> None:
    if isinstance(backend, RestBackend):
        pytest.skip("the server's webhook refusals are tested in tests/server/test_chat_webhook.py")
    with pytest.raises(PermissionDenied):
        backend.receive_chat(parse_generic(chat("c-1", ("m1", "x")), backend.now()))


def test_simultaneous_deliveries_of_one_chat_keep_each_message_once(backend: Services) -> None:
    body = chat("c-1", ("m1", "a"), ("m2", "b"), ("m3", "c"))
    answers: list[dict[str, Any]] = []
    threads = [threading.Thread(target=lambda: answers.append(deliver(backend, body)))
               for _ in range(4)]  # fmt: skip
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(a["added"] for a in answers) == [0, 0, 0, 3]
    assert sum(a["created"] for a in answers) == 1
    (conv,) = backend.list_conversations()
    assert conv.message_count == 3


def test_the_customer_writing_on_while_the_ticket_is_typed_is_no_conflict(
    backend: Services, make: Make
) -> None:
    make.customer("王芳", phones=(PHONE,))
    deliver(backend, chat("c-1", ("m1", "打印机卡纸")))
    (seen,) = backend.list_conversations()  # what the agent's form was opened on
    deliver(backend, chat("c-1", ("m2", "还有异响")))  # the customer goes on meanwhile
    ticket = backend.ticket_from_chat(seen.id, TicketDraft("chat", "printer", "normal", "卡纸"))
    bodies = [m.body for m in backend.ticket_history(ticket.id).chat_messages]
    assert bodies == ["打印机卡纸", "还有异响"]


def test_a_link_corrects_the_chats_customer_to_the_tickets(backend: Services, make: Make) -> None:
    make.customer("Li Lei", phones=(PHONE,))  # the number matched Li Lei...
    han = make.customer("Han Meimei")
    ticket = make.ticket(customer_id=han.id)  # ...but the agent knows it is Han Meimei's job
    deliver(backend, chat("c-1", ("m1", "hello")))
    (conv,) = backend.list_conversations()
    assert backend.link_chat(conv.id, ticket.id).customer_id == han.id


def test_a_number_phonenumbers_refuses_is_kept_as_sent_and_the_email_matches(
    backend: Services,
) -> None:
    # a real Chatwoot contact's number: 9 digits after +27, one short (tests/conformance/chatwoot)
    visitor = backend.create_customer("Visitor", ("13700002222",), email="visitor@example.co.za")
    deliver(backend, chat("c-7", ("m1", "hello"), name="Visitor", phone="+276853805",
                          email="Visitor@Example.co.za"))  # fmt: skip
    (conv,) = backend.list_conversations()
    assert (conv.contact_phone, conv.contact_phone_raw) == (None, "+276853805")
    assert conv.customer_id == visitor.id
    # a later delivery with a number that is valid: both kept, the normalised one is dialled
    deliver(backend, chat("c-7", name="Visitor", phone="139 1234 5678"))
    (conv,) = backend.list_conversations()
    assert (conv.contact_phone, conv.contact_phone_raw) == ("+8613912345678", "139 1234 5678")
