"""How many connections a program holds on PostgreSQL, and telling a refusal apart.

PostgreSQL forks a process per connection and refuses new ones past `max_connections` (100 by
default, minus the slots reserved for superusers) or a role's or database's CONNECTION LIMIT.
A console therefore holds a fixed, small number: one connection for the change feed (LISTEN)
and a small pool for its calls. When a limit is hit, the driver's message (SQLSTATE 53300) is
turned into DatabaseFull, which says what happened and what to do."""

from __future__ import annotations

from dataclasses import dataclass

from ..domain.errors import DatabaseFull

TOO_MANY_CONNECTIONS = "53300"
# The server's words, for drivers or servers that do not give the SQLSTATE on a failed connect.
_LIMITS = (
    ("too many clients already", "server"),
    ("remaining connection slots are reserved", "server"),
    ("too many connections for role", "role"),
    ("too many connections for database", "database"),
)


@dataclass(frozen=True)
class PoolLimits:
    """A pool of `size` connections kept open, `overflow` more opened for a burst and closed
    after it, and `timeout_s` to wait for a free one before giving up with DatabaseFull.
    With `idle_s`, even the kept ones are closed once unused that long (storage/idle.py)."""

    size: int
    overflow: int
    timeout_s: float
    idle_s: float | None = None

    @property
    def most(self) -> int:
        return self.size + self.overflow


# A console's calls run on its worker pool (ui/tasks.py, 4 threads) plus the call recorder's
# thread. The change feed brings the changed tickets' rows on its own connection, so between its
# user's actions a console makes no call at all: one connection is kept while the agent works
# (a screen-pop's lookups, a save), 3 more open for a burst (the start-up loads) and close after
# it, and the kept one closes after 5 s without a call (reopening it costs the next call ~8 ms
# on a LAN). A call that waits 10 s for a connection says so instead of hanging. With the feed's
# LISTEN: 1 held while idle, 2 while working, 5 at most; 50 consoles fit in PostgreSQL's default
# max_connections of 100 (docs/postgresql.md).
CONSOLE_POOL = PoolLimits(size=1, overflow=3, timeout_s=10.0, idle_s=5.0)
FEED_CONNECTIONS = 1


def refusal(exc: BaseException) -> DatabaseFull | None:
    """DatabaseFull when `exc` (a driver or SQLAlchemy error) is PostgreSQL refusing a
    connection for lack of slots; None for anything else."""
    orig = getattr(exc, "orig", None) or exc
    text = str(orig).strip()
    lines = text.splitlines() or [type(orig).__name__]
    line = next((part for part in lines if "FATAL:" in part), lines[0])
    detail = line.split("FATAL:", 1)[-1].strip() or line  # the server's words, not libpq's prefix
    lowered = text.lower()
    for words, limit in _LIMITS:
        if words in lowered:
            return DatabaseFull(limit, detail)
    if getattr(orig, "sqlstate", None) == TOO_MANY_CONNECTIONS:
        return DatabaseFull("server", detail)
    return None
