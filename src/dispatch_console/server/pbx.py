"""The PBX side of the server: the generic CTI webhook (`POST /api/v1/cti`, JSON or
form-encoded) recorded as calls. Every console follows the event log, so the console of the
agent whose extension rings pops the caller, wherever it runs; PBX credentials and the PBX's
network stay with the server."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from ..domain.errors import NotSignedIn, PermissionDenied
from ..ports import Actor
from ..rest.wire import API
from ..services import Services
from ..telephony.webhook import MAX_BODY, CtiError, parse_cti

PBX_ROLES = ("pbx", "admin")


def add_cti_webhook(app: FastAPI, services: Services, actor_for: Callable[[str], Actor]) -> None:
    @app.post(API + "/cti", tags=["pbx"])
    async def cti(request: Request) -> Any:
        """newCall / answer / hangup from the PBX (the generic CTI schema). The token is an
        integration token of kind pbx, as `Authorization: Bearer`, `X-Token` or `?token=`."""
        header = request.headers.get("authorization", "")
        raw = (
            (header[7:].strip() if header.lower().startswith("bearer ") else "")
            or request.headers.get("x-token", "")
            or request.query_params.get("token", "")
        )
        if not raw:
            raise NotSignedIn("send the PBX's token")
        who = await run_in_threadpool(actor_for, raw)
        if who.role not in PBX_ROLES:
            raise PermissionDenied(f"{who.name} may not report calls; use a pbx token")
        body = await request.body()
        if len(body) > MAX_BODY:
            return JSONResponse(
                {"code": "validation_error", "message": "too large", "field": "request",
                 "reason": f"at most {MAX_BODY // 1024} KB"}, status_code=413,
            )  # fmt: skip
        try:
            events = parse_cti(body, request.headers.get("content-type", ""))
        except CtiError as exc:
            return JSONResponse(
                {"code": "validation_error", "message": str(exc), "field": exc.field,
                 "reason": str(exc)}, status_code=422,
            )  # fmt: skip
        acting = services.as_actor(who)

        def record() -> None:  # the database, off the server's event loop
            for event in events:
                acting.record_call_event(
                    event.kind, event.call_id, event.at, direction=event.direction,
                    from_number=event.from_number, to_number=event.to_number,
                    agent_extension=event.extension, cause=event.cause,
                )  # fmt: skip

        await run_in_threadpool(record)
        return {"recorded": len(events)}
