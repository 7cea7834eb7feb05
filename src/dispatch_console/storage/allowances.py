"""Shared token buckets: how many sign-ins or reports an address may still make, kept in the
database so that every server process (`dispatch-server --workers N`, or several instances)
counts the same tries. One statement takes a token or refuses: an upsert that refills the bucket
for the time since its last use and takes `cost` only when that many are there, so two processes
at the same moment cannot both take the last one. Times are epoch seconds (a float): the refill
is plain arithmetic on SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import case, delete, select, tuple_
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from .schema_limits import AddressAllowanceRow


def take(
    session: Session, postgres: bool, scope: str, key: str, rate: float, burst: int,
    cost: float, now: datetime,
) -> bool:  # fmt: skip
    """True when the bucket (scope, key) held `cost` tokens and gave them; False: refused, and
    nothing changed (the refill goes on from the last time one was taken)."""
    if cost > burst:
        return False
    row = AddressAllowanceRow
    stamp = now.timestamp()
    insert = pg_insert if postgres else sqlite_insert
    refilled = row.tokens + (stamp - row.at) * rate
    available = case((refilled > burst, float(burst)), else_=refilled)
    stmt = insert(row).values(scope=scope, key=key, tokens=float(burst) - cost, at=stamp)
    stmt = stmt.on_conflict_do_update(
        index_elements=[row.scope, row.key],
        set_={"tokens": available - cost, "at": stamp},
        where=available >= cost,
    )
    return session.execute(stmt.returning(row.key)).first() is not None


def give_back(session: Session, scope: str, key: str, burst: int, cost: float) -> None:
    """Returns what `take` took for something that turned out not to count."""
    row = AddressAllowanceRow
    session.execute(
        row.__table__.update()  # type: ignore[attr-defined]
        .where(row.scope == scope, row.key == key)
        .values(tokens=case((row.tokens + cost > burst, float(burst)),
                            else_=row.tokens + cost))
    )  # fmt: skip


def purge(session: Session, before: datetime, limit: int) -> int:
    """Deletes up to `limit` buckets untouched since `before` (full again long since: a bucket
    that does not exist is a full one)."""
    row = AddressAllowanceRow
    idle = select(row.scope, row.key).where(row.at < before.timestamp()).limit(limit)
    result = session.execute(
        delete(row).where(tuple_(row.scope, row.key).in_(idle))
        .execution_options(synchronize_session=False)
    )  # fmt: skip
    return int(result.rowcount)  # type: ignore[attr-defined]
