"""Signing in and out, and the tokens integrations use. Session tokens expire after a shift;
integration tokens live until an administrator revokes them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import Any

from fastapi import Depends, FastAPI, Header, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from ..domain.errors import NotFound, PermissionDenied, TooManyAttempts
from ..domain.model import User
from ..domain.tokens import ApiToken
from ..ports import Actor
from ..rest.wire import API, to_json
from ..services import Services
from .limits import SharedLimiter, client_key
from .seats import Seats

# per address, whatever the user name: a whole shift behind one NAT at 9:00; counted in the
# database, so that N worker processes do not allow N times the guesses. Wrong passwords
# for one user name from one address are slowed by the services' throttle (with backoff),
# which never counts tries from elsewhere against the real user (issue 22)
OFFICE_RATE, OFFICE_BURST = 2.0, 120
PASSWORD_ROUTES = (API + "/auth/password", API + "/users/")  # change and reset end sessions


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
    seats: Seats | None = None,
) -> None:
    """`forget`, `forget_all`: drop signed-out or revoked tokens from the server's short cache
    of who tokens stand for. `seats`: a hosted company's seat limit (server/seats.py)."""
    anonymous = services.as_actor(Actor("sign-in", "anonymous"))
    signed_in = Depends(actor)

    per_address = SharedLimiter(anonymous, "sign-in", rate=OFFICE_RATE, burst=OFFICE_BURST)

    @app.post(API + "/auth/login", response_model=Session, tags=["auth"])
    def login(body: SignIn, request: Request) -> Session:
        address = address_of(request)
        if not per_address.allow(address):
            raise TooManyAttempts("too many sign-in attempts from here; wait a minute", 60)
        if seats is not None and not seats.free_for(body.username, services.now()):
            # no session is made (nor billed); the password first, then who holds the seats
            anonymous.check_password(body.username, body.password, address)
            raise seats.refuse(body.username, services.now())
        raw, token, user = anonymous.sign_in(body.username, body.password, address=address)
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

    @app.get(API + "/auth/seats", tags=["auth"])
    def seats_in_use(who: Actor = signed_in) -> dict[str, Any]:
        """A hosted company's seats: the limit and who holds them (administrators only)."""
        if who.role != "admin":
            raise PermissionDenied("only an administrator sees who holds the seats")
        if seats is None:
            return {"limit": None, "in_use": None, "signed_in": []}
        holders = seats.holders(services.now())
        return {
            "limit": seats.limit, "in_use": len(holders),
            "signed_in": [{"username": h.username, "since": h.since.isoformat(),
                           "sessions": h.sessions} for h in holders],
        }  # fmt: skip

    @app.get(API + "/auth/seats/usage", tags=["auth"])
    def seats_usage(month: str, who: Actor = signed_in) -> dict[str, object]:
        """A hosted company's sign-ins in `month` (YYYY-MM), per person: what its bill counts
        (administrators only)."""
        if who.role != "admin":
            raise PermissionDenied("only an administrator sees the company's use")
        if seats is None:
            raise NotFound("seat count", "on a company's own server")
        return seats.months_use(month).to_json()

    @app.get(API + "/auth/me", tags=["auth"])
    def me(who: Actor = signed_in) -> dict[str, Any]:
        return {"name": who.name, "role": who.role, "user_id": who.user_id,
                "technician_id": who.technician_id,
                "department_id": who.department_id}  # fmt: skip

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

    @app.exception_handler(TooManyAttempts)
    def slow_down(request: Request, exc: TooManyAttempts) -> JSONResponse:
        wait = exc.retry_after or 60
        return JSONResponse(exc.to_dict(), status_code=429, headers={"Retry-After": str(wait)})

    @app.middleware("http")
    async def end_sessions(request: Request, call_next: Callable[[Request], Any]) -> Any:
        """A password change or reset revoked sessions: this process forgets at once who
        their tokens stood for (other instances within their cache's few seconds)."""
        response = await call_next(request)
        if (
            request.method in ("POST", "PUT") and response.status_code == 200
            and request.url.path.startswith(PASSWORD_ROUTES)
            and request.url.path.endswith("/password")
        ):  # fmt: skip
            forget_all()
        return response


def address_of(request: Request) -> str:
    """Whom per-address limits count: the client (behind a trusted proxy, its forwarded
    address), an IPv6 client by its /64."""
    return client_key(request.client.host if request.client else None)


def with_address(who: Actor, request: Request) -> Actor:
    """The actor, carrying the request's address for the services' sign-in throttle."""
    return replace(who, extra={**who.extra, "address": address_of(request)})
