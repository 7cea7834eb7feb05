"""SMS through an HTTP gateway: one JSON POST per message. The request carries the
notification's key twice (the `Idempotency-Key` header and `client_ref` in the body), the two
places gateways look for it, so a request repeated after a crash is dropped by the gateway
instead of texting the customer twice.

Body: {"to": "+8613812345678", "text": "【Desk】...", "client_ref": "dispatch-notification-42"}.
A 2xx answer is accepted (its JSON `id` or `message_id`, if any, is kept as the provider's
reference); 4xx other than 408 and 429 is a refusal for good; anything else is tried again."""

from __future__ import annotations

from typing import Any

import requests

from ..domain.notifications import Delivery, Notification
from .links import with_visit_link
from .settings import NotifySettings

RETRYABLE_4XX = (408, 425, 429)


def sms_text(n: Notification, desk_name: str, public_url: str = "") -> str:
    """The gateway's text: Chinese operators require the sender's signature 【...】 first; a
    booked visit's text ends with the customer's link to ask for another time."""
    body = with_visit_link(n.body, n, public_url, " " if n.language == "en" else "")
    if not desk_name:
        return body
    return f"【{desk_name}】{body}" if n.language != "en" else f"[{desk_name}] {body}"


class HttpSmsSender:
    def __init__(self, settings: NotifySettings, session: requests.Session | None = None) -> None:
        self.settings = settings
        self.session = session or requests.Session()

    def _headers(self, n: Notification) -> dict[str, str]:
        headers = {"Idempotency-Key": n.message_key}
        token = self.settings.sms_token
        if token:
            header = self.settings.sms_token_header
            headers[header] = f"Bearer {token}" if header.lower() == "authorization" else token
        return headers

    def send(self, notification: Notification) -> Delivery:
        body = {
            "to": notification.recipient,
            "text": sms_text(notification, self.settings.desk_name, self.settings.public_url),
            "client_ref": notification.message_key,
        }
        try:
            response = self.session.post(
                self.settings.sms_url, json=body, headers=self._headers(notification),
                timeout=self.settings.timeout_s,
            )  # fmt: skip
        except requests.RequestException as exc:
            return Delivery(False, error=f"SMS gateway unreachable: {type(exc).__name__}")
        if 200 <= response.status_code < 300:
            return Delivery(True, provider_ref=_reference(response))
        permanent = 400 <= response.status_code < 500 and response.status_code not in RETRYABLE_4XX
        reason = response.text.strip()[:200] or response.reason
        return Delivery(
            False, error=f"SMS gateway {response.status_code}: {reason}", permanent=permanent
        )


def _reference(response: requests.Response) -> str | None:
    try:
        data: Any = response.json()
    except ValueError:
        return None
    if isinstance(data, dict):
        ref = data.get("id") or data.get("message_id")
        return str(ref) if ref is not None else None
    return None
