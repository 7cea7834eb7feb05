"""The customer's own link in a booked visit's messages: where they ask for another time (the
status page's unguessable link, made when the message was queued). The outbox holds only its
path; the sender adds the server's address as customers reach it (--public-url), like the
e-mails' opt-out links. Without a public address the message goes out without it."""

from __future__ import annotations

from ..domain.notifications import Notification

RESCHEDULE = {
    "zh_CN": "如需改约：{link}",
    "en": "To ask for another time: {link}",
}


def visit_link(n: Notification, public_url: str) -> str | None:
    path = (n.template_params or {}).get("path", "")
    if not public_url or not path.startswith("/s/"):
        return None
    return f"{public_url}{path}?lang={n.language}"


def with_visit_link(text: str, n: Notification, public_url: str, sep: str) -> str:
    link = visit_link(n, public_url)
    if link is None:
        return text
    return text + sep + RESCHEDULE.get(n.language, RESCHEDULE["en"]).format(link=link)
