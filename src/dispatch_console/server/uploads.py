"""Attachments over the API (`POST /api/v1/tickets/{id}/attachments`), streamed: the body goes
to a temporary file 64 KiB at a time, the limit is enforced as it arrives (413 as soon as it is
passed), and the file, never the whole body in memory, goes to the use case, which decodes a
photo from it. The body is the use case's JSON (`filename`, `data` in base64, `content_type`),
as the console and the technician's page send it: the base64 is decoded from the spooled body
into a second file, a chunk at a time (upload_json.py); or multipart/form-data with a `file`
part, as `curl -F` sends it (upload_multipart.py). Before this, sixteen 10 MB attachments at
once took the server from 369 MB to 1,095 MB, and it stayed near 950 MB (issue 22).

The caller is authenticated before a byte of the body is read."""

from __future__ import annotations

import json
import logging
import re
import tempfile
from collections.abc import Callable
from typing import BinaryIO

from fastapi import Depends, FastAPI, Header, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect

from ..domain.attachments import MAX_ATTACHMENT_BYTES, clean_filename, too_large
from ..domain.errors import ValidationError
from ..domain.storable import text_problem
from ..rest.wire import API, Route, signature
from ..rest.wire import to_json as encode
from ..services import Services
from ..services.policy import authorize
from .upload_json import TooLarge, read_attachment
from .upload_multipart import read_multipart

log = logging.getLogger(__name__)
STREAMED = ("attach",)  # routes whose body is streamed (the hostile-input check skips them)


def streamed_paths(routes: list[Route]) -> re.Pattern[str]:
    """The full paths of the STREAMED routes, their parameters as any one segment."""
    paths = [re.sub(r"\\\{[^/]*?\\\}", "[^/]+", re.escape(API + r.path))
             for r in routes if r.name in STREAMED]  # fmt: skip
    return re.compile("|".join(paths))


class BodyTooLarge(Exception):
    def __init__(self, limit: int) -> None:
        super().__init__(f"the request is larger than {limit // (1024 * 1024)} MB")


async def spool(request: Request, into: BinaryIO, limit: int) -> int:
    """Copies the request's body into `into` as it arrives (uvicorn hands it over in chunks
    of at most 64 KiB and stops reading the socket while one waits), refusing it as soon as
    it passes `limit`; its size. Writes go to the page cache: cheap enough for the loop."""
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge(limit)
        into.write(chunk)
    into.seek(0)
    return size


def too_large_response(reason: str, field: str = "file") -> JSONResponse:
    return JSONResponse(
        {"code": "validation_error", "message": f"{field}: {reason}", "field": field,
         "reason": reason}, status_code=413,
    )  # fmt: skip


def add_attachment_route(
    app: FastAPI,
    route: Route,
    services_for: Callable[..., Services],
    once: Callable[[Services, str, str, Callable[[Services], str]], Response],
    body_limit: int,
) -> None:
    """The `attach` use case on its route, streamed; `once` runs it behind an
    Idempotency-Key as every other write is."""
    returns = signature(route.name).returns
    acting = Depends(services_for)
    key_header = Header(default=None, alias="Idempotency-Key", max_length=100)

    async def attach(
        request: Request,
        ticket_id: int,
        services: Services = acting,
        idempotency_key: str | None = key_header,
    ) -> Response:  # fmt: skip
        # before a byte of the body is read: a technician's colleague's job is refused at once
        await run_in_threadpool(authorize, services, route.name, ticket_id=ticket_id)
        with tempfile.TemporaryFile() as body, tempfile.TemporaryFile() as data:
            try:
                await spool(request, body, body_limit)
                kind = request.headers.get("content-type", "")
                if kind.lower().startswith("multipart/form-data"):
                    fields = await run_in_threadpool(
                        read_multipart, body, kind, data, MAX_ATTACHMENT_BYTES
                    )
                else:
                    fields = await run_in_threadpool(
                        read_attachment, body, data, MAX_ATTACHMENT_BYTES
                    )
            except ClientDisconnect:  # the phone lost its network mid-photo: nobody to answer
                log.info("an attachment to ticket %s was cut off by its client", ticket_id)
                return Response(status_code=400)
            except BodyTooLarge as exc:
                return too_large_response(str(exc), "request")
            except TooLarge as exc:
                return too_large_response(too_large(clean_filename(exc.filename) or "the file"))
            filename, content_type = fields["filename"], fields["content_type"]
            for field, value in (("filename", filename), ("content_type", content_type)):
                if value is not None and (reason := text_problem(value)) is not None:
                    raise ValidationError(field, reason)

            def run(acting: Services) -> str:
                data.seek(0)
                result = acting.attach_file(ticket_id, filename, data, content_type)
                return json.dumps(encode(returns, result), ensure_ascii=False)

            if not idempotency_key:
                answer = await run_in_threadpool(run, services)
                return Response(answer, media_type="application/json")
            return await run_in_threadpool(once, services, idempotency_key, route.name, run)

    app.add_api_route(
        API + route.path, attach, methods=[route.verb], name=route.name,
        summary=route.name.replace("_", " "), response_model=None,
        description="A JSON body (`filename`, `data` in base64, `content_type` or null), or "
        "multipart/form-data with a `file` part (`curl -F file=@photo.jpg`). At most "
        f"{MAX_ATTACHMENT_BYTES // 1048576} MB of file; read as it arrives.",
        openapi_extra={"requestBody": {"required": True, "content": {
            "application/json": {"schema": BODY_SCHEMA},
            "multipart/form-data": {"schema": FORM_SCHEMA}}}},
    )  # fmt: skip


BODY_SCHEMA = {
    "type": "object", "additionalProperties": False, "required": ["filename", "data"],
    "properties": {
        "filename": {"type": "string"},
        "data": {"type": "string", "format": "base64"},
        "content_type": {"anyOf": [{"type": "string"}, {"type": "null"}]},
    },
}  # fmt: skip
FORM_SCHEMA = {
    "type": "object", "required": ["file"],
    "properties": {
        "file": {"type": "string", "format": "binary"},
        "filename": {"type": "string", "description": "instead of the file part's own name"},
        "content_type": {"type": "string", "description": "instead of the file part's type"},
    },
}  # fmt: skip
