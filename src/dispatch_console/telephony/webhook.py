"""The console's loopback CTI listener, for a PBX script on this computer: `POST
http://127.0.0.1:PORT/cti/<token>` (Zammad's URL shape; `/api/v1/cti/<token>` too, so a script
written for Zammad needs only its host changed), or `/cti` with `?token=`, `X-Token` or
`Authorization: Bearer`. The request schema is read by `cti.parse_cti`, as on the server.

`match` is the backend's `match_call_agents`: names, logins and e-mail addresses become the
extension of the user they name, so that user's console pops. Without it only extension-shaped
names are kept."""

from __future__ import annotations

import hmac
import json
import logging
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from ..domain.call_events import CallEvent
from ..domain.errors import ValidationError
from ..domain.tokens import presented_token
from ..runtime.supervise import Supervisor
from .cti import MAX_BODY, CtiError, MatchAgents, events_for, parse_cti

__all__ = ["MAX_BODY", "CtiError", "CtiListener", "parse_cti"]

log = logging.getLogger(__name__)
PATHS = ("/cti", "/api/v1/cti")


class _Server(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """A handler that raised: into our log with its traceback (the standard one prints to
        stderr, which a windowed console does not have)."""
        log.exception("CTI webhook: a request from %s failed", client_address[0])


class CtiListener:
    def __init__(
        self,
        port: int,
        token: str,
        on_event: Callable[[CallEvent], None],
        host: str = "127.0.0.1",
        *,
        match: MatchAgents | None = None,
    ) -> None:
        if not token:
            raise ValueError("the CTI webhook needs a token")
        listener = self

        class Handler(BaseHTTPRequestHandler):
            timeout = 10  # a script that promises more bytes than it sends holds no thread

            def do_POST(self) -> None:
                listener._handle(self)

            def log_message(self, format: str, *args: Any) -> None:
                log.debug("CTI webhook: " + format, *args)  # one line per request, when asked

        self.token = token
        self.on_event = on_event
        self.match = match
        self.httpd = _Server((host, port), Handler)
        self.port = int(self.httpd.server_address[1])
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=Supervisor().run, args=("cti-webhook", self._serve, self._stop),
            name="cti-webhook", daemon=True,
        )  # fmt: skip

    def start(self) -> None:
        self._thread.start()

    def _serve(self, _stop: threading.Event) -> None:
        self.httpd.serve_forever()  # returns after shutdown(); a failure is served again

    def stop(self) -> None:
        self._stop.set()
        self.httpd.shutdown()
        self.httpd.server_close()

    def _handle(self, request: BaseHTTPRequestHandler) -> None:
        url = urlsplit(request.path)
        path_token = _path_token(url.path)
        if path_token is None:
            return _reply(request, 404, {"error": "not found; POST to /cti/<token>"})
        if not self._authorised(request, path_token, parse_qs(url.query)):
            return _reply(request, 401, {"error": "missing or wrong token"})
        try:
            length = int(request.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if length < 0:
            return _refuse(request, CtiError("Content-Length", "must be a number of bytes"))
        if length > MAX_BODY:
            return _refuse(request, CtiError("body", f"at most {MAX_BODY // 1024} KB"), 413)
        try:
            body = request.rfile.read(length)
        except TimeoutError:
            return _refuse(request, CtiError("body", "shorter than its Content-Length"), 400)
        try:
            cti = parse_cti(body, request.headers.get("Content-Type", ""))
        except CtiError as exc:
            log.warning("CTI request refused (%s): %r", exc, body[:300])
            return _refuse(request, exc)
        try:
            events = events_for(cti, self.match)
        except Exception as exc:  # the backend could not answer (offline, signed out): the
            # PBX hears it and may retry; the console's log says why
            log.exception("CTI call %s: agents not matched", cti.call_id)
            return _reply(request, 503, {"error": f"cannot match agents now: {exc}"})
        for event in events:
            self.on_event(event)
        return _reply(request, 200, {"recorded": len(events)})

    def _authorised(
        self, request: BaseHTTPRequestHandler, path_token: str, query: dict[str, list[str]]
    ) -> bool:
        given = presented_token(
            path_token,
            request.headers.get("Authorization"),
            request.headers.get("X-Token"),
            (query.get("token") or [""])[0],
        )
        return hmac.compare_digest(given.encode(), self.token.encode())


def _path_token(path: str) -> str | None:
    """'' for /cti, the token for /cti/<token>, None for any other path."""
    path = path.rstrip("/")
    for prefix in PATHS:
        if path == prefix:
            return ""
        if path.startswith(prefix + "/") and "/" not in path[len(prefix) + 1 :]:
            return unquote(path[len(prefix) + 1 :])
    return None


def _refuse(request: BaseHTTPRequestHandler, exc: CtiError, status: int = 422) -> None:
    """The server's validation_error shape, so one PBX script reads both the same way."""
    _reply(request, status, ValidationError(exc.field, exc.reason).to_dict())


def _reply(request: BaseHTTPRequestHandler, status: int, payload: dict[str, Any]) -> None:
    data = json.dumps(payload).encode()
    request.send_response(status)
    request.send_header("Content-Type", "application/json")
    request.send_header("Content-Length", str(len(data)))
    request.end_headers()
    request.wfile.write(data)
