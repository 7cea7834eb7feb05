"""Scale seeding (storage/bulk.py) at small scale, on SQLite and, when configured, PostgreSQL."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import phonenumbers
import pytest
from sqlalchemy import inspect

from dispatch_console.domain.enums import Priority, SlaClass, TicketStatus
from dispatch_console.domain.lifecycle import ASSIGNED_STATES, OPEN_STATES
from dispatch_console.domain.sla import targets_for
from dispatch_console.domain.tickets import Ticket
from dispatch_console.ports import Actor, TicketQuery
from dispatch_console.services import Services
from dispatch_console.storage import schema as s
from dispatch_console.storage.bulk import BULK_TABLES, bulk_seed
from dispatch_console.storage.bulk_rows import ABSENT_MOBILE_PREFIXES
from dispatch_console.storage.store import SqlStore

CUSTOMERS, TICKETS, SEED = 2_000, 5_000, 7
NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)
PG_ENV = "DISPATCH_TEST_DATABASE_URL"


class FixedClock:
    def now(self) -> datetime:
        return NOW


def _quiet(_: str) -> None:
    pass


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('bulk') / 'bulk.sqlite3'}"
        return
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(
            f"PostgreSQL bulk-seed tests need {PG_ENV} (a server we may create databases on)"
        )
    psycopg = pytest.importorskip("psycopg")
    name = f"dispatch_bench_pytest_{uuid.uuid4().hex[:10]}"
    admin = base.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    try:
        yield admin.rsplit("/", 1)[0] + "/" + name
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(scope="module")
def seeded(url: str) -> Iterator[tuple[SqlStore, dict[str, Any]]]:
    store = SqlStore(url, clock=lambda: NOW)
    store.upgrade()
    summary = bulk_seed(store, CUSTOMERS, TICKETS, seed=SEED, progress=_quiet, now=NOW)
    yield store, summary
    store.close()


def _services(store: SqlStore) -> Services:
    return Services(store.unit_of_work, store.feed, Actor("tester", "admin"), clock=FixedClock())


def _scalar(store: SqlStore, sql: str) -> Any:
    with store.unit_of_work() as uow:
        return uow.execute(sql).scalar_one()


def test_counts_match_the_request_and_the_summary(seeded: tuple[SqlStore, dict[str, Any]]) -> None:
    store, summary = seeded
    assert _scalar(store, "SELECT count(*) FROM customers") == CUSTOMERS
    assert _scalar(store, "SELECT count(*) FROM tickets") == TICKETS
    assert _scalar(store, "SELECT count(*) FROM sites") == summary["sites"] == CUSTOMERS
    assert _scalar(store, "SELECT count(*) FROM assets") == summary["assets"] > 0
    phones = _scalar(store, "SELECT count(*) FROM customer_phones")
    assert phones == summary["phones"]
    assert CUSTOMERS < phones <= 2 * CUSTOMERS  # one or two numbers each
    assert _scalar(store, "SELECT count(*) FROM customers c WHERE NOT EXISTS "
                   "(SELECT 1 FROM customer_phones p WHERE p.customer_id = c.id)") == 0  # fmt: skip
    # one summary event, not one per row
    assert _scalar(store, "SELECT count(*) FROM events") == 1
    assert _scalar(store, "SELECT kind FROM events") == "bulk_seeded"


def test_schema_is_whole_again_after_the_load(seeded: tuple[SqlStore, dict[str, Any]]) -> None:
    store, _ = seeded
    insp = inspect(store.engine)
    for table in BULK_TABLES:
        assert {ix["name"] for ix in insp.get_indexes(table.name)} >= {
            ix.name for ix in table.indexes
        }
        found_fks = {fk["name"] for fk in insp.get_foreign_keys(table.name)}
        if store.dialect == "postgresql":
            assert found_fks == {fk.name for fk in table.foreign_key_constraints}


def test_every_phone_is_valid_e164_and_finds_its_customer(
    seeded: tuple[SqlStore, dict[str, Any]],
) -> None:
    store, _ = seeded
    with store.unit_of_work() as uow:
        rows = uow.execute("SELECT customer_id, number FROM customer_phones ORDER BY id").all()
    for _, number in rows:
        parsed = phonenumbers.parse(number, None)
        assert phonenumbers.is_valid_number(parsed), number
        assert phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164) == number
        assert phonenumbers.region_code_for_number(parsed) == "CN"
    assert len({n for _, n in rows}) == len(rows)  # unique, so a lookup finds one customer
    svc = _services(store)
    for customer_id, number in rows[:: len(rows) // 40]:
        national = phonenumbers.format_number(
            phonenumbers.parse(number, None), phonenumbers.PhoneNumberFormat.NATIONAL
        )
        match = svc.lookup_caller(national)  # as a PBX or an agent would type it
        assert match.number == number
        assert [c.id for c in match.customers] == [customer_id]
        assert all(row.ticket.customer_id == customer_id for row in match.open_tickets)
        assert all(row.ticket.status in OPEN_STATES for row in match.open_tickets)
    absent = f"+86{ABSENT_MOBILE_PREFIXES[0]}12345678"
    assert phonenumbers.is_valid_number(phonenumbers.parse(absent, None))
    assert svc.lookup_caller(absent).customers == []


def test_rows_respect_the_domain(seeded: tuple[SqlStore, dict[str, Any]]) -> None:
    store, _ = seeded
    with store.unit_of_work() as uow:
        tickets = uow.find(Ticket)
        names = uow.execute("SELECT name, name_key FROM customers").all()
    assert all(key == name.casefold() for name, key in names)
    assert len(tickets) == TICKETS
    statuses = {t.status for t in tickets}
    assert TicketStatus.CLOSED in statuses and statuses & OPEN_STATES
    assert {t.priority for t in tickets} == set(Priority)
    assert len({t.department_id for t in tickets}) > 3
    oldest = min(t.created_at for t in tickets)
    assert NOW - timedelta(days=731) < oldest < NOW - timedelta(days=700)
    assert max(t.created_at for t in tickets) <= NOW
    for t in tickets:
        stamps = [t.responded_at, t.arrived_at, t.resolved_at, t.closed_at, t.hold_started_at]
        assert all(x is None or t.created_at <= x <= NOW for x in stamps), t
        assert t.created_at <= t.updated_at <= NOW
        targets = targets_for(t.sla_class, t.priority)
        assert t.response_due_at == t.created_at + targets.response
        if t.status is not TicketStatus.REOPENED:
            assert t.resolution_due_at == t.created_at + targets.resolution
        if t.status in ASSIGNED_STATES:
            assert t.assignee_id is not None
        if t.status is TicketStatus.NEW:
            assert t.assignee_id is None and t.responded_at is None
        if t.status is TicketStatus.ON_HOLD:
            assert t.held_from is not None and t.hold_started_at and t.hold_reason
        else:
            assert t.held_from is None and t.hold_started_at is None
        if t.status is TicketStatus.CLOSED:
            assert t.resolved_at and t.closed_at and t.resolved_at <= t.closed_at
        if t.status is TicketStatus.REOPENED:
            assert t.reopen_count == 1 and t.resolved_at is None
    with store.unit_of_work() as uow:
        bad_rank = uow.execute(
            "SELECT count(*) FROM tickets WHERE priority_rank <> CASE priority "
            "WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 ELSE 3 END"
        ).scalar_one()
        classes = {r[0] for r in uow.execute("SELECT DISTINCT sla_class FROM tickets")}
    assert bad_rank == 0
    assert classes <= {c.value for c in SlaClass} and SlaClass.STANDARD.value in classes


def test_ticket_search_works_on_seeded_data(seeded: tuple[SqlStore, dict[str, Any]]) -> None:
    store, _ = seeded
    svc = _services(store)
    with store.unit_of_work() as uow:
        search = uow.search_tickets
        page = search(TicketQuery(text="T0000042"), NOW)
        assert [r.ticket.id for r in page.items] == [42]
        phone = page.items[0].ticket.contact_phone
        assert phone is not None
        by_phone = search(TicketQuery(text=phone, limit=500), NOW).items
        assert 42 in {r.ticket.id for r in by_phone}
        name = page.items[0].customer_name
        assert name
        by_name = search(TicketQuery(text=name[:2], limit=500), NOW).items
        assert by_name and all((r.customer_name or "").startswith(name[:2]) for r in by_name)
        opened = search(TicketQuery(open_only=True, sort="due", limit=50), NOW).items
        assert opened and all(r.ticket.status in OPEN_STATES for r in opened)
        dues = [r.ticket.next_due_at for r in opened]
        assert dues == sorted(dues)  # type: ignore[type-var]
        breaching = search(TicketQuery(breaching_before=NOW, limit=20), NOW).items
        assert breaching and all(r.ticket.next_due_at < NOW for r in breaching)  # type: ignore[operator]
        # keyset pagination walks a filter completely, without repeats
        seen: list[int] = []
        query = TicketQuery(unassigned=True, sort="priority", limit=97)
        while True:
            page = search(query, NOW)
            seen += [r.ticket.id for r in page.items]
            if page.next_cursor is None:
                break
            query.cursor = page.next_cursor
        total = uow.execute("SELECT count(*) FROM tickets WHERE assignee_id IS NULL").scalar_one()
    assert len(seen) == len(set(seen)) == total > 97
    # ids continue where the bulk load stopped (sequences moved on PostgreSQL)
    customer = svc.create_customer("测试客户", ["13912345678"])
    assert customer.id == CUSTOMERS + 1


def _dump(store: SqlStore) -> list[list[tuple[Any, ...]]]:
    with store.unit_of_work() as uow:
        return [
            [tuple(r) for r in uow.execute(f"SELECT * FROM {t} ORDER BY 1")]
            for t in ("customers", "customer_phones", "sites", "assets", "tickets", "technicians")
        ]


def _seed_file(path: Path, seed: int) -> list[list[tuple[Any, ...]]]:
    store = SqlStore(f"sqlite:///{path}")
    try:
        bulk_seed(store, 300, 700, seed=seed, progress=_quiet, now=NOW)
        return _dump(store)
    finally:
        store.close()


def test_same_seed_same_rows_other_seed_other_rows(tmp_path: Path) -> None:
    first = _seed_file(tmp_path / "a.sqlite3", 3)
    again = _seed_file(tmp_path / "b.sqlite3", 3)
    other = _seed_file(tmp_path / "c.sqlite3", 4)
    assert first == again
    assert first[0] != other[0] and first[4] != other[4]


def test_seeding_again_appends_and_keeps_indexes(tmp_path: Path) -> None:
    store = SqlStore(f"sqlite:///{tmp_path / 'twice.sqlite3'}")
    try:
        bulk_seed(store, 200, 300, seed=1, progress=_quiet, now=NOW)
        second = bulk_seed(store, 100, 150, seed=2, progress=_quiet, now=NOW)
        assert second["first_ids"]["customer"] == 201 and second["first_ids"]["ticket"] == 301
        assert _scalar(store, "SELECT count(*) FROM tickets") == 450
        assert _scalar(store, "SELECT count(*) FROM departments") == 8  # reused, not duplicated
        assert _scalar(store, "SELECT count(*) FROM events WHERE kind = 'bulk_seeded'") == 2
        names = {ix["name"] for ix in inspect(store.engine).get_indexes("tickets")}
        assert names >= {ix.name for ix in s.TicketRowORM.__table__.indexes}
        with store.unit_of_work() as uow:
            owners = uow.execute(
                "SELECT number, count(DISTINCT customer_id) FROM customer_phones "
                "GROUP BY number HAVING count(DISTINCT customer_id) > 1"
            ).all()
        assert owners == []
    finally:
        store.close()


def test_refuses_tickets_without_customers(tmp_path: Path) -> None:
    store = SqlStore(f"sqlite:///{tmp_path / 'none.sqlite3'}")
    try:
        with pytest.raises(ValueError, match="customers"):
            bulk_seed(store, 0, 10, progress=_quiet)
    finally:
        store.close()
