"""Access tokens for the REST server: a person's session after signing in, or an integration's
(the PBX's webhook, GPS devices). Only a hash of the token is stored."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

SESSION_LIFETIME = timedelta(hours=12)  # a shift; signing in again is cheap
INTEGRATIONS = ("pbx", "gps", "chat")  # the roles integration tokens act in


@dataclass(slots=True)
class ApiToken:
    id: int
    token_hash: str
    subject: str  # the username, or the integration's label
    role: str  # a user's role, or "pbx" / "gps"
    created_at: datetime
    expires_at: datetime | None = None  # None: until revoked (integrations)
    revoked_at: datetime | None = None
    user_id: int | None = None
    version: int = 1

    def valid_at(self, now: datetime) -> bool:
        return self.revoked_at is None and (self.expires_at is None or now < self.expires_at)


@dataclass(slots=True)
class RequestKey:
    """An `Idempotency-Key` a client sent with a write: its first outcome, replayed for the
    same key instead of doing the write twice (a console retrying after a lost answer)."""

    id: int
    subject: str  # who sent it: keys are per user or integration
    request_key: str
    route: str  # the use case it was sent to
    created_at: datetime
    done: bool = False
    status_code: int | None = None
    response: str | None = None  # the JSON answered the first time
    version: int = 1


def bearer(header: str | None) -> str:
    """The token of an `Authorization: Bearer <token>` header; "" without one."""
    if header and header.lower().startswith("bearer "):
        return header[7:].strip()
    return ""


def presented_token(
    in_path: str, authorization: str | None, x_token: str | None, query: str | None
) -> str:
    """The token an integration's request presents (PBX and chat scripts cannot always set a
    header): in the path (Zammad's URL shape), else `Authorization: Bearer`, `X-Token` or
    `?token=`, in that order; "" when it carries none. The server and the console's loopback
    CTI listener both read tokens this way."""
    return in_path or bearer(authorization) or x_token or query or ""
