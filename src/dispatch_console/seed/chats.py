"""The demo's online chats at the anchor time: a known customer reporting a fault, a visitor the
desk cannot place yet, a customer chasing a job already on a ticket, and yesterday's closed chat.
They arrive as the chat system would deliver them (the generic webhook's records)."""

from __future__ import annotations

from datetime import datetime, timedelta

from ..domain.chat import Author, ChatDelivery, ConversationStatus, IncomingMessage
from ..domain.model import Customer
from ..ports import Actor, TicketQuery
from .cast import Cast

GREETING = "您好，这里是在线客服，请问有什么可以帮您？"


def seed_chats(cast: Cast, anchor: datetime) -> int:
    """Four chats; returns how many were delivered."""
    bot = cast.acting(Actor("wecom-bridge", "chat"))
    tag = cast.tag  # a second demo in the same database has chats of its own
    agent = cast.agent("agent1")
    known = [c for c in cast.world.customers if c.phones]
    page = agent.search_tickets(TicketQuery(open_only=True, limit=200))
    dispatched = [r.ticket for r in page.items if r.ticket.assignee_id and r.ticket.customer_id]
    if not known or not dispatched:
        return 0
    chased = cast.rng.choice(dispatched)  # its customer asks when the technician comes
    second = agent.get_customer(chased.customer_id)  # type: ignore[arg-type]
    if not second.phones:
        return 0
    first = cast.rng.choice([c for c in known if c.id != second.id])

    def at(minutes_ago: float) -> datetime:
        return anchor - timedelta(minutes=minutes_ago)

    def lines(*said: tuple[Author, str, float]) -> tuple[IncomingMessage, ...]:
        return tuple(
            IncomingMessage(f"m{i}", who, "", text, at(ago))
            for i, (who, text, ago) in enumerate(said, 1)
        )

    deliveries = [
        _chat("web-1001" + tag, first, "官网在线客服", lines(
            (Author.BOT, GREETING, 14),
            (Author.CUSTOMER, "你好，我们公司二楼的打印机一直卡纸，打印出来还有黑色条纹", 13),
            (Author.CUSTOMER, "型号是 HP LaserJet M404，今天下午能派人来看看吗？", 12),
        )),
        ChatDelivery("wecom", "web-1002" + tag, "", None, "zhou.min@example.cn",
                     ConversationStatus.OPEN, "企业微信", lines(
            (Author.CUSTOMER, "请问你们可以做中央空调的年度保养合同吗？", 6),
        )),
        _chat("web-1003" + tag, second, "企业微信", lines(
            (Author.CUSTOMER, "上午报修的单子，师傅大概几点能到？", 3),
        )),
        _chat("web-0998" + tag, first, "官网在线客服", lines(
            (Author.CUSTOMER, "发票已经收到了，谢谢", 60 * 20),
            (Author.AGENT, "不客气，有问题随时联系我们", 60 * 20 - 1),
        ), ConversationStatus.CLOSED),
    ]  # fmt: skip
    for delivery in deliveries:
        bot.receive_chat(delivery)
    chasing = next(c for c in agent.list_conversations() if c.external_id == "web-1003" + tag)
    agent.link_chat(chasing.id, chased.id)  # the agent put the chat on the job
    return len(deliveries)


def _chat(
    conv_id: str,
    customer: Customer,
    inbox: str,
    messages: tuple[IncomingMessage, ...],
    status: ConversationStatus = ConversationStatus.OPEN,
) -> ChatDelivery:
    return ChatDelivery("wecom", conv_id, customer.name, customer.phones[0].number, None,
                        status, inbox, messages)  # fmt: skip
