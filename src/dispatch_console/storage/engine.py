"""Engines for the embedded SQLite default and a shared PostgreSQL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import make_url
from sqlalchemy.pool import QueuePool

from ..domain.errors import DatabaseFull
from .guard import guard_parameters
from .idle import close_when_idle
from .limits import PoolLimits, refusal

TCP_LIVENESS = {
    "keepalives": 1, "keepalives_idle": 10, "keepalives_interval": 5, "keepalives_count": 3,
    "tcp_user_timeout": 20_000,  # milliseconds
}  # fmt: skip


def normalise_url(url: str) -> str:
    """Accept the URLs people paste (postgres://, postgresql://) and pick the psycopg 3 driver."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


DEFAULT_CONNECT_TIMEOUT_S = 10  # a server that is gone fails in seconds, not minutes


def make_engine(
    url: str,
    *,
    connect_timeout: float | None = None,
    pool: PoolLimits | None = None,
    application_name: str | None = None,
    **kwargs: Any,
) -> Engine:
    """`pool` bounds the connections kept and opened on PostgreSQL (SQLAlchemy's default, 5
    kept and 10 more, suits the server); `application_name` shows in pg_stat_activity."""
    url = normalise_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        kwargs.setdefault("hide_parameters", True)  # no customer's phone number in a log
        engine = create_engine(url, **kwargs)
        _tune_sqlite(engine)
        guard_parameters(engine)
        return engine
    if parsed.get_backend_name() == "postgresql":
        # No pool_pre_ping: it costs a round trip on every checkout, a third of a screen-pop.
        # A connection the server dropped fails once and is discarded by the pool; the
        # recycle age keeps idle connections from outliving firewalls' idle timeouts.
        kwargs.setdefault("pool_recycle", 900)
        timeout = max(1, round(connect_timeout or DEFAULT_CONNECT_TIMEOUT_S))
        connect_args = kwargs.setdefault("connect_args", {})
        connect_args.setdefault("connect_timeout", timeout)
        # a database that goes silent (a cut cable, a dead host) is noticed in ~25 s instead
        # of the operating system's ~2 hours: TCP keepalives while waiting, and a bound on
        # unacknowledged sends; the caller then gets an error it can say (503 on the server)
        for option, value in TCP_LIVENESS.items():
            connect_args.setdefault(option, value)
        if application_name:
            connect_args.setdefault("application_name", application_name)
        if pool is not None:
            kwargs.update(
                poolclass=_LimitedPool,
                pool_size=pool.size,
                max_overflow=pool.overflow,
                pool_timeout=pool.timeout_s,
            )
        kwargs.setdefault("hide_parameters", True)  # no customer's phone number in a log
        engine = create_engine(url, **kwargs)
        _explain_refusals(engine)
        guard_parameters(engine)
        if pool is not None and pool.idle_s is not None:
            close_when_idle(engine, pool.idle_s)
        return engine
    raise ValueError(
        f"unsupported database {parsed.get_backend_name()!r}: use sqlite or postgresql"
    )


class _LimitedPool(QueuePool):
    """A QueuePool whose "all connections busy for pool_timeout" says so in plain words."""

    def _do_get(self) -> Any:
        try:
            return super()._do_get()
        except sa_exc.TimeoutError:
            raise DatabaseFull(
                "pool",
                f"{self.size() + self._max_overflow} connections, "
                f"none free within {self._timeout:g} s",
            ) from None


def _explain_refusals(engine: Engine) -> None:
    @event.listens_for(engine, "handle_error")
    def _on_error(context: Any) -> None:
        # a refused connect becomes DatabaseFull (what happened, what to do), wherever it
        # happens: a unit of work, the feed, a probe, dispatch-admin
        full = refusal(context.original_exception)
        if full is not None:
            raise full


def _tune_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" hook below own the transactions (pysqlite's own are deferred,
        # which turns a read-then-write into SQLITE_BUSY under contention instead of waiting).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA busy_timeout=10000")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        mode = conn.get_execution_options().get("sqlite_begin", "IMMEDIATE")
        conn.exec_driver_sql(f"BEGIN {mode}")
