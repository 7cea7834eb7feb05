"""What a console asks when it opens: the notice events of the last hours, newest first, a page
at a time, read from their partial index (a day's few among the log's millions); and which of
their tickets are still open, by primary key."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import or_, select, text
from sqlalchemy.orm import Session

from ..domain.events import Event
from . import schema as s
from .schema import NOTICE_PREDICATE, OPEN_PREDICATE

E = s.EventRow
T = s.TicketRowORM


def notice_events(
    session: Session, since: datetime, before: tuple[datetime, int] | None, limit: int
) -> list[Event]:
    stmt = select(E).where(text(f"{E.__tablename__}.{NOTICE_PREDICATE}"), E.at > since)
    if before is not None:
        at, event_id = before
        # `at <=` bounds the index range; the OR alone would not
        stmt = stmt.where(E.at <= at, or_(E.at < at, E.id < event_id))
    stmt = stmt.order_by(E.at.desc(), E.id.desc()).limit(limit)
    return [
        Event(r.id, r.at, r.actor, r.entity, r.entity_id, r.kind, dict(r.payload))
        for r in session.scalars(stmt)
    ]


def open_ticket_ids(session: Session, ids: Iterable[int]) -> set[int]:
    wanted = sorted(set(ids))
    if not wanted:
        return set()
    stmt = select(T.id).where(text(f"{T.__tablename__}.{OPEN_PREDICATE}"), T.id.in_(wanted))
    return set(session.scalars(stmt))
