"""SqlStore: the entry point that turns a database URL into units of work and a change feed."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text
from sqlalchemy import exc as sa_exc
from sqlalchemy.orm import sessionmaker

from .engine import make_engine
from .feed import SqlChangeFeed
from .limits import PoolLimits
from .uow import SqlUnitOfWork, lock_order

if TYPE_CHECKING:  # Alembic costs 0.2 s to import; only schema changes need it
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
DEFAULT_FEED_POOL_TIMEOUT_S = 10.0


def utcnow() -> datetime:
    return datetime.now(UTC)


class SqlStore:
    def __init__(
        self,
        url: str,
        *,
        clock: Callable[[], datetime] = utcnow,
        connect_timeout: float | None = None,
        pool: PoolLimits | None = None,
        application_name: str | None = None,
    ) -> None:
        """`pool` bounds the connections for calls (a console's CONSOLE_POOL); on PostgreSQL
        the change feed holds one more, opened at its first wait. `application_name` names
        this program's connections in pg_stat_activity (the feed's as "<name> feed")."""
        self.url = url
        self.engine: Engine = make_engine(
            self.url, connect_timeout=connect_timeout, pool=pool, application_name=application_name
        )
        self._sessions = sessionmaker(self.engine, expire_on_commit=False, autobegin=False)
        if self.engine.dialect.name == "postgresql":
            lock_order(self._sessions)
        self._clock = clock
        listen = None
        if self.engine.dialect.name == "postgresql":
            listen = make_engine(
                self.url,
                connect_timeout=connect_timeout,
                pool=PoolLimits(size=1, overflow=0, timeout_s=DEFAULT_FEED_POOL_TIMEOUT_S),
                # "dispatch-console feed": a DBA sees which connection is the LISTEN one
                application_name=f"{application_name} feed" if application_name else None,
                isolation_level="AUTOCOMMIT",
                # the feed sleeps on its socket for minutes: notice a dead peer in about a minute
                connect_args={"keepalives": 1, "keepalives_idle": 30, "keepalives_interval": 10,
                              "keepalives_count": 3},
            )  # fmt: skip
        self.feed = SqlChangeFeed(self.engine, listen)

    def unit_of_work(self, *, read_only: bool = False) -> SqlUnitOfWork:
        return SqlUnitOfWork(self._sessions, self._clock, read_only=read_only)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def is_initialised(self) -> bool:
        return inspect(self.engine).has_table("alembic_version")

    def needs_upgrade(self) -> bool:
        """The schema is older than this version of the program (run `db upgrade`). A database
        at this program's head is recognised without Alembic (every console start asks);
        anything else is left to Alembic to judge."""
        if self.is_initialised():
            with self.engine.connect() as conn:
                rows = conn.execute(text("SELECT version_num FROM alembic_version"))
                stamped = {row[0] for row in rows}
            if stamped and stamped == head_revisions():
                return False
        from alembic.runtime.migration import MigrationContext
        from alembic.script import ScriptDirectory

        script = ScriptDirectory.from_config(alembic_config(self.url, self.engine))
        with self.engine.connect() as conn:
            current = MigrationContext.configure(conn).get_current_heads()
        return set(current) != set(script.get_heads())

    def at_head(self) -> bool:
        """One query, no reflection: whether the schema is at this program's head. False says
        only "ask needs_upgrade" (not stamped, or the migrations are not there as source)."""
        heads = _shipped_heads()
        if not heads:
            return False
        try:
            with self.engine.connect() as conn:
                rows = conn.execute(text("SELECT version_num FROM alembic_version"))
                return {row[0] for row in rows} == heads
        except sa_exc.ProgrammingError:  # never migrated: no alembic_version table
            return False

    def upgrade(self, revision: str = "head") -> None:
        """Bring the schema to `revision` with Alembic (idempotent)."""
        from alembic import command

        command.upgrade(alembic_config(self.url, self.engine), revision)

    def close(self) -> None:
        self.feed.close()
        self.engine.dispose()


@functools.cache
def _shipped_heads() -> frozenset[str]:
    return frozenset(head_revisions())


def head_revisions() -> set[str]:
    """The newest schema revisions this program ships, read from the migration files' headers
    without importing Alembic (whose import and script loading cost a tenth of a second of every
    start). Empty where the files are not there as source: Alembic then decides."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        header = path.read_text(encoding="utf-8")
        revision = re.search(r"^revision\b[^=]*=\s*[\"']([^\"']+)[\"']", header, re.MULTILINE)
        down = re.search(r"^down_revision\b[^=]*=(.*)$", header, re.MULTILINE)
        if revision:
            revisions.add(revision.group(1))
        if down:
            parents.update(re.findall(r"[\"']([^\"']+)[\"']", down.group(1)))
    return revisions - parents


def alembic_config(url: str, engine: Engine | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if engine is not None:
        cfg.attributes["engine"] = engine
    return cfg
