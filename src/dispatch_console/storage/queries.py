"""The ticket queue query: filters, text search and keyset pagination that stay fast at millions."""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Select, and_, bindparam, case, func, or_, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session, aliased

from ..domain.enums import TicketStatus
from ..domain.errors import ValidationError
from ..domain.lifecycle import OPEN_STATES
from ..domain.model import Customer
from ..domain.phones import try_normalise_phone
from ..domain.pins import JOB_STAGES, JobInHand, most_advanced
from ..domain.tickets import Ticket, TicketPage, TicketRow
from ..ports import TicketQuery
from . import schema as s
from .mapping import to_domain
from .schema import OPEN_PREDICATE
from .schema_rules import EscalationRow

T = s.TicketRowORM
_PHONEISH = re.compile(r"^[\s+()\-0-9]{7,}$")
MAX_LIMIT = 500
MAX_NAME_MATCHES = 200
# Built once: a fresh aliased() per call made SQLAlchemy rebuild every column proxy of four
# entities on each search (about 2 ms of Python per queue page or screen-pop lookup).
_CUST = aliased(s.CustomerRow, name="cust")
_SITE = aliased(s.SiteRow, name="site")
_TECH = aliased(s.TechnicianRow, name="tech")
_DEPT = aliased(s.DepartmentRow, name="dept")


# The milestone a ticket works toward and its deadline (domain.escalation.next_milestone, in
# SQL), and how far the escalation scan has taken that deadline: the queue marks escalated
# tickets. A level reached against an earlier deadline (reopened, re-prioritised, held) is not
# this deadline's.
_RESPONDING = and_(T.response_due_at.is_not(None), T.responded_at.is_(None))
_ARRIVING = and_(T.arrival_due_at.is_not(None), T.arrived_at.is_(None))
_RESOLVING = and_(T.resolution_due_at.is_not(None), T.resolved_at.is_(None))
_CURRENT = case(
    (_RESPONDING, "response"), (_ARRIVING, "arrival"), (_RESOLVING, "resolution"), else_=None
)
_CURRENT_DUE = case(
    (_RESPONDING, T.response_due_at),
    (_ARRIVING, T.arrival_due_at),
    (_RESOLVING, T.resolution_due_at),
    else_=None,
)
_E = EscalationRow
_THIS_DEADLINE = and_(
    _E.ticket_id == T.id, _E.milestone == _CURRENT, _E.due_at == _CURRENT_DUE, _E.level > 0,
    T.status.in_(sorted(s.value for s in OPEN_STATES)),  # a finished ticket carries no flag
)  # fmt: skip
_ESCALATION = select(_E.level).where(_THIS_DEADLINE).scalar_subquery()

_ESCALATED = select(_E.id).where(_THIS_DEADLINE).exists()

# The rows of a page with the names the queue shows; built once, because constructing the joins
# costs more Python time than the query takes to run.
_DETAILS: Any = (
    select(
        T.__table__,
        _CUST.name.label("customer_name"),
        _SITE.name.label("site_name"),
        _SITE.lat.label("site_lat"),
        _SITE.lon.label("site_lon"),
        _TECH.name.label("technician_name"),
        _DEPT.name.label("department_name"),
        _ESCALATION.label("escalation"),
    )
    .outerjoin(_CUST, _CUST.id == T.customer_id)
    .outerjoin(_SITE, _SITE.id == T.site_id)
    .outerjoin(_TECH, _TECH.id == T.assignee_id)
    .outerjoin(_DEPT, _DEPT.id == T.department_id)
)


# sort name -> (columns, descending?) ; id is always the last key so the order is total
SORTS: dict[str, tuple[tuple[Any, ...], bool]] = {
    "newest": ((T.id,), True),
    "oldest": ((T.id,), False),
    "due": ((T.next_due_at, T.id), False),
    "due_last": ((T.next_due_at, T.id), True),
    "priority": ((T.priority_rank, T.id), False),
    "priority_low": ((T.priority_rank, T.id), True),
}


def encode_cursor(values: list[Any]) -> str:
    plain = [v.isoformat() if isinstance(v, datetime) else v for v in values]
    return base64.urlsafe_b64encode(json.dumps(plain).encode()).decode()


def decode_cursor(cursor: str, cols: tuple[Any, ...]) -> list[Any]:
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        if not isinstance(values, list) or len(values) != len(cols):
            raise ValueError
        # a cursor is ours, but it travels through the client: each value must be what its
        # column holds, or the comparison fails in the database (a 500) instead of here
        return [_cursor_value(v, c.key) for v, c in zip(values, cols, strict=True)]
    except (ValueError, TypeError):
        raise ValidationError(
            "cursor", "the page cursor is not valid; start from the first page"
        ) from None


def _cursor_value(value: Any, key: str) -> Any:
    if key.endswith("_at"):
        if value is None:
            return None
        if not isinstance(value, str):
            raise TypeError(key)
        at = datetime.fromisoformat(value)
        return at if at.tzinfo is not None else at.replace(tzinfo=UTC)
    if isinstance(value, bool) or not isinstance(value, int) or abs(value) > 2**63 - 1:
        raise TypeError(key)
    return value


def _text_filter(
    stmt: Select[Any],
    text: str,
    session: Session,
    by_phone: Callable[[str], list[Customer]],
) -> Select[Any] | None:
    """Narrow by ticket number, phone or customer-name prefix; None means 'matches nothing'."""
    ticket_id = Ticket.id_in(text)
    if ticket_id is not None:
        return stmt.where(T.id == ticket_id)
    if _PHONEISH.match(text):
        number = try_normalise_phone(text)
        if number is None:
            return None
        ids = [c.id for c in by_phone(number)]
        return stmt.where(or_(T.customer_id.in_(ids), T.contact_phone == number))
    key = text.strip().casefold()
    name_ids = list(
        session.scalars(
            select(s.CustomerRow.id)
            .where(s.CustomerRow.name_key >= key, s.CustomerRow.name_key < key + "\U0010ffff")
            .limit(MAX_NAME_MATCHES)
        )
    )
    if not name_ids:
        return None
    return stmt.where(T.customer_id.in_(name_ids))


_OPEN_TERM = text(f"{T.__tablename__}.{OPEN_PREDICATE}")


def search_tickets(
    session: Session,
    q: TicketQuery,
    now: datetime,
    by_phone: Callable[[str], list[Customer]],
) -> TicketPage:
    if q.sort not in SORTS:
        raise ValidationError("sort", f"unknown sort {q.sort!r}; use one of {', '.join(SORTS)}")
    limit = max(1, min(q.limit, MAX_LIMIT))
    # Two steps: the page's keys first (a narrow, often index-only scan), then the rows of just
    # those tickets with their names. A planner that misjudges how many tickets match then never
    # joins thousands of rows only to throw them away after the sort.
    cols, desc = SORTS[q.sort]
    stmt: Select[Any] | None = select(*cols)
    assert stmt is not None
    statuses = set(q.statuses) if q.statuses else None
    if q.open_only or q.breaching_before is not None:
        statuses = (statuses or set(TicketStatus)) & OPEN_STATES
    if statuses is not None and frozenset(statuses) == OPEN_STATES:
        stmt = stmt.where(_OPEN_TERM)  # literally the partial indexes' predicate
    elif statuses is not None:
        stmt = stmt.where(T.status.in_(sorted(x.value for x in statuses)))
        if statuses <= OPEN_STATES and session.get_bind().dialect.name == "sqlite":
            # SQLite uses a partial index only when the query repeats its predicate term;
            # PostgreSQL proves the implication itself, and the repeated term would make it
            # square its row estimate and pick a worse plan.
            stmt = stmt.where(_OPEN_TERM)
    if q.priorities:
        stmt = stmt.where(T.priority.in_([p.value for p in q.priorities]))
    if q.assignee_id is not None:
        stmt = stmt.where(T.assignee_id == q.assignee_id)
    if q.created_by is not None:
        stmt = stmt.where(T.created_by == q.created_by)
    if q.unassigned:
        stmt = stmt.where(T.assignee_id.is_(None))
    if q.escalated:
        stmt = stmt.where(_ESCALATED)
    if q.department_id is not None:
        stmt = stmt.where(T.department_id == q.department_id)
    if q.customer_id is not None:
        stmt = stmt.where(T.customer_id == q.customer_id)
    if q.breaching_before is not None:
        stmt = stmt.where(T.next_due_at < q.breaching_before, T.hold_started_at.is_(None))
    if q.text and q.text.strip():
        stmt = _text_filter(stmt, q.text, session, by_phone)
        if stmt is None:
            return TicketPage([], None)

    if q.cursor:
        after = decode_cursor(q.cursor, cols)
        stmt = stmt.where(_after(cols, after, desc))
    stmt = stmt.order_by(*[c.desc() if desc else c.asc() for c in cols]).limit(limit + 1)
    keys = session.execute(stmt).all()
    ids = [k.id for k in keys[:limit]]
    details = {r.id: r for r in session.execute(_DETAILS.where(T.id.in_(ids)))} if ids else {}
    items = [_queue_line(details[i]) for i in ids if i in details]
    next_cursor = None
    if len(keys) > limit:
        last = keys[limit - 1]
        next_cursor = encode_cursor([getattr(last, c.key) for c in cols])
    return TicketPage(items, next_cursor)


def _after(cols: tuple[Any, ...], values: list[Any], desc: bool) -> Any:
    """Row-value comparison (a, b) > (x, y), spelt out so that both databases use the index."""
    clauses = []
    for i, col in enumerate(cols):
        equal = [cols[j] == values[j] for j in range(i)]
        beyond = col < values[i] if desc else col > values[i]
        clauses.append(and_(*equal, beyond))
    if len(cols) == 1 or values[0] is None:
        return or_(*clauses)
    # The leading bound repeated outside the OR gives the planner an index range to start from;
    # without it PostgreSQL ORs two bitmap scans over nearly the whole table (deep "due" pages
    # took ~150 ms at 2M tickets instead of a few).
    lead = cols[0] <= values[0] if desc else cols[0] >= values[0]
    return and_(lead, or_(*clauses))


# Screen-pop: a caller's open tickets in one prebuilt statement (no per-call query building;
# a few customers have few tickets, so the page-then-names split of the queue is not needed).
_OPEN_OF_CUSTOMERS = (
    _DETAILS.where(T.customer_id.in_(bindparam("customer_ids", expanding=True)), _OPEN_TERM)
    .order_by(T.id.desc())
    .limit(bindparam("limit"))
)


def open_tickets_of(conn: Connection, customer_ids: list[int], limit: int) -> list[TicketRow]:
    if not customer_ids:
        return []
    rows = conn.execute(_OPEN_OF_CUSTOMERS, {"customer_ids": customer_ids, "limit": limit})
    return [_queue_line(r) for r in rows]


def _queue_line(r: Any) -> TicketRow:
    """A row of `_DETAILS` as the queue's line."""
    return TicketRow(
        to_domain(Ticket, r),
        r.customer_name,
        r.site_name,
        r.technician_name,
        r.department_name,
        r.escalation or 0,
        None if r.site_lat is None else float(r.site_lat),
        None if r.site_lon is None else float(r.site_lon),
    )


_ROWS_BY_ID = _DETAILS.where(T.id.in_(bindparam("ids", expanding=True)))


def ticket_rows(conn: Connection, ids: list[int]) -> list[TicketRow]:
    """The queue lines of these tickets, whatever their state, in the order asked."""
    if not ids:
        return []
    found = {r.id: r for r in conn.execute(_ROWS_BY_ID, {"ids": ids})}
    return [_queue_line(found[i]) for i in ids if i in found]


def open_job_counts(session: Session) -> dict[int, int]:
    """Open tickets per technician: one grouped scan of the open tickets' assignee index
    (ix_tickets_open_assignee; without it SQLite read every assigned ticket's row)."""
    rows = session.execute(
        select(T.assignee_id, func.count())
        .where(_OPEN_TERM, T.assignee_id.is_not(None))
        .group_by(T.assignee_id)
    )
    return {int(tech): int(n) for tech, n in rows if tech is not None}


def open_ticket_sites(
    session: Session, ids: list[int] | None = None
) -> list[tuple[Ticket, float, float]]:
    """Every open ticket that has a site, with the site's position (the map's ticket layer);
    with `ids`, just those of them (a map kept current from the change feed)."""
    stmt = (
        select(T.__table__, _SITE.lat.label("site_lat"), _SITE.lon.label("site_lon"))
        .join(_SITE, _SITE.id == T.site_id)
        .where(_OPEN_TERM)
    )
    if ids is not None:
        stmt = stmt.where(T.id.in_(ids))
    rows = session.execute(stmt)
    return [(to_domain(Ticket, r), float(r.site_lat), float(r.site_lon)) for r in rows]


_IN_HAND = [status.value for status in JOB_STAGES]


def jobs_in_hand(session: Session) -> dict[int, JobInHand]:
    """Each technician's most advanced job in hand with its site's position: the tickets being
    worked on alone, five columns each, by the status index; not every open ticket whole, which
    was most of a ranking's time. Ordered here, not in SQL: SQLite would scan every ticket in
    id order rather than sort the few found (6 ms against 0.2 on the bench's desk)."""
    rows = session.execute(
        select(T.assignee_id, T.id, T.status, T.planned_start_at, _SITE.lat, _SITE.lon)
        .join(_SITE, _SITE.id == T.site_id)
        .where(T.status.in_(_IN_HAND), T.assignee_id.is_not(None))
    )
    jobs = [
        (tech, JobInHand(ticket, JOB_STAGES[TicketStatus(status)], lat, lon, planned is not None))
        for tech, ticket, status, planned, lat, lon in sorted(rows, key=lambda r: r.id)
        if tech is not None  # asked for assigned ones; said again for the type
    ]
    return most_advanced(jobs)
