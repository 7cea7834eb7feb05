"""dispatch-server: every Backend use case over HTTP (rest/wire.py says where), behind tokens.

The server keeps no state of its own between requests: who is asking comes from the token in the
database, what changed from the event log. Several instances against one PostgreSQL serve the
same consoles."""

from __future__ import annotations

import inspect
import json
import logging
import os
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any, cast

from fastapi import Depends, FastAPI, Header, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, ConfigDict, StrictInt, create_model
from sqlalchemy import exc as sa_exc

from ..domain.errors import ConflictError, DatabaseFull, DomainError, NotSignedIn
from ..domain.selfservice import MAX_PHOTO_BYTES, MAX_PHOTOS
from ..ports import Actor
from ..rest.wire import (
    API,
    BYTES_AS_BASE64,
    LONG_POLLS,
    PUBLIC,
    ROUTES,
    Route,
    error_status,
    signature,
)
from ..rest.wire import to_json as encode
from ..runtime.supervise import Supervisor
from ..services import Services
from ..versions import API_VERSION, VERSION
from .apidocs import add_api_docs
from .auth import add_auth_routes, with_address
from .chat import ChatConfig, add_chat_webhooks
from .company import Company, Forward, ForwardServices, current
from .events import EventHub, add_event_socket
from .gps import add_gps_routes
from .hostile import add_hostile_input_checks
from .limits import RateLimiter
from .once import RunOnce
from .packing import json_answer
from .pbx import add_cti_webhook
from .refusal import refused
from .seats import Seats
from .streams import StreamLimits
from .testing import TestHooks, add_test_routes
from .uploads import STREAMED, add_attachment_route, streamed_paths
from .web.customer import add_customer_pages
from .web.home import add_home_page
from .web.optout import add_optout_page
from .web.pages import WEB, Pages, WebConfig
from .web.reschedule import add_reschedule_page
from .web.technician import add_technician_page

log = logging.getLogger(__name__)
RETRY_AFTER_S = 5  # what a 503 asks clients to wait before trying again

MAX_BODY = 16 * 1024 * 1024
# the web pages' forms carry photos: five of at most 10 MB each (phones shrink them first)
MAX_UPLOAD = MAX_PHOTOS * MAX_PHOTO_BYTES + 1024 * 1024
UPLOAD_PATHS = ("/r/",)
PHOTOS_TOO_LARGE = "The photos are too large to send together. Go back and choose fewer photos."
# a hub polls at least every FOLLOW_WAIT_S; this long without one is an outage, not a slow poll
STALE_AFTER_S = 15.0
RENAMED = {"expected_version": "version"}  # the names the services use in their errors
CURRENT_STATE = {"ticket": "get_ticket", "customer": "get_customer", "technician": "get_technician"}


def create_app(
    services: Services,
    *,
    test_hooks: TestHooks | None = None,
    web: WebConfig | None = None,
    chat: ChatConfig | None = None,
    once: RunOnce | None = None,
    on_close: Callable[[], None] | None = None,
    stale_after: float = STALE_AFTER_S,
    seats: Seats | None = None,
    supervisor: Supervisor | None = None,
) -> FastAPI:
    """`services` acts for nobody in particular; each request gets a copy acting for its token.
    `test_hooks`: only for the test suite (reset, clock, any actor). `web`: what the customers'
    and technicians' pages say about the desk. `chat`: the chat systems' webhook secrets.
    `once`: the work this process runs while it leads (server/once.py). `on_close`: called
    when the server stops (the store's connections). `stale_after`: seconds without an answer
    from the database before /healthz says live events are stale. `seats`: a hosted
    company's seat limit (none on a company's own server). `supervisor`: keeps this
    process's long-lived threads running; /healthz lists them."""
    company = open_company(services, test_hooks=test_hooks, once=once, on_close=on_close,
                           stale_after=stale_after, seats=seats, supervisor=supervisor)  # fmt: skip
    return app_for(company, web, chat, stale_after=stale_after)


def app_for(
    company: Company,
    web: WebConfig | None = None,
    chat: ChatConfig | None = None,
    *,
    stale_after: float = STALE_AFTER_S,
) -> FastAPI:
    """The app of one company's own server, which starts and stops it."""

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        await company.start()
        yield
        await company.stop()

    return _build(company, lifespan, web, chat, test_routes=company.test_hooks is not None,
                  loops=company.loops, stale_after=stale_after)  # fmt: skip


def open_company(
    services: Services,
    *,
    test_hooks: TestHooks | None = None,
    once: RunOnce | None = None,
    on_close: Callable[[], None] | None = None,
    stale_after: float = STALE_AFTER_S,
    seats: Seats | None = None,
    supervisor: Supervisor | None = None,
) -> Company:
    """One company's objects (server/company.py), not started; arguments as for create_app."""
    hub = EventHub(services, supervisor or Supervisor())
    hub.stale_after = stale_after
    company = Company(services, hub, once=once, on_close=on_close, seats=seats,
                      test_hooks=test_hooks, loops=hub.supervisor)  # fmt: skip
    if test_hooks is not None:
        wipe = test_hooks.reset

        def reset_and_rewind() -> None:
            wipe()
            hub.rewind()
            RateLimiter.forget_all()

        test_hooks.reset = reset_and_rewind
    return company


def shared_app(
    web: WebConfig | None = None,
    chat: ChatConfig | None = None,
    *,
    test_routes: bool = False,
    stale_after: float = STALE_AFTER_S,
) -> FastAPI:
    """The routes of every company, built once: each request is served for the company the
    tenant router set in CURRENT (server/company.py), which also starts and stops them."""
    return _build(None, None, web, chat, test_routes=test_routes, loops=Supervisor(),
                  stale_after=stale_after)  # fmt: skip


def _build(
    fixed: Company | None,
    lifespan: Any,
    web: WebConfig | None,
    chat: ChatConfig | None,
    *,
    test_routes: bool,
    loops: Supervisor,
    stale_after: float,
) -> FastAPI:
    """The app over `fixed`, or with None over the company of each request."""
    company: Callable[[], Company] = (lambda: fixed) if fixed is not None else current
    # what the route builders keep: the company's own objects, or stand-ins for the current's
    services: Services = fixed.services if fixed else cast(Services, ForwardServices())
    hub: EventHub = fixed.hub if fixed else cast(EventHub, Forward("hub"))
    limits: StreamLimits = fixed.limits if fixed else cast(StreamLimits, Forward("limits"))
    seats: Seats | None = fixed.seats if fixed else cast(Seats, Forward("seats"))
    hooks: TestHooks | None = None
    if test_routes:
        hooks = fixed.test_hooks if fixed else cast(TestHooks, Forward("test_hooks"))

    app = FastAPI(
        title="Dispatch Console API",
        version=VERSION,
        description="Tickets, dispatch, calls and callbacks for field-service desks.",
        lifespan=lifespan,
        docs_url=None,  # served by add_api_docs without a CDN
        redoc_url=None,
    )
    add_api_docs(app)

    def resolve(raw: str) -> Actor:
        c = company()
        if c.test_hooks is not None and raw in c.test_actors:
            return c.test_actors[raw]
        known = c.tokens
        hit = known.get(raw)
        expires = hit.extra.get("expires_at") if hit is not None else None
        if hit is not None and (expires is None or services.now() < expires):
            return hit
        return known.put(raw, services.actor_for_token(raw))

    def actor(authorization: str | None = Header(default=None)) -> Actor:
        if not authorization or not authorization.lower().startswith("bearer "):
            raise NotSignedIn("sign in first: send Authorization: Bearer <token>")
        return resolve(authorization[7:].strip())

    signed_in = Depends(actor)

    def acting(request: Request, who: Actor = signed_in) -> Services:
        return services.as_actor(with_address(who, request))  # the throttle counts by it

    def anonymous() -> Services:
        return services.as_actor(Actor("anonymous", "anonymous"))

    for route in ROUTES:
        if route.name in STREAMED:  # read as it arrives, into a file (server/uploads.py)
            add_attachment_route(app, route, acting, _once, MAX_BODY)
            continue
        _add_use_case(app, route, anonymous if route.name in PUBLIC else acting, limits)

    def forget(raw: str) -> None:  # the request's company's, when the route runs
        company().tokens.forget(raw)

    def forget_all() -> None:
        company().tokens.clear()

    add_auth_routes(app, services, actor, forget, forget_all, seats)
    add_event_socket(app, services, hub, resolve, limits)
    add_cti_webhook(app, services, resolve)
    add_chat_webhooks(app, services, resolve, chat or ChatConfig())
    add_gps_routes(app, services, resolve)
    pages = Pages(web or WebConfig())
    add_customer_pages(app, services, pages)
    add_reschedule_page(app, services, pages)
    add_optout_page(app, services, pages)
    add_technician_page(app, pages)
    add_home_page(app, pages)
    app.mount("/web/static", StaticFiles(directory=WEB / "static"), name="web-static")
    if hooks is not None:
        add_test_routes(app, hooks, lambda: company().test_actors)

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> JSONResponse:
        """200 while this process serves and its live events flow; 503 once its event hub has
        not polled the database for `stale_after` (consoles then miss live updates). `loops`:
        each long-lived thread, whether it runs, and how often it was restarted after an
        unexpected error (the last one named)."""
        c = company()
        body = health(c.hub, c.once, loops, stale_after)
        return JSONResponse(body, status_code=200 if body["status"] == "ok" else 503)

    @app.get(API + "/version", tags=["server"])
    def version() -> dict[str, str | int]:
        """Unauthenticated: a console checks it can work with this server before signing in."""
        return {"version": VERSION, "api": API_VERSION}

    @app.exception_handler(DomainError)
    def domain_error(request: Request, exc: DomainError) -> JSONResponse:
        body = exc.to_dict()
        if isinstance(exc, ConflictError) and exc.entity in CURRENT_STATE:
            body["current"] = _current(services, exc)
        status = error_status(exc)
        headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
        return JSONResponse(body, status_code=status, headers=headers)

    @app.exception_handler(sa_exc.OperationalError)
    @app.exception_handler(sa_exc.InterfaceError)
    @app.exception_handler(DatabaseFull)
    def database_away(request: Request, exc: Exception) -> JSONResponse:
        # the database is down, silent past its timeouts, or full: not the request's fault,
        # and not for ever; a console keeps the write and sends it again
        method = getattr(request, "method", "WEBSOCKET")  # a socket's handler may raise it too
        log.warning("database unavailable for %s %s: %s", method, request.url.path,
                    type(exc).__name__)  # fmt: skip
        return JSONResponse(
            {"code": "unavailable", "message": "the database is not answering; try again "
             "shortly"}, status_code=503, headers={"Retry-After": str(RETRY_AFTER_S)},
        )  # fmt: skip

    @app.exception_handler(OverflowError)
    def out_of_range(request: Request, exc: OverflowError) -> JSONResponse:
        # a number no database column can hold (an id of 2**70): the request is wrong
        return refused("request", "a number is out of range")

    @app.exception_handler(RequestValidationError)
    def bad_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {"loc": ("request",), "msg": "invalid"}
        where = [str(x) for x in first.get("loc", ()) if x not in ("body", "query", "path")
                 and not isinstance(x, int)]  # fmt: skip
        where = [RENAMED.get(w, w) for w in where[-1:]]  # the field itself, as services name it
        return refused(".".join(where) or "request", str(first.get("msg")))

    # inside the size limit below: sizes are checked first
    add_hostile_input_checks(app, API, streamed_paths(ROUTES))

    @app.middleware("http")
    async def limit_body(request: Request, call_next: Callable[[Request], Any]) -> Any:
        length = request.headers.get("content-length")
        if "chunked" in request.headers.get("transfer-encoding", "").lower():
            # a chunked body of unknown size would be read whole before any check
            return refused("request", "send Content-Length: a body must say how long it is", 411)
        limit = MAX_UPLOAD if request.url.path.startswith(UPLOAD_PATHS) else MAX_BODY
        if length is not None and (not length.isdigit() or int(length) > limit):
            if request.url.path.startswith(UPLOAD_PATHS):  # a customer's phone: a page, not JSON
                return pages.message(request, 413, "Photos too large", PHOTOS_TOO_LARGE)
            return refused("request", f"too large: at most {limit // (1024 * 1024)} MB", 413)
        return await call_next(request)

    return app


def _current(services: Services, exc: ConflictError) -> Any:
    getter = CURRENT_STATE[exc.entity]
    try:
        value = getattr(services, getter)(int(str(exc.entity_id)))
    except (DomainError, TypeError, ValueError):
        return None
    return encode(signature(getter).returns, value)


def _add_use_case(
    app: FastAPI, route: Route, services_for: Callable[..., Services], limits: StreamLimits
) -> None:
    """One endpoint: path parameters from the template, GET parameters from the query string,
    the rest from a JSON body validated against the use case's own type hints."""
    sig = signature(route.name)
    in_path = set(route.path_params)
    body_params = [p for p in sig.params if p.name not in in_path]
    params = [
        inspect.Parameter("services", inspect.Parameter.KEYWORD_ONLY,
                          default=Depends(services_for), annotation=Services)
    ]  # fmt: skip
    for p in sig.params:
        if p.name in in_path:
            params.append(
                inspect.Parameter(p.name, inspect.Parameter.KEYWORD_ONLY, annotation=p.annotation)
            )
    body_model: type[BaseModel] | None = None
    if route.verb == "GET":
        for p in body_params:
            default = None if p.default is inspect.Parameter.empty else p.default
            required = p.default is inspect.Parameter.empty
            params.append(
                inspect.Parameter(
                    p.name, inspect.Parameter.KEYWORD_ONLY, annotation=p.annotation,
                    **({} if required else {"default": default}),
                )
            )  # fmt: skip
    elif body_params:
        body_model = _body_model(route, body_params)
        params.append(
            inspect.Parameter("body", inspect.Parameter.KEYWORD_ONLY, annotation=body_model)
        )

    if not route.read_only:  # a read's key, if a client sends one, is not even looked at
        params.append(
            inspect.Parameter(
                "idempotency_key", inspect.Parameter.KEYWORD_ONLY, annotation=str | None,
                default=Header(default=None, alias="Idempotency-Key", max_length=100),
            )
        )  # fmt: skip

    params.append(inspect.Parameter("http_request", inspect.Parameter.KEYWORD_ONLY,
                                    annotation=Request))  # fmt: skip

    def endpoint(**kwargs: Any) -> Response:
        services: Services = kwargs.pop("services")
        request: Request = kwargs.pop("http_request")
        key = kwargs.pop("idempotency_key", None)
        body = kwargs.pop("body", None)
        if body is not None:
            values = {p.name: getattr(body, p.name) for p in body_params if not p.variadic}
            kwargs.update(values)
            kwargs.update(body.model_extra or {})

        def run(acting: Services) -> str:
            result = getattr(acting, route.name)(**kwargs)
            return json.dumps(encode(sig.returns, result), ensure_ascii=False)

        if route.name in LONG_POLLS:  # holds a thread while it waits: counted
            with limits.hold(services.actor.name, long_poll=True):
                return Response(run(services), media_type="application/json")
        if not key:
            return json_answer(run(services), request.headers.get("accept-encoding", ""))
        return _once(services, key, route.name, run)

    endpoint.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    endpoint.__name__ = route.name
    app.add_api_route(
        API + route.path,
        endpoint,
        methods=[route.verb],
        name=route.name,
        summary=route.name.replace("_", " "),
        response_model=None,
        responses={200: {"content": {"application/json": {}}}},
    )


def _once(services: Services, key: str, route: str, run: Callable[[Services], str]) -> Response:
    """The write behind an Idempotency-Key: done the first time, its answer (or its refusal)
    replayed for every retry; never done twice.

    The claim of the key, the write and its answer commit in ONE transaction (each a savepoint
    of it): a server killed anywhere before the commit leaves nothing, and the retry does the
    write; after it, the retry gets the answer. (Three transactions left a window where the
    write was kept and its key was not: the retry waited 2 minutes, then wrote it again.) A
    retry arriving while the first is under way waits for its commit behind the key's row."""
    with services.open_unit_of_work() as outer:
        acting = services.within(outer)
        earlier = acting.claim_request_key(key, route)
        if earlier is not None:
            if not earlier.done:  # claimed by a server of the old kind, which died
                return JSONResponse(
                    {"code": "in_progress", "message": "the same request is still being "
                     "processed; try again in a moment"}, status_code=409,
                )  # fmt: skip
            return Response(
                earlier.response, status_code=earlier.status_code or 200,
                media_type="application/json",
            )  # fmt: skip
        try:
            answer = run(acting)
        except DomainError as exc:  # refused: the refusal is the answer, kept like any other
            acting.finish_request_key(key, error_status(exc), json.dumps(exc.to_dict()))
            outer.commit()
            raise
        acting.finish_request_key(key, 200, answer)
        outer.commit()
    return Response(answer, media_type="application/json")


def _body_model(route: Route, params: list[Any]) -> type[BaseModel]:
    fields: dict[str, Any] = {}
    variadic = False
    for p in params:
        if p.variadic:
            variadic = True
            continue
        required = p.default is inspect.Parameter.empty
        fields[p.name] = (_strict_ints(p.annotation), ... if required else p.default)
    config = ConfigDict(**BYTES_AS_BASE64, extra="allow" if variadic else "forbid")
    model: type[BaseModel] = create_model(
        "".join(w.title() for w in route.name.split("_")) + "Body", __config__=config, **fields
    )
    return model


def _strict_ints(annotation: Any) -> Any:
    """JSON true is not the number 1 (pydantic would take it for one): whole numbers stay
    whole numbers, as the services expect."""
    if annotation is int:
        return StrictInt
    if annotation == (int | None):
        return StrictInt | None
    return annotation


def health(
    hub: EventHub, once: RunOnce | None, loops: Supervisor, stale_after: float
) -> dict[str, Any]:
    """/healthz's body."""
    age = hub.poll_age()
    return {
        "status": "ok" if age <= stale_after else "stale",
        "pid": os.getpid(),
        "events": {"last_poll_age_s": round(age, 1), "outage_s": round(hub.outage(), 1)},
        "runs_once": once.leading if once is not None else None,
        "loops": {
            s.name: {"running": s.running, "restarts": s.restarts, "error": s.error}
            for s in loops.states()
        },
        "version": VERSION,
    }
