"""What is wrong with a chat delivery, said so that whoever set up the webhook can fix it."""

from __future__ import annotations


class ChatPayloadError(ValueError):
    """The delivery cannot be read: `field` names the part (a JSON path) that is wrong."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


class SignatureError(ValueError):
    """The delivery is not signed by whoever holds the shared secret, or was signed too long ago
    (a replay)."""
