"""The generic HTTP CTI webhook (the schema Zammad documents, which many PBX scripts speak):
`event=newCall|answer|hangup` with `from`, `to`, `direction`, `callId`, `user[]`, `answeringNumber`,
`cause`; JSON or form-encoded; a token in `?token=`, `X-Token` or `Authorization: Bearer`.

`parse_cti` turns one request body into a CallEvent or says exactly which field is wrong; the
loopback listener serves it in stand-alone mode (the REST server will serve the same parser)."""

from __future__ import annotations

import hmac
import json
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from ..domain.call_events import CallEvent

KINDS = {"newCall": "offered", "answer": "answered", "hangup": "ended"}
CAUSES = {
    "normalClearing": "normal",
    "busy": "busy",
    "cancel": "caller hung up",
    "noAnswer": "no answer",
    "congestion": "congestion",
    "notFound": "number not found",
    "forwarded": "forwarded",
}
MAX_BODY = 64 * 1024


class CtiError(ValueError):
    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field


def parse_cti(body: bytes, content_type: str, at: datetime | None = None) -> list[CallEvent]:
    """One event per agent named: a ring group rings several consoles at once."""
    fields = _fields(body, content_type)
    kind = KINDS.get(str(fields.get("event", "")))
    if kind is None:
        raise CtiError("event", "must be newCall, answer or hangup")
    call_id = str(fields.get("callId", "")).strip()
    if not call_id or len(call_id) > 100:
        raise CtiError("callId", "required, at most 100 characters")
    direction = str(fields.get("direction", "in"))
    if direction not in ("in", "out"):
        raise CtiError("direction", "must be in or out")
    users = fields.get("user") or fields.get("user[]") or []
    if isinstance(users, str):
        users = [users]
    if not isinstance(users, list) or not all(isinstance(u, str | int) for u in users):
        raise CtiError("user", "a list of agent extensions")
    answering = fields.get("answeringNumber")
    extensions: list[str | None] = (
        [str(answering)] if answering else [str(u).strip() for u in users]
    )
    extensions = extensions or [None]
    cause = fields.get("cause")
    when = at or datetime.now(UTC)
    return [
        CallEvent(
            kind,  # type: ignore[arg-type]
            call_id,
            when,
            "inbound" if direction == "in" else "outbound",
            str(fields.get("from", "")).strip(),
            str(fields.get("to", "")).strip(),
            extension or None,
            CAUSES.get(str(cause), str(cause)) if cause else None,
        )
        for extension in extensions
    ]


def _fields(body: bytes, content_type: str) -> dict[str, Any]:
    if "json" in content_type:
        try:
            data = json.loads(body or b"{}")
        except ValueError as exc:
            raise CtiError("body", "not valid JSON") from exc
        if not isinstance(data, dict):
            raise CtiError("body", "must be a JSON object")
        return data
    parsed = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
    return {k: (v if k.endswith("[]") else v[0]) for k, v in parsed.items()}


class CtiListener:
    """`POST http://127.0.0.1:PORT/cti` on loopback, for a PBX script on this computer."""

    def __init__(
        self, port: int, token: str, on_event: Callable[[CallEvent], None], host: str = "127.0.0.1"
    ) -> None:
        if not token:
            raise ValueError("the CTI webhook needs a token")
        listener = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                listener._handle(self)

            def log_message(self, *args: Any) -> None:
                pass

        self.token = token
        self.on_event = on_event
        self.httpd = ThreadingHTTPServer((host, port), Handler)
        self.port = int(self.httpd.server_address[1])
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def _handle(self, request: BaseHTTPRequestHandler) -> None:
        url = urlsplit(request.path)
        if url.path.rstrip("/") != "/cti":
            return _reply(request, 404, {"error": "not found; POST to /cti"})
        if not self._authorised(request, parse_qs(url.query)):
            return _reply(request, 401, {"error": "missing or wrong token"})
        try:
            length = int(request.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if length < 0:
            return _reply(request, 400, {"error": "a Content-Length is required"})
        if length > MAX_BODY:
            return _reply(request, 413, {"error": "body too large"})
        body = request.rfile.read(length)
        try:
            events = parse_cti(body, request.headers.get("Content-Type", ""))
        except CtiError as exc:
            return _reply(request, 422, {"error": str(exc), "field": exc.field})
        for event in events:
            self.on_event(event)
        return _reply(request, 200, {"ok": True})

    def _authorised(self, request: BaseHTTPRequestHandler, query: dict[str, list[str]]) -> bool:
        given = (
            (query.get("token") or [""])[0]
            or request.headers.get("X-Token", "")
            or request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        )
        return hmac.compare_digest(given.encode(), self.token.encode())


def _reply(request: BaseHTTPRequestHandler, status: int, payload: dict[str, Any]) -> None:
    data = json.dumps(payload).encode()
    request.send_response(status)
    request.send_header("Content-Type", "application/json")
    request.send_header("Content-Length", str(len(data)))
    request.end_headers()
    request.wfile.write(data)
