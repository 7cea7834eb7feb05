"""Input no use case should ever see, refused at the door with the field named: NUL characters
and lone surrogates in text (PostgreSQL cannot store the first, nothing can encode the second),
whole numbers no database column holds (an id of 2**70), and JSON's non-standard NaN and
Infinity. The API's JSON bodies, path parameters and query strings are checked here, before
routing; the web pages check their own tokens and forms.

A JSON body is parsed a second time only when a cheap scan of its bytes finds something that
might be one of these (an escaped NUL or surrogate, a long run of digits, NaN): attachments of
several megabytes pass with one regular-expression scan."""

from __future__ import annotations

import json
import math
import re
import typing
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import parse_qsl

from fastapi import FastAPI
from fastapi.routing import APIRoute
from starlette.routing import Match

from ..domain.storable import number_problem, text_problem
from .refusal import refusal_bytes

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

SUSPECT = re.compile(rb"\\u00[0-9a-fA-F]{2}|\\u[dD][89a-fA-F]|\d{19}|NaN|Infinity")
WHOLE = re.compile(r"[+-]?\d+")
WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class _NotJson:
    """Where a body said NaN or Infinity, which JSON does not have."""

    def __init__(self, constant: str) -> None:
        self.constant = constant


def json_problem(raw: bytes) -> tuple[str, str] | None:
    """(field, reason) of the first value nothing behind the API could take; None when the
    body is fine or not JSON at all (the route's own validation says so then)."""
    if not SUSPECT.search(raw):
        return None
    try:
        data = json.loads(raw, parse_constant=_NotJson)
    except ValueError:
        return None
    return _walk(data, "request")


def _walk(value: Any, field: str) -> tuple[str, str] | None:
    if isinstance(value, str):
        reason = text_problem(value)
        return (field, reason) if reason else None
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        reason = number_problem(value)
        return (field, reason) if reason else None
    if isinstance(value, _NotJson):
        return field, f"{value.constant} is not a JSON number"
    if isinstance(value, float) and not math.isfinite(value):  # 1e999
        return field, "is not a finite number"
    if isinstance(value, dict):
        for key, item in value.items():
            if (reason := text_problem(key)) is not None:
                return "request", f"a field name {reason}"
            if (found := _walk(item, key)) is not None:
                return found
    if isinstance(value, list):
        for item in value:
            if (found := _walk(item, field)) is not None:
                return found
    return None


def _wants_int(annotation: Any) -> bool:
    """int, int | None, StrictInt (Annotated[int, ...]) and the like."""
    if annotation is int:
        return True
    return any(_wants_int(a) for a in typing.get_args(annotation) if a is not type(None))


def _int_params(dependant: Any) -> set[str]:
    """The path and query parameters (of the endpoint and its dependencies) that are ints."""
    names = {
        f.alias for f in (*dependant.path_params, *dependant.query_params)
        if _wants_int(f.field_info.annotation)
    }  # fmt: skip
    for sub in dependant.dependencies:
        names |= _int_params(sub)
    return names


def url_problem(scope: Scope, routes: list[Any]) -> tuple[str, str] | None:
    """A path parameter or query value with NUL or a surrogate, or a whole number out of
    range where the route takes a whole number."""
    ints: set[str] = set()
    params: dict[str, str] = {}
    for route in routes:
        if not isinstance(route, APIRoute):
            continue
        match, child = route.matches(scope)
        if match is Match.FULL:
            params = {k: str(v) for k, v in child.get("path_params", {}).items()}
            ints = _int_params(route.dependant)
            break
    query = scope.get("query_string", b"").decode("latin-1")
    pairs = parse_qsl(query, keep_blank_values=True, errors="surrogateescape")
    for name, value in [*params.items(), *pairs]:
        if (reason := text_problem(value)) is not None:
            return name, reason
        whole = name in ints and WHOLE.fullmatch(value.strip())
        if whole and (reason := number_problem(int(value))) is not None:
            return name, reason
    return None


class HostileInput:
    """ASGI middleware for the API (paths under `prefix`): 422 with the field named."""

    def __init__(
        self, app: Any, prefix: str, routes: Callable[[], list[Any]], skip: tuple[str, ...] = (),
        streamed: re.Pattern[str] | None = None,
    ) -> None:  # fmt: skip
        """`skip`: path prefixes not checked at all; `streamed`: paths whose body is not read
        here (the route streams it to disk and checks its own fields)."""
        self.app, self.prefix, self.routes, self.skip = app, prefix, routes, skip
        self.streamed = streamed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if (
            scope["type"] != "http"
            or not path.startswith(self.prefix)
            or path.startswith(self.skip)
        ):
            await self.app(scope, receive, send)
            return
        problem = url_problem(scope, self.routes())
        streamed = self.streamed is not None and self.streamed.fullmatch(path)
        if problem is None and scope["method"] in WRITES and _is_json(scope) and not streamed:
            chunks, more = [], True
            while more:
                message = await receive()
                if message["type"] != "http.request":  # the client went away
                    return
                chunks.append(message.get("body", b""))
                more = message.get("more_body", False)
            body = b"".join(chunks)
            problem = json_problem(body)
            if problem is None:
                replayed = False

                async def replay() -> Message:
                    nonlocal replayed
                    if not replayed:
                        replayed = True
                        return {"type": "http.request", "body": body, "more_body": False}
                    return await receive()

                await self.app(scope, replay, send)
                return
        if problem is None:
            await self.app(scope, receive, send)
            return
        payload = refusal_bytes(*problem)
        await send({
            "type": "http.response.start", "status": 422,
            "headers": [(b"content-type", b"application/json"),
                        (b"content-length", str(len(payload)).encode())],
        })  # fmt: skip
        await send({"type": "http.response.body", "body": payload})


def _is_json(scope: Scope) -> bool:
    for name, value in scope.get("headers", ()):
        if name == b"content-type":
            return b"json" in value.lower()
    return True  # FastAPI reads a body without a content type as JSON too


def add_hostile_input_checks(
    app: FastAPI, prefix: str, streamed: re.Pattern[str] | None = None
) -> None:
    """Registered before the body-size limit, which therefore runs first (outermost). GPS
    devices' endpoints answer in their own protocol's terms (400 naming the field) and check
    their values themselves; the storage guard stands behind them too."""
    app.add_middleware(
        HostileInput, prefix=prefix, routes=lambda: app.router.routes, skip=(prefix + "/gps/",),
        streamed=streamed,
    )  # fmt: skip
