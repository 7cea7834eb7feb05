"""The SQL unit of work: one session, one transaction, the domain's records in and out."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from datetime import datetime
from types import TracebackType
from typing import Any, Self, TypeVar

from sqlalchemy import (
    and_,
    bindparam,
    delete,
    event,
    func,
    insert,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..domain.callbacks import CallbackFilter, CallbackRow
from ..domain.calls import Call, Callback
from ..domain.errors import ConflictError, DuplicateError, NotFound, ValidationError
from ..domain.escalation import DueTicket
from ..domain.events import Event, NewEvent
from ..domain.model import Customer, CustomerPhone, StockLine, Technician
from ..domain.pins import JobInHand
from ..domain.positions import Fix
from ..domain.schedule import Absence, DepartmentHours, PlannedJob, TechnicianHours
from ..domain.schedule.bars import BoardRow
from ..domain.schedule.records import BookedVisit
from ..domain.tickets import Ticket, TicketPage, TicketRow
from ..ports import StockChange, TicketQuery, UnitOfWorkFactory
from . import allowances, schedule_queries
from . import schema as s
from . import schema_rules as rules
from .callback_queries import (
    callback_facts,
    resolution_counts,
    review_callbacks,
    technician_names,
)
from .escalation_queries import due_tickets, open_ticket_counts
from .mapping import entity_name, row_class, to_columns, to_domain
from .notice_queries import notice_events, open_ticket_ids
from .queries import (
    jobs_in_hand,
    open_job_counts,
    open_ticket_sites,
    open_tickets_of,
    search_tickets,
    ticket_rows,
)

T = TypeVar("T")
NOTIFY_CHANNEL = "dispatch_events"
# One lock serialises event-log appends on PostgreSQL so that ids become visible in commit order:
# a follower that has seen id N can never later find an id below N appear.
EVENT_LOCK_KEY = 0x0D15_BA7C


class SqlUnitOfWork:
    def __init__(
        self,
        session_factory: Callable[[], Session],
        clock: Callable[[], datetime],
        *,
        read_only: bool = False,
    ) -> None:
        self._factory = session_factory
        self._read_only = read_only
        self._now = clock
        self._session: Session | None = None
        self._event_lock_held = False

    # --- transaction -------------------------------------------------------------------------
    def __enter__(self) -> Self:
        self._session = self._factory()
        self._session.info["uow"] = self  # lock_order() finds it
        self._session.begin()
        if self._read_only:
            # SQLite: a reader need not queue behind writers for the write lock (engine.py).
            # PostgreSQL: autocommit saves the BEGIN and ROLLBACK round trips; each query then
            # sees its own snapshot, which is fine for the reads the services mark read-only.
            options = (
                {"sqlite_begin": "DEFERRED"}
                if self.is_sqlite
                else {"isolation_level": "AUTOCOMMIT"}
            )
            self._session.connection(execution_options=options)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        assert self._session is not None
        try:
            if self._session.in_transaction():
                self._session.rollback()
        finally:
            self._session.close()
            self._session = None

    def commit(self) -> None:
        try:
            self.session.commit()
        except IntegrityError as exc:
            raise _integrity_to_domain(exc) from exc

    def savepoints(self) -> UnitOfWorkFactory:
        """Units of work inside this one's transaction, each a SAVEPOINT: what they commit
        stays only if this one commits. A request's use case and the record of its answer
        (the Idempotency-Key's outcome) then commit together or not at all."""
        session = self.session

        def nested(*, read_only: bool = False) -> SqlUnitOfWork:
            return _Savepoint(session, self._now)

        return nested

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError("unit of work used outside its `with` block")
        return self._session

    @property
    def core(self) -> Connection:
        """The transaction's connection, for Core statements on hot paths: skips the ORM's
        execution layer, about a third of a small query's Python time."""
        return self.session.connection()

    @property
    def is_postgres(self) -> bool:
        return self.session.get_bind().dialect.name == "postgresql"

    @property
    def is_sqlite(self) -> bool:
        return self.session.get_bind().dialect.name == "sqlite"

    # --- generic records ---------------------------------------------------------------------
    def get(self, kind: type[T], id: int, *, lock: bool = False) -> T:
        row = self.session.get(
            row_class(kind), id, with_for_update=lock and self.is_postgres, populate_existing=True
        )
        if row is None:
            raise NotFound(entity_name(kind), id)
        return self._hydrate(kind, [row])[0]

    def find(
        self, kind: type[T], order_by: str = "id", limit: int | None = None, **equals: Any
    ) -> list[T]:
        row_cls = row_class(kind)
        column = getattr(row_cls, order_by.lstrip("-"))
        stmt = select(row_cls).filter_by(**equals)
        stmt = stmt.order_by(column.desc() if order_by.startswith("-") else column).limit(limit)
        return self._hydrate(kind, self.session.scalars(stmt).all())

    def delete(self, obj: Any) -> None:
        row_cls: Any = row_class(type(obj))
        self.session.execute(delete(row_cls).where(row_cls.id == obj.id))

    def existing_ids(self, kind: type, ids: Iterable[int]) -> set[int]:
        wanted = list(set(ids))
        if not wanted:
            return set()
        row_cls: Any = row_class(kind)
        return set(self.session.scalars(select(row_cls.id).where(row_cls.id.in_(wanted))))

    def find_one(self, kind: type[T], **equals: Any) -> T | None:
        found = self.find(kind, **equals)
        return found[0] if found else None

    def add(self, obj: T) -> T:
        cols = to_columns(obj)
        if not cols.get("id"):
            cols.pop("id", None)
        row = row_class(type(obj))(**cols)
        self.session.add(row)
        self._flush()
        obj.id = row.id  # type: ignore[attr-defined]
        if isinstance(obj, Customer):
            self._save_phones(obj)
        return obj

    def update(self, obj: T, expected_version: int) -> T:
        kind = type(obj)
        row_cls: Any = row_class(kind)
        cols = to_columns(obj)
        obj_id = cols.pop("id")
        cols["version"] = expected_version + 1
        try:
            result = self.session.execute(
                update(row_cls)
                .where(row_cls.id == obj_id, row_cls.version == expected_version)
                .values(**cols)
                .execution_options(synchronize_session=False)
            )
        except IntegrityError as exc:  # a unique value another row took meanwhile
            raise _integrity_to_domain(exc) from exc
        if result.rowcount != 1:  # type: ignore[attr-defined]
            raise self._conflict(kind, obj_id, expected_version)
        obj.version = expected_version + 1  # type: ignore[attr-defined]
        if isinstance(obj, Customer):
            self.session.execute(
                delete(s.CustomerPhoneRow).where(s.CustomerPhoneRow.customer_id == obj.id)
            )
            self._save_phones(obj)
        self._flush()
        self.session.expire_all()
        return obj

    def _conflict(self, kind: type, obj_id: int, expected: int) -> Exception:
        row_cls: Any = row_class(kind)
        current = self.session.execute(
            select(row_cls.version).where(row_cls.id == obj_id)
        ).scalar_one_or_none()
        name = entity_name(kind)
        if current is None:
            return NotFound(name, obj_id)
        fields: dict[str, None] = {}
        actors: dict[str, None] = {}
        events = self.session.scalars(
            select(s.EventRow)
            .where(s.EventRow.entity == name, s.EventRow.entity_id == str(obj_id))
            .order_by(s.EventRow.id.desc())
            .limit(100)
        )
        for ev in events:
            if int(ev.payload.get("version", 0)) > expected:
                fields.update(dict.fromkeys(ev.payload.get("changes", {})))
                actors[ev.actor] = None
        return ConflictError(name, obj_id, expected, current, list(fields), list(actors))

    def _flush(self) -> None:
        try:
            self.session.flush()
        except IntegrityError as exc:
            raise _integrity_to_domain(exc) from exc

    # --- detached collections ----------------------------------------------------------------
    def _hydrate(self, kind: type[T], rows: Iterable[Any]) -> list[T]:
        rows = list(rows)
        if kind is Customer:
            phones = self._phones([r.id for r in rows])
            return [to_domain(kind, r, phones=phones.get(r.id, [])) for r in rows]
        if kind is Technician:
            stock = self._stock([r.id for r in rows])
            return [to_domain(kind, r, van_stock=stock.get(r.id, [])) for r in rows]
        return [to_domain(kind, r) for r in rows]

    def _phones(self, ids: list[int]) -> dict[int, list[CustomerPhone]]:
        out: dict[int, list[CustomerPhone]] = {}
        if not ids:
            return out
        stmt = (
            select(s.CustomerPhoneRow)
            .where(s.CustomerPhoneRow.customer_id.in_(ids))
            .order_by(s.CustomerPhoneRow.id)
        )
        for p in self.session.scalars(stmt):
            out.setdefault(p.customer_id, []).append(CustomerPhone(p.number, p.label))
        return out

    def _save_phones(self, customer: Customer) -> None:
        for phone in customer.phones:
            self.session.add(
                s.CustomerPhoneRow(customer_id=customer.id, number=phone.number, label=phone.label)
            )
        self._flush()

    def _stock(self, ids: list[int]) -> dict[int, list[StockLine]]:
        out: dict[int, list[StockLine]] = {}
        if not ids:
            return out
        stmt = select(s.StockRow).where(s.StockRow.technician_id.in_(ids), s.StockRow.quantity > 0)
        for r in self.session.scalars(stmt.order_by(s.StockRow.part_id)):
            out.setdefault(r.technician_id, []).append(StockLine(r.part_id, r.quantity))
        return out

    # --- event log -----------------------------------------------------------------------------
    def serialize(self) -> None:
        """From here to commit, writers that also serialize wait for this one (the event log's
        lock on PostgreSQL; SQLite writers are serialized anyway)."""
        if self.is_postgres and not self._event_lock_held:
            self.session.execute(select(func.pg_advisory_xact_lock(EVENT_LOCK_KEY)))
            self._event_lock_held = True

    def append_events(self, actor: str, events: Sequence[NewEvent]) -> list[int]:
        """Many events in one INSERT (a batch of GPS fixes), one wake-up for followers."""
        if not events:
            return []
        if self.is_postgres and not self._event_lock_held:
            self.session.execute(select(func.pg_advisory_xact_lock(EVENT_LOCK_KEY)))
            self._event_lock_held = True
        at = self._now()
        rows = [
            {"at": at, "actor": actor, "entity": e.entity, "entity_id": e.entity_id,
             "kind": e.kind, "payload": e.payload}
            for e in events
        ]  # fmt: skip
        ids = list(
            self.session.scalars(
                insert(s.EventRow).returning(s.EventRow.id, sort_by_parameter_order=True), rows
            )
        )
        if self.is_postgres:
            self.session.execute(select(func.pg_notify(NOTIFY_CHANNEL, str(ids[-1]))))
        return ids

    def append_event(self, actor: str, event: NewEvent) -> int:
        if self.is_postgres and not self._event_lock_held:
            self.session.execute(select(func.pg_advisory_xact_lock(EVENT_LOCK_KEY)))
            self._event_lock_held = True
        row = s.EventRow(
            at=self._now(),
            actor=actor,
            entity=event.entity,
            entity_id=event.entity_id,
            kind=event.kind,
            payload=event.payload,
        )
        self.session.add(row)
        self._flush()
        if self.is_postgres:  # delivered by PostgreSQL only when the transaction commits
            self.session.execute(select(func.pg_notify(NOTIFY_CHANNEL, str(row.id))))
        return row.id

    # --- specific queries ----------------------------------------------------------------------
    def search_tickets(self, query: TicketQuery, now: datetime) -> TicketPage:
        return search_tickets(self.session, query, now, self.customers_by_phone)

    def open_tickets_of(self, customer_ids: list[int], limit: int) -> list[TicketRow]:
        return open_tickets_of(self.core, customer_ids, limit)

    def ticket_rows(self, ids: list[int]) -> list[TicketRow]:
        return ticket_rows(self.core, ids)

    def open_job_counts(self) -> dict[int, int]:
        return open_job_counts(self.session)

    def planned_jobs(
        self, technician_ids: Iterable[int], since: datetime, until: datetime
    ) -> dict[int, list[PlannedJob]]:
        return schedule_queries.planned_jobs(self.session, technician_ids, since, until)

    def booked_unplaced(
        self, department_id: int | None, since: datetime, until: datetime, limit: int
    ) -> list[BookedVisit]:
        return schedule_queries.booked_unplaced(self.session, department_id, since, until, limit)

    def absences_between(
        self, technician_ids: Iterable[int], since: datetime, until: datetime
    ) -> dict[int, list[Absence]]:
        return schedule_queries.absences_between(self.session, technician_ids, since, until)

    def working_hours(
        self, technician_ids: Iterable[int], department_ids: Iterable[int]
    ) -> tuple[dict[int, TechnicianHours], dict[int, DepartmentHours]]:
        return schedule_queries.working_hours(self.session, technician_ids, department_ids)

    def planned_bars(
        self, technician_ids: Iterable[int], since: datetime, until: datetime
    ) -> list[BoardRow]:
        return schedule_queries.planned_bars(self.core, technician_ids, since, until)

    def waiting_bars(self, department_id: int | None, limit: int) -> list[BoardRow]:
        return schedule_queries.waiting_bars(self.core, department_id, limit)

    def open_ticket_sites(self, ids: list[int] | None = None) -> list[tuple[Ticket, float, float]]:
        return open_ticket_sites(self.session, ids)

    def jobs_in_hand(self) -> dict[int, JobInHand]:
        return jobs_in_hand(self.session)

    def review_callbacks(self, f: CallbackFilter) -> list[CallbackRow]:
        return review_callbacks(self.session, f)

    def callback_facts(self, since: datetime, until: datetime) -> list[Callback]:
        return callback_facts(self.session, since, until)

    def resolution_counts(self, since: datetime, until: datetime) -> tuple[int, int]:
        return resolution_counts(self.session, since, until)

    def technician_names(self, ids: set[int]) -> dict[int, str]:
        return technician_names(self.session, ids)

    def events_of(self, entity: str, entity_id: str, kinds: Sequence[str]) -> list[Event]:
        E = s.EventRow  # noqa: N806
        stmt = (
            select(E)
            .where(E.entity == entity, E.entity_id == entity_id, E.kind.in_(list(kinds)))
            .order_by(E.id)
        )  # the (entity, entity_id, id) index
        return [
            Event(r.id, r.at, r.actor, r.entity, r.entity_id, r.kind, dict(r.payload))
            for r in self.session.scalars(stmt)
        ]

    def events_after(
        self,
        after_id: int,
        limit: int,
        *,
        leaving_out: Collection[str] = (),
        leaving_out_kinds: Collection[tuple[str, str]] = (),
    ) -> list[Event]:
        E = s.EventRow  # noqa: N806
        stmt = select(E).where(E.id > after_id)
        if leaving_out:
            stmt = stmt.where(E.entity.not_in(list(leaving_out)))
        for entity, kind in leaving_out_kinds:
            stmt = stmt.where(~and_(E.entity == entity, E.kind == kind))
        stmt = stmt.order_by(E.id).limit(limit)
        return [
            Event(r.id, r.at, r.actor, r.entity, r.entity_id, r.kind, dict(r.payload))
            for r in self.session.scalars(stmt)
        ]

    def last_event_id(self) -> int:
        newest = select(func.coalesce(func.max(s.EventRow.id), 0))
        return int(self.session.execute(newest).scalar_one())

    def open_ticket_counts(self, now: datetime, soon: datetime) -> dict[str, int]:
        return open_ticket_counts(self.session, now, soon)

    def notice_events(
        self, since: datetime, before: tuple[datetime, int] | None, limit: int,
        me: tuple[str, str] | None = None,
    ) -> list[Event]:  # fmt: skip
        return notice_events(self.session, since, before, limit, me)

    def open_ticket_ids(self, ids: Iterable[int]) -> dict[int, int | None]:
        return open_ticket_ids(self.session, ids)

    def due_tickets(
        self, horizon: datetime, ticket_ids: Sequence[int] | None = None
    ) -> list[DueTicket]:
        return due_tickets(self.session, horizon, ticket_ids)

    def rule_versions(self) -> list[tuple[int, int]]:
        R = rules.RoutingRuleRow  # noqa: N806
        return [(int(i), int(v)) for i, v in self.session.execute(select(R.id, R.version))]

    def recent_calls(self, number: str, limit: int) -> list[Call]:
        rows = self.core.execute(_RECENT_CALLS, {"number": number, "limit": limit})
        return [to_domain(Call, r) for r in rows]

    def customers_by_phone(self, e164: str) -> list[Customer]:
        # One round trip: the customers who have this number, each with all of their numbers.
        # Core rows, not ORM entities: this is the screen-pop hot path.
        customers: dict[int, Customer] = {}
        for row in self.core.execute(_BY_PHONE, {"number": e164}):
            customer = customers.get(row.id)
            if customer is None:
                customer = customers[row.id] = to_domain(Customer, row, phones=[])
            customer.phones.append(CustomerPhone(row.phone_number, row.phone_label))
        return list(customers.values())

    def search_customers(self, text_: str, limit: int) -> list[Customer]:
        key = text_.casefold()
        stmt = (
            select(s.CustomerRow)
            .where(s.CustomerRow.name_key >= key, s.CustomerRow.name_key < key + "\U0010ffff")
            .order_by(s.CustomerRow.name_key, s.CustomerRow.id)
            .limit(limit)
        )
        return self._hydrate(Customer, self.session.scalars(stmt).all())

    def technicians(self, department_id: int | None) -> list[Technician]:
        stmt = select(s.TechnicianRow).order_by(s.TechnicianRow.id)
        if department_id is not None:
            stmt = stmt.where(s.TechnicianRow.department_id == department_id)
        return self._hydrate(Technician, self.session.scalars(stmt).all())

    def adjust_stock(self, change: StockChange) -> int:
        t = s.StockRow
        key = and_(t.technician_id == change.technician_id, t.part_id == change.part_id)
        res = self.session.execute(
            update(t)
            .where(key, t.quantity + change.delta >= 0)
            .values(quantity=t.quantity + change.delta)
            .returning(t.quantity)
        ).scalar_one_or_none()
        if res is not None:
            return int(res)
        have = self.session.execute(select(t.quantity).where(key)).scalar_one_or_none()
        if have is None and change.delta >= 0:
            self.session.add(
                t(technician_id=change.technician_id, part_id=change.part_id, quantity=change.delta)
            )
            self._flush()
            return change.delta
        raise ValidationError(
            "quantity", f"the van holds {have or 0} of this part; cannot use {-change.delta}"
        )

    def set_positions(self, fixes: Sequence[Fix]) -> list[int]:
        """Each fix stored unless a newer one is stored already; the technicians moved. One
        statement for the whole batch on PostgreSQL (UPDATE ... FROM unnest), not one per fix."""
        if not fixes:
            return []
        if self.is_sqlite:  # no arrays; statements on a local file cost little anyway
            return [
                f.technician_id
                for f in fixes
                if self.set_position(f.technician_id, f.lat, f.lon, f.accuracy_m, f.at)
            ]
        rows = self.session.execute(
            _SET_POSITIONS,
            {
                "ids": [f.technician_id for f in fixes],
                "lats": [f.lat for f in fixes],
                "lons": [f.lon for f in fixes],
                "accs": [f.accuracy_m for f in fixes],
                "ats": [f.at for f in fixes],
            },
        )
        return [int(r[0]) for r in rows]

    def set_position(
        self, technician_id: int, lat: float, lon: float, accuracy_m: float | None, at: datetime
    ) -> bool:
        t = s.TechnicianRow
        result = self.session.execute(
            update(t)
            .where(t.id == technician_id, or_(t.position_at.is_(None), t.position_at < at))
            .values(lat=lat, lon=lon, position_accuracy_m=accuracy_m, position_at=at)
            .execution_options(synchronize_session=False)
        )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    def put_blob(self, sha256: str, data: bytes) -> None:
        # the same bytes uploaded at the same moment: the second insert finds the first and
        # does nothing (a read-then-insert raced into "duplicate key ... pk_blobs")
        insert = pg_insert if self.is_postgres else sqlite_insert
        stmt = insert(s.BlobRow).values(sha256=sha256, data=data)
        self.session.execute(stmt.on_conflict_do_nothing(index_elements=["sha256"]))

    def get_blob(self, sha256: str) -> bytes:
        row = self.session.get(s.BlobRow, sha256)
        if row is None:
            raise NotFound("file", sha256)
        return row.data

    def password_hash(self, username: str) -> str | None:
        return self.session.execute(
            select(s.UserRow.password_hash).where(s.UserRow.username == username)
        ).scalar_one_or_none()

    def set_password_hash(self, user_id: int, password_hash: str) -> None:
        self.session.execute(
            update(s.UserRow).where(s.UserRow.id == user_id).values(password_hash=password_hash)
        )

    def purge_request_keys(self, before: datetime, limit: int) -> int:
        """Deletes up to `limit` idempotency outcomes recorded before `before`, oldest first
        (the created_at index): a bounded transaction however many are due."""
        R = s.RequestKeyRow  # noqa: N806
        oldest = select(R.id).where(R.created_at < before).order_by(R.created_at).limit(limit)
        result = self.session.execute(
            delete(R).where(R.id.in_(oldest.scalar_subquery()))
            .execution_options(synchronize_session=False)
        )  # fmt: skip
        return int(result.rowcount)  # type: ignore[attr-defined]

    def purge_sign_in_failures(self, before: datetime, limit: int) -> int:
        """Deletes up to `limit` sign-in throttle rows whose last try was before `before` and
        whose wait is over: a count that old starts again anyway (FORGOTTEN_AFTER)."""
        F = s.SignInFailuresRow  # noqa: N806
        idle = select(F.id).where(
            F.last_at < before, or_(F.blocked_until.is_(None), F.blocked_until < before)
        ).order_by(F.last_at).limit(limit)  # fmt: skip
        result = self.session.execute(
            delete(F).where(F.id.in_(idle.scalar_subquery()))
            .execution_options(synchronize_session=False)
        )  # fmt: skip
        return int(result.rowcount)  # type: ignore[attr-defined]

    def take_allowance(
        self, scope: str, key: str, rate: float, burst: int, cost: float, now: datetime
    ) -> bool:
        return allowances.take(self.session, self.is_postgres, scope, key, rate, burst, cost, now)

    def give_back_allowance(self, scope: str, key: str, burst: int, cost: float) -> None:
        allowances.give_back(self.session, scope, key, burst, cost)

    def purge_allowances(self, before: datetime, limit: int) -> int:
        return allowances.purge(self.session, before, limit)

    def execute(self, sql: str, **params: Any) -> Any:
        """Raw SQL for admin tools (backup, stats); not part of the port."""
        return self.session.execute(text(sql), params)


# one statement text whatever the batch size (arrays, not a VALUES list SQLAlchemy would
# compile afresh for every batch: 80 ms for 500 rows)
_SET_POSITIONS = text(
    "UPDATE technicians AS t SET lat = v.lat, lon = v.lon, position_accuracy_m = v.acc,"
    " position_at = v.at"
    " FROM unnest(CAST(:ids AS integer[]), CAST(:lats AS float8[]), CAST(:lons AS float8[]),"
    " CAST(:accs AS float8[]), CAST(:ats AS timestamptz[])) AS v(id, lat, lon, acc, at)"
    " WHERE t.id = v.id AND (t.position_at IS NULL OR t.position_at < v.at)"
    " RETURNING t.id"
)
_CALLS = s.CallRow.__table__
_RECENT_CALLS = (
    select(_CALLS)
    .where(_CALLS.c.from_number == bindparam("number"))
    .order_by(_CALLS.c.id.desc())
    .limit(bindparam("limit"))
)
_MATCH = s.CustomerPhoneRow.__table__.alias("match")
_ALL = s.CustomerPhoneRow.__table__.alias("all_phones")
_CUSTOMERS = s.CustomerRow.__table__
_BY_PHONE = (
    select(_CUSTOMERS, _ALL.c.number.label("phone_number"), _ALL.c.label.label("phone_label"))
    .select_from(
        _MATCH.join(_CUSTOMERS, _CUSTOMERS.c.id == _MATCH.c.customer_id).join(
            _ALL, _ALL.c.customer_id == _CUSTOMERS.c.id
        )
    )
    .where(_MATCH.c.number == bindparam("number"))
    .order_by(_CUSTOMERS.c.id, _ALL.c.id)
)


def _integrity_to_domain(exc: IntegrityError) -> Exception:
    message = str(exc.orig)
    for name in ("device_id", "qr_token", "username", "sku", "code", "call_id", "request_key"):
        if name in message:
            return DuplicateError(name, "value")
    return ValidationError("record", f"the database refused the change: {message.splitlines()[0]}")


class _Savepoint(SqlUnitOfWork):
    """A unit of work within another's transaction (SqlUnitOfWork.savepoints)."""

    def __init__(self, session: Session, clock: Callable[[], datetime]) -> None:
        super().__init__(lambda: session, clock)
        self._outer = session
        self._point: Any = None
        self._committed = False

    def __enter__(self) -> Self:
        self._session = self._outer
        self._point = self._outer.begin_nested()
        self._committed = False
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            # not `is_active`: a savepoint whose flush failed is inactive and still must be
            # rolled back, or the whole session stays unusable
            if self._point is not None and not self._committed:
                self._point.rollback()
        finally:
            self._session = None  # the outer unit of work closes the session

    def commit(self) -> None:
        try:
            self._point.commit()
            self._committed = True
        except IntegrityError as exc:
            raise _integrity_to_domain(exc) from exc


def lock_order(sessions: Any) -> None:
    """PostgreSQL: a writing transaction takes the event log's lock before its first row lock.

    The lock serialises event appends until commit (ids visible in commit order). Taken only at
    the first append, it came after row locks in one transaction and before them in another:
    two agents on one ticket deadlocked (an UPDATE waiting for the lock, an append waiting for
    the row), and the server answered 500. Taken before any write or SELECT ... FOR UPDATE,
    every writer takes the two in the same order; writers were serialised from their first
    append anyway, and reads take neither."""

    def first_write(session: Session) -> None:
        uow = session.info.get("uow")
        if isinstance(uow, SqlUnitOfWork) and not uow._read_only:
            uow.serialize()

    @event.listens_for(sessions, "before_flush")
    def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
        if session.new or session.dirty or session.deleted:
            first_write(session)

    @event.listens_for(sessions, "do_orm_execute")
    def _on_execute(state: Any) -> None:
        locking = state.is_select and state.statement._for_update_arg is not None
        if state.is_insert or state.is_update or state.is_delete or locking:
            first_write(state.session)
