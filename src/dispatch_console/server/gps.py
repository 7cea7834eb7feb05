"""Technician positions in: the OsmAnd protocol (what the Traccar Client app sends, unchanged)
and a JSON batch endpoint for trackers and fleet systems.

OsmAnd: `GET|POST /api/v1/gps/osmand/{token}?id=DEVICE&lat=..&lon=..&timestamp=..&accuracy=..`.
The app cannot send headers, so its token is part of the server URL it is given; `id` is the
technician's phone number (or technician number). Batches: `POST /api/v1/gps/positions` with a
gps token. Fixes older than the one stored are ignored (out of order, or sent twice); each device
may send a few fixes a second, more are refused with 429 until it slows down."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, TypeAdapter
from pydantic import ValidationError as PydanticValidationError
from starlette.concurrency import run_in_threadpool

from ..domain.errors import NotSignedIn, PermissionDenied
from ..domain.positions import Fix
from ..ports import Actor
from ..rest.wire import API
from ..services import Services
from .limits import RateLimiter

GPS_ROLES = ("gps", "admin")
RATE_PER_S = 2.0  # sustained fixes per second per device (a tracker sends one every few)
BURST = 20  # a phone coming back online sends what it queued
MAX_BATCH = 5000


class Position(BaseModel):
    technician_id: int
    lat: float
    lon: float
    at: datetime
    accuracy_m: float | None = Field(default=None, ge=0)


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
        header = request.headers.get("authorization", "")
        raw = header[7:].strip() if header.lower().startswith("bearer ") else ""
        await run_in_threadpool(gps_actor, raw)  # before reading a body of any size
        try:
            fixes = BATCH.validate_json(await request.body())
        except PydanticValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(x) for x in first.get("loc", ())) or "fixes"
            return _refused(422, where, str(first.get("msg")))
        if len(fixes) > MAX_BATCH:
            return _refused(413, "fixes", f"at most {MAX_BATCH} in one request")
        # a batch stores one fix per technician (the newest): it costs each technician one
        limited = [t for t in {f.technician_id for f in fixes} if not limits.allow(f"tech:{t}")]
        if limited:
            return _refused(429, "fixes", f"too fast for technicians {limited[:10]}; slow down")
        report = await run_in_threadpool(
            services.report_positions,
            [Fix(f.technician_id, f.lat, f.lon, f.at, f.accuracy_m) for f in fixes],
        )
        return {"stored": report.stored, "ignored": report.ignored,
                "refused": [{"index": i, "reason": r} for i, r in report.refused]}  # fmt: skip

    @app.api_route(API + "/gps/osmand/{token}", methods=["GET", "POST"], tags=["gps"])
    async def osmand(token: str, request: Request) -> Any:
        await run_in_threadpool(gps_actor, token)
        values = dict(request.query_params)
        if request.method == "POST" and "form" in request.headers.get("content-type", ""):
            values.update({k: str(v) for k, v in (await request.form()).items()})
        device = values.get("id") or values.get("deviceid") or ""
        try:
            lat, lon = float(values["lat"]), float(values["lon"])
            at = _when(values.get("timestamp"))
            accuracy = float(values["accuracy"]) if values.get("accuracy") else None
        except (KeyError, ValueError, OverflowError, OSError) as exc:  # OSError: year 50,000
            return _refused(400, "position", f"lat, lon and timestamp are needed ({exc})")
        if not device:
            return _refused(400, "id", "the device id (the technician's phone number)")
        if not limits.allow(f"device:{device}"):
            return _refused(429, "id", "too many fixes from this device; slow down")
        tech = await run_in_threadpool(services.technician_for_device, device)
        if tech is None:
            return _refused(404, "id", f"no technician has the device id {device!r}")
        if not limits.allow(f"tech:{tech}"):  # the same phone under another spelling
            return _refused(429, "id", "too many fixes for this technician; slow down")
        report = await run_in_threadpool(
            services.report_positions, [Fix(tech, lat, lon, at, accuracy)]
        )
        if report.refused:
            return _refused(400, "position", report.refused[0][1])
        return JSONResponse({"stored": report.stored})


def _when(timestamp: str | None) -> datetime:
    """OsmAnd sends seconds since 1970 (some apps milliseconds, some ISO 8601)."""
    if not timestamp:
        return datetime.now(UTC)
    if timestamp.replace(".", "", 1).isdigit():
        seconds = float(timestamp)
        return datetime.fromtimestamp(seconds / 1000 if seconds > 1e11 else seconds, UTC)
    parsed = datetime.fromisoformat(timestamp.replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _refused(status: int, field: str, reason: str) -> JSONResponse:
    return JSONResponse(
        {"code": "validation_error", "message": reason, "field": field, "reason": reason},
        status_code=status,
    )
