"""Routes that exist only when the server is started for the test suite (`--test-mode`): wipe
the database between tests, set the clock the use cases read, and act as any actor. A server
started without the flag has none of them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from fastapi import FastAPI
from pydantic import BaseModel

from ..ports import Actor


@dataclass
class TestHooks:
    reset: Callable[[], None]
    set_clock: Callable[[datetime], None]


class ClockBody(BaseModel):
    now: datetime


class ActorBody(BaseModel):
    name: str
    role: str = "agent"
    user_id: int | None = None
    technician_id: int | None = None


def add_test_routes(app: FastAPI, hooks: TestHooks, actors: Callable[[], dict[str, Actor]]) -> None:
    """`actors()`: raw test tokens to whom they stand for (the company's of the request); the
    app's token check consults it."""

    @app.post("/_test/reset", include_in_schema=False)
    def reset() -> dict[str, str]:
        hooks.reset()
        actors().clear()
        return {"status": "empty"}

    @app.post("/_test/clock", include_in_schema=False)
    def clock(body: ClockBody) -> dict[str, str]:
        hooks.set_clock(body.now)
        return {"now": body.now.isoformat()}

    @app.post("/_test/token", include_in_schema=False)
    def token(body: ActorBody) -> dict[str, str]:
        raw = f"test-{body.name}-{body.role}-{body.user_id}-{body.technician_id}"
        actors()[raw] = Actor(body.name, body.role, body.user_id, body.technician_id)
        return {"token": raw}
