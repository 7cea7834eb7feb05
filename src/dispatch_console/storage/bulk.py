"""Scale seeding: a million customers and millions of tickets in minutes, for load tests and demos.

`bulk_seed` streams generated rows (bulk_rows.py) into the database without the ORM:
PostgreSQL through COPY (psycopg 3 `cursor.copy`), SQLite through executemany in large batches
with PRAGMAs suited to a bulk load. Everything happens in one transaction, so a failure leaves the
database as it was. When the big tables start empty, their secondary indexes (and on PostgreSQL
their foreign keys) are dropped first and rebuilt once at the end, which is several times faster
than maintaining them row by row; the rebuilt definitions come from the models, so the schema ends
up exactly as the migration made it. One `bulk_seeded` event records the run, not millions.

Deterministic: the same seed and `now` give the same rows on every database.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime, time
from time import perf_counter
from typing import Any

import phonenumbers
from sqlalchemy import Connection, Table, func, insert, select, text
from sqlalchemy.schema import AddConstraint, CreateIndex, DropConstraint, DropIndex

from ..domain.enums import SlaClass
from ..domain.events import NewEvent
from . import schema as s
from .bulk_rows import (
    DEPARTMENTS,
    SLA_CLASSES,
    TECHNICIAN_PREFIX,
    TICKET_COLUMNS,
    Plan,
    Reference,
    TimeText,
    asset_rows,
    customer_rows,
    has_landline,
    landline_for,
    mobile_for,
    phone_rows,
    site_rows,
    ticket_rows,
)
from .store import SqlStore

Progress = Callable[[str], object]

CUSTOMERS: Table = s.CustomerRow.__table__  # type: ignore[assignment]
PHONES: Table = s.CustomerPhoneRow.__table__  # type: ignore[assignment]
SITES: Table = s.SiteRow.__table__  # type: ignore[assignment]
ASSETS: Table = s.AssetRow.__table__  # type: ignore[assignment]
TICKETS: Table = s.TicketRowORM.__table__  # type: ignore[assignment]
BULK_TABLES: tuple[Table, ...] = (CUSTOMERS, PHONES, SITES, ASSETS, TICKETS)
SQLITE_BATCH = 50_000
REPORT_EVERY = 250_000
SQLITE_BULK_PRAGMAS = {"synchronous": "OFF", "cache_size": "-524288", "temp_store": "MEMORY"}
SQLITE_NORMAL_PRAGMAS = {"synchronous": "NORMAL", "cache_size": "-2000", "temp_store": "DEFAULT"}


def bulk_seed(
    store: SqlStore,
    customers: int,
    tickets: int,
    seed: int = 0,
    progress: Progress = print,
    *,
    now: datetime | None = None,
) -> dict[str, Any]:
    """Add `customers` customers (with phones, sites, assets) and `tickets` tickets.

    `now` anchors the time line (tickets over the two years before it); it defaults to the start
    of the current UTC hour so that two runs in the same hour with the same seed are identical.
    Returns a summary (counts, first ids, seconds per phase) that is also the event's payload.
    """
    if customers < 0 or tickets < 0:
        raise ValueError("counts must not be negative")
    if tickets and not customers:
        raise ValueError("tickets need customers to belong to")
    if not store.is_initialised():
        store.upgrade()
    anchor = now or datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    if anchor.tzinfo is None:
        raise ValueError("now must be an aware datetime")
    dialect = store.dialect
    timings: dict[str, float] = {}
    started = perf_counter()
    with store.engine.connect() as conn:
        if dialect == "sqlite":
            _sqlite_pragmas(conn, SQLITE_BULK_PRAGMAS)
        try:
            with conn.begin():
                plan = _plan(conn, customers, tickets, seed, int(anchor.timestamp()))
                check_phone_sample(plan.first_customer, customers, seed)
                fresh = all(_max_id(conn, t) == 0 for t in BULK_TABLES)
                dropped = _drop_secondary(conn, dialect) if fresh else ([], [])
                _load_all(conn, dialect, plan, progress, timings)
                if fresh:
                    mark = perf_counter()
                    progress("rebuilding indexes and foreign keys ...")
                    _restore_secondary(conn, dialect, *dropped)
                    timings["indexes"] = perf_counter() - mark
                if dialect == "postgresql":
                    _fix_sequences(conn)
            mark = perf_counter()
            progress("analysing ...")
            with conn.begin():
                conn.exec_driver_sql("ANALYZE")
            timings["analyze"] = perf_counter() - mark
        finally:
            if dialect == "sqlite":
                _sqlite_pragmas(conn, SQLITE_NORMAL_PRAGMAS)
    timings["total"] = perf_counter() - started
    summary = _summary(plan, dialect, anchor, timings)
    with store.unit_of_work() as uow:
        uow.append_event("bulk-seed", NewEvent("system", "bulk", "bulk_seeded", summary))
        uow.commit()
    progress(f"seeded {customers:,} customers and {tickets:,} tickets in {timings['total']:.1f} s")
    return summary


def check_phone_sample(first_id: int, customers: int, seed: int, sample: int = 1_000) -> None:
    """Validate a spread sample of the generated numbers with `phonenumbers` (not every one)."""
    stride = max(1, customers // sample)
    for cid in range(first_id, first_id + customers, stride):
        numbers = [mobile_for(cid, seed)] + ([landline_for(cid, seed)] if has_landline(cid) else [])
        for number in numbers:
            parsed = phonenumbers.parse(number, None)
            e164 = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
            if not phonenumbers.is_valid_number(parsed) or e164 != number:
                raise RuntimeError(f"bulk seeding would generate an invalid number: {number}")


# --- plan and reference data ----------------------------------------------------------------------
def _max_id(conn: Connection, table: Table) -> int:
    return int(conn.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one())


def _plan(conn: Connection, customers: int, tickets: int, seed: int, now: int) -> Plan:
    return Plan(
        seed=seed,
        now=now,
        customers=customers,
        tickets=tickets,
        first_customer=_max_id(conn, CUSTOMERS) + 1,
        first_phone=_max_id(conn, PHONES) + 1,
        first_site=_max_id(conn, SITES) + 1,
        first_asset=_max_id(conn, ASSETS) + 1,
        first_ticket=_max_id(conn, TICKETS) + 1,
        ref=_reference(conn, customers, seed, now),
    )


def _insert_id(conn: Connection, table: Any, **values: Any) -> int:
    return int(conn.execute(insert(table).values(**values).returning(table.c.id)).scalar_one())


def _reference(conn: Connection, customers: int, seed: int, now: int) -> Reference:
    """Departments (reused by code), technicians topped up per department, fresh companies."""
    dept_t: Any = s.DepartmentRow.__table__
    tech_t: Any = s.TechnicianRow.__table__
    existing = {code: id_ for code, id_ in conn.execute(select(dept_t.c.code, dept_t.c.id))}
    dept_ids = [
        existing.get(code) or _insert_id(conn, dept_t, name=name, code=code)
        for code, name, _, _ in DEPARTMENTS
    ]
    per_department = max(2, min(50, customers // 20_000))
    phone_base = _max_id(conn, tech_t)
    teams: list[list[int]] = []
    for d, dept_id in enumerate(dept_ids):
        team = list(conn.scalars(select(tech_t.c.id).where(tech_t.c.department_id == dept_id)))
        for k in range(len(team), per_department):
            phone_base += 1
            team.append(
                _insert_id(
                    conn,
                    tech_t,
                    name=f"{DEPARTMENTS[d][1][:2]}师傅{k + 1:02d}",
                    phone=f"+86{TECHNICIAN_PREFIX}{(seed * 100_003 + phone_base) % 10**8:08d}",
                    department_id=dept_id,
                    skills=list(DEPARTMENTS[d][2]),
                    status="available" if k % 3 else "off_duty",
                    work_starts=time(8, 30),
                    work_ends=time(17, 30),
                    max_open_jobs=5,
                    version=1,
                )
            )
        teams.append(team)
    companies, contracts, classes = [], [], []
    starts = datetime.fromtimestamp(now, UTC).date().replace(day=1)
    for k in range(max(1, min(200, customers // 5_000)) if customers else 0):
        company = _insert_id(
            conn, s.CompanyRow.__table__, name=f"批量单位{seed}-{k + 1:03d}", version=1
        )
        sla = SLA_CLASSES[(k * 7 + seed) % len(SLA_CLASSES)]
        contracts.append(
            _insert_id(
                conn,
                s.ContractRow.__table__,
                company_id=company,
                name=f"{sla.value} 维保合同",
                sla_class=sla.value,
                starts_on=starts.replace(year=starts.year - 2),
                ends_on=starts.replace(year=starts.year + 1),
            )
        )
        companies.append(company)
        classes.append(SLA_CLASSES.index(SlaClass(sla)))
    return Reference(dept_ids, teams, companies, contracts, classes)


# --- loading -------------------------------------------------------------------------------------
def _load_all(
    conn: Connection, dialect: str, plan: Plan, progress: Progress, timings: dict[str, float]
) -> None:
    tt = TimeText(dialect)
    write = _copy if dialect == "postgresql" else _executemany
    steps: list[tuple[Table, list[str], Iterator[tuple[object, ...]]]] = [
        (CUSTOMERS, _columns(CUSTOMERS), customer_rows(plan, tt)),
        (PHONES, ["id", "customer_id", "number", "label"], phone_rows(plan)),
        (SITES, _columns(SITES), site_rows(plan)),
        (ASSETS, _columns(ASSETS), asset_rows(plan, tt)),
        (TICKETS, TICKET_COLUMNS, ticket_rows(plan, tt)),
    ]
    for table, columns, rows in steps:
        mark = perf_counter()
        count = write(conn, table, columns, _reporting(rows, table.name, progress, mark))
        timings[table.name] = perf_counter() - mark
        progress(f"{table.name}: {count:,} rows in {timings[table.name]:.1f} s")


def _columns(table: Table) -> list[str]:
    return [c.name for c in table.columns]


def _reporting(
    rows: Iterable[tuple[object, ...]], name: str, progress: Progress, started: float
) -> Iterator[tuple[object, ...]]:
    for n, row in enumerate(rows, 1):
        if n % REPORT_EVERY == 0:
            progress(f"{name}: {n:,} rows ({perf_counter() - started:.1f} s)")
        yield row


def _copy(
    conn: Connection, table: Table, columns: list[str], rows: Iterable[tuple[object, ...]]
) -> int:
    """PostgreSQL COPY FROM STDIN through psycopg 3, in the connection's transaction."""
    raw: Any = conn.connection.driver_connection
    count = 0
    with (
        raw.cursor() as cur,
        cur.copy(f"COPY {table.name} ({', '.join(columns)}) FROM STDIN") as cp,
    ):
        write_row = cp.write_row
        for row in rows:
            write_row(row)
            count += 1
    return count


def _executemany(
    conn: Connection, table: Table, columns: list[str], rows: Iterable[tuple[object, ...]]
) -> int:
    """SQLite: one prepared INSERT, executemany over large batches of plain tuples."""
    raw: Any = conn.connection.driver_connection
    sql = (
        f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    )
    cur = raw.cursor()
    count = 0
    it = iter(rows)
    try:
        while batch := list(itertools.islice(it, SQLITE_BATCH)):
            cur.executemany(sql, batch)
            count += len(batch)
    finally:
        cur.close()
    return count


def _sqlite_pragmas(conn: Connection, pragmas: dict[str, str]) -> None:
    """Set on the raw connection, outside any transaction (SQLite ignores some PRAGMAs in one)."""
    raw: Any = conn.connection.driver_connection
    for name, value in pragmas.items():
        raw.execute(f"PRAGMA {name}={value}")


def _drop_secondary(conn: Connection, dialect: str) -> tuple[list[Any], list[Any]]:
    indexes = [
        ix for table in BULK_TABLES for ix in sorted(table.indexes, key=lambda i: str(i.name))
    ]
    for ix in indexes:
        conn.execute(DropIndex(ix, if_exists=True))
    fks: list[Any] = []
    if dialect == "postgresql":  # SQLite cannot drop a constraint; its FK checks are cheap anyway
        fks = [fk for table in BULK_TABLES for fk in table.foreign_key_constraints]
        for fk in fks:
            conn.execute(DropConstraint(fk))
    return indexes, fks


def _restore_secondary(conn: Connection, dialect: str, indexes: list[Any], fks: list[Any]) -> None:
    if dialect == "postgresql":
        conn.exec_driver_sql("SET LOCAL maintenance_work_mem = '512MB'")
    for ix in indexes:
        conn.execute(CreateIndex(ix))
    for fk in fks:
        conn.execute(AddConstraint(fk))


def _fix_sequences(conn: Connection) -> None:
    """Explicit ids bypass the serial sequences; move each past the largest id."""
    for table in BULK_TABLES:
        conn.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f"(SELECT coalesce(max(id), 0) + 1 FROM {table.name}), false)"
            )
        )


def _summary(plan: Plan, dialect: str, now: datetime, timings: dict[str, float]) -> dict[str, Any]:
    phones = sum(1 + has_landline(plan.first_customer + i) for i in range(plan.customers))
    return {
        "dialect": dialect,
        "seed": plan.seed,
        "now": now.isoformat(),
        "customers": plan.customers,
        "phones": phones,
        "sites": plan.customers,
        "assets": sum(1 for a in plan.asset_of if a),
        "tickets": plan.tickets,
        "departments": len(plan.ref.department_ids),
        "technicians": sum(len(t) for t in plan.ref.technicians_by_department),
        "companies": len(plan.ref.company_ids),
        "first_ids": {
            "customer": plan.first_customer,
            "site": plan.first_site,
            "asset": plan.first_asset,
            "ticket": plan.first_ticket,
        },
        "seconds": {k: round(v, 2) for k, v in timings.items()},
    }
