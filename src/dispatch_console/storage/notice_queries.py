"""What a console asks when it opens: the notice events of the last hours, newest first, a page
at a time, read from their partial index (a day's few among the log's millions); and which of
their tickets are still open, by primary key."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import and_, or_, select, text
from sqlalchemy.orm import Session

from ..domain.events import Event
from ..domain.notices import DESK, SUPERVISORS
from . import schema as s
from .schema import NOTICE_PREDICATE, OPEN_PREDICATE

E = s.EventRow
T = s.TicketRowORM


def notice_events(
    session: Session, since: datetime, before: tuple[datetime, int] | None, limit: int,
    me: tuple[str, str] | None = None,
) -> list[Event]:  # fmt: skip
    stmt = select(E).where(text(f"{E.__tablename__}.{NOTICE_PREDICATE}"), E.at > since)
    if me is not None:  # a busy desk's day holds thousands: leave others' in the database
        stmt = stmt.where(_for(session, *me))
    if before is not None:
        at, event_id = before
        # `at <=` bounds the index range; the OR alone would not
        stmt = stmt.where(E.at <= at, or_(E.at < at, E.id < event_id))
    stmt = stmt.order_by(E.at.desc(), E.id.desc()).limit(limit)
    return [
        Event(r.id, r.at, r.actor, r.entity, r.entity_id, r.kind, dict(r.payload))
        for r in session.scalars(stmt)
    ]


def _for(session: Session, name: str, role: str) -> Any:
    """domain.notices.is_notice_for, as far as SQL can say it on both databases."""
    if session.get_bind().dialect.name == "postgresql":
        watching = text("jsonb_exists(events.payload -> 'watchers', :watcher)")
    else:
        watching = text(
            "EXISTS (SELECT 1 FROM json_each(events.payload, '$.watchers') AS w "
            "WHERE w.value = :watcher)"
        )
    terms = [and_(E.kind == "routed", watching.bindparams(watcher=name))]
    if role in DESK:
        terms.append(and_(E.kind == "auto_dispatch", E.payload["code"].as_string() != "assigned"))
        terms.append(E.kind == "running_late")
    if role in SUPERVISORS:
        terms.append(and_(E.kind == "escalated", E.payload["level"].as_string() != "assignee"))
    return or_(*terms)


def open_ticket_ids(session: Session, ids: Iterable[int]) -> dict[int, int | None]:
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    stmt = select(T.id, T.assignee_id).where(
        text(f"{T.__tablename__}.{OPEN_PREDICATE}"), T.id.in_(wanted)
    )
    return {int(i): assignee for i, assignee in session.execute(stmt)}
