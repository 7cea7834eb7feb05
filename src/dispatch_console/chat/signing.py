"""Chatwoot's webhook signature (Chatwoot 4.11.2 and later): `X-Chatwoot-Signature:
sha256=<hex>` is HMAC-SHA256 of `"{X-Chatwoot-Timestamp}.{raw body}"` with the webhook's secret.
The timestamp is inside the signed text, so a captured delivery cannot be made fresh again;
one older than the tolerance is refused as a replay."""

from __future__ import annotations

import hashlib
import hmac

from .errors import SignatureError

TOLERANCE_S = 300  # Chatwoot's own advice: refuse deliveries more than about 5 minutes old


def sign(secret: str, timestamp: str, body: bytes) -> str:
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def verify(secrets: list[str], signature: str, timestamp: str, body: bytes, now: float) -> None:
    """Raises SignatureError unless one of `secrets` signed `body` at `timestamp`, recently.
    Several secrets: a new one is added before the old one is removed (rotation)."""
    if not signature or not timestamp:
        raise SignatureError("the delivery is not signed (X-Chatwoot-Signature)")
    if not signature.isascii():  # compare_digest refuses to compare other text
        raise SignatureError("the signature does not match the webhook's secret")
    try:
        sent = int(timestamp)
    except ValueError:
        raise SignatureError("X-Chatwoot-Timestamp is not a number of seconds") from None
    if abs(now - sent) > TOLERANCE_S:
        raise SignatureError("the delivery was signed too long ago (a replay, or a wrong clock)")
    if not any(hmac.compare_digest(sign(s, timestamp, body), signature) for s in secrets):
        raise SignatureError("the signature does not match the webhook's secret")
