"""RestBackend: the Backend protocol over HTTP to dispatch-server, for consoles that are not on
the database's network. Every use case is generated from the shared route table, so the client
offers exactly what the server serves; errors come back as the domain's own exceptions.

Calls block (the console runs them off the GUI thread); each thread keeps its own HTTP
connection pool, because a requests.Session is not safe to share between threads.

requests, urllib3 and websockets are imported by the first call, not with this module: every
console imports it, most work on a database and never call a server, and those packages cost
a noticeable part of a cold start."""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import ExitStack, contextmanager
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import quote

from ..domain.errors import DomainError, NotSignedIn, PermissionDenied, TooManyAttempts
from ..domain.events import Event
from ..domain.model import User
from ..ports import Actor, Backend, FeedBatch
from .delivery import deliver, flush
from .errors import ServerError, ServerUnreachable, tenant_refusal
from .pending_writes import QUEUEABLE, Flushed, PendingWrites
from .wire import (
    API,
    BY_NAME,
    LONG_POLLS,
    ROUTES,
    error_from,
    from_json,
    query_value,
    signature,
    to_json,
)

if TYPE_CHECKING:
    import requests

TIMEOUT_S = 30.0
CONNECT_TIMEOUT_S = 5.0
WAIT_MARGIN_S = 10.0
WRITE_RETRIES = 2  # a write whose answer was lost is sent again, with the same key
GATEWAY_DOWN = frozenset({502, 503, 504})
# the event stream's close codes (4000 + the HTTP status they stand for)
CLOSED_BECAUSE: dict[int, type[DomainError]] = {
    4401: NotSignedIn, 4403: PermissionDenied, 4429: TooManyAttempts,
}  # fmt: skip
RETRY_PAUSE_S = 0.5  # a long poll may take its whole timeout; the request must outlast it


class RestBackend:
    """The Backend protocol against `base_url` (e.g. http://dispatch.corp:8470), as whoever
    `token` belongs to."""

    def __init__(
        self, base_url: str, token: str, actor: Actor | None = None, *, timeout: float = TIMEOUT_S
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout = timeout
        self._local = threading.local()
        self._lock = threading.Lock()
        self._open: dict[int, ExitStack] = {}  # event streams, whatever thread opened them
        self._sessions: list[requests.Session] = []
        self.pending_writes: PendingWrites | None = (
            None  # set by a console: offline writes wait in it
        )
        self.actor = actor or self._whoami()

    @classmethod
    def sign_in(cls, base_url: str, username: str, password: str) -> tuple[RestBackend, User]:
        import requests

        with requests.Session() as session:
            raw = _request(
                session, "POST", base_url.rstrip("/") + API + "/auth/login",
                json={"username": username, "password": password}, timeout=TIMEOUT_S,
            )  # fmt: skip
        user = from_json(User, raw["user"])
        actor = Actor(
            user.username, user.role.value, user.id, raw.get("technician_id"),
            department_id=user.department_id,
        )  # fmt: skip
        return cls(base_url, raw["token"], actor), user

    def sign_out(self) -> None:
        self._send("POST", "/auth/logout")

    # a hosted company's seats (docs/saas.md): server-only, for its administrators
    def seats(self) -> dict[str, Any]:
        """The seat limit (None on a company's own server), how many are in use, and who
        holds them with their sessions' ids."""
        return dict(self._send("GET", "/auth/seats"))

    def end_session(self, token_id: int) -> None:
        """Signs a session out: its seat frees at once."""
        self._send("DELETE", f"/auth/tokens/{int(token_id)}")

    def seat_usage(self, month: str) -> dict[str, Any]:
        """`month` (YYYY-MM): who signed in how often, for the bill."""
        return dict(self._send("GET", "/auth/seats/usage", params={"month": month}))

    def as_backend(self) -> Backend:
        return cast(Backend, self)

    def _whoami(self) -> Actor:
        me = self._send("GET", "/auth/me")
        return Actor(
            me["name"], me["role"], me.get("user_id"), me.get("technician_id"),
            department_id=me.get("department_id"),  # None from a server that does not say
        )  # fmt: skip

    def _send(
        self,
        verb: str,
        path: str,
        *,
        params: dict[str, str] | None = None,
        data: Any = None,
        timeout: float | None = None,
        key: str | None = None,
        retries: int = WRITE_RETRIES,
        read: bool = False,
    ) -> Any:
        """`data` goes as JSON; NaN and infinities included (the server refuses them in words,
        as the SQL backend does, rather than the client failing to encode them). `read`: a
        question sent as POST (a search): no Idempotency-Key, the server records nothing."""
        session = self._session()
        headers = {"Authorization": f"Bearer {self.token}"}
        body = None
        if data is not None:
            body = json.dumps(data, ensure_ascii=False).encode()
            headers["Content-Type"] = "application/json"
        if verb == "GET" or read:
            return _request(
                session, verb, self.base_url + API + path, params=params, data=body,
                headers=headers, timeout=timeout or self.timeout,
            )  # fmt: skip
        # a write may be sent again (the answer was lost): the key makes the server do it once
        headers["Idempotency-Key"] = key or getattr(self._local, "key", None) or uuid.uuid4().hex
        for attempt in range(1 + retries):
            try:
                return _request(
                    session, verb, self.base_url + API + path, params=params, data=body,
                    headers=headers, timeout=timeout or self.timeout,
                )  # fmt: skip
            except ServerUnreachable as exc:
                if attempt == retries or not exc.sent:  # nothing reached it: nothing to retry
                    raise
                time.sleep(RETRY_PAUSE_S * (attempt + 1))
            except DomainError as exc:
                if exc.code != "in_progress" or attempt == retries:
                    raise
                time.sleep(RETRY_PAUSE_S * (attempt + 1))
        raise AssertionError("unreachable")

    def call(self, name: str, /, *args: Any, **kwargs: Any) -> Any:
        route, sig = BY_NAME[name], signature(name)
        values: dict[str, Any] = {}
        extras: dict[str, Any] = {}
        positional = [p for p in sig.params if not p.variadic]
        for p, value in zip(positional, args, strict=False):
            values[p.name] = value
        for key, value in kwargs.items():
            if any(p.name == key and not p.variadic for p in sig.params):
                values[key] = value
            else:
                extras[key] = value
        path = route.path
        for key in route.path_params:
            path = path.replace("{" + key + "}", quote(str(values.pop(key)), safe=""))
        timeout = None
        if name in LONG_POLLS:
            timeout = float(values.get("timeout", 25.0)) + WAIT_MARGIN_S
        if route.verb == "GET":
            params = {k: query_value(v) for k, v in values.items() if v is not None}
            raw = self._send("GET", path, params=params, timeout=timeout)
        else:
            annotations = {p.name: p.annotation for p in sig.params}
            body = {k: to_json(annotations[k], v) for k, v in values.items()}
            body.update({k: to_json(Any, v) for k, v in extras.items()})
            if self.pending_writes is not None and name in QUEUEABLE:
                raw = self._deliver_or_queue(self.pending_writes, name, route.verb, path, body)
            else:
                raw = self._send(route.verb, path, data=body, timeout=timeout, read=route.reads)
        return from_json(sig.returns, raw)

    def _deliver_or_queue(
        self, pending_writes: PendingWrites, name: str, verb: str, path: str, body: dict[str, Any]
    ) -> Any:
        return deliver(pending_writes, self._send, self.base_url, name, verb, path, body)

    def flush_pending_writes(self) -> Flushed:
        """Sends the kept writes in order (rest/delivery.py). A write the server refuses for
        good is marked, not dropped."""
        if self.pending_writes is None:
            return Flushed(0, 0, 0)
        with self.pending_writes.flushing:
            return flush(self.pending_writes, self._send)[0]

    @contextmanager
    def request_key(self, key: str) -> Iterator[None]:
        """Writes made by this thread inside the block carry `key` (a form saved again after
        a lost answer: the server does it once)."""
        self._local.key = key
        try:
            yield
        finally:
            self._local.key = None

    def wait_for_events(self, after_id: int, timeout: float = 25.0) -> list[Event]:
        """Events after `after_id`, waiting up to `timeout` for the first: from the server's
        WebSocket, kept open between calls (one per thread). A call from another position
        (the caller missed a batch, or starts over) reconnects from there: nothing is missed
        or doubled."""
        from websockets.exceptions import ConnectionClosed

        local = self._local
        socket = getattr(local, "socket", None)
        alive = socket is not None and id(socket) in self._open  # close() ends them all
        if not alive or getattr(local, "position", None) != after_id:
            self._close_socket()
            socket = local.socket = self._connect(after_id)
        assert socket is not None
        try:
            message = socket.recv(timeout=max(timeout, 0.0))
        except TimeoutError:
            local.position = after_id
            return []
        except ConnectionClosed as exc:
            self._close_socket()
            code = exc.rcvd.code if exc.rcvd is not None else None
            if code in CLOSED_BECAUSE:  # the server said no, and why: not a network problem
                raise CLOSED_BECAUSE[code](exc.rcvd.reason if exc.rcvd else "") from None
            raise ServerUnreachable(self.base_url, "the event stream closed") from exc
        except OSError as exc:  # a server restart: the caller retries
            self._close_socket()
            raise ServerUnreachable(self.base_url, "the event stream closed") from exc
        events: list[Event] = from_json(list[Event], json.loads(message))
        local.position = events[-1].id if events else after_id
        return events

    def event_batches(self, after_id: int) -> AsyncIterator[FeedBatch]:
        """The event stream for an asyncio loop (the console's, through qasync): batches after
        `after_id` until the stream ends with an error (see rest/stream.py)."""
        from .stream import event_batches

        return event_batches(self.base_url, self.token, after_id, dict(CLOSED_BECAUSE))

    def _connect(self, after_id: int) -> Any:
        from websockets.exceptions import InvalidHandshake, InvalidStatus
        from websockets.sync.client import connect

        url = self.base_url.replace("http", "ws", 1) + API + f"/events?after={after_id}"
        opened = ExitStack()
        try:
            socket = opened.enter_context(
                connect(
                    url, additional_headers={"Authorization": f"Bearer {self.token}"},
                    open_timeout=10, max_size=32 * 1024 * 1024,
                )
            )  # fmt: skip
        except InvalidStatus as exc:
            status = exc.response.status_code
            raise ServerError(status, "the event stream was refused") from exc
        except (OSError, TimeoutError, InvalidHandshake) as exc:
            raise ServerUnreachable(self.base_url, "no event stream") from exc
        self._local.position = after_id
        with self._lock:
            self._open[id(socket)] = opened
        return socket

    def _close_socket(self) -> None:
        socket = getattr(self._local, "socket", None)
        self._local.socket = None
        if socket is not None:
            with self._lock:
                opened = self._open.pop(id(socket), None)
            if opened is not None:
                opened.close()

    def close(self) -> None:
        """Closes every event stream and connection pool this backend opened, on any thread."""
        with self._lock:
            streams, self._open = list(self._open.values()), {}
            sessions, self._sessions = self._sessions, []
        for opened in streams:
            opened.close()
        for session in sessions:
            session.close()

    def _session(self) -> requests.Session:
        session: requests.Session | None = getattr(self._local, "session", None)
        if session is None:
            import requests

            session = self._local.session = requests.Session()
            with self._lock:
                self._sessions.append(session)
        return session

    def as_actor(self, actor: Actor) -> RestBackend:
        """Only against a server started for the test suite: act as anyone."""
        raw = _request(
            self._session(), "POST", self.base_url + "/_test/token",
            json={"name": actor.name, "role": actor.role, "user_id": actor.user_id,
                  "technician_id": actor.technician_id},
            timeout=self.timeout,
        )  # fmt: skip
        return RestBackend(self.base_url, raw["token"], actor, timeout=self.timeout)


def _use_case(name: str) -> Callable[..., Any]:
    def method(self: RestBackend, *args: Any, **kwargs: Any) -> Any:
        return self.call(name, *args, **kwargs)

    method.__name__ = name
    method.__doc__ = f"`{name}` on the server ({BY_NAME[name].verb} {API}{BY_NAME[name].path})."
    return method


for _route in ROUTES:
    if _route.name not in RestBackend.__dict__:  # those written out above know better
        setattr(RestBackend, _route.name, _use_case(_route.name))


def _request(session: requests.Session, verb: str, url: str, **kwargs: Any) -> Any:
    import requests
    from urllib3.exceptions import NewConnectionError

    if isinstance(kwargs.get("timeout"), int | float):  # a server that is not there: say so soon
        kwargs["timeout"] = (min(CONNECT_TIMEOUT_S, kwargs["timeout"]), kwargs["timeout"])
    try:
        response = session.request(verb, url, **kwargs)
    except requests.ConnectionError as exc:
        refused = isinstance(exc, requests.ConnectTimeout) or isinstance(
            getattr(exc.args[0] if exc.args else None, "reason", None), NewConnectionError
        )  # no connection was made: the request never left this PC
        raise ServerUnreachable(
            url.split(API, maxsplit=1)[0], "no connection", sent=not refused
        ) from exc
    except requests.Timeout as exc:
        raise ServerUnreachable(url.split(API, maxsplit=1)[0], "timed out") from exc
    if response.status_code < 400:
        return response.json()
    if response.status_code in GATEWAY_DOWN:  # a proxy in front of a server that is away
        raise ServerUnreachable(url.split(API, maxsplit=1)[0], f"HTTP {response.status_code}")
    try:
        body = response.json()
    except ValueError:
        raise ServerError(response.status_code, response.text) from None
    if isinstance(body, dict) and "code" in body:
        raise error_from(body)
    raise ServerError(response.status_code, response.text)


class ServerSignIn:
    """What the sign-in dialog needs, against a server: checking a password signs in (and keeps
    the session), and an empty server's first administrator is created through it."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url.rstrip("/")
        self.backend: RestBackend | None = None
        self._public = RestBackend(self.base_url, "", Actor("sign-in", "anonymous"))

    def healthy(self) -> None:
        """Raises ServerUnreachable (or ServerError) unless the server answers /healthz."""
        import requests

        url = self.base_url + "/healthz"
        try:
            with requests.Session() as session:
                response = session.get(url, timeout=5)
        except requests.RequestException as exc:
            raise ServerUnreachable(self.base_url, type(exc).__name__) from exc
        if not response.ok:
            raise ServerError(response.status_code, response.text)

    def versions(self) -> tuple[str | None, int | None]:
        """The server's package and API version (unauthenticated); (None, None) from a server
        too old to say."""
        import requests

        try:
            with requests.Session() as session:
                response = session.get(self.base_url + API + "/version", timeout=5)
        except requests.RequestException as exc:
            raise ServerUnreachable(self.base_url, type(exc).__name__) from exc
        refused = tenant_refusal(response.status_code, response.text)
        if refused is not None:  # a hosted server: no such company here, or it is suspended
            raise refused
        if response.status_code == 404:
            return None, None
        if not response.ok:
            raise ServerError(response.status_code, response.text)
        try:
            body = response.json()
            return str(body["version"]), int(body["api"])
        except (ValueError, KeyError, TypeError):
            raise ServerError(response.status_code, "not a dispatch-server's version") from None

    def setup_needed(self) -> bool:
        return bool(self._public.call("setup_needed"))

    def create_first_admin(self, username: str, display_name: str, password: str) -> User:
        user: User = self._public.call("create_first_admin", username, display_name, password)
        self.authenticate(username, password)
        return user

    def authenticate(self, username: str, password: str) -> User:
        self.backend, user = RestBackend.sign_in(self.base_url, username, password)
        return user
