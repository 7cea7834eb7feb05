"""Technician positions in: what GPS apps send (Traccar Client 9's JSON and the OsmAnd protocol
of older clients and other apps, decoded in server/osmand.py) and a JSON batch endpoint for
trackers and fleet systems.

OsmAnd: `GET|POST /api/v1/gps/osmand/{token}` with `?id=DEVICE&lat=..&lon=..&timestamp=..` on
the URL or in the body, or Traccar Client 9's JSON body. The apps cannot send headers, so the
token is part of the server URL they are given; the device id is the technician's phone number
(or technician number), or the device id an administrator gave the technician (an IMEI,
Traccar Client's identifier), which is tried first. Batches: `POST /api/v1/gps/positions` with a
gps token, each fix naming `technician_id` or the tracker's `device_id`. Fixes older
than the one stored are ignored (out of order, or sent twice); each device may send a few fixes
a second, more are refused with 429 until it slows down."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, TypeAdapter, model_validator
from pydantic import ValidationError as PydanticValidationError
from starlette.concurrency import run_in_threadpool

from ..domain.errors import NotSignedIn, PermissionDenied
from ..domain.positions import MAX_DEVICE_ID, Fix
from ..ports import Actor
from ..rest.wire import API
from ..services import Services
from .limits import RateLimiter
from .osmand import Undecodable, decode
from .refusal import refused as refuse
from .tokens import bearer

GPS_ROLES = ("gps", "admin")
RATE_PER_S = 2.0  # sustained fixes per second per device (a tracker sends one every few)
BURST = 20  # a phone coming back online sends what it queued
MAX_BATCH = 5000
MAX_OSMAND_BODY = 64 * 1024  # Traccar Client 9 sends well under 1 KB
log = logging.getLogger(__name__)


class Position(BaseModel):
    """One fix; whose it is by our technician number or by the id the tracker reports."""

    technician_id: int | None = None
    device_id: str | None = Field(default=None, min_length=1, max_length=MAX_DEVICE_ID)
    lat: float
    lon: float
    at: datetime
    accuracy_m: float | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _whose(self) -> Position:
        if (self.technician_id is None) == (self.device_id is None):
            raise ValueError("give technician_id or device_id (one of them)")
        return self


BATCH = TypeAdapter(list[Position])


def add_gps_routes(
    app: FastAPI,
    services: Services,
    actor_for: Callable[[str], Actor],
    limiter: RateLimiter | None = None,
) -> None:
    limits = limiter or RateLimiter(RATE_PER_S, BURST)

    def gps_actor(raw: str) -> Actor:
        if not raw:
            raise NotSignedIn("send the GPS token")
        who = actor_for(raw)
        if who.role not in GPS_ROLES:
            raise PermissionDenied(f"{who.name} may not report positions; use a gps token")
        return who

    @app.post(
        API + "/gps/positions", tags=["gps"],
        openapi_extra={"requestBody": {"required": True, "content": {"application/json": {
            "schema": {"type": "array", "items": Position.model_json_schema()}}}}},
    )  # fmt: skip
    async def batch(request: Request) -> Any:
        """Up to 5,000 fixes; the answer counts what was stored, ignored and refused."""
        raw = bearer(request.headers.get("authorization"))
        await run_in_threadpool(gps_actor, raw)  # before reading a body of any size
        try:
            fixes = BATCH.validate_json(await request.body())
        except PydanticValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(x) for x in first.get("loc", ())) or "fixes"
            return refuse(where, str(first.get("msg")), 422)
        if len(fixes) > MAX_BATCH:
            return refuse("fixes", f"at most {MAX_BATCH} in one request", 413)
        devices = {f.device_id for f in fixes if f.device_id is not None}
        owners = await run_in_threadpool(_owners, services, devices)
        kept: list[tuple[int, Fix]] = []  # (index in the request, fix)
        refused: list[tuple[int, str]] = []
        for index, f in enumerate(fixes):
            tech = f.technician_id if f.device_id is None else owners[f.device_id]
            if tech is None:
                refused.append((index, _unknown(str(f.device_id))))
            else:
                kept.append((index, Fix(tech, f.lat, f.lon, f.at, f.accuracy_m)))
        unknown = sorted(d for d, t in owners.items() if t is None)
        if unknown:  # the raw ids, so the admin can give them to the right technicians
            log.warning("GPS batch from unknown devices %r", unknown[:20])
        # a batch stores one fix per technician (the newest): it costs each technician one
        limited = [t for t in {f.technician_id for _, f in kept} if not limits.allow(f"tech:{t}")]
        if limited:
            return refuse("fixes", f"too fast for technicians {limited[:10]}; slow down", 429)
        report = await run_in_threadpool(services.report_positions, [f for _, f in kept])
        refused += [(kept[i][0], r) for i, r in report.refused]
        return {"stored": report.stored, "ignored": report.ignored,
                "refused": [{"index": i, "reason": r} for i, r in sorted(refused)]}  # fmt: skip

    @app.api_route(API + "/gps/osmand/{token}", methods=["GET", "POST"], tags=["gps"])
    @app.api_route(API + "/gps/osmand/{token}/", methods=["GET", "POST"], include_in_schema=False)
    async def osmand(token: str, request: Request) -> Any:
        """One fix as GPS apps send it (see server/osmand.py for every shape accepted)."""
        await run_in_threadpool(gps_actor, token)
        length = request.headers.get("content-length", "0")
        if not length.isdigit() or int(length) > MAX_OSMAND_BODY:
            return refuse("request", f"one fix is at most {MAX_OSMAND_BODY // 1024} KB", 413)
        query, body = request.url.query, await request.body()
        try:
            reading = decode(query, body, request.headers.get("content-type", ""), services.now())
        except Undecodable as exc:  # the token is in the path: the log never holds it
            log.warning("GPS request not understood (%s): %r", exc.reason, (query or body)[:300])
            return refuse(exc.field, exc.reason, 400)
        if not limits.allow(f"device:{reading.device}"):
            return refuse("id", "too many fixes from this device; slow down", 429)
        tech = await run_in_threadpool(services.technician_for_device, reading.device)
        if tech is None:
            # the raw id, so the admin can give it to the right technician
            log.warning("GPS fix from an unknown device %r: no technician has this device id, "
                        "phone number or technician number", reading.device)  # fmt: skip
            return refuse("id", _unknown(reading.device), 404)
        if not limits.allow(f"tech:{tech}"):  # the same phone under another spelling
            return refuse("id", "too many fixes for this technician; slow down", 429)
        if reading.no_fix or reading.lat is None or reading.lon is None:
            # 200 as Traccar answers: a refused request would be sent again and again,
            # holding back the newer fixes the phone queued behind it
            log.info("GPS fix from %r not stored: %s", reading.device, reading.no_fix)
            return JSONResponse({"stored": 0, "reason": reading.no_fix})
        fix = Fix(tech, reading.lat, reading.lon, reading.at, reading.accuracy_m)
        report = await run_in_threadpool(services.report_positions, [fix])
        if report.refused:
            return refuse("position", report.refused[0][1], 400)
        return JSONResponse({"stored": report.stored})


def _owners(services: Services, devices: set[str]) -> dict[str, int | None]:
    return {device: services.technician_for_device(device) for device in devices}


def _unknown(device: str) -> str:
    return (
        f"no technician has the device id {device!r}; give it to one with "
        "`dispatch-admin technician-device`, or report the technician's phone number"
    )
