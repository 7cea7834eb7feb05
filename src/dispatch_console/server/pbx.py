"""The PBX side of the server: the generic CTI webhook (Zammad's schema, sipgate.io's push API)
recorded as calls. `POST /api/v1/cti/<token>` is Zammad's URL shape, so a script written for
Zammad needs only the host changed; `POST /api/v1/cti` takes the token as `Authorization:
Bearer`, `X-Token` or `?token=`. Bodies are JSON, form-urlencoded or multipart/form-data.

The agents a request names (logins, names, e-mails, numbers) are matched to users by the same
use case the console's loopback listener asks, so the console of the user who rings pops
wherever it runs; PBX credentials and the PBX's network stay with the server."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request
from starlette.concurrency import run_in_threadpool

from ..domain.errors import NotSignedIn, PermissionDenied
from ..ports import Actor
from ..rest.wire import API
from ..services import Services
from ..telephony.cti import MAX_BODY, CtiError, events_for, parse_cti
from .refusal import refused
from .tokens import integration_token

PBX_ROLES = ("pbx", "admin")
log = logging.getLogger(__name__)


def add_cti_webhook(app: FastAPI, services: Services, actor_for: Callable[[str], Actor]) -> None:
    async def cti(request: Request, token: str = "") -> Any:
        raw = integration_token(request, token)
        if not raw:
            raise NotSignedIn("send the PBX's token")
        who = await run_in_threadpool(actor_for, raw)
        if who.role not in PBX_ROLES:
            raise PermissionDenied(f"{who.name} may not report calls; use a pbx token")
        body = await request.body()
        if len(body) > MAX_BODY:
            return refused("body", f"at most {MAX_BODY // 1024} KB", 413)
        try:
            cti = parse_cti(body, request.headers.get("content-type", ""))
        except CtiError as exc:
            log.warning("CTI request refused (%s): %r", exc, body[:300])
            return refused(exc.field, exc.reason)
        acting = services.as_actor(who)

        def record() -> int:  # the database, off the server's event loop
            events = events_for(cti, acting.match_call_agents)
            for event in events:
                acting.record_call_event(
                    event.kind, event.call_id, event.at, direction=event.direction,
                    from_number=event.from_number, to_number=event.to_number,
                    agent_extension=event.extension, cause=event.cause,
                )  # fmt: skip
            return len(events)

        return {"recorded": await run_in_threadpool(record)}

    doc = """newCall / answer / hangup from the PBX (the generic CTI schema). The token is an
    integration token of kind pbx: in the path, or as `Authorization: Bearer`, `X-Token` or
    `?token=`."""
    cti.__doc__ = doc
    app.add_api_route(API + "/cti", cti, methods=["POST"], tags=["pbx"])
    app.add_api_route(API + "/cti/{token}", cti, methods=["POST"], tags=["pbx"])
