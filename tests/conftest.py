"""Shared fixtures: a controllable clock and every Backend implementation, one fresh database each.

`backend` is parametrised by transport: `Services` over SQLite, over PostgreSQL, and the
console's RestBackend talking to a real dispatch-server process on loopback (one per session, in
test mode, emptied before each test; its clock follows the test's), over SQLite ("rest") and over
a PostgreSQL database of its own ("rest-pg", as a team deploys it). Each acts for the dispatcher
"alice" on an empty, fully migrated database; the contract tests only ever talk to the object
`backend` yields.

PostgreSQL runs when DISPATCH_TEST_DATABASE_URL points at a server we may create databases on:
the session creates one scratch database (`dispatch_test_...`), migrates it once, and empties it
before each test (a DELETE per table is much faster than TRUNCATE or CREATE DATABASE on tiny
tables). SQLite migrates one template file per session and copies it per test.
"""

from __future__ import annotations

import logging
import os
import shutil
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import keyring
import keyring.backend
import keyring.errors
import pytest

from dispatch_console.ports import Actor
from dispatch_console.services import Services
from dispatch_console.storage.reset import wipe_statements
from dispatch_console.storage.store import SqlStore

PG_URL_ENV = "DISPATCH_TEST_DATABASE_URL"
PG_SKIP_REASON = (
    f"{PG_URL_ENV} is not set; set it to a PostgreSQL server URL "
    "(e.g. postgresql://postgres@127.0.0.1:5432/test) to run the PostgreSQL contract tests"
)
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday morning


class FakeClock:
    """The clock every use case and the event log read. Time moves only when a test says so."""

    def __init__(self, start: datetime = START) -> None:
        self.start = start
        self._now = start
        self._lock = threading.Lock()
        self.listeners: list[Callable[[datetime], None]] = []  # a server process's clock

    def now(self) -> datetime:
        with self._lock:
            return self._now

    def advance(self, delta: timedelta | None = None, **kwargs: float) -> datetime:
        with self._lock:
            self._now += delta if delta is not None else timedelta(**kwargs)
            now = self._now
        for tell in self.listeners:
            tell(now)
        return now

    def set(self, at: datetime) -> None:
        with self._lock:
            self._now = at
        for tell in self.listeners:
            tell(at)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


# --- SQLite --------------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One migrated database file per session; each test gets a copy (migrating costs ~0.1 s)."""
    path = tmp_path_factory.mktemp("sqlite-template") / "template.sqlite3"
    store = SqlStore(f"sqlite:///{path}")
    try:
        store.upgrade()
    finally:
        store.close()  # checkpoints the WAL, so the file alone is the whole database
    return path


def _sqlite_store(request: pytest.FixtureRequest, clock: FakeClock, tmp_path: Path) -> SqlStore:
    template: Path = request.getfixturevalue("sqlite_template")
    path = tmp_path / "dispatch.sqlite3"
    shutil.copyfile(template, path)
    return SqlStore(f"sqlite:///{path}", clock=clock.now)


# --- PostgreSQL ----------------------------------------------------------------------------------
@dataclass
class PgDatabase:
    url: str
    reset: Callable[[], None]


@contextmanager
def _scratch_pg_database(admin_url: str) -> Iterator[str]:
    """A fresh, migrated PostgreSQL database for the session (its URL), dropped after."""
    import psycopg
    from sqlalchemy.engine import make_url

    name = f"dispatch_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    admin_dsn = make_url(admin_url).set(drivername="postgresql")
    with psycopg.connect(admin_dsn.render_as_string(hide_password=False), autocommit=True) as c:
        c.execute(f'CREATE DATABASE "{name}"')
        # a scratch database: durability buys nothing, and every commit would wait for fsync
        c.execute(f'ALTER DATABASE "{name}" SET synchronous_commit = off')
    url = admin_dsn.set(database=name).render_as_string(hide_password=False)
    try:
        store = SqlStore(url)
        try:
            store.upgrade()
        finally:
            store.close()
        yield url
    finally:
        with psycopg.connect(admin_dsn.render_as_string(hide_password=False), autocommit=True) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def pg_database() -> Iterator[PgDatabase]:
    admin_url = os.environ.get(PG_URL_ENV)
    if not admin_url:
        pytest.skip(PG_SKIP_REASON)
    import psycopg

    with _scratch_pg_database(admin_url) as url:
        cleaner = psycopg.connect(url, autocommit=True)
        try:
            sequences = [
                r[0]
                for r in cleaner.execute(
                    "SELECT sequencename FROM pg_sequences WHERE schemaname = current_schema()"
                )
            ]
            wipe = "; ".join(wipe_statements("postgresql", sequences))
            yield PgDatabase(url, lambda: cleaner.execute(wipe))
        finally:
            cleaner.close()


def _postgres_store(request: pytest.FixtureRequest, clock: FakeClock, tmp_path: Path) -> SqlStore:
    db: PgDatabase = request.getfixturevalue("pg_database")
    db.reset()
    return SqlStore(db.url, clock=clock.now)


# --- a dispatch-server process -----------------------------------------------------------------
class RestServer:
    """A real server process on loopback (SQLite, test mode), emptied before each test."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.clients: list[Any] = []  # every backend a test made, closed after it

    def _post(self, path: str, body: dict[str, Any]) -> Any:
        import requests

        response = requests.post(self.url + path, json=body, timeout=30)
        response.raise_for_status()
        return response.json()

    def fresh(self, actor: Actor, clock: FakeClock) -> Any:
        from dispatch_console.rest.client import RestBackend

        self._post("/_test/reset", {})
        self._post("/_test/clock", {"now": clock.now().isoformat()})
        clock.listeners.append(lambda at: self._post("/_test/clock", {"now": at.isoformat()}))
        token = self._post("/_test/token", {"name": actor.name, "role": actor.role})["token"]
        backend = RestBackend(self.url, token, actor)
        original = backend.as_actor

        def as_actor(other: Actor) -> Any:  # the test's other actors are closed with it
            made = original(other)
            self.clients.append(made)
            return made

        backend.as_actor = as_actor  # type: ignore[method-assign]
        self.clients.append(backend)
        return backend

    def close_all(self) -> None:
        for client in self.clients:
            client.close()
        self.clients.clear()


@contextmanager
def _server_process(
    database_url: str, logs: Path, options: tuple[str, ...] = ()
) -> Iterator[RestServer]:
    """A real dispatch-server process (test mode) on a free loopback port, over `database_url`,
    with its command line's `options` (the desk's zone, say)."""
    import socket
    import subprocess
    import sys
    import time

    import requests

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log_path = logs / "server.log"
    log = log_path.open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "dispatch_console.server.main", "--database",
         database_url, "--port", str(port), "--test-mode", *options],
        stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60  # a loaded machine takes seconds just to import it
    while True:
        try:
            if requests.get(url + "/healthz", timeout=5).ok:
                break
        except (requests.ConnectionError, requests.Timeout):  # starting, on a busy machine
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()  # not left running (and holding its port) after the session
            process.wait(10)
            log.close()
            raise RuntimeError(log_path.read_text(errors="replace"))
        time.sleep(0.1)
    try:
        yield RestServer(url)
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:  # still draining sockets: the suite is over anyway
            process.kill()
            process.wait(10)
        log.close()


@pytest.fixture(scope="session")
def rest_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RestServer]:
    """A server process over SQLite."""
    path = tmp_path_factory.mktemp("rest") / "server.sqlite3"
    with _server_process(f"sqlite:///{path}", path.parent) as server:
        yield server


@pytest.fixture(scope="session")
def rest_pg_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RestServer]:
    """A server process over a PostgreSQL database of its own (the shared deployment)."""
    admin_url = os.environ.get(PG_URL_ENV)
    if not admin_url:
        pytest.skip(PG_SKIP_REASON)
    with (
        _scratch_pg_database(admin_url) as url,
        _server_process(url, tmp_path_factory.mktemp("rest-pg")) as server,
    ):
        yield server


# --- the backend ---------------------------------------------------------------------------------
ALICE = Actor("alice", role="agent", user_id=None)

_BUILDERS: dict[str, Callable[[pytest.FixtureRequest, FakeClock, Path], SqlStore]] = {
    "sqlite": _sqlite_store,
    "postgres": _postgres_store,
}
BACKEND_PARAMS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
    pytest.param("rest", id="rest", marks=pytest.mark.rest),
    pytest.param("rest-pg", id="rest-pg", marks=[pytest.mark.rest, pytest.mark.postgres]),
]
_SERVERS = {"rest": "rest_server", "rest-pg": "rest_pg_server"}
_STORE_KEY = pytest.StashKey[SqlStore]()


@pytest.fixture(params=BACKEND_PARAMS)
def backend(request: pytest.FixtureRequest, clock: FakeClock, tmp_path: Path) -> Iterator[Services]:
    """The Backend under test, acting for the dispatcher alice, on an empty database."""
    if request.param in ("postgres", "rest-pg") and not os.environ.get(PG_URL_ENV):
        pytest.skip(PG_SKIP_REASON)
    if request.param in _SERVERS:
        server: RestServer = request.getfixturevalue(_SERVERS[request.param])
        remote = server.fresh(ALICE, clock)
        try:
            yield remote
        finally:
            server.close_all()
        return
    store = _BUILDERS[request.param](request, clock, tmp_path)
    request.node.stash[_STORE_KEY] = store
    try:
        yield Services(store.unit_of_work, store.feed, ALICE, clock=clock)
    finally:
        store.close()


@pytest.fixture
def act_as(backend: Services) -> Callable[[Actor], Services]:
    """`act_as(Actor(...))`: the same backend acting for someone else (a REST backend logs in)."""

    def switch(actor: Actor) -> Services:
        return backend.as_actor(actor)  # type: ignore[return-value]

    return switch


@pytest.fixture
def sql_store(backend: Services, request: pytest.FixtureRequest) -> SqlStore:
    """Direct access to the database behind `backend`, for facts the Backend does not expose
    (a blob stored once, a password stored as a hash). Skips for backends without one."""
    store = request.node.stash.get(_STORE_KEY, None)
    if store is None:
        pytest.skip("this backend has no SQL store to inspect")
    return store


@pytest.fixture
def count_rows(sql_store: SqlStore) -> Callable[..., int]:
    """`count_rows("blobs", sha256=...)`: rows under the Backend, for the few facts it hides."""
    from sqlalchemy import text

    def count(table: str, **where: Any) -> int:
        clause = " AND ".join(f"{k} = :{k}" for k in where) or "1 = 1"
        with sql_store.engine.connect() as conn:
            sql = text(f"SELECT count(*) FROM {table} WHERE {clause}")
            return int(conn.execute(sql, where).scalar_one())

    return count


class MemoryKeyring(keyring.backend.KeyringBackend):
    """Stands in for the OS keyring (Windows Credential Manager, Secret Service), which a test
    machine does not have; the code under test talks to it through the real `keyring` API."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if (service, username) not in self.entries:
            raise keyring.errors.PasswordDeleteError(username)
        del self.entries[(service, username)]


@pytest.fixture(autouse=True)
def _own_settings_and_keyring(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[MemoryKeyring]:
    """No test reads or writes the developer's settings files, keyring or logs."""
    monkeypatch.setenv("DISPATCH_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("DISPATCH_MACHINE_CONFIG_DIR", str(tmp_path / "machine-config"))
    monkeypatch.setenv("DISPATCH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("DISPATCH_LOG_DIR", str(tmp_path / "logs"))
    for key in [k for k in os.environ if k.startswith("DISPATCH_CONNECTION__")]:
        monkeypatch.delenv(key)
    previous = keyring.get_keyring()
    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    yield memory
    keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def _own_logging() -> Iterator[None]:
    """A program's logging set-up (the admin tool's main(), the server's) stays in its test:
    the next one gets pytest's handlers, level and record factory back."""
    root = logging.getLogger()
    handlers, level, factory = list(root.handlers), root.level, logging.getLogRecordFactory()
    yield
    for handler in [h for h in root.handlers if h not in handlers]:
        root.removeHandler(handler)
        handler.close()
    root.setLevel(level)
    logging.setLogRecordFactory(factory)


@pytest.fixture
def memory_keyring(_own_settings_and_keyring: MemoryKeyring) -> MemoryKeyring:
    return _own_settings_and_keyring
