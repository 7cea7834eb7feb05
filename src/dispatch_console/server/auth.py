"""Signing in and out, and the tokens integrations use. Session tokens expire after a shift;
integration tokens live until an administrator revokes them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from fastapi import Depends, FastAPI, Header, Request
from pydantic import BaseModel, Field

from ..domain.errors import TooManyAttempts
from ..domain.model import User
from ..domain.tokens import ApiToken
from ..ports import Actor
from ..rest.wire import API, to_json
from ..services import Services
from .limits import RateLimiter, client_key

LOGIN_RATE, LOGIN_BURST = 0.2, 10  # per user: ten tries, then one every five seconds
OFFICE_RATE, OFFICE_BURST = 2.0, 120  # per address: a whole shift behind one NAT at 9:00


class SignIn(BaseModel):
    username: str = Field(min_length=1, max_length=80)
    password: str = Field(min_length=1, max_length=200)


class Session(BaseModel):
    token: str
    expires_at: datetime | None
    user: dict[str, Any]
    technician_id: int | None = None


class NewIntegration(BaseModel):
    kind: str = Field(description="pbx, gps or chat")
    label: str = Field(min_length=1, max_length=80)


class Issued(BaseModel):
    token: str
    id: int


def add_auth_routes(
    app: FastAPI,
    services: Services,
    actor: Callable[..., Actor],
    forget: Callable[[str], None] = lambda _raw: None,
    forget_all: Callable[[], None] = lambda: None,
) -> None:
    """`forget`, `forget_all`: drop signed-out or revoked tokens from the server's short cache
    of who tokens stand for."""
    anonymous = services.as_actor(Actor("sign-in", "anonymous"))
    signed_in = Depends(actor)

    per_user = RateLimiter(rate=LOGIN_RATE, burst=LOGIN_BURST)
    per_address = RateLimiter(rate=OFFICE_RATE, burst=OFFICE_BURST)

    @app.post(API + "/auth/login", response_model=Session, tags=["auth"])
    def login(body: SignIn, request: Request) -> Session:
        address = client_key(request.client.host if request.client else None)
        if not (per_user.allow(body.username) and per_address.allow(address)):
            raise TooManyAttempts("too many sign-in attempts; wait a minute and try again")
        raw, token, user = anonymous.sign_in(body.username, body.password)
        who = services.actor_for_token(raw)
        return Session(
            token=raw, expires_at=token.expires_at, user=to_json(User, user),
            technician_id=who.technician_id,
        )  # fmt: skip

    @app.post(API + "/auth/logout", tags=["auth"])
    def logout(authorization: str = Header()) -> dict[str, str]:
        raw = authorization[7:].strip()
        services.revoke_token(raw=raw)
        forget(raw)
        return {"status": "signed out"}

    @app.get(API + "/auth/me", tags=["auth"])
    def me(who: Actor = signed_in) -> dict[str, Any]:
        return {"name": who.name, "role": who.role, "user_id": who.user_id,
                "technician_id": who.technician_id}  # fmt: skip

    @app.post(API + "/auth/integration-tokens", response_model=Issued, tags=["auth"])
    def integration(body: NewIntegration, who: Actor = signed_in) -> Issued:
        raw, token = services.as_actor(who).create_integration_token(body.kind, body.label)
        return Issued(token=raw, id=token.id)

    @app.get(API + "/auth/tokens", tags=["auth"])
    def tokens(who: Actor = signed_in) -> list[dict[str, Any]]:
        return [to_json(ApiToken, t) for t in services.as_actor(who).list_tokens()]

    @app.delete(API + "/auth/tokens/{token_id}", tags=["auth"])
    def revoke(token_id: int, who: Actor = signed_in) -> dict[str, str]:
        services.as_actor(who).revoke_token(token_id=token_id)
        forget_all()
        return {"status": "revoked"}
